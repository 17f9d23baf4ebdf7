/// One thing the core decided in a step. The daemon applies all of a step's decisions in the
/// transaction that stores the new state: notices are inserted, commands queued for the
/// gateway's `down` topic, and every decision is kept as the explanation log that
/// `firewatch explain` reads.
public enum AlertingDecision: Hashable, Sendable, Codable {
    /// A written notice to create (and then deliver).
    case notice(Notice)
    /// A notice that was due but held or suppressed, and why (maintenance window, mass-outage
    /// hold, department forwarding off, cleared within the debounce, chattering).
    case withheld(WithheldNotice)
    /// An incident, hazard, outage or maintenance window changed.
    case change(StateChange)
    /// A frame the centre must send to a gateway (查岗 type 91, clock sync type 90).
    case command(GatewayCommand)
    /// An operator action that could not apply (unknown id, verdict required, …).
    case rejected(RejectedAction)

    /// The notice, if this decision is one.
    public var notice: Notice? {
        if case .notice(let n) = self { return n }
        return nil
    }

    /// The state change, if this decision is one.
    public var change: StateChange? {
        if case .change(let c) = self { return c }
        return nil
    }

    /// The command, if this decision is one.
    public var command: GatewayCommand? {
        if case .command(let c) = self { return c }
        return nil
    }

    /// The withheld notice, if this decision is one.
    public var withheld: WithheldNotice? {
        if case .withheld(let w) = self { return w }
        return nil
    }

    /// The rejection, if this decision is one.
    public var rejected: RejectedAction? {
        if case .rejected(let r) = self { return r }
        return nil
    }

    /// The incident, hazard, outage or window the decision is about, for the explanation log.
    public var subject: String? {
        switch self {
        case .notice(let n): n.incident ?? n.hazard ?? n.id
        case .withheld(let w): w.subject
        case .change(let c): c.subject
        case .command(let c): c.gateway
        case .rejected(let r): r.target
        }
    }
}
