import Dispatch
import Foundation
import Synchronization

/// The queue between the MQTT client's thread and the one writer's thread. Unbounded on purpose:
/// a fire alarm is never dropped for lack of room; its depth is watched instead (metrics,
/// watchdog).
///
/// Two lanes: urgent payloads (a fire, see ``ClassifiedPayload/reportsFire``) are handed out
/// before the rest. An urgent payload takes its gateway's earlier queued payloads with it, in
/// order, so one gateway's frames are never committed out of order (an older frame processed
/// after a newer one would read as a change that did not happen).
///
/// The writer waits in ``nextBatch(max:linger:)`` on a plain thread: a push wakes it with one
/// semaphore signal, only when it is actually waiting.
final class IngestQueue: Sendable {
    private struct State {
        var items: [ClassifiedPayload] = []
        var head = 0
        var urgent: [ClassifiedPayload] = []
        /// The writer found the queue empty and waits for a signal.
        var writerWaiting = false
        var finished = false
        /// Payloads refused after ``finish()`` (never acknowledged: the gateways retransmit).
        var refused = 0
        var count: Int { urgent.count + items.count - head }
    }

    private let state = Mutex(State())
    private let wakeup = DispatchSemaphore(value: 0)

    /// Adds a payload; false once the queue is finished (shutdown), when nothing more is accepted.
    @discardableResult
    func push(_ payload: ClassifiedPayload, urgent: Bool = false) -> Bool {
        let (accepted, wake): (Bool, Bool) = state.withLock { s in
            guard !s.finished else {
                s.refused += 1
                return (false, false)
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
            defer { s.writerWaiting = false }
            return (true, s.writerWaiting)
        }
        if wake { wakeup.signal() }
        return accepted
    }

    /// Stops accepting; what is queued is still handed out.
    func finish() {
        let wake = state.withLock { s in
            s.finished = true
            defer { s.writerWaiting = false }
            return s.writerWaiting
        }
        if wake { wakeup.signal() }
    }

    var depth: Int { state.withLock { $0.count } }

    /// How many payloads arrived after ``finish()`` and were refused.
    var refusedAfterFinish: Int { state.withLock { $0.refused } }

    /// The next group, blocking the calling thread: waits for at least one payload, then takes
    /// what is queued (at most `max`). With a `linger`, a group that is not full waits that long
    /// once for more to arrive. Empty only when the queue is finished and drained.
    func nextBatch(max: Int, linger: Duration) -> [ClassifiedPayload] {
        while true {
            let (batch, finished) = take(max, waitIfEmpty: true)
            if !batch.isEmpty {
                guard linger > .zero, batch.count < max, !finished else { return batch }
                Thread.sleep(forTimeInterval: Double(linger.nanoseconds) / 1e9)
                return batch + take(max - batch.count, waitIfEmpty: false).payloads
            }
            if finished { return [] }
            // A push between `take` and here has signalled already: the wait returns at once.
            // A stale signal (the writer found work before waiting) costs one empty pass.
            wakeup.wait()
        }
    }

    private func take(_ n: Int, waitIfEmpty: Bool) -> (payloads: [ClassifiedPayload], finished: Bool) {
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
            if batch.isEmpty && !s.finished && waitIfEmpty { s.writerWaiting = true }
            return (batch, s.finished)
        }
    }
}
