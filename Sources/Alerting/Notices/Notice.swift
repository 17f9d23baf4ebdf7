/// A written notice (书面告知 / 抄报) to one recipient: the durable record the daemon stores in
/// the same transaction as the state change that caused it, then publishes to
/// `{prefix}/notices/{party}/{recipient}` (interfaces §4).
///
/// ``id`` is derived from the subject, the party and the reason (`fire-12/brigade/unconfirmedAfter60s`).
/// A party is told about one subject at most once per reason, so the id is unique, and it is
/// stable: running the same step twice (say, after a crash between computing and committing)
/// yields the same id, and a unique key on it in the database makes a duplicate impossible.
public struct Notice: Hashable, Sendable, Codable {
    public var id: String
    public var party: Party
    /// Registry id of the unit, brigade or department.
    public var recipient: String
    public var kind: NoticeKind
    public var severity: Severity
    /// Registry ids.
    public var building: String
    public var unit: String
    /// The fire incident it is about, if any.
    public var incident: String?
    /// The hazard it is about, if any.
    public var hazard: String?
    /// When the core decided it; the daemon prints it as RFC 3339 with the centre's offset.
    public var createdAt: AlertingInstant
    public var reason: ReasonCode
    /// Simplified Chinese, for a duty officer to act on.
    public var text: String
    /// ``EscalationPolicy/version`` of the policy that produced it.
    public var policyVersion: String
    /// Fire notices: 1 single detector, 2 corroborated by devices, 3 confirmed by the unit,
    /// 4 confirmed with people in danger (operations §2.3, after TMA-AVS-01).
    public var confidence: Int?
    /// The point it is about (the first alarm point of an incident, the hazard's point).
    public var point: PointKey?
    public var pointDescription: String?
    /// Corroboration evidence of a fire notice.
    public var evidence: [CorroborationEvidence]
    /// Ids of the building's open hazards: every fire notice lists them (issue 4, item 4).
    public var openHazards: [String]
    /// The cause of a false alarm.
    public var cause: FalseAlarmCause?
    /// True when the subject is in an operator's maintenance/test window (unit only).
    public var testMode: Bool

    public init(id: String, party: Party, recipient: String, kind: NoticeKind, severity: Severity,
                building: String, unit: String, incident: String? = nil, hazard: String? = nil,
                createdAt: AlertingInstant, reason: ReasonCode, text: String, policyVersion: String,
                confidence: Int? = nil, point: PointKey? = nil, pointDescription: String? = nil,
                evidence: [CorroborationEvidence] = [], openHazards: [String] = [],
                cause: FalseAlarmCause? = nil, testMode: Bool = false) {
        self.id = id
        self.party = party
        self.recipient = recipient
        self.kind = kind
        self.severity = severity
        self.building = building
        self.unit = unit
        self.incident = incident
        self.hazard = hazard
        self.createdAt = createdAt
        self.reason = reason
        self.text = text
        self.policyVersion = policyVersion
        self.confidence = confidence
        self.point = point
        self.pointDescription = pointDescription
        self.evidence = evidence
        self.openHazards = openHazards
        self.cause = cause
        self.testMode = testMode
    }

    /// The MQTT topic suffix: `notices/{party}/{recipient}` (the daemon prepends its prefix).
    public var topicSuffix: String { "notices/\(party.rawValue)/\(recipient)" }

    /// The stable id of the notice about `subject` to `party` for `reason`.
    static func makeId(subject: String, party: Party, reason: ReasonCode) -> String {
        "\(subject)/\(party.rawValue)/\(reason.rawValue)"
    }
}
