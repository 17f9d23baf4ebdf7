/// The kind of condition a notice is about (interfaces §4, policy-decisions §10).
///
/// A struct over a string, not an enum, because the kind is a wire value that consumers switch
/// on and new kinds must not break decoding of stored notices. There is deliberately no
/// "escalation" kind: the ``ReasonCode`` says why a notice goes out now.
public struct NoticeKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let fireAlarm = NoticeKind(rawValue: "fireAlarm")
    public static let fireConfirmed = NoticeKind(rawValue: "fireConfirmed")
    public static let falseAlarm = NoticeKind(rawValue: "falseAlarm")
    /// More than the allowed false alarms of a building in 24 h (C10).
    public static let falseAlarmRate = NoticeKind(rawValue: "falseAlarmRate")
    public static let fault = NoticeKind(rawValue: "fault")
    public static let disabled = NoticeKind(rawValue: "disabled")
    public static let manualMode = NoticeKind(rawValue: "manualMode")
    public static let powerFault = NoticeKind(rawValue: "powerFault")
    public static let linkLost = NoticeKind(rawValue: "linkLost")
    public static let linkRestored = NoticeKind(rawValue: "linkRestored")
    public static let patrolUnanswered = NoticeKind(rawValue: "patrolUnanswered")

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    public var description: String { rawValue }
}
