/// Every timer and threshold of the escalation policy (`escalation.*` in the config).
///
/// Defaults are those of `operations.md` §2 as settled by `policy-decisions.md`. Durations are
/// whole seconds unless the name says otherwise. A ladder rung that is `nil` is "never" (written
/// `never` in the config). Every ladder is measured from the condition's onset; a debounce only
/// delays the unit notice (policy §6).
struct EscalationTimers: Sendable, Equatable {
    var fire = Fire()
    var dedup = Dedup()
    var falseAlarms = FalseAlarms()
    var hazards = Hazards()
    var flapping = Flapping()
    var link = Link()
    var massOutage = MassOutage()
    var patrol = Patrol()
    var clock = Clock()

    /// Fire incidents (operations §2.2, §2.3; policy §2–§5).
    struct Fire: Sendable, Equatable {
        /// No verdict after this long → brigade notice (`unconfirmedAfter60s`).
        var brigadeAfterSeconds = 60
        /// No verdict after this long → department notice (`unconfirmedAfter180s`), if enabled.
        var departmentAfterSeconds = 180
        /// False where the 支队 accepts confirmed fires only: then only a `real` verdict or
        /// corroboration reaches the department.
        var departmentEnabled = true
        /// Two distinct fire points of one building within this window → corroborated.
        var corroborationWindowSeconds = 300
        /// Sprinkler pump / flow / alarm valve / pressure switch within this window of a fire
        /// alarm (either order) → corroborated.
        var waterflowWindowSeconds = 300
        /// The same point alarms again within this window after it cleared or after a panel
        /// reset → corroborated.
        var dualKnockWindowSeconds = 60
        /// A `real` incident closes itself this long after its last fire point restored.
        var autoCloseAfterRestoreSeconds = 600
    }

    /// Repeats of the same event (operations §2.3: sender retries 3 × ≤ 10 s).
    struct Dedup: Sendable, Equatable {
        /// Identical events within this window are one event with a repeat count.
        var windowSeconds = 60
    }

    /// False-alarm rate (operations §2.4, C10).
    struct FalseAlarms: Sendable, Equatable {
        /// More than this many false fire alarms of a building in 24 h → unit and brigade notice.
        var perDayThreshold = 5
        /// Window of the per-building false-alarm rate kept for the department.
        var rateWindowDays = 30
    }

    /// One rung set of the hazard ladder.
    struct Ladder: Sendable, Equatable {
        /// Delay before the unit notice (the condition must still hold).
        var unitDebounceSeconds = 0
        /// Still open after this long → brigade notice; nil: never.
        var brigadeAfterSeconds: Int?
        /// Still open after this long → department notice; nil: never.
        var departmentAfterSeconds: Int?
    }

    /// The hazard ladder (operations §2.4; policy §7, §8). Policy, not regulation.
    struct Hazards: Sendable, Equatable {
        /// One detector or module fault (also a component's power-fault bit).
        var deviceFault = Ladder(brigadeAfterSeconds: 86_400, departmentAfterSeconds: 259_200)
        /// Controller or bus fault, main and backup power both failed, UITD channel or
        /// panel-link fault.
        var systemFault = Ladder(brigadeAfterSeconds: 14_400, departmentAfterSeconds: 28_800)
        /// Main power fault alone (backup carries the panel).
        var mainPowerFault = Ladder(unitDebounceSeconds: 900, brigadeAfterSeconds: 86_400, departmentAfterSeconds: nil)
        /// Shielded / disabled (屏蔽) detection point.
        var disabled = Ladder(brigadeAfterSeconds: 86_400, departmentAfterSeconds: 259_200)
        /// Linkage in manual mode (system status bit 11).
        var manualMode = Ladder(brigadeAfterSeconds: 28_800, departmentAfterSeconds: 86_400)
        /// A chattering point (see ``Flapping``).
        var chattering = Ladder(brigadeAfterSeconds: 86_400, departmentAfterSeconds: nil)
    }

    /// Flapping suppression (operations §2.4).
    struct Flapping: Sendable, Equatable {
        /// A fault that clears within this long is `transient`.
        var transientSeconds = 60
        /// This many transitions of one point within ``chatterWindowSeconds`` → chattering.
        var chatterTransitions = 3
        var chatterWindowSeconds = 600
        /// … or this many within 24 h.
        var chatterDailyTransitions = 5
    }

    /// Link supervision (operations §2.5). The unit is told when a link is lost:
    /// `missedHeartbeats` × the gateway's heartbeat interval after its last frame.
    struct Link: Sendable, Equatable {
        /// Heartbeat interval of a gateway whose registry entry gives none.
        var defaultHeartbeatSeconds = 60
        /// Missed intervals before a link counts as lost.
        var missedHeartbeats = 3
        /// Lost this long → brigade notice; nil: never.
        var brigadeAfterSeconds: Int? = 3600
        /// Lost this long → department notice (at once if the building has an open fire
        /// incident); nil: never.
        var departmentAfterSeconds: Int? = 86_400
    }

    /// Mass-outage correlation (operations §2.5; policy §9).
    struct MassOutage: Sendable, Equatable {
        /// At least this many gateways lost within ``windowSeconds`` → one outage incident …
        var minGateways = 10
        var windowSeconds = 120
        /// … or at least this fraction of all gateways, when the registry has at least
        /// ``fractionMinRegistry`` of them.
        var fraction = 0.2
        var fractionMinRegistry = 50
        /// Per-building link notices are held until the outage has lasted this long.
        var holdSeconds = 3600
    }

    /// 查岗: the centre's patrol of each gateway (GB 50440: at least every 2 h).
    struct Patrol: Sendable, Equatable {
        var enabled = true
        /// At most 7200.
        var periodSeconds = 7200
        /// No answer within this many minutes → `patrolUnanswered`.
        var replyTimeoutMinutes = 10
    }

    /// Device clocks (operations §2.5).
    struct Clock: Sendable, Equatable {
        /// A device time label off the receive time by more than this → clock-sync needed.
        var maxSkewSeconds = 60
    }
}
