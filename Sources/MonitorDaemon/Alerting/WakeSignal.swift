import Synchronization

/// A coalescing wake-up between two tasks: "look again", not data (the data is in the database
/// or in the core's state). Signals while nobody waits are remembered as one, so a wake-up is
/// never missed; several collapse into one because one look sees them all.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    init() {}

    /// Wakes the waiter, or the next call to ``wait(until:)``.
    func signal() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if let w = s.waiter {
                s.waiter = nil
                return w
            }
            s.pending = true
            return nil
        }
        waiter?.resume()
    }

    /// True when a signal came since the last wait (it stays pending for the next wait).
    var hasPending: Bool { state.withLock { $0.pending } }

    /// Returns when signalled (or if a signal came since the last wait), at `deadline`, or when
    /// the task is cancelled. One waiter at a time.
    func wait(until deadline: ContinuousClock.Instant?) async {
        let timer = deadline.map { d in
            Task { [weak self] in
                try? await Task.sleep(until: d, clock: .continuous)
                if !Task.isCancelled { self?.signal() }
            }
        }
        defer { timer?.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.pending || Task.isCancelled {
                        s.pending = false
                        return true
                    }
                    s.waiter = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            self.signal()
        }
        state.withLock { $0.pending = false }
    }
}
