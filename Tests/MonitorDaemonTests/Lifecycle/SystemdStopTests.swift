import BrokerHarness
import Foundation
import Synchronization
import Testing

/// The daemon as systemd runs it: `Type=notify` with `WatchdogSec=30`. A real datagram socket
/// stands in for systemd's notify socket.
@Suite("Under systemd's watchdog")
struct SystemdStopTests {
    /// A bound `AF_UNIX` datagram socket collecting what the daemon sends to `NOTIFY_SOCKET`.
    final class NotifySocket: Sendable {
        let path: String
        private let descriptor: Int32
        private let received = Mutex<[String]>([])

        init(path: String) throws {
            self.path = path
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                let bytes = Array(path.utf8.prefix(raw.count - 1))
                raw.copyBytes(from: bytes)
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard descriptor >= 0, bound == 0 else { throw HarnessError("notify socket: \(String(cString: strerror(errno)))") }
            var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            Thread { [self] in
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let n = recv(descriptor, &buffer, buffer.count, 0)
                    if n > 0 { received.withLock { $0.append(String(decoding: buffer[0..<n], as: UTF8.self)) } }
                    if n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) { return }
                }
            }.start()
        }

        var messages: [String] { received.withLock { $0 } }

        deinit {
            shutdown(descriptor, Int32(SHUT_RDWR))
            close(descriptor)
            unlink(path)
        }
    }

    @Test("READY=1 and WATCHDOG=1 while running; after SIGTERM, STOPPING=1 and exit 0 in a few seconds, not the whole shutdown timeout")
    func stopsPromptlyUnderTheWatchdog() async throws {
        let daemon = try DaemonHarness(broker: try TestBroker.started(), shutdownSeconds: 20)
        let notify = try NotifySocket(path: daemon.directory.appendingPathComponent("notify.sock").path)
        try daemon.start(environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "30000000"])
        let deadline = Date().addingTimeInterval(5)
        while !notify.messages.contains(where: { $0.contains("WATCHDOG=1") }), Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(notify.messages.contains { $0.contains("READY=1") }, "\(notify.messages)")
        #expect(notify.messages.contains { $0.contains("WATCHDOG=1") }, "\(notify.messages)")

        let stop = ContinuousClock.now
        daemon.signal(SIGTERM)
        let status = daemon.waitForExit(timeout: 25)
        let took = ContinuousClock.now - stop
        #expect(status == 0)
        #expect(took < .seconds(3), "SIGTERM to exit took \(took): a service slept through the graceful shutdown")
        #expect(notify.messages.contains { $0.contains("STOPPING=1") }, "\(notify.messages)")
    }
}
