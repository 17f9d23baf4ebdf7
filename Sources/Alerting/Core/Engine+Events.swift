import PanelProtocol

/// Applying observations: compare each report with the point's last known condition, then hand
/// what really changed to the fire, hazard and link rules.
extension Engine {
    mutating func apply(_ e: AlertingEvent) {
        let info = e.gateway.building
        ensureBuilding(info)
        noteGateway(e.gateway)
        touched.insert(info.id)
        let at = e.receivedAt
        switch e.observation {
        case .traffic(let deviceTime):
            heard(e.gateway.gatewayId, at: at, deviceTime: deviceTime)
        case .component(let key, let status, let restored, let description, _):
            report(key, status: status.rawValue, restored: restored?.rawValue, description: description, at: at)
        case .system(let key, let status, let restored, _):
            let before = state.buildings[key.building]!.points[key.id]?.status ?? 0
            report(key, status: status.rawValue, restored: restored?.rawValue, description: nil, at: at)
            // A reset is the moment bit 13 appears: some panels leave it set in later reports.
            if status.contains(.reset), before & SystemStatusFlags.reset.rawValue == 0 { panelReset(key, at: at) }
        case .uitd(let key, let status, let restored, _):
            report(key, status: UInt16(status.rawValue), restored: restored.map { UInt16($0.rawValue) },
                   description: nil, at: at)
        case .facilityOperation(let key, let operation, _):
            if operation.contains(.reset) { panelReset(key, at: at) }
            if operation.contains(.manualAlarm) { manualAlarm(key, at: at) }
        case .uitdOperation(let key, let operation, _):
            if operation.contains(.patrolReply) { patrolAnswered(key.gateway, at: at) }
            if operation.contains(.manualAlarm) { manualAlarm(key, at: at) }
        }
    }

    /// One status report of one point. A vendor restore object (`restored` set) clears those
    /// bits; a standard report replaces the word.
    mutating func report(_ key: PointKey, status reported: UInt16, restored: UInt16?, description: String?,
                         at: AlertingInstant) {
        let bid = key.building, pid = key.id
        let known = state.buildings[bid]!.points[pid]
        var p = known ?? PointState(key: key, at: at)
        let old = p.status
        let new = restored.map { old & ~$0 } ?? reported
        if let description { p.description = description }
        p.lastReportAt = at
        if restored == nil { p.deviceReportsTest = reported & 1 == 0 }
        if new == old {
            p.repeatCount += 1
        } else {
            let set = new & ~old, cleared = old & ~new
            for bit in 0..<16 {
                if set & (1 << bit) != 0 { p.bitSince[bit] = at }
                if cleared & (1 << bit) != 0 { p.bitSince[bit] = nil }
            }
            p.status = new
            p.lastChangeAt = at
            p.repeatCount = 0
        }
        if let known, known.durablePart == p.durablePart {
            // A repeat: only the volatile fields moved, no row to write (``VolatileFields``).
            state.buildings.modifyUnmarked(bid) { $0.points.setUnmarked(p, forKey: pid) }
        } else {
            state.buildings[bid]!.points[pid] = p
        }

        evaluateFire(pid, building: bid, old: old, new: new, at: at)
        if key.level == .component, Self.waterflowTypes.contains(key.componentType) {
            let signal = new & ~old & (ComponentStatusFlags.fire.rawValue | ComponentStatusFlags.started.rawValue
                                       | ComponentStatusFlags.feedback.rawValue)
            if signal != 0 { waterflowSignal(pid, building: bid, at: at) }
        }
        evaluateHazards(pid, building: bid, old: old, new: new, at: at)
    }

    /// Sprinkler pump 95, water-flow indicator 96, alarm valve 98, pressure switch 99 (policy §3).
    static let waterflowTypes: Set<UInt8> = [
        ComponentType.sprinklerPump.rawValue, ComponentType.waterFlowIndicator.rawValue,
        ComponentType.alarmValve.rawValue, ComponentType.pressureSwitch.rawValue,
    ]

    /// Manual call point 23 and hydrant button 24: a person pressed it.
    static let manualTypes: Set<UInt8> = [ComponentType.manualCallPoint.rawValue, ComponentType.hydrantButton.rawValue]
}
