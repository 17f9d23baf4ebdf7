import Foundation
import GRDB
@testable import MonitorDaemon
import Testing

/// Each frame points to its gateway's previous one; the chains replace the per-gateway index.
@Suite("Frame chains")
struct FrameChainTests {
    @Test("migration v8 chains the stored frames, points gateway_link at the last stored frame, and drops the index")
    func migrationChainsTheStoredFrames() throws {
        let database = try MigrationTestDatabase(migratedUpTo: "v7: gateway_link folded from the frames once a second, up to a mark")
        let pool = database.pool
        try pool.write { db in
            // gw-a: frames 1, 3, 5 (5 received before 3: it waited in the queue); gw-b: 2, 4, 6 (6 after the mark).
            let frames: [(Int64, String, String)] = [
                (1, "gw-a", "00:00:01"), (2, "gw-b", "00:00:02"), (3, "gw-a", "00:00:04"),
                (4, "gw-b", "00:00:04"), (5, "gw-a", "00:00:03"), (6, "gw-b", "00:00:06"),
            ]
            for (id, gateway, at) in frames {
                try db.execute(sql: """
                    INSERT INTO frame (id, gatewayId, topic, form, bytes, receivedAt, lastReceivedAt, serial, sourceAddress, command, deviceTime)
                    VALUES (?, ?, 't', 'binary', ?, ?, ?, 1, 'x', 2, ?)
                    """, arguments: [id, gateway, Data("f\(id)".utf8), "2026-11-24 \(at).000", "2026-11-24 \(at).000", "d\(id)"])
            }
            try GatewayLinks.fold(db)
            try db.execute(sql: "UPDATE gateway_link_mark SET frameId = 5")
            try db.execute(sql: "UPDATE gateway_link SET lastFrameId = 3, frameCount = 3 WHERE gatewayId = 'gw-a'")
            try db.execute(sql: "UPDATE gateway_link SET lastFrameId = 4, frameCount = 2 WHERE gatewayId = 'gw-b'")
        }
        try database.migrateToLatest()
        try pool.read { db in
            let previous = try Row.fetchAll(db, sql: "SELECT id, previousId FROM frame ORDER BY id").map { ($0["id"] as Int64, $0["previousId"] as Int64?) }
            #expect(previous.map(\.1) == [nil, nil, 1, 2, 3, 4])
            #expect(try Int64.fetchOne(db, sql: "SELECT lastFrameId FROM gateway_link WHERE gatewayId = 'gw-a'") == 5,
                    "the last stored frame, not the one received last")
            #expect(try FrameChain.latestFrameIds(db, gateway: "gw-a", limit: 10) == [5, 3, 1])
            #expect(try FrameChain.latestFrameIds(db, gateway: "gw-b", limit: 2) == [6, 4])
            #expect(try FrameChain.latestFrameIds(db, gateway: "gw-x", limit: 10) == [])
            #expect(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'frame'")
                .allSatisfy { !$0.hasPrefix("frame_by_gateway") })
        }
    }

    @Test("walking a chain reads frames by row id only")
    func walkingAChainSeeksByRowId() throws {
        let database = try TemporaryDatabase()
        let pool = database.pool
        let plan = try pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(FrameChain.walk)", arguments: [1, 10]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("SEARCH frame USING INTEGER PRIMARY KEY (rowid=?)") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN frame") }, "\(plan)")
    }
}
