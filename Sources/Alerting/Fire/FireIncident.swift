/// One fire incident of one building: from the first fire alarm to a verdict or a close.
///
/// It records which parties were told, so that each party hears about it once per state
/// (policy §3) and a restart resumes exactly where the escalation stood (issue 4, item 7).
public struct FireIncident: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        /// No verdict yet (corroborated or not): the 60 s / 180 s timers run.
        case unconfirmed
        /// The unit confirmed a real fire.
        case confirmedReal
    }

    /// One fire point of the incident.
    public struct Point: Hashable, Sendable, Codable {
        public var key: PointKey
        public var description: String?
        public var firstAlarmAt: AlertingInstant
        public var lastAlarmAt: AlertingInstant
        public var alarmCount: Int
        /// Its fire bit is set as last reported.
        public var active: Bool
        public var restoredAt: AlertingInstant?
    }

    public var id: String
    public var building: String
    /// Receive time of the first alarm.
    public var openedAt: AlertingInstant
    /// Where the fire ladder is measured from: ``openedAt``, or when a test-mode incident went
    /// live.
    public var clockStart: AlertingInstant
    public var status: Status
    /// Opened inside a maintenance window: unit only, no ladder, until it goes live.
    public var testMode: Bool
    public var corroboratedAt: AlertingInstant?
    /// What corroborated it: the first evidence of each rule, in the order found.
    public var evidence: [CorroborationEvidence]
    /// Fire points by point id: rows of their own (``AlertingState/incidentRecord(_:)``), so a
    /// point that joins or repeats writes its row and the incident's row without points, not
    /// every point of the incident again.
    public var points: TrackedDictionary<Point>
    /// The point of the first alarm.
    public var firstPoint: String
    /// Parties told anything about it.
    public var told: PartySet
    /// Ladder rungs already decided (sent or suppressed for good): never again.
    public var rungsDone: PartySet
    /// Rungs whose hold was already recorded (explain), to record it once.
    public var heldNoted: PartySet
    public var acknowledgedBy: String?
    public var acknowledgedAt: AlertingInstant?
    public var confirmedBy: String?
    public var confirmedAt: AlertingInstant?
    public var peopleAtRisk: Bool
    /// When every fire point had restored (a real incident closes itself after a while).
    public var allRestoredAt: AlertingInstant?

    /// 1 single detector, 2 corroborated, 3 confirmed, 4 confirmed with people in danger.
    public var confidence: Int {
        switch status {
        case .confirmedReal: peopleAtRisk ? 4 : 3
        case .unconfirmed: corroboratedAt == nil ? 1 : 2
        }
    }

    public var isCorroborated: Bool { corroboratedAt != nil }

    /// Any of its fire points still in fire.
    var anyActive: Bool { points.values.contains { $0.active } }
}
