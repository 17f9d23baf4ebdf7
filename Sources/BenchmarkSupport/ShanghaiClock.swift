import Foundation
public import PanelProtocol

/// The time label a device in China puts on its frames: local time in Asia/Shanghai.
///
/// Frames carry the current second so the daemon sees no clock skew (and sends no clock sync).
/// Asia/Shanghai is UTC+8 without DST, so the date is computed arithmetically: no Calendar or
/// TimeZone on the per-frame path.
public enum ShanghaiClock {
    /// The current second in UTC+8.
    public static func now() -> DeviceTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let t = Int(ts.tv_sec) + 8 * 3600
        let days = t / 86400, secs = t % 86400
        // Civil-from-days (H. Hinnant).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return DeviceTime(year: y, month: m, day: d, hour: secs / 3600, minute: secs / 60 % 60, second: secs % 60)
    }
}
