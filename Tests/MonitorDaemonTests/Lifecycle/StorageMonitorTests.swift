import BrokerHarness
import Foundation
@testable import MonitorDaemon
import Testing

/// Free space on the database's disk: when it is worth a log line, and what the daemon reports.
@Suite("Storage monitor")
struct StorageMonitorTests {
    @Test("low once, again only after repeatEvery, recovered once; a margin of 0 never reports")
    func transitions() {
        let t0 = ContinuousClock.now
        var watch = StorageWatch(minFreeBytes: 1000, repeatEvery: .seconds(3600))
        #expect(watch.observe(freeBytes: 5000, at: t0) == nil)
        #expect(watch.observe(freeBytes: 999, at: t0 + .seconds(10)) == .low(again: false))
        #expect(watch.observe(freeBytes: 500, at: t0 + .seconds(20)) == nil)
        #expect(watch.observe(freeBytes: 500, at: t0 + .seconds(3609)) == nil)
        #expect(watch.observe(freeBytes: 400, at: t0 + .seconds(3610)) == .low(again: true))
        #expect(watch.observe(freeBytes: 1000, at: t0 + .seconds(3620)) == .recovered)
        #expect(watch.observe(freeBytes: 2000, at: t0 + .seconds(3630)) == nil)
        #expect(watch.observe(freeBytes: 10, at: t0 + .seconds(3640)) == .low(again: false), "a new episode warns at once")

        var off = StorageWatch(minFreeBytes: 0)
        #expect(off.observe(freeBytes: 0, at: t0) == nil)
    }

    @Test("a sample reads the database and WAL sizes and the file system's free space")
    func sample() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("firewatch-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("firewatch.sqlite").path
        try Data(count: 8192).write(to: URL(fileURLWithPath: path))
        let s = StorageMonitorService.sample(path: path)
        #expect(s.databaseBytes == 8192)
        #expect(s.walBytes == nil)
        #expect((s.freeBytes ?? 0) > 0)
    }

    @Test("the running daemon warns with the figures when its disk is under the margin, and exports the gauges")
    func daemonWarnsAndExports() async throws {
        let daemon = try DaemonHarness(broker: try TestBroker.started())
        // A margin no test machine has free: the first sample, at start, is "low".
        let config = try String(contentsOf: daemon.configFile, encoding: .utf8)
            .replacingOccurrences(of: "  path: firewatch.sqlite\n", with: "  path: firewatch.sqlite\n  minFreeMegabytes: 100000000\n")
        try config.write(to: daemon.configFile, atomically: true, encoding: .utf8)
        try daemon.start()
        let deadline = Date().addingTimeInterval(10)
        while !daemon.log().contains("disk space low for the database"), Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let line = daemon.log().split(separator: "\n").first { $0.contains("disk space low for the database") }
        #expect(line?.contains("storage.min_free_mb=100000000") == true, "\(daemon.log())")
        #expect(line?.contains("storage.free_mb=") == true)
        let (status, metrics) = try await daemon.http("/metrics")
        #expect(status == 200)
        for gauge in ["firewatch_database_bytes", "firewatch_database_wal_bytes", "firewatch_storage_free_bytes"] {
            let value = metrics.split(separator: "\n").first { $0.hasPrefix(gauge + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
            #expect((value ?? 0) > 0, "\(gauge) in\n\(metrics)")
        }
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 15) == 0)
    }
}
