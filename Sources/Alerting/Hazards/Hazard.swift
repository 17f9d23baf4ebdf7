/// One entry of the hazard register (隐患台账): a condition of one point (or gateway), opened
/// once, told up its ladder, and closed ("销号") when it clears.
///
/// A chattering point is one hazard with a count (``onsetCount``), not a hazard per blip.
public struct Hazard: Hashable, Sendable, Codable {
    public var id: String
    /// `pointId#condition`: at most one open hazard per key.
    public var key: String
    public var condition: HazardCondition
    public var building: String
    public var gateway: String
    public var point: PointKey?
    public var pointDescription: String?
    /// Receive time of the first frame that showed the condition (for a lost link: its last
    /// frame). Every rung is measured from it (policy §6).
    public var onset: AlertingInstant
    /// When the register opened it.
    public var openedAt: AlertingInstant
    /// A chattering hazard: it stays open while the point keeps flapping.
    public var chattering: Bool
    /// Whether the condition is present now (a chattering hazard may be open while clear).
    public var active: Bool
    /// Onsets of the condition counted into this hazard.
    public var onsetCount: Int
    /// Reports that repeated it.
    public var repeatCount: Int
    public var lastChangeAt: AlertingInstant
    /// Parties told anything about it (they get the `rectified` notice).
    public var told: PartySet
    /// Ladder rungs already decided.
    public var rungsDone: PartySet
    /// Rungs whose hold was already recorded (explain).
    public var heldNoted: PartySet
    /// The mass outage it belongs to (link hazards).
    public var outage: String?
    /// When it next needs looking at (a rung, the end of a hold, a chattering point settling),
    /// cached so that a tick visits only the hazards that are due, not the whole register. Never
    /// later than the truth; earlier only costs a look.
    public var nextDue: AlertingInstant? = nil

    /// The ladder it climbs now.
    func ladder(_ p: EscalationPolicy, heartbeatSeconds: Int) -> EscalationLadder {
        chattering ? p.hazards.chattering : condition.ladder(p, heartbeatSeconds: heartbeatSeconds)
    }

    /// The notice kind.
    var noticeKind: NoticeKind { condition.noticeKind }
}
