import Foundation
import Synchronization

/// The queue between the MQTT client's message handler and the writer, both on the client's
/// network thread: the handler queues each payload of a read, and the writer takes them in
/// groups once the read is over (``IngestWriter/processQueued()``). Unbounded on purpose: a fire
/// alarm is never dropped for lack of room; its depth is watched instead (metrics, watchdog).
///
/// Two lanes: urgent payloads (a fire, see ``ClassifiedPayload/reportsFire``) are handed out
/// before the rest. An urgent payload takes its gateway's earlier queued payloads with it, in
/// order, so one gateway's frames are never committed out of order (an older frame processed
/// after a newer one would read as a change that did not happen).
final class IngestQueue: Sendable {
    private struct State {
        var items: [ClassifiedPayload] = []
        var head = 0
        var urgent: [ClassifiedPayload] = []
        var finished = false
        /// Who waits in ``waitUntilFinished()``.
        var finishWaiters: [CheckedContinuation<Void, Never>] = []
        /// Payloads refused after ``finish()`` (never acknowledged: the gateways retransmit).
        var refused = 0
        var count: Int { urgent.count + items.count - head }
    }

    private let state = Mutex(State())

    /// Adds a payload; false once the queue is finished (shutdown), when nothing more is accepted.
    @discardableResult
    func push(_ payload: ClassifiedPayload, urgent: Bool = false) -> Bool {
        state.withLock { s in
            guard !s.finished else {
                s.refused += 1
                return false
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
            return true
        }
    }

    /// Stops accepting; what is queued is still handed out.
    func finish() {
        let waiters = state.withLock { s in
            s.finished = true
            defer { s.finishWaiters = [] }
            return s.finishWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once ``finish()`` was called.
    func waitUntilFinished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let finished = state.withLock { s in
                if !s.finished { s.finishWaiters.append(continuation) }
                return s.finished
            }
            if finished { continuation.resume() }
        }
    }

    var depth: Int { state.withLock { $0.count } }

    /// How many payloads arrived after ``finish()`` and were refused.
    var refusedAfterFinish: Int { state.withLock { $0.refused } }

    /// The next group: what is queued, urgent lane first, at most `max`; empty when nothing is.
    func nextBatch(max n: Int) -> [ClassifiedPayload] {
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
            return batch
        }
    }
}
