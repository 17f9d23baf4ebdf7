/// The fire rules (operations §2.2–2.3, policy §2–§5): one incident per building, unit at
/// once, brigade and department on timers unless a verdict or corroboration comes first.
extension Engine {
    /// Decides whether a report is a fire onset, a repeat, or a restore.
    mutating func evaluateFire(_ pid: String, building bid: String, old: UInt16, new: UInt16, at: AlertingInstant) {
        let p = state.buildings[bid]!.points[pid]!
        let fireNow = new & 0b10 != 0, fireBefore = old & 0b10 != 0
        let reset = state.buildings[bid]!.systemResets[p.key.systemId]
        let resetSinceOnset: AlertingInstant? = {
            guard let reset, let onset = p.lastFireOnsetAt, reset > onset else { return nil }
            return reset
        }()
        if fireNow, !fireBefore || resetSinceOnset != nil {
            // A re-alarm counts from the latest of "its fire bit cleared" and "the panel reset".
            let knockReference = fireBefore ? resetSinceOnset : AlertingInstant.latest(p.fireClearedAt, resetSinceOnset)
            fireOnset(pid, building: bid, knockReference: knockReference, at: at)
        } else if fireNow {
            fireRepeat(pid, building: bid, at: at)
        } else if fireBefore {
            fireRestore(pid, building: bid, at: at)
        }
    }

    mutating func fireOnset(_ pid: String, building bid: String, knockReference: AlertingInstant?, at: AlertingInstant) {
        let f = policy.fire
        let p = state.buildings[bid]!.points[pid]!
        let summary = p.key.level != .component
        // An alarm inside a maintenance window is presumed a test: it is evidence of nothing
        // (a technician walking the detectors must not corroborate the kitchen's smoke).
        let inTest = inMaintenance(building: bid, gateway: p.key.gateway, at: at)
        let discredited = p.isDiscredited(at: at) || inTest
        var evidence: [CorroborationEvidence] = []

        if !summary, !inTest, Self.manualTypes.contains(p.key.componentType) {
            evidence.append(CorroborationEvidence(rule: .manualAlarm, at: at, points: [pid]))
        }
        if !discredited, p.lastFireOnsetAt != nil, let ref = knockReference,
           at.milliseconds(since: ref) <= Int64(f.dualKnockWindowSeconds) * 1000 {
            evidence.append(CorroborationEvidence(rule: .dualKnock, at: at, points: [pid]))
        }
        let building = state.buildings[bid]!
        if !summary, !discredited, let other = building.recentFireOnsets.last(where: { o in
            !o.summary && o.point != pid && at.milliseconds(since: o.at) <= Int64(f.corroborationWindowSeconds) * 1000
                && !(building.points[o.point]?.isDiscredited(at: at) ?? false)
        }) {
            evidence.append(CorroborationEvidence(rule: .coincidence, at: at, points: [other.point, pid]))
        }
        if !discredited, let water = building.recentWaterflow.last(where: { w in
            w.point != pid && at.milliseconds(since: w.at) <= Int64(f.waterflowWindowSeconds) * 1000
        }) {
            evidence.append(CorroborationEvidence(rule: .waterflow, at: at, points: [water.point, pid]))
        }

        state.buildings[bid]!.points[pid]!.lastFireOnsetAt = at
        if !discredited {
            state.buildings[bid]!.recentFireOnsets.remember(BuildingState.Onset(point: pid, at: at, summary: summary))
        }
        pruneRecent(bid, at: at)

        let id = joinOrOpen(pid, building: bid, active: true, at: at)
        if !evidence.isEmpty { corroborate(id, evidence) }
        ensureFirstNotice(id)
    }

    /// The same fire reported again (retransmission, resynchronisation): counted, nothing raised.
    mutating func fireRepeat(_ pid: String, building bid: String, at: AlertingInstant) {
        guard let id = state.buildings[bid]!.openIncident, state.incidents[id]?.points[pid] != nil else { return }
        state.incidents[id]!.points[pid]!.alarmCount += 1
        state.incidents[id]!.points[pid]!.lastAlarmAt = at
    }

    /// A fire bit cleared. It never closes an unconfirmed incident (policy §4); a real one
    /// closes itself once every point has restored for a while.
    mutating func fireRestore(_ pid: String, building bid: String, at: AlertingInstant) {
        state.buildings[bid]!.points[pid]!.fireClearedAt = at
        guard let id = state.buildings[bid]!.openIncident, var inc = state.incidents[id], inc.points[pid] != nil else { return }
        inc.points[pid]!.active = false
        inc.points[pid]!.restoredAt = at
        var reason = ReasonCode.restoreDoesNotClose
        if inc.status == .confirmedReal, !inc.anyActive {
            inc.allRestoredAt = AlertingInstant.latest(at, inc.confirmedAt)
            reason = .allPointsRestored
        }
        state.incidents[id] = inc
        change(.incidentPointRestored, id, building: bid, reason, "fire point \(pid) restored")
    }

    /// A panel reset (facility operation bit 0, system status bit 13): remembered for dual
    /// knock; the incident stays open (policy §4).
    mutating func panelReset(_ system: PointKey, at: AlertingInstant) {
        let bid = system.building
        state.buildings[bid]!.systemResets[system.systemId] = at
        if let id = state.buildings[bid]!.openIncident {
            change(.incidentPanelReset, id, building: bid, .panelResetDoesNotClose, "panel \(system.systemId) reset")
        }
    }

    /// A manual alarm operation of the panel (type 4 bit 2) or the UITD (type 24 bit 2): a
    /// person declares a fire, so the incident is corroborated from this event (policy §3).
    mutating func manualAlarm(_ key: PointKey, at: AlertingInstant) {
        let bid = key.building
        if state.buildings[bid]!.points[key.id] == nil {
            state.buildings[bid]!.points[key.id] = PointState(key: key, at: at)
        }
        let id = joinOrOpen(key.id, building: bid, active: false, at: at)
        if !inMaintenance(building: bid, gateway: key.gateway, at: at) {
            corroborate(id, [CorroborationEvidence(rule: .manualAlarm, at: at, points: [key.id])])
        }
        ensureFirstNotice(id)
    }

    /// A sprinkler pump, flow indicator, alarm valve or pressure switch operated: corroborates a
    /// fire alarm of another point within the window, in either order.
    mutating func waterflowSignal(_ pid: String, building bid: String, at: AlertingInstant) {
        // A pump run inside a maintenance window is a test run.
        if let key = state.buildings[bid]!.points[pid]?.key, inMaintenance(building: bid, gateway: key.gateway, at: at) { return }
        state.buildings[bid]!.recentWaterflow.remember(BuildingState.Onset(point: pid, at: at))
        pruneRecent(bid, at: at)
        let building = state.buildings[bid]!
        guard let id = building.openIncident else { return }
        if let fire = building.recentFireOnsets.last(where: { o in
            o.point != pid && at.milliseconds(since: o.at) <= Int64(policy.fire.waterflowWindowSeconds) * 1000
        }) {
            corroborate(id, [CorroborationEvidence(rule: .waterflow, at: at, points: [fire.point, pid])])
        }
    }

    /// The building's open incident, joined; or a new one.
    mutating func joinOrOpen(_ pid: String, building bid: String, active: Bool, at: AlertingInstant) -> String {
        let p = state.buildings[bid]!.points[pid]!
        if let id = state.buildings[bid]!.openIncident, state.incidents[id] != nil {
            if state.incidents[id]!.points[pid] == nil {
                state.incidents[id]!.points[pid] = FireIncident.Point(
                    key: p.key, description: p.description, firstAlarmAt: at, lastAlarmAt: at, alarmCount: 1,
                    active: active, restoredAt: active ? nil : at)
                change(.incidentJoined, id, building: bid, .joinedIncident, "fire point \(pid) joined")
            } else {
                state.incidents[id]!.points[pid]!.alarmCount += 1
                state.incidents[id]!.points[pid]!.lastAlarmAt = at
                if active {
                    state.incidents[id]!.points[pid]!.active = true
                    state.incidents[id]!.points[pid]!.restoredAt = nil
                }
            }
            if active { state.incidents[id]!.allRestoredAt = nil }
            if state.incidents[id]!.testMode, !inMaintenance(building: bid, gateway: p.key.gateway, at: at) {
                goLive(id, reason: .alarmOutsideMaintenance)
            }
            return id
        }
        let id = state.nextId("fire")
        let testMode = inMaintenance(building: bid, gateway: p.key.gateway, at: at)
        state.incidents[id] = FireIncident(
            id: id, building: bid, openedAt: at, clockStart: at, status: .unconfirmed, testMode: testMode,
            corroboratedAt: nil, evidence: [], points: [:],
            firstPoint: pid, told: [], rungsDone: [], heldNoted: [], peopleAtRisk: false)
        // Through the subscript, so the point is marked for its row.
        state.incidents[id]!.points[pid] = FireIncident.Point(
            key: p.key, description: p.description, firstAlarmAt: at, lastAlarmAt: at,
            alarmCount: 1, active: active, restoredAt: active ? nil : at)
        state.buildings[bid]!.openIncident = id
        change(.incidentOpened, id, building: bid, .firstAlarm,
               "fire incident opened by \(pid)" + (testMode ? " in a maintenance window" : ""))
        if !testMode { escalateLinkHazards(inBuilding: bid) }
        return id
    }

    /// Adds evidence, the first of each rule; the first corroboration tells every party not yet
    /// told (policy §3).
    ///
    /// A later instance of a rule already shown tells the reader nothing new (the incident's
    /// points list every detector). Kept, it grew with every point that joined: an alarm storm's
    /// incident of 30 points carried 29 "second detector" entries in every row and notice.
    mutating func corroborate(_ id: String, _ evidence: [CorroborationEvidence]) {
        guard var inc = state.incidents[id] else { return }
        for e in evidence where !inc.evidence.contains(where: { $0.rule == e.rule }) {
            inc.evidence.append(e)
        }
        let first = inc.corroboratedAt == nil && inc.status == .unconfirmed
        if first { inc.corroboratedAt = now }
        state.incidents[id] = inc
        guard first else { return }
        change(.incidentCorroborated, id, building: inc.building, .corroborated,
               "corroborated: " + evidence.map(\.rule.rawValue).joined(separator: ", "))
        tellEveryoneNotTold(id, reason: .corroborated)
    }

    /// Every party not told yet hears `reason` now; in test mode only the unit (the others are
    /// held until the incident goes live).
    mutating func tellEveryoneNotTold(_ id: String, reason: ReasonCode) {
        for party in Party.allCases {
            guard let inc = state.incidents[id], !inc.told.contains(party) else { continue }
            if inc.testMode, party != .unit {
                if !inc.heldNoted.contains(party) {
                    noteWithheld(subject: id, building: inc.building, party: party, kind: .fireAlarm, wouldBe: reason,
                                 because: .maintenanceWindow, final: false)
                    state.incidents[id]!.heldNoted.insert(party)
                }
                continue
            }
            notifyFire(id, party: party, reason: reason)
        }
    }

    /// The unit hears of every incident at once.
    mutating func ensureFirstNotice(_ id: String) {
        guard let inc = state.incidents[id], !inc.told.contains(.unit) else { return }
        notifyFire(id, party: .unit, reason: .firstAlarm)
    }

    /// A test-mode incident becomes a real one: the ladder starts now.
    mutating func goLive(_ id: String, reason: ReasonCode) {
        guard var inc = state.incidents[id], inc.testMode else { return }
        inc.testMode = false
        inc.clockStart = now
        inc.rungsDone = []
        inc.heldNoted = []
        state.incidents[id] = inc
        change(.incidentWentLive, id, building: inc.building, reason, "incident left test mode")
        notifyFire(id, party: .unit, reason: reason)
        if inc.isCorroborated { tellEveryoneNotTold(id, reason: .corroborated) }
        escalateLinkHazards(inBuilding: inc.building)
        touched.insert(inc.building)
    }

    /// The timers of one incident: brigade at 60 s, department at 180 s without a verdict; a
    /// real incident closes itself after its points restored.
    mutating func processIncident(_ id: String) {
        guard let inc = state.incidents[id] else { return }
        let f = policy.fire
        if inc.status == .confirmedReal {
            if let restored = inc.allRestoredAt, now.isAtLeast(f.autoCloseAfterRestoreSeconds, after: restored) {
                closeIncident(id, reason: .allPointsRestored, detail: "every fire point restored")
            }
            return
        }
        if inc.testMode {
            // Record (once) that the ladder is held, so `explain` can say why nobody else heard.
            for (party, seconds) in [(Party.brigade, f.brigadeAfterSeconds), (.department, f.departmentAfterSeconds)]
            where !inc.heldNoted.contains(party) && !inc.told.contains(party) && now.isAtLeast(seconds, after: inc.clockStart) {
                noteWithheld(subject: id, building: inc.building, party: party, kind: .fireAlarm,
                             wouldBe: .unconfirmedAfter(seconds: seconds), because: .maintenanceWindow, final: false)
                state.incidents[id]!.heldNoted.insert(party)
            }
            return
        }
        if !inc.rungsDone.contains(.brigade), now.isAtLeast(f.brigadeAfterSeconds, after: inc.clockStart) {
            state.incidents[id]!.rungsDone.insert(.brigade)
            if !inc.told.contains(.brigade) {
                notifyFire(id, party: .brigade, reason: .unconfirmedAfter(seconds: f.brigadeAfterSeconds))
            }
        }
        if !inc.rungsDone.contains(.department), now.isAtLeast(f.departmentAfterSeconds, after: inc.clockStart) {
            state.incidents[id]!.rungsDone.insert(.department)
            let reason = ReasonCode.unconfirmedAfter(seconds: f.departmentAfterSeconds)
            if inc.told.contains(.department) {
                // Told already (corroboration): nothing left to do.
            } else if f.departmentEnabled {
                notifyFire(id, party: .department, reason: reason)
            } else {
                noteWithheld(subject: id, building: inc.building, party: .department, kind: .fireAlarm, wouldBe: reason,
                             because: .departmentForwardingOff, final: true)
            }
        }
    }

    /// Removes an incident from the open set.
    mutating func closeIncident(_ id: String, reason: ReasonCode, detail: String) {
        guard let inc = state.incidents.removeValue(forKey: id) else { return }
        if state.buildings[inc.building]?.openIncident == id { state.buildings[inc.building]!.openIncident = nil }
        change(.incidentClosed, id, building: inc.building, reason, detail)
    }

    /// Forgets onsets older than the corroboration windows.
    mutating func pruneRecent(_ bid: String, at: AlertingInstant) {
        let keep = Int64(max(policy.fire.corroborationWindowSeconds, policy.fire.waterflowWindowSeconds)) * 1000
        state.buildings[bid]!.recentFireOnsets.removeAll { at.milliseconds(since: $0.at) > keep }
        state.buildings[bid]!.recentWaterflow.removeAll { at.milliseconds(since: $0.at) > keep }
    }
}
