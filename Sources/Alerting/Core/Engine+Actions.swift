/// Operator actions: verdicts, acknowledgement, closing, rectifying, maintenance windows.
extension Engine {
    mutating func apply(_ action: OperatorAction) {
        switch action {
        case .confirm(let ref, let verdict, let by):
            guard let id = resolve(ref) else { return reject(action, ref.description, .unknownIncident) }
            switch verdict {
            case .real(let peopleAtRisk): confirmReal(id, peopleAtRisk: peopleAtRisk, by: by, action: action)
            case .falseAlarm(let cause): confirmFalse(id, cause: cause, by: by)
            }
        case .acknowledge(let ref, let by):
            guard let id = resolve(ref) else { return reject(action, ref.description, .unknownIncident) }
            state.incidents[id]!.acknowledgedBy = by
            state.incidents[id]!.acknowledgedAt = now
            change(.incidentAcknowledged, id, building: state.incidents[id]!.building, .acknowledged,
                   "acknowledged by \(by); timers keep running until a verdict")
        case .close(let ref, let by):
            guard let id = resolve(ref) else { return reject(action, ref.description, .unknownIncident) }
            guard state.incidents[id]!.status == .confirmedReal else { return reject(action, id, .verdictRequired) }
            closeIncident(id, reason: .closedByOperator, detail: "closed by \(by)")
        case .rectify(let hazard, let by):
            guard state.hazards[hazard] != nil else { return reject(action, hazard, .unknownHazard) }
            rectifyByOperator(hazard, by: by)
        case .openMaintenance(let scope, let until, let by, let note):
            openMaintenance(scope, until: until, by: by, note: note, action: action)
        case .closeMaintenance(let window, let by):
            guard state.maintenance[window] != nil else { return reject(action, window, .unknownWindow) }
            state.maintenance[window]!.until = now
            endWindow(window, by: by)
        }
    }

    mutating func reject(_ action: OperatorAction, _ target: String, _ reason: ReasonCode) {
        emit(.rejected(RejectedAction(at: now, action: action, target: target, reason: reason)))
    }

    /// An open incident by id, or the building's open incident.
    func resolve(_ ref: IncidentRef) -> String? {
        switch ref {
        case .id(let id): state.incidents[id] != nil ? id : nil
        case .building(let b): state.buildings[b]?.openIncident.flatMap { state.incidents[$0] != nil ? $0 : nil }
        }
    }

    /// Real: timers stop; department and brigade (and the unit) hear `fireConfirmed` at once.
    mutating func confirmReal(_ id: String, peopleAtRisk: Bool, by: String, action: OperatorAction) {
        var inc = state.incidents[id]!
        guard inc.status == .unconfirmed else { return reject(action, id, .alreadyConfirmed) }
        let wasTest = inc.testMode
        inc.status = .confirmedReal
        inc.testMode = false
        inc.confirmedBy = by
        inc.confirmedAt = now
        inc.peopleAtRisk = peopleAtRisk
        inc.rungsDone = .all
        if !inc.anyActive { inc.allRestoredAt = now }
        state.incidents[id] = inc
        change(.incidentConfirmed, id, building: inc.building, .confirmedReal,
               "confirmed real by \(by)" + (peopleAtRisk ? ", people at risk" : "") + (wasTest ? " (during maintenance)" : ""))
        for party in Party.allCases { notifyFire(id, party: party, reason: .confirmedReal) }
        escalateLinkHazards(inBuilding: inc.building)
    }

    /// False: closed at once with its cause, every party told is told it was false, its points
    /// corroborate nothing for a while, and the building's false-alarm rate counts it.
    mutating func confirmFalse(_ id: String, cause: FalseAlarmCause, by: String) {
        let inc = state.incidents[id]!
        for party in inc.told.parties { notifyFire(id, party: party, reason: .confirmedFalse, cause: cause) }
        let bid = inc.building
        let until = now.adding(seconds: policy.fire.discreditedForSeconds)
        for pid in inc.points.keys where state.buildings[bid]!.points[pid] != nil {
            state.buildings[bid]!.points[pid]!.discreditedUntil = until
        }
        state.buildings[bid]!.recentFireOnsets.removeAll { inc.points[$0.point] != nil }
        closeIncident(id, reason: .confirmedFalse, detail: "false alarm (\(cause.rawValue)) declared by \(by)")
        if !inc.testMode { countFalseAlarm(bid) }
    }

    /// C10: more than the threshold of false alarms in 24 h → unit and brigade are asked to agree
    /// a handling method (at most once a day per building).
    mutating func countFalseAlarm(_ bid: String) {
        let fa = policy.falseAlarms
        state.buildings[bid]!.falseAlarms.append(now)
        let keepFrom = now.adding(seconds: -fa.rateWindowDays * 86_400)
        state.buildings[bid]!.falseAlarms.removeAll { $0 <= keepFrom }
        let count = state.falseAlarmCount(building: bid, within: 86_400, at: now)
        guard count > fa.perDayThreshold else { return }
        if let last = state.buildings[bid]!.lastFalseRateNoticeAt, !now.isAtLeast(86_400, after: last) { return }
        state.buildings[bid]!.lastFalseRateNoticeAt = now
        let info = state.buildings[bid]!.info
        let subject = state.nextId("rate")
        for party in [Party.unit, .brigade] {
            emit(.notice(Notice(
                id: Notice.makeId(subject: subject, party: party, reason: .falseAlarmRateExceeded),
                party: party, recipient: info.recipient(for: party), kind: .falseAlarmRate, severity: .major,
                building: bid, unit: info.unitId, createdAt: now, reason: .falseAlarmRateExceeded,
                text: NoticeText.falseAlarmRate(info: info, count: count, policy: policy),
                policyVersion: policy.version)))
        }
    }
}
