/// A notice as published on `{prefix}/notices/{party}/{recipientId}`: the JSON of interfaces §4,
/// with `createdAt` in RFC 3339 at the centre's offset. The daemon encodes this, so the wire form
/// is defined once, next to the notice.
public struct NoticeDocument: Hashable, Sendable, Codable {
    public var id: String
    public var party: String
    public var recipient: String
    public var kind: String
    public var severity: String
    public var building: String
    public var unit: String
    public var incident: String?
    public var hazard: String?
    public var createdAt: String
    public var reason: String
    public var text: String
    public var policyVersion: String
    public var confidence: Int?
    public var point: String?
    public var pointDescription: String?
    public var evidence: [CorroborationEvidence]?
    public var openHazards: [String]?
    public var cause: String?
    public var testMode: Bool?

    public init(_ n: Notice, utcOffsetSeconds: Int) {
        id = n.id
        party = n.party.rawValue
        recipient = n.recipient
        kind = n.kind.rawValue
        severity = n.severity.rawValue
        building = n.building
        unit = n.unit
        incident = n.incident
        hazard = n.hazard
        createdAt = n.createdAt.rfc3339(utcOffsetSeconds: utcOffsetSeconds)
        reason = n.reason.rawValue
        text = n.text
        policyVersion = n.policyVersion
        confidence = n.confidence
        point = n.point?.id
        pointDescription = n.pointDescription
        evidence = n.evidence.isEmpty ? nil : n.evidence
        openHazards = n.incident == nil ? nil : n.openHazards
        cause = n.cause?.rawValue
        testMode = n.testMode ? true : nil
    }
}
