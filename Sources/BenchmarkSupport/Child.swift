public import Foundation

/// A process the benchmark starts (the daemon, the C responder) with its output in a log file:
/// the log is how we learn it is ready and what went wrong, and its pid goes to the script's pids
/// file so the script can clean up even if the benchmark dies.
public final class Child: Sendable {
    let name: String
    public let process: Process
    public let logPath: String

    /// Starts `executable`; `environment` nil inherits ours. Fails the benchmark if the log
    /// cannot be written.
    public init(name: String, executable: String, arguments: [String], environment: [String: String]? = nil,
                logPath: String, pidsFile: String?) throws {
        self.name = name
        self.logPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        guard let log = FileHandle(forWritingAtPath: logPath) else { fail("cannot write \(logPath)") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let environment { p.environment = environment }
        p.standardOutput = log
        p.standardError = log
        try p.run()
        process = p
        if let pidsFile, let h = FileHandle(forUpdatingAtPath: pidsFile) {
            h.seekToEndOfFile()
            h.write(Data("\(p.processIdentifier)\n".utf8))
            try? h.close()
        }
    }

    public var pid: Int32 { process.processIdentifier }

    /// The whole log so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits until the log contains `marker`; fails if the process exits or the time runs out.
    public func waitFor(_ marker: String, timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if log.contains(marker) { return }
            if !process.isRunning { fail("\(name) exited (status \(process.terminationStatus)) before \"\(marker)\"; log:\n\(log)") }
            try? await Task.sleep(for: .milliseconds(20))
        }
        fail("\(name) did not print \"\(marker)\" within \(timeout); log:\n\(log)")
    }

    /// SIGTERM, then waits; SIGKILL after `timeout`. Returns (exit status, seconds taken): the
    /// shutdown time is a figure too.
    public func stop(timeout: Duration) async -> (status: Int32?, seconds: Double) {
        let start = ContinuousClock.now
        if process.isRunning { kill(pid, SIGTERM) }
        while process.isRunning && ContinuousClock.now - start < timeout { try? await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning {
            kill(pid, SIGKILL)
            while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
            return (nil, (ContinuousClock.now - start).seconds)
        }
        return (process.terminationStatus, (ContinuousClock.now - start).seconds)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
