import Foundation
import GRDB
@testable import MonitorDaemon
import Testing

/// Migration v10 keeps a frame's objects in its own row (`frame.objects`); the rows stored before
/// stay in `frame_object_before_v10`, and the view `frame_object` shows both as before.
@Suite("Frame objects migration v10")
struct FrameObjectsMigrationTests {
    @Test func objectsStoredBeforeAndAfterReadTheSameThroughTheView() throws {
        let database = try MigrationTestDatabase(migratedUpTo: "v9: a row to probe whether the database accepts writes")
        let pool = database.pool
        func insertFrame(_ db: Database, id: Int64) throws {
            try db.execute(sql: """
                INSERT INTO frame (id, gatewayId, topic, form, bytes, receivedAt, lastReceivedAt, serial, sourceAddress, command, deviceTime)
                VALUES (?, 'gw-1', 't', 'binary', ?, '2026-11-23 00:00:00.000', '2026-11-23 00:00:00.000', ?, 'x', 2, ?)
                """, arguments: [id, Data([0x40, UInt8(id)]), id, "2026-11-23T08:00:0\(id)"])
        }
        try pool.write { db in
            try insertFrame(db, id: 1)
            for (position, kind) in ["componentStatus", "systemStatus"].enumerated() {
                try db.execute(sql: "INSERT INTO frame_object (frameId, position, kind, body) VALUES (1, ?, ?, ?)",
                               arguments: [position, kind, #"{"kind":"\#(kind)"}"#])
            }
        }
        try database.migrateToLatest()
        try pool.write { db in
            try insertFrame(db, id: 2)
            try db.execute(sql: #"UPDATE frame SET objects = '[{"kind":"uitdStatus","flags":["normal"]}]' WHERE id = 2"#)
            try insertFrame(db, id: 3)
            try db.execute(sql: "UPDATE frame SET objects = '[]' WHERE id = 3")
        }
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT frameId, position, kind, body FROM frame_object ORDER BY frameId, position")
            #expect(rows.map { [$0["frameId"] as Int64, $0["position"] as Int64] } == [[1, 0], [1, 1], [2, 0]])
            #expect(rows.map { $0["kind"] as String } == ["componentStatus", "systemStatus", "uitdStatus"])
            #expect(rows.last?["body"] as String? == #"{"kind":"uitdStatus","flags":["normal"]}"#)
            // The old rows are still tied to their frames.
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            // One frame's objects through the view: both halves by key, no scan of all frames.
            let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT body FROM frame_object WHERE frameId = ?", arguments: [2])
                .map { $0["detail"] as String }
            #expect(plan.contains { $0.hasPrefix("SEARCH frame USING INTEGER PRIMARY KEY") }, "\(plan)")
            #expect(plan.contains { $0.hasPrefix("SEARCH frame_object_before_v10 USING PRIMARY KEY") }, "\(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN frame ") || $0 == "SCAN frame" }, "\(plan)")
        }
        try pool.write { db in
            // Nothing is written into the view: the writer stores objects with the frame.
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO frame_object (frameId, position, kind, body) VALUES (2, 1, 'x', '{}')")
            }
        }
    }
}
