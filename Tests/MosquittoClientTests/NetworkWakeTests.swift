import Foundation
@testable import MosquittoClient
import Testing

/// The network thread's wake-up: one byte per batch from other threads, none from itself.
@Suite("NetworkWake")
struct NetworkWakeTests {
    /// Whether the pipe has a byte to read, without waiting.
    func readable(_ wake: NetworkWake) -> Bool {
        var descriptor = pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// Runs `body` on a thread of its own and waits for it.
    func onOtherThread(_ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        Thread {
            body()
            done.signal()
        }.start()
        done.wait()
    }

    @Test("another thread's signals write one byte per rearm, and one drain empties the pipe")
    func otherThreads() {
        let wake = try! NetworkWake()
        onOtherThread { wake.signal(); wake.signal(); wake.signal() }
        #expect(readable(wake))
        wake.drain()
        #expect(!readable(wake), "three signals before a rearm must leave one byte, read by one drain")
        onOtherThread { wake.signal() }
        #expect(!readable(wake), "no byte until the network thread rearms")
        wake.rearm()
        onOtherThread { wake.signal() }
        #expect(readable(wake))
    }

    @Test("the bound network thread's own signals write nothing; other threads' still do")
    func ownThread() {
        let wake = try! NetworkWake()
        #expect(!wake.isNetworkThread)
        wake.bindToCurrentThread()
        #expect(wake.isNetworkThread)
        onOtherThread { #expect(!wake.isNetworkThread) }
        wake.signal()
        #expect(!readable(wake), "the network thread writes what it queued later in its turn: no wake-up for itself")
        onOtherThread { wake.signal() }
        #expect(readable(wake))
    }
}
