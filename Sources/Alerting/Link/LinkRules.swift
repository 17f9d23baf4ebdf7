import PanelProtocol

/// Link supervision (operations §2.5, policy §6, §9): any frame is traffic; silence for the
/// missed-heartbeat limit opens a `linkLost` hazard whose ladder is measured from the last frame;
/// many gateways going silent together become one centre-level outage.
extension Engine {
    /// Makes sure the gateway is known, in its building, with its current heartbeat interval.
    mutating func noteGateway(_ ctx: GatewayContext) {
        let id = ctx.gatewayId, bid = ctx.building.id
        if state.gateways[id] == nil {
            state.gateways[id] = GatewayState(id: id, building: bid, heartbeatSeconds: ctx.heartbeatSeconds)
        } else {
            if state.gateways[id]!.heartbeatSeconds != ctx.heartbeatSeconds { state.gateways[id]!.heartbeatSeconds = ctx.heartbeatSeconds }
            if state.gateways[id]!.building != bid {
                state.buildings[state.gateways[id]!.building]?.gateways.remove(id)
                state.gateways[id]!.building = bid
            }
        }
        if !(state.buildings[bid]?.gateways.contains(id) ?? true) { state.buildings[bid]!.gateways.insert(id) }
    }

    /// A frame arrived from the gateway.
    mutating func heard(_ id: String, at: AlertingInstant, deviceTime: DeviceTime?) {
        var g = state.gateways[id]!
        if g.firstHeardAt == nil {
            g.firstHeardAt = at
            g.nextPatrolAt = at.adding(seconds: patrolStagger(id))
        }
        g.lastFrameAt = AlertingInstant.latest(g.lastFrameAt, at)
        g.supervisionBase = AlertingInstant.latest(g.supervisionBase, at)
        state.gateways.update(id, to: g)  // most frames only move the volatile fields
        if g.linkDown, let hid = g.linkHazard {
            state.gateways[id]!.linkDown = false
            change(.gatewayLinkRestored, id, building: g.building, .rectified, "traffic from \(id) again")
            if state.hazards[hid]?.chattering == true {
                // A flapping link: the hazard stays open (one hazard with a count) until it settles.
                state.hazards[hid]!.active = false
                state.hazards[hid]!.lastChangeAt = at
                refreshDue(hid)
                if let oid = state.hazards[hid]!.outage { outageMemberRestored(oid) }
            } else {
                closeHazard(hid, reason: .rectified)
            }
        }
        checkClock(id, deviceTime: deviceTime, at: at)
    }

    /// Runs link loss detection and the 查岗 schedule for every gateway.
    mutating func superviseGateways() {
        var lost: [(AlertingInstant, String)] = []
        for (id, g) in state.gateways {
            if let due = g.lossDue(policy), due <= now { lost.append((due, id)) }
            if policy.patrol.enabled, g.firstHeardAt != nil {
                if let d = g.patrolDeadline, d <= now { patrolTimedOut(id) }
                if let n = g.nextPatrolAt, n <= now { patrolDue(id) }
            }
        }
        for (_, id) in lost.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) { openLinkHazard(id) }
    }

    mutating func openLinkHazard(_ id: String) {
        let g = state.gateways[id]!
        let onset = g.lastFrameAt ?? g.supervisionBase ?? now
        var onsets = g.linkLossOnsets
        onsets.append(now)
        onsets.removeAll { now.milliseconds(since: $0) >= 86_400_000 }
        state.gateways[id]!.linkLossOnsets = onsets
        state.gateways[id]!.linkDown = true
        if let hid = g.linkHazard, state.hazards[hid] != nil {
            // Its chattering hazard is still open: count, tell nobody.
            state.hazards[hid]!.active = true
            state.hazards[hid]!.onsetCount += 1
            state.hazards[hid]!.lastChangeAt = now
            change(.hazardRepeated, hid, building: g.building, .chatterSuppressed, "link of \(id) lost again")
            correlateOutage(id, hazard: hid)
            refreshDue(hid)
            return
        }
        let chatter = isChattering(onsets, at: now)
        let hid = state.nextId("hazard")
        let key = PointKey(building: g.building, gateway: id, level: .uitd)
        register(Hazard(id: hid, key: "\(id)/link#\(HazardCondition.linkLost.rawValue)", condition: .linkLost,
                        building: g.building, gateway: id, point: key, pointDescription: nil, onset: onset,
                        openedAt: now, chattering: chatter, active: true, onsetCount: chatter ? onsets.count : 1,
                        repeatCount: 0, lastChangeAt: now, told: [], rungsDone: [], heldNoted: [], outage: nil))
        state.gateways[id]!.linkHazard = hid
        change(chatter ? .hazardBecameChattering : .hazardOpened, hid, building: g.building, chatter ? .chattering : .linkLost,
               "no traffic from \(id) since \(onset) (\(policy.link.missedHeartbeats) × \(g.heartbeat(policy)) s)"
               + (chatter ? "; the link keeps dropping (\(onsets.count) in 24 h)" : ""))
        correlateOutage(id, hazard: hid)
        processHazard(hid)
    }

    /// Joins the open outage, or opens one when enough gateways went silent together.
    mutating func correlateOutage(_ id: String, hazard hid: String) {
        if let o = state.outage {
            state.outage!.gateways.insert(id)
            state.outage!.peakLost = max(o.peakLost, lostCount(of: state.outage!))
            state.hazards[hid]!.outage = o.id
            change(.outageJoined, o.id, building: state.gateways[id]!.building, .massOutage, "\(id) joined the outage")
            return
        }
        let m = policy.massOutage
        let g = state.gateways[id]!
        guard let reference = g.lastFrameAt ?? g.supervisionBase else { return }
        var members = [id]
        for (other, og) in state.gateways where other != id {
            guard let base = og.supervisionBase else { continue }
            // Silent for two intervals (or already lost): a live gateway never is.
            let silent = og.linkDown || now.isAtLeast(2 * og.heartbeat(policy), after: base)
            guard silent else { continue }
            let last = og.lastFrameAt ?? base
            guard abs(last.milliseconds(since: reference)) <= Int64(m.windowSeconds) * 1000 else { continue }
            members.append(other)
        }
        let registry = state.registrySize > 0 ? state.registrySize : state.gateways.count
        let massive = members.count >= m.minGateways
            || (registry >= m.fractionMinRegistry && Double(members.count) >= m.fraction * Double(registry))
        guard massive else { return }
        let oid = state.nextId("outage")
        state.outage = NetworkOutage(id: oid, openedAt: now, gateways: Set(members), peakLost: 0)
        for member in members {
            if state.gateways[member]?.linkDown == true, let lh = state.gateways[member]?.linkHazard {
                state.hazards[lh]?.outage = oid
            }
        }
        state.outage!.peakLost = lostCount(of: state.outage!)
        change(.outageOpened, oid, building: nil, .massOutage,
               "\(members.count) of \(registry) gateways silent within \(m.windowSeconds) s: one centre-level incident; "
               + "per-building link notices held for \(m.holdSeconds) s")
    }

    func lostCount(of o: NetworkOutage) -> Int {
        o.gateways.count { g in
            guard let gs = state.gateways[g], gs.linkDown else { return false }
            return gs.linkHazard.flatMap { state.hazards[$0]?.outage } == o.id
        }
    }

    /// A member's link came back: the outage ends when none of its links is still lost.
    mutating func outageMemberRestored(_ oid: String) {
        guard let o = state.outage, o.id == oid else { return }
        if lostCount(of: o) == 0 {
            state.outage = nil
            change(.outageClosed, oid, building: nil, .outageOver,
                   "all \(o.gateways.count) gateways of the outage are heard again (peak \(o.peakLost) lost)")
            // Holds are lifted: a chattering link hazard left open may be due now.
            for g in o.gateways.sorted() {
                if let hid = state.gateways[g]?.linkHazard { refreshDue(hid) }
            }
        }
    }

    /// Lost links of a building on fire go to the brigade and department at once.
    mutating func escalateLinkHazards(inBuilding bid: String) {
        guard let b = state.buildings[bid] else { return }
        for gw in b.gateways.sorted() {
            if let hid = state.gateways[gw]?.linkHazard { processHazard(hid) }
        }
    }

    /// The centre was not listening until now: restart the silence count of every gateway not
    /// already lost, so that the centre's own outage is not blamed on the gateways.
    mutating func resumeSupervision() {
        for id in state.gateways.keys where !state.gateways[id]!.linkDown && state.gateways[id]!.supervisionBase != nil {
            state.gateways[id]!.supervisionBase = AlertingInstant.latest(state.gateways[id]!.supervisionBase, now)
        }
        change(.centreResumed, "centre", building: nil, .centreResumed, "link supervision restarted from now")
        refreshAllHazardDeadlines()
    }

    /// The registry (re)loaded.
    mutating func applyRegistry(_ gateways: [GatewayContext]) {
        var seen: Set<String> = []
        for ctx in gateways {
            ensureBuilding(ctx.building)
            noteGateway(ctx)
            seen.insert(ctx.gatewayId)
        }
        state.registrySize = seen.count
        refreshAllHazardDeadlines()
        for id in state.gateways.keys.sorted() where !seen.contains(id) {
            let g = state.gateways.removeValue(forKey: id)!
            state.buildings[g.building]?.gateways.remove(id)
            // Its hazards (link, patrol, and its points') close without notices: nobody can
            // rectify a device the centre no longer monitors.
            for (hid, h) in state.hazards.storage.sorted(by: { $0.key < $1.key }) where h.gateway == id {
                state.hazards.removeValue(forKey: hid)
                if state.buildings[h.building]?.hazardIds[h.key] == hid { state.buildings[h.building]!.hazardIds[h.key] = nil }
                change(.hazardClosed, hid, building: h.building, .removedFromRegistry, "gateway \(id) left the registry")
            }
            change(.gatewayRemoved, id, building: g.building, .removedFromRegistry, "no longer supervised")
        }
    }

    /// The gateway's next supervision-related deadline.
    func gatewayDeadline(_ g: GatewayState) -> AlertingInstant? {
        var next = g.lossDue(policy)
        if policy.patrol.enabled, g.firstHeardAt != nil {
            next = AlertingInstant.earliest(next, g.nextPatrolAt)
            next = AlertingInstant.earliest(next, g.patrolDeadline)
        }
        return next
    }
}
