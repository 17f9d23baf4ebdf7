/// A device's local date and time (the centre's zone; devices carry no offset).
///
/// Devices send impossible times (all zeros, day 36): the value keeps what was sent and
/// ``isValid`` says whether it is a real calendar time, so nothing is lost by reading it.
public struct DeviceTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var year, month, day, hour, minute, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
    }

    /// True when the fields form a real calendar date and time (2000–2099).
    public var isValid: Bool {
        guard (2000...2099).contains(year), (1...12).contains(month), (0...23).contains(hour),
              (0...59).contains(minute), (0...59).contains(second) else { return false }
        return (1...Self.daysIn(month: month, year: year)).contains(day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// ISO 8601 without zone, e.g. `2020-08-01T19:18:48` (printed as sent even when invalid).
    public var iso8601: String {
        func p2(_ v: Int) -> String { v < 10 && v >= 0 ? "0\(v)" : "\(v)" }
        return "\(year)-\(p2(month))-\(p2(day))T\(p2(hour)):\(p2(minute)):\(p2(second))"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS` (a space is accepted for `T`).
    public init?(iso8601 text: String) {
        let u = Array(text.utf8)
        guard u.count == 19, u[4] == 0x2D, u[7] == 0x2D, u[10] == 0x54 || u[10] == 0x20,
              u[13] == 0x3A, u[16] == 0x3A else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard (0x30...0x39).contains(u[i]) else { return nil }
                v = v * 10 + Int(u[i] - 0x30)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13),
              let mi = num(14..<16), let s = num(17..<19) else { return nil }
        self.init(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
    }

    public var description: String { iso8601 }

    public static func < (a: DeviceTime, b: DeviceTime) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute, a.second) < (b.year, b.month, b.day, b.hour, b.minute, b.second)
    }
}
