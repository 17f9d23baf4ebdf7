import Foundation
import GRDB
@testable import MonitorDaemon
import Testing

/// A 确认 promises the frame survives a power cut: the writer's commits must sync the WAL.
@Suite("Database durability")
struct FirewatchDatabaseTests {
    /// GRDB sets `synchronous = NORMAL` when it turns WAL on, after `prepareDatabase`; the daemon
    /// must end up with FULL on the connection that commits frames — also when it reopens the file.
    @Test func theWriterCommitsWithSynchronousFullInWALMode() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fw-sync-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("firewatch.sqlite").path
        for _ in 0..<2 {
            let pool = try FirewatchDatabase.open(path: path)
            let (journal, synchronous) = try pool.write { db in
                (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
            }
            #expect(journal == "wal")
            #expect(synchronous == 2, "PRAGMA synchronous: 2 is FULL, 1 NORMAL")
            try pool.close()
        }
    }
}
