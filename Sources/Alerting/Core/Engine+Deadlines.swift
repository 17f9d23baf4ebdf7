/// Deadlines: when the daemon must tick next.
///
/// The state keeps a hint that is never later than the earliest real deadline. A full scan
/// (every gateway, incident, hazard, window) runs after a tick, an action or a registry change;
/// frames only touch their building, so after events only that building's deadlines are folded
/// into the hint. An early hint costs one idle tick, a late one would lose an escalation.
extension Engine {
    mutating func updateDeadlineHint() {
        if recomputeAll {
            state.deadlineHint = nextDeadlineFromCaches()
        } else {
            for b in touched.sorted() {
                state.deadlineHint = AlertingInstant.earliest(state.deadlineHint, buildingDeadline(b))
            }
        }
    }

    /// The earliest deadline of everything, hazards by their cached deadlines.
    func nextDeadlineFromCaches() -> AlertingInstant? {
        var next: AlertingInstant?
        for w in state.maintenance.values { next = AlertingInstant.earliest(next, w.until) }
        for g in state.gateways.values { next = AlertingInstant.earliest(next, gatewayDeadline(g)) }
        for i in state.incidents.values { next = AlertingInstant.earliest(next, incidentDeadline(i)) }
        for h in state.hazards.values { next = AlertingInstant.earliest(next, h.nextDue) }
        return next
    }

    /// The earliest deadline of everything, computed afresh (tests check the caches against it).
    func exactNextDeadline() -> AlertingInstant? {
        var next: AlertingInstant?
        for w in state.maintenance.values { next = AlertingInstant.earliest(next, w.until) }
        for g in state.gateways.values { next = AlertingInstant.earliest(next, gatewayDeadline(g)) }
        for i in state.incidents.values { next = AlertingInstant.earliest(next, incidentDeadline(i)) }
        for h in state.hazards.values { next = AlertingInstant.earliest(next, hazardDeadline(h)) }
        return next
    }

    /// The earliest deadline of one building's incident, hazards and gateways.
    func buildingDeadline(_ bid: String) -> AlertingInstant? {
        guard let b = state.buildings[bid] else { return nil }
        var next: AlertingInstant?
        if let id = b.openIncident, let inc = state.incidents[id] { next = incidentDeadline(inc) }
        for hid in b.hazardIds.values {
            if let h = state.hazards[hid] { next = AlertingInstant.earliest(next, h.nextDue) }
        }
        for gw in b.gateways {
            if let g = state.gateways[gw] { next = AlertingInstant.earliest(next, gatewayDeadline(g)) }
        }
        return next
    }

    func incidentDeadline(_ inc: FireIncident) -> AlertingInstant? {
        let f = policy.fire
        switch inc.status {
        case .confirmedReal:
            return inc.allRestoredAt?.adding(seconds: f.autoCloseAfterRestoreSeconds)
        case .unconfirmed:
            var next: AlertingInstant?
            if inc.testMode {
                // Only to record the held rungs; the window's end is the real deadline.
                if !inc.heldNoted.contains(.brigade) { next = inc.clockStart.adding(seconds: f.brigadeAfterSeconds) }
                if !inc.heldNoted.contains(.department) {
                    next = AlertingInstant.earliest(next, inc.clockStart.adding(seconds: f.departmentAfterSeconds))
                }
                return next
            }
            if !inc.rungsDone.contains(.brigade) { next = inc.clockStart.adding(seconds: f.brigadeAfterSeconds) }
            if !inc.rungsDone.contains(.department) {
                next = AlertingInstant.earliest(next, inc.clockStart.adding(seconds: f.departmentAfterSeconds))
            }
            return next
        }
    }
}
