/// Link supervision, 查岗 and clock state of one gateway (UITD).
///
/// Supervision starts with a gateway's first frame: a gateway in the registry that has never
/// spoken is "not commissioned", not "lost" (otherwise every new registry entry would page the
/// brigade before the installer has finished).
public struct GatewayState: Hashable, Sendable, Codable {
    public var id: String
    public var building: String
    /// nil: the policy's default.
    public var heartbeatSeconds: Int?
    public var firstHeardAt: AlertingInstant?
    /// Receive time of its last frame: the onset of a lost link (policy §6).
    public var lastFrameAt: AlertingInstant?
    /// Where silence is counted from: the last frame, or when the centre resumed listening.
    public var supervisionBase: AlertingInstant?
    /// Its open `linkLost` hazard (a chattering one stays open while the link is up again).
    public var linkHazard: String?
    /// Silent beyond the missed-heartbeat limit right now.
    public var linkDown: Bool = false
    /// When its link was found lost, within the last 24 h (a flapping link chatters).
    public var linkLossOnsets: [AlertingInstant] = []
    /// When the next 查岗 is due.
    public var nextPatrolAt: AlertingInstant?
    /// The 查岗 awaiting an answer: sent at, and the time it counts as unanswered.
    public var patrolSentAt: AlertingInstant?
    public var patrolDeadline: AlertingInstant?
    /// Its open `patrolUnanswered` hazard.
    public var patrolHazard: String?
    public var lastClockSyncAt: AlertingInstant?
    /// Device time minus receive time of its last labelled frame, in seconds.
    public var lastSkewSeconds: Int?

    init(id: String, building: String, heartbeatSeconds: Int?) {
        self.id = id
        self.building = building
        self.heartbeatSeconds = heartbeatSeconds
    }

    func heartbeat(_ p: EscalationPolicy) -> Int { heartbeatSeconds ?? p.link.defaultHeartbeatSeconds }

    /// When its silence reaches the missed-heartbeat limit; nil while not supervised.
    func lossDue(_ p: EscalationPolicy) -> AlertingInstant? {
        guard let base = supervisionBase, !linkDown else { return nil }
        return base.adding(seconds: p.link.missedHeartbeats * heartbeat(p))
    }
}
