import Alerting
import Foundation
import PanelProtocol

/// Recorded inputs through the real core on a virtual clock (`firewatch replay`).
///
/// The same stages as the daemon, without I/O: frames pass the same ``FrameIntake`` (registry,
/// dialect, quarantine), a retransmitted frame counts once (the daemon's unique key), and time
/// only moves from one deadline to the next, so six hours replay in milliseconds and the timeline
/// is exactly what the daemon would have decided.
struct AlertingReplay {
    /// One decision at the virtual time it was taken.
    struct Entry {
        var at: AlertingInstant
        var decision: AlertingDecision
    }

    /// A payload the intake refused (reported, not fatal: the daemon would quarantine it).
    struct Refusal {
        var line: Int
        var gateway: String
        var reason: String
        var message: String
    }

    let core: AlertingCore
    let registry: Registry
    let intake: FrameIntake
    private(set) var state = AlertingState()
    private(set) var entries: [Entry] = []
    private(set) var refusals: [Refusal] = []
    private var seen = Set<FrameKey>()
    private var started = false

    private struct FrameKey: Hashable {
        var gateway: String
        var bytes: [UInt8]
    }

    init(core: AlertingCore, registry: Registry, topics: GatewayTopics, maxPayloadBytes: Int) {
        self.core = core
        self.registry = registry
        self.intake = FrameIntake(topics: topics, maxPayloadBytes: maxPayloadBytes)
    }

    /// Runs every input at its time, and the deadlines in between, then time up to `end`.
    mutating func run(_ inputs: [ReplayInput], until end: AlertingInstant) {
        for input in inputs { feed(input) }
        advance(to: end)
    }

    mutating func feed(_ input: ReplayInput) {
        if !started {
            started = true
            step(.registry(registry.alertingContexts), at: input.at)
        }
        advance(to: input.at)
        switch input.kind {
        case .action(let action):
            step(.action(action), at: input.at)
        case .payload(let gateway, let bytes):
            let received = ReceivedPayload(topic: intake.topics.up(gateway), payload: bytes, receivedAt: input.at.date)
            var events: [AlertingEvent] = []
            for item in intake.classify(received, registry: registry) {
                switch item {
                case .accepted(let frame):
                    guard seen.insert(FrameKey(gateway: gateway, bytes: frame.bytes)).inserted else { continue }
                    events += AlertingEvent.events(from: frame.message, gateway: frame.gateway.alertingContext, receivedAt: input.at)
                case .quarantined(let q):
                    refusals.append(Refusal(line: input.line, gateway: gateway, reason: q.reason.description, message: q.message))
                }
            }
            if !events.isEmpty { step(.events(events), at: input.at) }
        }
    }

    /// Ticks at every deadline up to and including `time`.
    mutating func advance(to time: AlertingInstant) {
        while let deadline = core.nextDeadline(state), deadline <= time {
            let before = entries.count
            step(.tick, at: deadline)
            // A hint that did not move (nothing was due at it) must not loop: go on from just after.
            if entries.count == before, core.nextDeadline(state) == deadline {
                step(.tick, at: AlertingInstant(milliseconds: deadline.milliseconds + 1))
                if core.nextDeadline(state) == deadline { break }
            }
        }
    }

    private mutating func step(_ input: AlertingInput, at time: AlertingInstant) {
        for decision in core.step(&state, input, now: time) {
            entries.append(Entry(at: time, decision: decision))
        }
    }
}
