import CMosquitto
import Foundation

/// Wakes the network thread out of `poll` when another thread has queued a packet for it, or
/// out of its wait between connection attempts when the client shuts down.
///
/// libmosquitto has a wake-up of its own: a byte written to a private socket pair for every
/// packet queued, and `mosquitto_loop` reads back one byte per turn, so each queued packet (each
/// 确认, and each PUBACK we owe the broker) cost the network thread a `pselect` turn of its own.
/// This one wakes once per batch: the first packet queued since the thread last looked writes a
/// byte, later ones find the flag already set; the thread then writes everything queued at once.
/// (libmosquitto still writes its byte per packet; nobody reads that socket pair any more, and
/// once its buffer is full those non-blocking writes fail at once, which libmosquitto ignores.)
/// The network thread itself never signals: what its callbacks and its after-reading hook queue
/// is written later in the same turn, and a byte would only cost it an empty turn.
final class NetworkWake: Sendable {
    /// What the network thread polls.
    let readDescriptor: Int32
    private let writeDescriptor: Int32
    private let pending = LockedState(Pending())

    private struct Pending {
        var isPending = false
        /// The network thread, once it has started (``bindToCurrentThread()``).
        var networkThread: pthread_t?

        func isNetworkThread(_ thread: pthread_t) -> Bool {
            networkThread.map { pthread_equal($0, thread) != 0 } ?? false
        }
    }

    init() throws(MQTTError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            throw .library(code: MOSQ_ERR_ERRNO.rawValue, message: "pipe for the network thread's wake-up: \(String(cString: strerror(errno)))")
        }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// The calling thread is the network thread: its own signals are dropped.
    func bindToCurrentThread() {
        let me = pthread_self()
        pending.withLock { $0.networkThread = me }
    }

    /// Whether the calling thread is the bound network thread.
    var isNetworkThread: Bool {
        let me = pthread_self()
        return pending.withLock { $0.isNetworkThread(me) }
    }

    /// After queuing a packet, from any thread.
    func signal() {
        let me = pthread_self()
        let first = pending.withLock { p in
            if p.isNetworkThread(me) { return false }
            defer { p.isPending = true }
            return !p.isPending
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// The network thread, before it looks at what is queued: packets queued from here on
    /// signal again.
    func rearm() {
        pending.withLock { $0.isPending = false }
    }

    /// Waits until `deadline` or a ``signal()``, whichever comes first (the network thread
    /// between connection attempts; ``rearm()`` first).
    func wait(until deadline: ContinuousClock.Instant) {
        let left = deadline - .now
        guard left > .zero else { return }
        var descriptor = pollfd(fd: readDescriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1
        if poll(&descriptor, 1, Int32(clamping: milliseconds)) > 0 { drain() }
    }

    /// Empties the pipe, once `poll` reported it readable. One read: a signal writes a byte only
    /// once per ``rearm()``, so the pipe holds a byte or two, and the read that would only have
    /// found it empty was a system call per wake-up. Should more have piled up, the next `poll`
    /// reports the rest at once.
    func drain() {
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        _ = withUnsafeMutableBytes(of: &buffer) { read(readDescriptor, $0.baseAddress, $0.count) }
    }
}
