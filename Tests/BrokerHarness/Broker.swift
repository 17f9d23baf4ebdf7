public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a ``TestBroker`` could not do what was asked.
public enum TestBrokerError: Error, CustomStringConvertible {
    case executableNotFound(String)
    case noFreePort(errno: Int32)
    case didNotStart(port: UInt16, log: String)
    case toolFailed(command: String, output: String)

    public var description: String {
        switch self {
        case .executableNotFound(let name):
            "\(name) not found in PATH, /usr/sbin or /usr/local/sbin (apt-get install \(name == "openssl" ? "openssl" : "mosquitto mosquitto-clients"))"
        case .noFreePort(let errno):
            "could not reserve a TCP port on 127.0.0.1 (errno \(errno))"
        case .toolFailed(let command, let output):
            "\(command) failed: \(output)"
        case .didNotStart(let port, let log):
            "mosquitto did not accept connections on 127.0.0.1:\(port) within 5 s; log:\n\(log)"
        }
    }
}

/// A real `mosquitto` broker for integration tests, on 127.0.0.1 and a port of its own.
///
/// Each instance owns a temporary directory holding its configuration, its log and its
/// persistence database, so that ``restart()`` (same port, same directory) keeps persistent
/// sessions and queued QoS 1 messages exactly as a production broker restart would. ``kill()``
/// (SIGKILL) loses whatever mosquitto had not saved yet, like a crash.
///
/// The configuration is `allow_anonymous true`, `set_tcp_nodelay true`, `max_queued_messages 0`
/// (no limit in mosquitto 2.x, so bursts in tests are never dropped by the broker), persistence
/// on, everything logged to `broker.log`. Add lines with `extraConfiguration`.
///
/// `@unchecked Sendable`: the only mutable state, `process`, is read and written under `lock`;
/// the rest is immutable. Tests may hand the broker to other tasks (e.g. to restart it while a
/// client is busy).
public final class TestBroker: @unchecked Sendable {
    public let host = "127.0.0.1"
    public let port: UInt16
    /// Temporary directory with `mosquitto.conf`, `broker.log` and the persistence database.
    public let directory: URL
    public let configurationFile: URL
    public let logFile: URL
    private let executable: URL
    private let lock = NSLock()
    private var process: Process?

    /// Prepares a broker (directory, configuration) without starting it.
    /// - Parameter port: a fixed port, or `nil` for a free one. A port that is reserved but not
    ///   started is also how a test gets "a port with nothing listening".
    public init(port: UInt16? = nil, extraConfiguration: [String] = []) throws {
        self.executable = try Self.executable(named: "mosquitto")
        self.port = try port ?? Self.freePort()
        self.directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("firewatch-broker-\(UUID().uuidString)", isDirectory: true)
        self.configurationFile = directory.appendingPathComponent("mosquitto.conf")
        self.logFile = directory.appendingPathComponent("broker.log")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var lines = [
            "listener \(self.port) 127.0.0.1",
            "allow_anonymous true",
            "set_tcp_nodelay true",
            "max_queued_messages 0",
            "persistence true",
            "persistence_location \(directory.path)/",
            "persistence_file mosquitto.db",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            "connection_messages true",
            "log_timestamp true",
        ]
        // Started as root, mosquitto 2 switches to the user "mosquitto", which could not write
        // our temporary directory. "user root" keeps it as is (ignored for other users).
        if geteuid() == 0 { lines.append("user root") }
        lines += extraConfiguration
        try (lines.joined(separator: "\n") + "\n").write(to: configurationFile, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
    }

    /// Convenience: a broker that is already accepting connections.
    public static func started(port: UInt16? = nil, extraConfiguration: [String] = []) throws -> TestBroker {
        let broker = try TestBroker(port: port, extraConfiguration: extraConfiguration)
        try broker.start()
        return broker
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    public var isRunning: Bool {
        lock.withLock { process?.isRunning ?? false }
    }

    /// Starts mosquitto and returns once the port accepts TCP connections (at most 5 s).
    /// Does nothing if it is already running.
    public func start() throws {
        try lock.withLock {
            if let process, process.isRunning { return }
            let logHandle = try FileHandle(forWritingTo: logFile)
            logHandle.seekToEndOfFile()
            let process = Process()
            process.executableURL = executable
            process.arguments = ["-c", configurationFile.path]
            process.standardOutput = logHandle
            process.standardError = logHandle
            process.standardInput = FileHandle.nullDevice
            try Self.runWithDefaultSignalMask(process)
            try? logHandle.close()
            self.process = process
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline {
                if !process.isRunning { break }
                if Self.acceptsConnections(port: port) { return }
                Thread.sleep(forTimeInterval: 0.02)
            }
            Self.terminate(process, signal: SIGKILL)
            self.process = nil
            throw TestBrokerError.didNotStart(port: port, log: self.log())
        }
    }

    /// SIGTERM (mosquitto saves its persistence database and closes connections), then waits
    /// for the process to exit; SIGKILL after 5 s.
    public func stop() {
        lock.withLock {
            guard let process else { return }
            Self.terminate(process, signal: SIGTERM)
            self.process = nil
        }
    }

    /// Stops and starts again on the same port with the same persistence directory.
    public func restart() throws {
        stop()
        try start()
    }

    /// SIGKILL: a crash. Unsaved broker state is lost.
    public func kill() {
        lock.withLock {
            guard let process else { return }
            Self.terminate(process, signal: SIGKILL)
            self.process = nil
        }
    }

    /// SIGSTOP: the broker stops reading, while the kernel still takes what clients send into
    /// its sockets' receive buffers (how far a client goes without acknowledgements).
    public func pause() {
        lock.withLock { if let process, process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGSTOP) } }
    }

    /// SIGCONT after ``pause()``.
    public func resume() {
        lock.withLock { if let process, process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGCONT) } }
    }

    /// Bytes received by the broker's end of its established connections and not read yet, from
    /// `/proc/net/tcp` (IPv4 loopback).
    public func unreadBytes() -> Int {
        // Read to the end: /proc files report size 0, and a one-shot read stops after a page.
        guard let data = try? FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/net/tcp")).readToEnd() else { return 0 }
        let table = String(decoding: data, as: UTF8.self)
        let local = String(format: ":%04X", Int(port))
        var total = 0
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            // sl local_address rem_address st tx_queue:rx_queue …; 01 = ESTABLISHED
            guard fields.count > 4, fields[1].hasSuffix(local), fields[3] == "01" else { continue }
            total += Int(fields[4].split(separator: ":").last ?? "", radix: 16) ?? 0
        }
        return total
    }

    /// The broker's log so far (for failure messages).
    public func log() -> String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    /// Finds a program by name in `PATH`, then in /usr/sbin and /usr/local/sbin (where Debian
    /// puts `mosquitto`, usually outside a normal user's PATH).
    public static func executable(named name: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin"]
        for directory in directories where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw TestBrokerError.executableNotFound(name)
    }

    /// Runs a command-line tool found by ``executable(named:)`` to its end (`openssl`,
    /// `mosquitto_passwd`: test fixtures), and throws with what it wrote to stderr if it fails.
    public static func runTool(_ name: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = try executable(named: name)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestBrokerError.toolFailed(command: ([name] + arguments).joined(separator: " "),
                                             output: String(decoding: output, as: UTF8.self))
        }
    }

    // MARK: - Helpers

    /// Launches `process` from a fresh thread whose signal mask is empty.
    ///
    /// `Process.run()` uses posix_spawn, and a spawned child inherits the signal mask of the
    /// calling thread. Swift concurrency / Dispatch worker threads (where tests run) block most
    /// signals, and mosquitto keeps whatever it inherited blocked while it waits for sockets, so
    /// a broker started straight from a test never reacts to SIGTERM (observed: `stop()` always
    /// fell back to SIGKILL after 5 s, losing the persistence save). The same applies to any other
    /// process a test starts and expects to stop with a signal.
    public static func runWithDefaultSignalMask(_ process: Process) throws {
        final class Outcome: @unchecked Sendable {
            // `@unchecked Sendable`: written by the launcher thread strictly before
            // `done.signal()`, read by the caller strictly after `done.wait()`.
            var error: (any Error)?
            let done = DispatchSemaphore(value: 0)
        }
        let outcome = Outcome()
        let box = ProcessBox(process)
        let launcher = Thread {
            var empty = sigset_t()
            sigemptyset(&empty)
            pthread_sigmask(SIG_SETMASK, &empty, nil)
            do { try box.process.run() } catch { outcome.error = error }
            outcome.done.signal()
        }
        launcher.name = "broker-launcher"
        launcher.start()
        outcome.done.wait()
        if let error = outcome.error { throw error }
    }

    /// Hands a `Process` to the launcher thread. `@unchecked Sendable`: the caller blocks until
    /// the launcher is done with it, so it is never used from two threads at once.
    private final class ProcessBox: @unchecked Sendable {
        let process: Process
        init(_ process: Process) { self.process = process }
    }

    private static func terminate(_ process: Process, signal: Int32) {
        guard process.isRunning else { return }
        #if canImport(Glibc)
        _ = Glibc.kill(process.processIdentifier, signal)
        #else
        _ = Darwin.kill(process.processIdentifier, signal)
        #endif
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        if process.isRunning {
            #if canImport(Glibc)
            _ = Glibc.kill(process.processIdentifier, SIGKILL)
            #else
            _ = Darwin.kill(process.processIdentifier, SIGKILL)
            #endif
        }
        process.waitUntilExit()
    }

    /// Binds a socket to 127.0.0.1:0, reads the port the kernel chose and closes it again.
    /// Another process could take the port before mosquitto does; unlikely enough for tests.
    /// A TCP port on 127.0.0.1 that was free a moment ago (for a broker, or a daemon's HTTP).
    public static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, socketStreamType, 0)
        guard fd >= 0 else { throw TestBrokerError.noFreePort(errno: errno) }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw TestBrokerError.noFreePort(errno: errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw TestBrokerError.noFreePort(errno: errno) }
        return UInt16(bigEndian: address.sin_port)
    }

    private static func acceptsConnections(port: UInt16) -> Bool {
        let fd = socket(AF_INET, socketStreamType, 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return connected == 0
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    #if canImport(Glibc)
    private static let socketStreamType = Int32(SOCK_STREAM.rawValue)
    #else
    private static let socketStreamType = SOCK_STREAM
    #endif
}
