import BrokerHarness
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import MosquittoClient
import PanelProtocol
#if canImport(Glibc)
import Glibc
#endif

/// A real `firewatch run` process against a real broker and a real SQLite file, in a temp folder.
final class DaemonHarness: @unchecked Sendable {
    // `@unchecked Sendable`: `process` is only replaced by the test's own sequential steps.
    let broker: TestBroker
    let directory: URL
    let configFile: URL
    let registryFile: URL
    let databaseFile: URL
    let logFile: URL
    /// The daemon's HTTP port (a free one: several daemons may run at once in the tests).
    let httpPort: UInt16
    private(set) var process: Process?

    /// Gateways of the test registry: `gw-a` (checks its source address), `gw-b`, `gw-json`.
    static let sourceA = NodeAddress(0x01, 0x00, 0xA8, 0xC0, 0x00, 0x00)
    static let centre = NodeAddress(0, 0, 0, 0, 0, 0)

    /// `extraConfiguration`: YAML appended to the config (e.g. an `escalation:` section).
    /// `tls`: the daemon connects to this listener of the broker with these certificates (the
    /// client's), instead of to `broker.port`.
    init(broker: TestBroker, maxPayloadBytes: Int = 4096, shutdownSeconds: Int = 8, extraConfiguration: String = "",
         tls: (port: UInt16, certificates: TestCertificates)? = nil) throws {
        self.broker = broker
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("firewatch-it-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        configFile = directory.appendingPathComponent("firewatch.yaml")
        registryFile = directory.appendingPathComponent("registry.yaml")
        databaseFile = directory.appendingPathComponent("firewatch.sqlite")
        logFile = directory.appendingPathComponent("firewatch.log")
        httpPort = try TestBroker.freePort()
        try ("""
        mqtt:
          host: 127.0.0.1
          port: \(tls?.port ?? broker.port)
          clientId: firewatch-it-\(UUID().uuidString.prefix(8))
          maxPayloadBytes: \(maxPayloadBytes)
        \(tls.map { "  tls: {caFile: \($0.certificates.caFile), certFile: \($0.certificates.clientCertificateFile), "
                    + "keyFile: \($0.certificates.clientKeyFile)}" } ?? "")
        database:
          path: firewatch.sqlite
        registry:
          path: registry.yaml
        http:
          port: \(httpPort)
        shutdown:
          timeoutSeconds: \(shutdownSeconds)
        log:
          level: info

        """ + extraConfiguration).write(to: configFile, atomically: true, encoding: .utf8)
        try writeRegistry(extraGateways: [])
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: directory)
    }

    /// A fresh broker and a started daemon: how every end-to-end test begins.
    static func running(maxPayloadBytes: Int = 4096, shutdownSeconds: Int = 8, extraConfiguration: String = "") throws -> DaemonHarness {
        let daemon = try DaemonHarness(broker: try TestBroker.started(), maxPayloadBytes: maxPayloadBytes,
                                       shutdownSeconds: shutdownSeconds, extraConfiguration: extraConfiguration)
        try daemon.start()
        return daemon
    }

    /// A simulated gateway on this daemon's broker.
    func gateway(_ id: String, source: NodeAddress = .zero) async throws -> SimulatedGateway {
        try await SimulatedGateway(id: id, source: source, broker: broker)
    }

    /// SIGTERM, then the exit status (nil if it did not exit within `timeout`).
    func terminate(timeout: TimeInterval = 10) -> Int32? {
        signal(SIGTERM)
        return waitForExit(timeout: timeout)
    }

    func distinctSerials(gateway: String) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT count(DISTINCT serial) FROM frame WHERE gatewayId = ?", arguments: [gateway]) ?? 0
        }
    }

    func writeRegistry(extraGateways: [String]) throws {
        var text = """
        departments:
          - {id: dept-01, name: 某市消防救援支队}
        brigades:
          - {id: brig-01, name: 城区大队, department: dept-01}
        units:
          - id: unit-0001
            name: 某某大厦物业管理有限公司
            brigade: brig-01
            contacts:
              - {role: controlRoom, phone: "0100000000"}
        buildings:
          - {id: bldg-0001, name: 某某大厦, unit: unit-0001, address: 某市某区某路1号}
        gateways:
          - {id: gw-a, building: bldg-0001, sourceAddress: "\(Self.sourceA.hex)"}
          - {id: gw-b, building: bldg-0001}
          - {id: gw-json, building: bldg-0001}

        """
        for id in extraGateways { text += "  - {id: \(id), building: bldg-0001}\n" }
        try text.write(to: registryFile, atomically: true, encoding: .utf8)
    }

    /// The built `firewatch` executable: next to the test bundle in the build folder.
    static var executable: URL {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = exe.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("firewatch")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "firewatch")
    }

    /// Starts the daemon and waits until it logged `ready` (subscription granted). `environment`
    /// is added to the test process's own (e.g. `NOTIFY_SOCKET`, as systemd sets it).
    func start(environment: [String: String] = [:]) throws {
        let handle = try FileHandle(forWritingTo: logFile)
        handle.seekToEndOfFile()
        let p = Process()
        p.executableURL = Self.executable
        p.arguments = ["run", "--config", configFile.path]
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        try TestBroker.runWithDefaultSignalMask(p)
        try? handle.close()
        process = p
        let readyCount = log().components(separatedBy: "] ready").count
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if log().components(separatedBy: "] ready").count > readyCount { return }
            if !p.isRunning { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw HarnessError("daemon did not become ready:\n\(log())")
    }

    func signal(_ sig: Int32) {
        if let process { kill(process.processIdentifier, sig) }
    }

    /// Waits for the process to exit; its status, or nil after `timeout`.
    func waitForExit(timeout: TimeInterval) -> Int32? {
        guard let process else { return nil }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// `GET` of a path of the daemon's HTTP server: status and body.
    func http(_ path: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(httpPort)\(path)")!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    func log() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// A read-only look at the daemon's database (WAL: reading while it writes is fine).
    /// A write to the daemon's live database from a connection of the test's own (e.g. a trigger
    /// that makes the daemon's commits fail).
    func write(_ body: (Database) throws -> Void) throws {
        var config = Configuration()
        config.busyMode = .timeout(5)
        try DatabaseQueue(path: databaseFile.path, configuration: config).write(body)
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        var config = Configuration()
        config.readonly = true
        // The daemon may be checkpointing the WAL at this moment: wait, don't fail the read.
        config.busyMode = .timeout(5)
        let queue = try DatabaseQueue(path: databaseFile.path, configuration: config)
        return try queue.read(body)
    }

    func frameCount(gateway: String? = nil) throws -> Int {
        try read { db in
            if let gateway { return try Int.fetchOne(db, sql: "SELECT count(*) FROM frame WHERE gatewayId = ?", arguments: [gateway]) ?? 0 }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM frame") ?? 0
        }
    }

    func quarantineReasons() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT reason FROM quarantine ORDER BY id") }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Polls `condition` until true or `timeout`.
func eventually(_ timeout: TimeInterval = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}
