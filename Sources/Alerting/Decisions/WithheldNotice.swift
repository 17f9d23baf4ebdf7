/// A notice that a rule would have sent and did not, recorded so that `firewatch explain` can
/// say "held: maintenance window" instead of leaving a silent gap. Emitted once per subject,
/// party and reason, not on every tick.
public struct WithheldNotice: Hashable, Sendable, Codable {
    public var at: AlertingInstant
    public var subject: String
    public var building: String
    public var party: Party
    public var kind: NoticeKind
    /// The reason the notice would have carried (`unconfirmedAfter60s`, `openFor24h`, …).
    public var wouldBeReason: ReasonCode
    /// Why it was held: `maintenanceWindow`, `massOutageHold`, `departmentForwardingOff`,
    /// `clearedWithinDebounce`, `chatterSuppressed`.
    public var reason: ReasonCode
    /// Held (may still go out later) or suppressed for good.
    public var final: Bool

    public init(at: AlertingInstant, subject: String, building: String, party: Party, kind: NoticeKind,
                wouldBeReason: ReasonCode, reason: ReasonCode, final: Bool) {
        self.at = at
        self.subject = subject
        self.building = building
        self.party = party
        self.kind = kind
        self.wouldBeReason = wouldBeReason
        self.reason = reason
        self.final = final
    }
}
