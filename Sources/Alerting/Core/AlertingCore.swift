/// The pure alerting core: `(state, input, now) → (new state, decisions)`.
///
/// Built like hummingbird's connection state machines: a value that holds no resources and
/// returns what must be done, driven by a caller that owns the I/O and the clock. The daemon
/// runs a step inside its write transaction (frames, state and notices commit together), then
/// sleeps until ``nextDeadline(_:)`` and runs `.tick`. Tests do the same with a test clock;
/// `firewatch replay` does it on a virtual clock.
public struct AlertingCore: Sendable {
    public var policy: EscalationPolicy

    public init(policy: EscalationPolicy = .default) { self.policy = policy }

    /// Runs one input at `now` against `state` in place and returns what was decided, in order.
    /// Everything due at or before `now` runs first, then the input.
    public func step(_ state: inout AlertingState, _ input: AlertingInput, now: AlertingInstant) -> [AlertingDecision] {
        var engine = Engine(policy: policy, now: now)
        swap(&engine.state, &state)
        engine.run(input)
        swap(&engine.state, &state)
        return engine.out
    }

    /// The functional form of ``step(_:_:now:)-(inout AlertingState,_,_)``.
    public func step(_ state: AlertingState, _ input: AlertingInput, now: AlertingInstant) -> (AlertingState, [AlertingDecision]) {
        var s = state
        let d = step(&s, input, now: now)
        return (s, d)
    }

    /// When to tick next: never later than the earliest deadline (escalation rung, debounce,
    /// link loss, 查岗, window end), possibly a little earlier (an early tick does nothing).
    /// nil: nothing is pending.
    public func nextDeadline(_ state: AlertingState) -> AlertingInstant? { state.deadlineHint }

    /// The exact earliest deadline, by a full scan (for tests and diagnostics).
    public func exactNextDeadline(_ state: AlertingState, now: AlertingInstant) -> AlertingInstant? {
        var engine = Engine(policy: policy, now: now)
        engine.state = state
        return engine.exactNextDeadline()
    }
}
