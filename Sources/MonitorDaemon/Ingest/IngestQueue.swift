import MosquittoClient
import Synchronization

/// The queue between the MQTT client's thread and the one writer. Unbounded on purpose: a fire
/// alarm is never dropped for lack of room; its depth is watched instead (metrics, watchdog).
///
/// Two lanes: urgent payloads (a fire, see ``FireScreen``) are handed out before the rest. An
/// urgent payload takes its gateway's earlier queued payloads with it, in order, so one gateway's
/// frames are never committed out of order (an older frame processed after a newer one would
/// read as a change that did not happen).
final class IngestQueue: Sendable {
    private struct State {
        var items: [ReceivedPayload] = []
        var head = 0
        var urgent: [ReceivedPayload] = []
        var waiter: CheckedContinuation<Void, Never>?
        var finished = false
        /// Payloads refused after ``finish()`` (never acknowledged: the gateways retransmit).
        var refused = 0
        var count: Int { urgent.count + items.count - head }
    }

    private let state = Mutex(State())

    /// Adds a payload; false once the queue is finished (shutdown), when nothing more is accepted.
    @discardableResult
    func push(_ payload: ReceivedPayload, urgent: Bool = false) -> Bool {
        let (accepted, waiter): (Bool, CheckedContinuation<Void, Never>?) = state.withLock { s in
            guard !s.finished else {
                s.refused += 1
                return (false, nil)
            }
            if urgent {
                let waiting = s.items[s.head...]
                if waiting.contains(where: { $0.topic == payload.topic }) {
                    s.urgent += waiting.filter { $0.topic == payload.topic }
                    s.items = waiting.filter { $0.topic != payload.topic }
                    s.head = 0
                }
                s.urgent.append(payload)
            } else {
                s.items.append(payload)
            }
            defer { s.waiter = nil }
            return (true, s.waiter)
        }
        waiter?.resume()
        return accepted
    }

    /// Stops accepting; what is queued is still handed out.
    func finish() {
        let waiter = state.withLock { s in
            s.finished = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    var depth: Int { state.withLock { $0.count } }

    /// How many payloads arrived after ``finish()`` and were refused.
    var refusedAfterFinish: Int { state.withLock { $0.refused } }

    /// Queues a message straight from the MQTT client's network thread (its message handler):
    /// no stream and no task between the socket and the writer's queue.
    func push(_ message: MQTTMessage, screen: FireScreen) {
        push(ReceivedPayload(topic: message.topic, payload: message.payload, receivedAt: message.receivedAtDate),
             urgent: screen.isUrgent(topic: message.topic, payload: message.payload))
    }

    /// The next group: waits for at least one payload, then takes what is queued (at most `max`).
    /// With a `linger`, a group that is not full waits up to that long for more to arrive.
    func nextBatch(max: Int, linger: Duration) async -> [ReceivedPayload] {
        while true {
            var (batch, done) = take(max)
            if !batch.isEmpty {
                if linger > .zero {
                    let deadline = ContinuousClock.now + linger
                    while batch.count < max && ContinuousClock.now < deadline && !done {
                        try? await Task.sleep(for: .microseconds(200))
                        let (more, finished) = take(max - batch.count)
                        batch += more
                        done = finished
                    }
                }
                return batch
            }
            if done { return [] }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { s in
                        if s.count > 0 || s.finished { return true }
                        s.waiter = c
                        return false
                    }
                    if resumeNow { c.resume() }
                }
            } onCancel: {
                self.finish()
            }
        }
    }

    private func take(_ n: Int) -> ([ReceivedPayload], finished: Bool) {
        state.withLock { s in
            let u = min(n, s.urgent.count)
            var batch = Array(s.urgent.prefix(u))
            s.urgent.removeFirst(u)
            let k = min(n - u, s.items.count - s.head)
            batch += s.items[s.head..<(s.head + k)]
            s.head += k
            if s.head == s.items.count {
                s.items.removeAll(keepingCapacity: true)
                s.head = 0
            } else if s.head > 4096 {
                s.items.removeSubrange(0..<s.head)
                s.head = 0
            }
            return (batch, s.finished)
        }
    }
}
