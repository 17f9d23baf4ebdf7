/// An operator action the core refused, with the reason; the HTTP layer turns it into a 4xx so
/// that the operator sees why (e.g. `verdictRequired` when closing an unconfirmed fire).
public struct RejectedAction: Hashable, Sendable, Codable {
    public var at: AlertingInstant
    public var action: OperatorAction
    /// The id or building the action named.
    public var target: String
    public var reason: ReasonCode

    public init(at: AlertingInstant, action: OperatorAction, target: String, reason: ReasonCode) {
        self.at = at
        self.action = action
        self.target = target
        self.reason = reason
    }
}
