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

    /// A new database gets 16 KiB pages (the commit-latency tail, docs/ingest.md); one created
    /// with SQLite's 4 KiB pages keeps them and migrates as before. Either way the writer's own
    /// checkpoint waits for 32 MiB of WAL, whatever the page size.
    @Test func newDatabasesGetLargePagesAndOldOnesKeepTheirs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fw-pages-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let fresh = folder.appendingPathComponent("fresh.sqlite").path
        let old = folder.appendingPathComponent("old.sqlite").path
        let before = try DatabaseQueue(path: old)
        try before.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = 4096; CREATE TABLE left_by_an_older_daemon (id INTEGER PRIMARY KEY)")
        }
        try before.close()

        for (path, pageSize) in [(fresh, 16384), (old, 4096)] {
            for _ in 0..<2 {
                let pool = try FirewatchDatabase.open(path: path)
                let (size, autocheckpoint, frames) = try pool.write { db in
                    (try Int.fetchOne(db, sql: "PRAGMA page_size"), try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint"),
                     try Int.fetchOne(db, sql: "SELECT count(*) FROM frame"))
                }
                #expect(size == pageSize, "\(path)")
                #expect(autocheckpoint == (32 << 20) / pageSize, "\(path)")
                #expect(frames == 0)
                try pool.close()
            }
        }
    }
}
