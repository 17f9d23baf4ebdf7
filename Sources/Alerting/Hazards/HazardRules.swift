/// The hazard register (operations §2.4, policy §6–§8): open once per point and condition, tell
/// the unit (after any debounce), climb the ladder by age, close with a `rectified` notice to
/// whoever was told, and fold a chattering point into one hazard with a count.
extension Engine {
    /// Opens and closes hazards for what a report changed.
    mutating func evaluateHazards(_ pid: String, building bid: String, old: UInt16, new: UInt16, at: AlertingInstant) {
        let key = state.buildings[bid]!.points[pid]!.key
        let before = HazardCondition.conditions(level: key.level, componentType: key.componentType, status: old)
        let after = HazardCondition.conditions(level: key.level, componentType: key.componentType, status: new)
        // Clears first, so that "main+backup → main" reads rectified-then-opened.
        for c in before.subtracting(after).sorted(by: { $0.rawValue < $1.rawValue }) {
            conditionCleared(pid, building: bid, condition: c, at: at)
        }
        for c in after.subtracting(before).sorted(by: { $0.rawValue < $1.rawValue }) {
            conditionOnset(pid, building: bid, condition: c, at: at)
        }
        if old == new {
            for c in after {
                if let hid = state.buildings[bid]!.hazardIds[Self.hazardKey(pid, c)] { state.hazards[hid]?.repeatCount += 1 }
            }
        }
    }

    static func hazardKey(_ pointId: String, _ c: HazardCondition) -> String { "\(pointId)#\(c.rawValue)" }

    mutating func conditionOnset(_ pid: String, building bid: String, condition c: HazardCondition, at: AlertingInstant) {
        var onsets = state.buildings[bid]!.points[pid]!.conditionOnsets[c.rawValue] ?? []
        onsets.append(at)
        onsets.removeAll { at.milliseconds(since: $0) >= 86_400_000 }
        state.buildings[bid]!.points[pid]!.conditionOnsets[c.rawValue] = onsets
        let chatter = isChattering(onsets, at: at)
        let key = Self.hazardKey(pid, c)

        if let hid = state.buildings[bid]!.hazardIds[key], var h = state.hazards[hid] {
            h.active = true
            h.onsetCount += 1
            h.lastChangeAt = at
            state.hazards[hid] = h
            refreshDue(hid)
            change(.hazardRepeated, hid, building: bid, h.chattering ? .chatterSuppressed : .repeated,
                   "\(c.rawValue) again at \(pid) (\(h.onsetCount) onsets)")
            return
        }
        let p = state.buildings[bid]!.points[pid]!
        let id = state.nextId("hazard")
        let h = Hazard(id: id, key: key, condition: c, building: bid, gateway: p.key.gateway, point: p.key,
                       pointDescription: p.description, onset: chatter ? at : p.onset(of: c, fallback: at),
                       openedAt: now, chattering: chatter, active: true, onsetCount: chatter ? onsets.count : 1,
                       repeatCount: 0, lastChangeAt: at, told: [], rungsDone: [], heldNoted: [], outage: nil)
        register(h)
        change(chatter ? .hazardBecameChattering : .hazardOpened, id, building: bid, chatter ? .chattering : .opened,
               "\(c.rawValue) at \(pid)" + (chatter ? " (chattering: \(onsets.count) onsets in 24 h)" : ""))
        processHazard(id)
    }

    mutating func conditionCleared(_ pid: String, building bid: String, condition c: HazardCondition, at: AlertingInstant) {
        guard let hid = state.buildings[bid]!.hazardIds[Self.hazardKey(pid, c)], state.hazards[hid] != nil else { return }
        if state.hazards[hid]!.chattering {
            // A chattering hazard stays open until the point settles (see processHazard).
            state.hazards[hid]!.active = false
            state.hazards[hid]!.lastChangeAt = at
            refreshDue(hid)
            return
        }
        closeHazard(hid, reason: .rectified)
    }

    /// Puts a new hazard in the register and its indexes.
    mutating func register(_ h: Hazard) {
        state.hazards[h.id] = h
        state.buildings[h.building]!.hazardIds[h.key] = h.id
        touched.insert(h.building)
    }

    /// Takes a hazard out of the register: everyone told hears `rectified`; a hazard nobody was
    /// told about (cleared within its debounce, held by an outage) closes silently.
    mutating func closeHazard(_ hid: String, reason: ReasonCode, by: String? = nil) {
        guard var h = state.hazards.removeValue(forKey: hid) else { return }
        h.lastChangeAt = now
        if state.buildings[h.building]?.hazardIds[h.key] == hid { state.buildings[h.building]!.hazardIds[h.key] = nil }
        if state.gateways[h.gateway]?.linkHazard == hid {
            state.gateways[h.gateway]!.linkHazard = nil
            state.gateways[h.gateway]!.linkDown = false
        }
        if state.gateways[h.gateway]?.patrolHazard == hid { state.gateways[h.gateway]!.patrolHazard = nil }
        let noticeReason: ReasonCode = reason == .rectifiedByOperator ? .rectifiedByOperator : .rectified
        if h.told.isEmpty {
            if !h.rungsDone.contains(.unit) {
                noteWithheld(subject: hid, building: h.building, party: .unit, kind: h.noticeKind,
                             wouldBe: h.chattering ? .chattering : .opened,
                             because: h.outage != nil ? .massOutageHold : .clearedWithinDebounce, final: true)
            }
        } else {
            for party in h.told.parties { notifyHazard(h, party: party, reason: noticeReason, by: by) }
        }
        let transient = !h.chattering && h.condition.isPointCondition
            && !now.isAtLeast(policy.flapping.transientSeconds, after: h.onset)
        change(.hazardClosed, hid, building: h.building, transient && reason == .rectified ? .transient : reason,
               "\(h.condition.rawValue) closed" + (by.map { " by \($0)" } ?? ""))
        if h.condition == .linkLost, let oid = h.outage { outageMemberRestored(oid) }
    }

    /// An operator declares a hazard rectified. A point's condition bits are cleared too, so a
    /// panel that still reports the condition reopens it as a new hazard.
    mutating func rectifyByOperator(_ hid: String, by: String) {
        let h = state.hazards[hid]!
        closeHazard(hid, reason: .rectifiedByOperator, by: by)
        if let key = h.point, h.condition.isPointCondition, state.buildings[h.building]?.points[key.id] != nil {
            var mask: UInt16 = 0
            for bit in HazardCondition.bits(of: h.condition, level: key.level) { mask |= 1 << bit }
            state.buildings[h.building]!.points[key.id]!.status &= ~mask
            for bit in HazardCondition.bits(of: h.condition, level: key.level) {
                state.buildings[h.building]!.points[key.id]!.bitSince[bit] = nil
            }
        }
        if h.condition == .linkLost { state.gateways[h.gateway]?.supervisionBase = now }
    }

    /// A rung still to decide: who, when it is due, the reason it would carry, the rung's length.
    struct PendingRung {
        var party: Party
        var due: AlertingInstant
        var reason: ReasonCode
        var seconds: Int?
    }

    /// The rungs not yet decided, with their due times (one source for processing and deadlines).
    func pendingRungs(_ h: Hazard) -> [PendingRung] {
        let ladder = h.ladder(policy, heartbeatSeconds: heartbeat(ofGateway: h.gateway))
        let fireOpen = h.condition == .linkLost
            && (state.openIncident(inBuilding: h.building).map { !$0.testMode } ?? false)
        var out: [PendingRung] = []
        for party in Party.allCases where !h.rungsDone.contains(party) {
            let rung = ladder.rung(for: party)
            let due = rung.map { h.onset.adding(seconds: $0) }
            if party != .unit, fireOpen, due.map({ $0 > now }) ?? true {
                out.append(PendingRung(party: party, due: now, reason: .fireIncidentOpen, seconds: nil))
            } else if let due, let rung {
                let reason: ReasonCode = party == .unit ? (h.chattering ? .chattering : .opened) : .openFor(seconds: rung)
                out.append(PendingRung(party: party, due: due, reason: reason, seconds: rung))
            }
        }
        return out
    }

    /// Why a rung may not go out at `t`, and until when: a maintenance window holds the brigade
    /// and department; a mass outage holds every link notice (unless the building is on fire).
    func hold(_ h: Hazard, _ r: PendingRung, at t: AlertingInstant) -> (ReasonCode, AlertingInstant)? {
        if h.condition == .linkLost, r.reason != .fireIncidentOpen, let oid = h.outage, let o = state.outage, o.id == oid,
           t < o.holdEnds(policy) {
            return (.massOutageHold, o.holdEnds(policy))
        }
        if r.party != .unit, let end = maintenanceEnd(building: h.building, gateway: h.gateway, at: t) {
            return (.maintenanceWindow, end)
        }
        return nil
    }

    /// Runs what is due for one hazard: a settled chattering point closes; due rungs are told
    /// unless held.
    mutating func processHazard(_ hid: String) {
        guard var h = state.hazards[hid] else { return }
        if h.chattering, !h.active, !isChattering(chatterOnsets(h), at: now) {
            closeHazard(hid, reason: .chatterSettled)
            return
        }
        for r in pendingRungs(h) where r.due <= now {
            if let (why, _) = hold(h, r, at: now) {
                if !h.heldNoted.contains(r.party) {
                    noteWithheld(subject: hid, building: h.building, party: r.party, kind: h.noticeKind,
                                 wouldBe: r.reason, because: why, final: false)
                    h.heldNoted.insert(r.party)
                }
                continue
            }
            notifyHazard(h, party: r.party, reason: r.reason, rungSeconds: r.seconds)
            h.told.insert(r.party)
            h.rungsDone.insert(r.party)
        }
        h.nextDue = hazardDeadline(h)
        state.hazards[hid] = h
        touched.insert(h.building)
    }

    /// Recomputes a hazard's cached deadline after something it depends on changed.
    mutating func refreshDue(_ hid: String) {
        guard let h = state.hazards[hid] else { return }
        let due = hazardDeadline(h)
        if due != h.nextDue { state.hazards[hid]!.nextDue = due }
        touched.insert(h.building)
    }

    /// The next time this hazard needs looking at.
    func hazardDeadline(_ h: Hazard) -> AlertingInstant? {
        var next: AlertingInstant?
        if h.chattering, !h.active {
            next = AlertingInstant.earliest(next, chatterSettleTime(chatterOnsets(h)))
        }
        for r in pendingRungs(h) {
            // A held rung is visited once when due (to record the hold), then at the hold's end.
            let t = max(r.due, now)
            let held = h.heldNoted.contains(r.party) ? hold(h, r, at: t)?.1 : nil
            next = AlertingInstant.earliest(next, held ?? r.due)
        }
        return next
    }

    /// The onsets a chattering hazard is judged by: its point's condition, or its gateway's link.
    func chatterOnsets(_ h: Hazard) -> [AlertingInstant] {
        if h.condition == .linkLost { return state.gateways[h.gateway]?.linkLossOnsets ?? [] }
        guard let key = h.point else { return [] }
        return state.buildings[h.building]?.points[key.id]?.conditionOnsets[h.condition.rawValue] ?? []
    }

    /// Chattering (operations §2.4): at least N onsets within the short window, or M within 24 h.
    func isChattering(_ onsets: [AlertingInstant], at t: AlertingInstant) -> Bool {
        let f = policy.flapping
        let short = onsets.count { t.milliseconds(since: $0) < Int64(f.chatterWindowSeconds) * 1000 && $0 <= t }
        let day = onsets.count { t.milliseconds(since: $0) < 86_400_000 && $0 <= t }
        return short >= f.chatterTransitions || day >= f.chatterDailyTransitions
    }

    /// The first time at which the point no longer counts as chattering (given no new onsets).
    func chatterSettleTime(_ onsets: [AlertingInstant]) -> AlertingInstant? {
        let f = policy.flapping
        let sorted = onsets.sorted()
        var t: AlertingInstant?
        if sorted.count >= f.chatterTransitions {
            t = AlertingInstant.latest(t, sorted[sorted.count - f.chatterTransitions].adding(seconds: f.chatterWindowSeconds))
        }
        if sorted.count >= f.chatterDailyTransitions {
            t = AlertingInstant.latest(t, sorted[sorted.count - f.chatterDailyTransitions].adding(seconds: 86_400))
        }
        return t ?? now
    }
}
