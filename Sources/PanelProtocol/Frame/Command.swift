/// The command byte (STD Table 2). A struct, not an enum: reserved and user-defined values
/// (vendor keep-alives use 0 and 7) are values, not failures.
public struct Command: RawRepresentable, Hashable, Sendable, Codable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let control = Command(rawValue: 1)
    public static let send = Command(rawValue: 2)
    public static let confirm = Command(rawValue: 3)
    public static let request = Command(rawValue: 4)
    public static let response = Command(rawValue: 5)
    public static let deny = Command(rawValue: 6)

    /// The name `firewatch decode` prints.
    public var name: String {
        switch rawValue {
        case 1: "control"
        case 2: "send"
        case 3: "confirm"
        case 4: "request"
        case 5: "response"
        case 6: "deny"
        case 128...: "userDefined"
        default: "reserved"
        }
    }

    /// Whether the standard defines this command (1–6).
    public var isStandard: Bool { (1...6).contains(rawValue) }

    /// 确认, 应答 and 否认 answer an exchange and are never answered themselves (STD §6); every
    /// other command, vendor ones included, is an initiator's.
    public var isReply: Bool { self == .confirm || self == .response || self == .deny }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(UInt8.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
