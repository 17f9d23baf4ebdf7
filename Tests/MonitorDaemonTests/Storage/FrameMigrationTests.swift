import Foundation
import GRDB
@testable import MonitorDaemon
import Testing

/// Migration v4 rebuilds `frame` with its identity keyed by device time first.
@Suite("Frame table migration v4")
struct FrameMigrationTests {
    @Test func framesObjectsAndLinksSurviveAndTheIdentityStillHolds() throws {
        let database = try MigrationTestDatabase(migratedUpTo: "v3: accounts, sessions, API tokens, audit trail, notice receipts")
        let pool = database.pool
        try pool.write { db in
            for i in 1...3 {
                try db.execute(sql: """
                    INSERT INTO frame (id, gatewayId, topic, form, bytes, receivedAt, lastReceivedAt, repeatCount, serial,
                                       sourceAddress, command, deviceTime, aduType)
                    VALUES (?, 'gw-1', 'firewatch/v1/gateways/gw-1/up', 'binary', ?, '2026-11-23 00:00:0\(i).000',
                            '2026-11-23 00:00:0\(i).000', ?, ?, '010203040506', 2, '2026-11-23T08:00:0\(i)', 2)
                    """, arguments: [i, Data([0x40, 0x40, UInt8(i)]), i - 1, i])
                try db.execute(sql: "INSERT INTO frame_object (frameId, position, kind, body) VALUES (?, 0, 'componentStatus', '{}')",
                               arguments: [i])
            }
            try db.execute(sql: "INSERT INTO gateway_link (gatewayId, lastFrameAt, lastFrameId, frameCount) VALUES ('gw-1', '2026-11-23 00:00:03.000', 3, 3)")
        }
        try database.migrateToLatest()
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, bytes, repeatCount, deviceTime FROM frame ORDER BY id")
            #expect(rows.map { $0["id"] as Int64 } == [1, 2, 3])
            #expect(rows.map { $0["repeatCount"] as Int } == [0, 1, 2])
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM frame_object o JOIN frame f ON f.id = o.frameId") == 3)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'frame' ORDER BY name")
            // v4's per-gateway index is gone again since v8 (``FrameChain``).
            #expect(!indexes.contains("frame_by_gateway") && !indexes.contains("frame_by_gateway_time"))
        }
        try pool.write { db in
            // The same frame again is refused by the identity, a different one is not.
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO frame (gatewayId, topic, form, bytes, receivedAt, lastReceivedAt, serial, sourceAddress, command, deviceTime)
                    VALUES ('gw-1', 't', 'binary', ?, '2026-11-23 00:01:00.000', '2026-11-23 00:01:00.000', 1, 'x', 2, '2026-11-23T08:00:01')
                    """, arguments: [Data([0x40, 0x40, 1])])
            }
            try db.execute(sql: """
                INSERT INTO frame (gatewayId, topic, form, bytes, receivedAt, lastReceivedAt, serial, sourceAddress, command, deviceTime)
                VALUES ('gw-2', 't', 'binary', ?, '2026-11-23 00:01:00.000', '2026-11-23 00:01:00.000', 1, 'x', 2, '2026-11-23T08:00:01')
                """, arguments: [Data([0x40, 0x40, 1])])
            // Foreign keys still point at the rebuilt table.
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO frame_object_before_v10 (frameId, position, kind, body) VALUES (999, 0, 'x', '{}')")
            }
        }
    }
}
