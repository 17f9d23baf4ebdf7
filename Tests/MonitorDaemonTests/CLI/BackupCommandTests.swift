import BrokerHarness
import Foundation
import GRDB
@testable import MonitorDaemon
import Testing

/// `firewatch backup` as an operator runs it beside the live daemon: the copy holds what was
/// committed, including commits still in the WAL, and appears only whole.
@Suite("firewatch backup")
struct BackupCommandTests {
    /// Commits `count` frames of gateway `gw-bk` through a writer that never checkpoints, so they
    /// stay in the `-wal` file as they would between the daemon's checkpoints.
    func commitFrames(_ pool: DatabasePool, from first: Int, count: Int) throws {
        for i in first..<(first + count) {
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO frame (gatewayId, topic, form, bytes, receivedAt, lastReceivedAt, serial, sourceAddress, command, deviceTime)
                    VALUES ('gw-bk', 'firewatch/v1/gateways/gw-bk/up', 'binary', ?, 0, 0, ?, '000000000000', 2, '2026-11-24T12:00:00')
                    """, arguments: [Data([0x40, 0x40, UInt8(i & 0xFF), UInt8(i >> 8)]), i % 65536])
            }
        }
    }

    func frameCount(_ path: String) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM frame WHERE gatewayId = 'gw-bk'") ?? -1
        }
    }

    @Test("the copy has every committed frame, WAL included; it is never overwritten unasked; --force takes a newer one")
    func backupWhileTheWriterIsOpen() throws {
        let files = try DaemonHarness(broker: TestBroker(port: 1))
        let pool = try FirewatchDatabase.open(path: files.databaseFile.path)
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        try commitFrames(pool, from: 0, count: 300)
        let wal = try FileManager.default.attributesOfItem(atPath: files.databaseFile.path + "-wal")[.size] as? Int ?? 0
        #expect(wal > 0, "the frames must still be in the WAL for this test to mean anything")

        let destination = files.directory.appendingPathComponent("backups/firewatch-1.sqlite")
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        let arguments = ["backup", "--config", files.configFile.path, "--to", destination.path]
        let first = try firewatch(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("quick_check ok") && first.stdout.contains("schema \"\(FirewatchDatabase.migrator.migrations.last!)\""), "\(first.stdout)")
        #expect(try frameCount(destination.path) == 300)
        #expect(!FileManager.default.fileExists(atPath: destination.path + "-wal"), "a backup stands alone")

        try commitFrames(pool, from: 300, count: 5)
        let again = try firewatch(arguments)
        #expect(again.status == 1 && again.stderr.contains("exists already"), "\(again.stderr)")
        #expect(try frameCount(destination.path) == 300, "a refused backup leaves the old copy alone")

        let forced = try firewatch(arguments + ["--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try frameCount(destination.path) == 305)
        let left = try FileManager.default.contentsOfDirectory(atPath: destination.deletingLastPathComponent().path)
        #expect(left == ["firewatch-1.sqlite"], "no partial file left behind: \(left)")
        try pool.close()
    }

    @Test("a missing folder, a missing database, or the database itself as destination: one line, exit 1, nothing written")
    func refusals() throws {
        let files = try DaemonHarness(broker: TestBroker(port: 1))
        let config = ["--config", files.configFile.path]
        let noDatabase = try firewatch(["backup", "--to", files.directory.appendingPathComponent("b.sqlite").path] + config)
        #expect(noDatabase.status == 1 && noDatabase.stderr.contains("no database at"), "\(noDatabase.stderr)")

        let pool = try FirewatchDatabase.open(path: files.databaseFile.path)
        try commitFrames(pool, from: 0, count: 1)
        let noFolder = try firewatch(["backup", "--to", files.directory.appendingPathComponent("missing/b.sqlite").path] + config)
        #expect(noFolder.status == 1 && noFolder.stderr.contains("no folder"), "\(noFolder.stderr)")
        let itself = try firewatch(["backup", "--to", files.databaseFile.path, "--force"] + config)
        #expect(itself.status == 1 && itself.stderr.contains("the database itself"), "\(itself.stderr)")
        #expect(try frameCount(files.databaseFile.path) == 1)
        try pool.close()
    }
}
