/// Every number the alerting core decides with: the escalation policy of `operations.md` §2 as
/// settled by `policy-decisions.md`.
///
/// A value, not constants, because each deployment's 支队 sets its own timers (a department
/// that only accepts confirmed fires turns `fire.departmentEnabled` off). The shape mirrors the
/// daemon's `escalation.*` config keys (`MonitorDaemon/Config/EscalationTimers.swift`) one to
/// one, so the daemon maps its config onto it field by field; the few extra fields (marked
/// "not yet a config key") have defaults here until the config grows a key. Every notice carries
/// ``version`` so a notice can always be traced to the rules that produced it.
public struct EscalationPolicy: Hashable, Sendable, Codable {
    /// Stamped on every notice as `policyVersion`. The daemon should derive it from the config
    /// (e.g. a hash of the `escalation` section) so that a changed timer is visible.
    public var version: String
    public var fire = Fire()
    public var dedup = Dedup()
    public var falseAlarms = FalseAlarms()
    public var hazards = Hazards()
    public var flapping = Flapping()
    public var link = Link()
    public var massOutage = MassOutage()
    public var patrol = Patrol()
    public var clock = Clock()

    public init(version: String = "default-1") { self.version = version }

    /// The defaults of operations.md §2.7 / policy-decisions.
    public static let `default` = EscalationPolicy()

    /// Fire incidents (operations §2.2, §2.3; policy §2–§5).
    public struct Fire: Hashable, Sendable, Codable {
        /// No verdict after this long → brigade notice (`unconfirmedAfter60s`).
        public var brigadeAfterSeconds = 60
        /// No verdict after this long → department notice (`unconfirmedAfter180s`), if enabled.
        public var departmentAfterSeconds = 180
        /// False where the 支队 accepts confirmed fires only: then only a `real` verdict or
        /// corroboration reaches the department.
        public var departmentEnabled = true
        /// Two distinct fire points of one building within this window → corroborated.
        public var corroborationWindowSeconds = 300
        /// Sprinkler pump / flow / alarm valve / pressure switch within this window of a fire
        /// alarm (either order) → corroborated.
        public var waterflowWindowSeconds = 300
        /// The same point alarms again within this window after it cleared or after a panel
        /// reset → corroborated.
        public var dualKnockWindowSeconds = 60
        /// A `real` incident closes itself this long after its last fire point restored.
        public var autoCloseAfterRestoreSeconds = 600
        /// A point whose alarm was declared false corroborates nothing for this long after the
        /// verdict (policy §4). Not yet a config key.
        public var discreditedForSeconds = 86_400
        public init() {}
    }

    /// Repeats of the same event (operations §2.3: sender retries 3 × ≤ 10 s).
    public struct Dedup: Hashable, Sendable, Codable {
        /// Identical observations within this window are one event with a repeat count.
        public var windowSeconds = 60
        public init() {}
    }

    /// False-alarm rate (operations §2.4, C10).
    public struct FalseAlarms: Hashable, Sendable, Codable {
        /// More than this many false fire alarms of a building in 24 h → unit and brigade notice.
        public var perDayThreshold = 5
        /// Window of the per-building false-alarm rate kept for the department.
        public var rateWindowDays = 30
        public init() {}
    }

    /// The hazard ladders (operations §2.4; policy §7, §8). Policy, not regulation.
    public struct Hazards: Hashable, Sendable, Codable {
        /// One detector or module fault (also a component's power-fault bit, and the system
        /// status word's summary fault bit).
        public var deviceFault = EscalationLadder(brigadeAfterSeconds: 86_400, departmentAfterSeconds: 259_200)
        /// Controller or bus fault, main and backup power both failed, UITD channel or
        /// panel-link fault.
        public var systemFault = EscalationLadder(brigadeAfterSeconds: 14_400, departmentAfterSeconds: 28_800)
        /// Main power fault alone (backup carries the panel).
        public var mainPowerFault = EscalationLadder(unitDebounceSeconds: 900, brigadeAfterSeconds: 86_400, departmentAfterSeconds: nil)
        /// Shielded / disabled (屏蔽) detection point.
        public var disabled = EscalationLadder(brigadeAfterSeconds: 86_400, departmentAfterSeconds: 259_200)
        /// Linkage in manual mode (system status bit 11).
        public var manualMode = EscalationLadder(brigadeAfterSeconds: 28_800, departmentAfterSeconds: 86_400)
        /// A chattering point (see ``Flapping``).
        public var chattering = EscalationLadder(brigadeAfterSeconds: 86_400, departmentAfterSeconds: nil)
        /// Backup power fault alone: the table of §2.4 has no row, so it climbs like a device
        /// fault. Not yet a config key.
        public var backupPowerFault = EscalationLadder(brigadeAfterSeconds: 86_400, departmentAfterSeconds: 259_200)
        /// 查岗 unanswered (the control room looks unattended): unit at once, the brigade if it is
        /// still unanswered two hours later (the next patrol also failed). Not yet a config key.
        public var patrolUnanswered = EscalationLadder(brigadeAfterSeconds: 7200, departmentAfterSeconds: nil)
        public init() {}
    }

    /// Flapping suppression (operations §2.4).
    public struct Flapping: Hashable, Sendable, Codable {
        /// A fault that clears within this long is `transient` (closed with that disposition).
        public var transientSeconds = 60
        /// This many onsets of one point's condition within ``chatterWindowSeconds`` → chattering.
        public var chatterTransitions = 3
        public var chatterWindowSeconds = 600
        /// … or this many within 24 h.
        public var chatterDailyTransitions = 5
        public init() {}
    }

    /// Link supervision (operations §2.5). The unit is told when a link is lost:
    /// `missedHeartbeats` × the gateway's heartbeat interval after its last frame.
    public struct Link: Hashable, Sendable, Codable {
        /// Heartbeat interval of a gateway whose registry entry gives none.
        public var defaultHeartbeatSeconds = 60
        /// Missed intervals before a link counts as lost.
        public var missedHeartbeats = 3
        /// Lost this long → brigade notice; nil: never.
        public var brigadeAfterSeconds: Int? = 3600
        /// Lost this long → department notice (at once if the building has an open fire
        /// incident); nil: never.
        public var departmentAfterSeconds: Int? = 86_400
        public init() {}
    }

    /// Mass-outage correlation (operations §2.5; policy §9).
    public struct MassOutage: Hashable, Sendable, Codable {
        /// At least this many gateways silent within ``windowSeconds`` → one outage incident …
        public var minGateways = 10
        public var windowSeconds = 120
        /// … or at least this fraction of all gateways, when the registry has at least
        /// ``fractionMinRegistry`` of them.
        public var fraction = 0.2
        public var fractionMinRegistry = 50
        /// Per-building link notices are held until the outage has lasted this long.
        public var holdSeconds = 3600
        public init() {}
    }

    /// 查岗: the centre's patrol of each gateway (GB 50440: at least every 2 h).
    public struct Patrol: Hashable, Sendable, Codable {
        public var enabled = true
        /// At most 7200.
        public var periodSeconds = 7200
        /// No answer within this many minutes → `patrolUnanswered`.
        public var replyTimeoutMinutes = 10
        public init() {}
    }

    /// Device clocks (operations §2.5).
    public struct Clock: Hashable, Sendable, Codable {
        /// A device time label off the receive time by more than this → clock sync (type 90).
        public var maxSkewSeconds = 60
        /// At most one clock sync per gateway this often. Not yet a config key.
        public var syncCooldownSeconds = 3600
        /// Offset of the centre's zone (`centre.timeZone`) east of UTC, in which devices label
        /// their frames and notices quote times. Asia/Shanghai: +08:00.
        public var utcOffsetSeconds = 28_800
        public init() {}
    }
}
