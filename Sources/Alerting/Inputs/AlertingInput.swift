/// Everything that can happen to the core. One step takes one input and a "now".
public enum AlertingInput: Hashable, Sendable {
    /// What one or more stored frames said (see ``AlertingEvent/events(from:gateway:receivedAt:)``).
    case events([AlertingEvent])
    /// An operator action.
    case action(OperatorAction)
    /// Time passed: run what is due. The daemon ticks at ``AlertingCore/nextDeadline(_:)``.
    case tick
    /// The registry (re)loaded: every gateway with its building. Gateways missing from it stop
    /// being supervised; the count feeds the mass-outage fraction.
    case registry([GatewayContext])
    /// The centre itself was not listening (daemon restart, broker connection lost) until now:
    /// gateways are not blamed for that silence, so link supervision restarts from now for
    /// every gateway not already lost. Escalation ladders are not moved.
    case centreResumed
}
