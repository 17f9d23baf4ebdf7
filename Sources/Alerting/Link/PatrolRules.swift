import PanelProtocol

/// 查岗 (GB 50440: at least every 2 h) and the clock check. The centre sends type 91 to each
/// gateway on a staggered schedule; no type-24 bit-5 answer within the timeout opens a
/// `patrolUnanswered` hazard (the control room looks unattended, K5/K9). A device clock more than
/// the allowed skew off the receive time gets a clock sync (type 90).
extension Engine {
    /// Spreads patrols over the period by a stable hash of the gateway id, so that 50,000
    /// gateways are not all called in the same second (FNV-1a: stable across runs and
    /// platforms, unlike `Hasher`).
    func patrolStagger(_ id: String) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in id.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return Int(h % UInt64(max(1, policy.patrol.periodSeconds)))
    }

    mutating func patrolDue(_ id: String) {
        var g = state.gateways[id]!
        let period = max(1, policy.patrol.periodSeconds)
        if !g.linkDown, g.patrolDeadline == nil {
            let minutes = policy.patrol.replyTimeoutMinutes
            emit(.command(GatewayCommand(at: now, gateway: id, kind: .patrol(replyTimeoutMinutes: minutes), reason: .patrolDue)))
            g.patrolSentAt = now
            g.patrolDeadline = now.adding(seconds: minutes * 60)
        }
        var next = g.nextPatrolAt ?? now
        while next <= now { next = next.adding(seconds: period) }
        g.nextPatrolAt = next
        state.gateways[id] = g
    }

    mutating func patrolTimedOut(_ id: String) {
        let g = state.gateways[id]!
        let deadline = g.patrolDeadline ?? now
        state.gateways[id]!.patrolDeadline = nil
        state.gateways[id]!.patrolSentAt = nil
        if let hid = g.patrolHazard, state.hazards[hid] != nil {
            state.hazards[hid]!.onsetCount += 1
            state.hazards[hid]!.lastChangeAt = now
            change(.hazardRepeated, hid, building: g.building, .patrolTimedOut, "查岗 of \(id) unanswered again")
            return
        }
        let hid = state.nextId("hazard")
        register(Hazard(id: hid, key: "\(id)/uitd#\(HazardCondition.patrolUnanswered.rawValue)",
                        condition: .patrolUnanswered, building: g.building, gateway: id,
                        point: PointKey(building: g.building, gateway: id, level: .uitd), pointDescription: nil,
                        onset: deadline, openedAt: now, chattering: false, active: true, onsetCount: 1, repeatCount: 0,
                        lastChangeAt: now, told: [], rungsDone: [], heldNoted: [], outage: nil))
        state.gateways[id]!.patrolHazard = hid
        change(.hazardOpened, hid, building: g.building, .patrolTimedOut,
               "查岗 of \(id) not answered within \(policy.patrol.replyTimeoutMinutes) min")
        processHazard(hid)
    }

    /// A type-24 frame with bit 5: the person on duty answered.
    mutating func patrolAnswered(_ id: String, at: AlertingInstant) {
        guard let g = state.gateways[id] else { return }
        state.gateways[id]!.patrolDeadline = nil
        state.gateways[id]!.patrolSentAt = nil
        change(.patrolAnswered, id, building: g.building, .patrolAnswered, "查岗 answered")
        if let hid = g.patrolHazard { closeHazard(hid, reason: .rectified) }
    }

    /// Compares the frame's time label with the receive time.
    mutating func checkClock(_ id: String, deviceTime: DeviceTime?, at: AlertingInstant) {
        guard let deviceTime, let civil = CivilTime(deviceTime) else { return }
        let device = civil.instant(utcOffsetSeconds: policy.clock.utcOffsetSeconds)
        let skew = Int(device.milliseconds(since: at) / 1000)
        state.gateways.modifyUnmarked(id) { $0.lastSkewSeconds = skew }  // volatile
        guard abs(skew) > policy.clock.maxSkewSeconds else { return }
        if let last = state.gateways[id]!.lastClockSyncAt, !now.isAtLeast(policy.clock.syncCooldownSeconds, after: last) { return }
        state.gateways[id]!.lastClockSyncAt = now
        emit(.command(GatewayCommand(at: now, gateway: id, kind: .synchronizeClock, reason: .clockSkew)))
        change(.clockSkewDetected, id, building: state.gateways[id]!.building, .clockSkew,
               "device clock off by \(skew) s; clock sync sent")
    }
}
