public import PanelProtocol

/// A calendar date and wall-clock time at a fixed UTC offset, computed without Foundation.
///
/// Devices label frames with the centre's local time and notices quote local times to the duty
/// officer; both need calendar arithmetic, and the core may not depend on a time-zone database
/// or a clock. China has had one fixed offset (UTC+8, no summer time) since 1991, so a fixed
/// offset is exact for the deployment this is built for; other zones pass their own offset.
/// Algorithms: Howard Hinnant's `days_from_civil` / `civil_from_days`.
public struct CivilTime: Hashable, Sendable {
    public var year, month, day, hour, minute, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
    }

    /// The wall-clock reading of `instant` at `offset` seconds east of UTC.
    public init(instant: AlertingInstant, utcOffsetSeconds offset: Int) {
        let local = instant.secondsSinceEpoch + Int64(offset)
        var days = local / 86_400
        var rest = local % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = Self.civil(fromDays: days)
        self.init(year: y, month: m, day: d, hour: Int(rest / 3600), minute: Int(rest % 3600 / 60), second: Int(rest % 60))
    }

    /// The instant this wall-clock reading denotes at `offset` seconds east of UTC.
    public func instant(utcOffsetSeconds offset: Int) -> AlertingInstant {
        let days = Self.days(fromCivil: year, month, day)
        let secs = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        return AlertingInstant(secondsSinceEpoch: secs)
    }

    /// A device's time label read at the centre's offset; nil when the label is not a real time.
    public init?(_ device: DeviceTime) {
        guard device.isValid else { return nil }
        self.init(year: device.year, month: device.month, day: device.day,
                  hour: device.hour, minute: device.minute, second: device.second)
    }

    /// `2026-11-23 08:00:00`, the form used in notice texts.
    public var displayText: String {
        "\(year)-\(Self.pad(month, 2))-\(Self.pad(day, 2)) \(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))"
    }

    /// `2026-11-23T08:00:00`.
    public var isoDateTime: String {
        "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))T\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))"
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = Int64(m <= 2 ? y0 - 1 : y0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((m + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }
}
