/// One step of the core in progress: the policy, the state being changed, "now", and the
/// decisions taken so far.
///
/// A mutable struct driven by ``AlertingCore``; the rules live in extensions next to their
/// domain (`Fire/`, `Hazards/`, `Link/`, `Maintenance/`). Nothing here reads a clock or does I/O.
struct Engine {
    let policy: EscalationPolicy
    let now: AlertingInstant
    var state = AlertingState()
    var out: [AlertingDecision] = []
    /// Buildings whose deadlines may have moved earlier during this step.
    var touched: Set<String> = []
    /// Set when a change may have moved deadlines anywhere: recompute them all.
    var recomputeAll = false

    init(policy: EscalationPolicy, now: AlertingInstant) {
        self.policy = policy
        self.now = now
    }

    /// Runs one input: first everything due by now, then the input, then the deadline hint.
    mutating func run(_ input: AlertingInput) {
        if case .centreResumed = input {
            // Before anything falls due: the silence was the centre's, not the gateways'.
            resumeSupervision()
            recomputeAll = true
        }
        if let hint = state.deadlineHint, hint <= now {
            processDue()
            recomputeAll = true
        }
        switch input {
        case .tick:
            break
        case .events(let events):
            for e in events { apply(e) }
        case .action(let action):
            apply(action)
            recomputeAll = true
        case .registry(let gateways):
            applyRegistry(gateways)
            recomputeAll = true
        case .centreResumed:
            break
        }
        updateDeadlineHint()
    }

    /// Everything whose time has come, in a fixed order: windows end before the incidents they
    /// hold are looked at; links are judged before hazard ladders run.
    mutating func processDue() {
        endExpiredMaintenance()
        superviseGateways()
        for id in state.incidents.keys.sorted() { processIncident(id) }
        // Only hazards whose cached deadline has come: the register may hold tens of thousands.
        var due: [String] = []
        for (id, h) in state.hazards where h.nextDue.map({ $0 <= now }) ?? false { due.append(id) }
        for id in due.sorted() { processHazard(id) }
    }

    /// After a change that may move any hazard's deadline (registry, restart).
    mutating func refreshAllHazardDeadlines() {
        for id in state.hazards.keys.sorted() { refreshDue(id) }
    }

    // MARK: - Small helpers

    mutating func emit(_ d: AlertingDecision) { out.append(d) }

    mutating func change(_ kind: StateChange.Kind, _ subject: String, building: String?, _ reason: ReasonCode, _ detail: String) {
        out.append(.change(StateChange(at: now, kind: kind, subject: subject, building: building, reason: reason, detail: detail)))
    }

    /// The building's state, created from `info` when first seen; the info is refreshed.
    mutating func ensureBuilding(_ info: BuildingInfo) {
        if state.buildings[info.id] == nil {
            state.buildings[info.id] = BuildingState(info: info)
        } else if state.buildings[info.id]!.info != info {
            state.buildings[info.id]!.info = info
        }
    }

    /// Whether an operator window covers this building/gateway at `t`.
    func inMaintenance(building: String, gateway: String?, at t: AlertingInstant) -> Bool {
        state.maintenance.values.contains { $0.covers(building: building, gateway: gateway, at: t) }
    }

    /// The earliest end among windows covering this building/gateway at `t`.
    func maintenanceEnd(building: String, gateway: String?, at t: AlertingInstant) -> AlertingInstant? {
        state.maintenance.values.filter { $0.covers(building: building, gateway: gateway, at: t) }.map(\.until).min()
    }

    func heartbeat(ofGateway id: String) -> Int {
        state.gateways[id]?.heartbeat(policy) ?? policy.link.defaultHeartbeatSeconds
    }
}
