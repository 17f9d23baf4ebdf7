/// Building notices from the state: one place that fills every field of interfaces §4, so that
/// no rule can forget the policy version, the open hazards or the recipient.
extension Engine {
    /// Tells `party` about a fire incident (and records that it was told).
    mutating func notifyFire(_ incidentId: String, party: Party, reason: ReasonCode, cause: FalseAlarmCause? = nil) {
        guard let inc = state.incidents[incidentId], let info = state.buildings[inc.building]?.info else { return }
        let hazards = state.openHazards(inBuilding: inc.building)
        let kind: NoticeKind = switch reason {
        case .confirmedReal: .fireConfirmed
        case .confirmedFalse: .falseAlarm
        default: .fireAlarm
        }
        let first = inc.points[inc.firstPoint]
        let notice = Notice(
            id: Notice.makeId(subject: inc.id, party: party, reason: reason),
            party: party, recipient: info.recipient(for: party), kind: kind,
            severity: kind == .falseAlarm ? .info : .critical,
            building: info.id, unit: info.unitId, incident: inc.id, createdAt: now, reason: reason,
            text: NoticeText.fire(reason: reason, party: party, incident: inc, info: info, hazards: hazards,
                                  cause: cause, policy: policy),
            policyVersion: policy.version, confidence: inc.confidence, point: first?.key,
            pointDescription: first?.description, evidence: inc.evidence, openHazards: hazards.map(\.id),
            cause: cause, testMode: inc.testMode)
        emit(.notice(notice))
        state.incidents[incidentId]!.told.insert(party)
    }

    /// Tells `party` about a hazard. The caller records `told`.
    mutating func notifyHazard(_ h: Hazard, party: Party, reason: ReasonCode, rungSeconds: Int? = nil, by: String? = nil) {
        guard let info = state.buildings[h.building]?.info else { return }
        let kind: NoticeKind = (h.condition == .linkLost && (reason == .rectified || reason == .rectifiedByOperator))
            ? .linkRestored : h.noticeKind
        let severity: Severity = (reason == .rectified || reason == .rectifiedByOperator) ? .info : h.condition.severity
        let notice = Notice(
            id: Notice.makeId(subject: h.id, party: party, reason: reason),
            party: party, recipient: info.recipient(for: party), kind: kind, severity: severity,
            building: info.id, unit: info.unitId, hazard: h.id, createdAt: now, reason: reason,
            text: NoticeText.hazard(reason: reason, party: party, hazard: h, info: info, rungSeconds: rungSeconds,
                                    by: by, policy: policy),
            policyVersion: policy.version, point: h.point, pointDescription: h.pointDescription,
            testMode: inMaintenance(building: h.building, gateway: h.gateway, at: now))
        emit(.notice(notice))
    }

    /// Records (once) that a notice was held or suppressed.
    mutating func noteWithheld(subject: String, building: String, party: Party, kind: NoticeKind,
                               wouldBe: ReasonCode, because reason: ReasonCode, final: Bool) {
        emit(.withheld(WithheldNotice(at: now, subject: subject, building: building, party: party, kind: kind,
                                      wouldBeReason: wouldBe, reason: reason, final: final)))
    }
}
