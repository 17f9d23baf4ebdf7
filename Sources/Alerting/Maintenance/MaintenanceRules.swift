/// Operator maintenance/test windows (policy §1): bounded, recorded, unit only. When one ends,
/// a test-mode incident whose fire is still active goes live (its ladder starts then); one whose
/// points all restored closes as a test.
extension Engine {
    mutating func openMaintenance(_ scope: MaintenanceScope, until: AlertingInstant, by: String, note: String?,
                                  action: OperatorAction) {
        guard until > now else { return reject(action, "\(scope)", .windowNotInFuture) }
        let building: String?
        switch scope {
        case .building(let b):
            guard state.buildings[b] != nil else { return reject(action, b, .unknownBuilding) }
            building = b
        case .gateway(let g):
            building = state.gateways[g]?.building
        }
        let id = state.nextId("maint")
        state.maintenance[id] = MaintenanceWindow(id: id, scope: scope, openedAt: now, until: until, openedBy: by, note: note)
        change(.maintenanceOpened, id, building: building, .maintenanceOpened, "\(scope) in maintenance until \(until) by \(by)")
    }

    mutating func endExpiredMaintenance() {
        for id in state.maintenance.keys.sorted() where state.maintenance[id]!.until <= now {
            endWindow(id, by: nil)
        }
    }

    mutating func endWindow(_ id: String, by: String?) {
        guard let w = state.maintenance.removeValue(forKey: id) else { return }
        let building: String? = switch w.scope {
        case .building(let b): b
        case .gateway(let g): state.gateways[g]?.building
        }
        change(.maintenanceClosed, id, building: building, .maintenanceClosed, "window ended" + (by.map { " by \($0)" } ?? ""))
        for iid in state.incidents.keys.sorted() {
            guard let inc = state.incidents[iid], inc.testMode else { continue }
            let gateway = inc.points[inc.firstPoint]?.key.gateway
            guard !inMaintenance(building: inc.building, gateway: gateway, at: now) else { continue }
            if inc.anyActive {
                goLive(iid, reason: .activeAfterMaintenance)
            } else {
                closeIncident(iid, reason: .maintenanceEnded, detail: "test incident ended with its window")
            }
        }
        // Held hazard rungs are re-examined at once.
        for hid in state.hazards.keys.sorted() where state.hazards[hid]!.building == building || building == nil {
            processHazard(hid)
        }
    }
}
