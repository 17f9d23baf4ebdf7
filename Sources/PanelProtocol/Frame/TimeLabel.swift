/// The 6 bytes of a time label exactly as transmitted (second, minute, hour, day, month, year).
///
/// Kept raw so that a 确认 can echo it byte for byte whatever the device's format; the
/// dialect's ``TimeLabelFormat`` turns it into a ``DeviceTime``.
public struct TimeLabel: Hashable, Sendable {
    public var second, minute, hour, day, month, year: UInt8

    public init(second: UInt8, minute: UInt8, hour: UInt8, day: UInt8, month: UInt8, year: UInt8) {
        (self.second, self.minute, self.hour, self.day, self.month, self.year) = (second, minute, hour, day, month, year)
    }

    public static let zero = TimeLabel(second: 0, minute: 0, hour: 0, day: 0, month: 0, year: 0)

    public var bytes: [UInt8] { [second, minute, hour, day, month, year] }

    /// Reads the label in the given format.
    public func deviceTime(_ format: TimeLabelFormat) -> DeviceTime {
        switch format {
        case .binary:
            DeviceTime(year: 2000 + Int(year), month: Int(month), day: Int(day),
                       hour: Int(hour), minute: Int(minute), second: Int(second))
        case .bcd:
            DeviceTime(year: 2000 + Self.fromBCD(year), month: Self.fromBCD(month), day: Self.fromBCD(day),
                       hour: Self.fromBCD(hour), minute: Self.fromBCD(minute), second: Self.fromBCD(second))
        }
    }

    /// Writes a device time in the given format (years outside 2000–2099 are taken modulo 100).
    public init(_ time: DeviceTime, format: TimeLabelFormat) {
        func enc(_ v: Int) -> UInt8 {
            let v = max(0, v)
            switch format {
            case .binary: return UInt8(truncatingIfNeeded: v)
            case .bcd: return UInt8(truncatingIfNeeded: (v / 10 % 10) << 4 | v % 10)
            }
        }
        self.init(second: enc(time.second), minute: enc(time.minute), hour: enc(time.hour),
                  day: enc(time.day), month: enc(time.month), year: enc(((time.year - 2000) % 100 + 100) % 100))
    }

    /// A BCD byte's value; a nibble above 9 yields an out-of-range value, so the time reads invalid.
    @inline(__always)
    static func fromBCD(_ b: UInt8) -> Int {
        let hi = Int(b >> 4), lo = Int(b & 0x0F)
        return (hi > 9 || lo > 9) ? 100 + Int(b) : hi * 10 + lo
    }
}

/// How a device writes the 6 bytes of a time label.
public enum TimeLabelFormat: String, Sendable, Hashable, Codable {
    /// One binary byte per field (GB/T 26875.3 Fig. 17; every standard capture).
    case binary
    /// Binary-coded decimal (Dahua v1.03, FSCN8001).
    case bcd
}
