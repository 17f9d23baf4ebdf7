import Foundation
import GRDB
@testable import MonitorDaemon
import Testing

/// `gateway_link` is folded from the frames up to a mark; readers add the frames after it. What
/// they see must always equal what the frame table says, whenever the folds ran.
@Suite("Gateway links")
struct GatewayLinksTests {
    /// A frame row as the writer stores it (only the columns the links read matter).
    private static func insertFrame(_ db: Database, id: Int64, gateway: String, receivedAt: String) throws {
        try db.execute(sql: """
            INSERT INTO frame (id, gatewayId, topic, form, bytes, receivedAt, lastReceivedAt, serial, sourceAddress, command, deviceTime)
            VALUES (?, ?, 't', 'binary', ?, ?, ?, 1, 'x', 2, ?)
            """, arguments: [id, gateway, Data("frame-\(id)".utf8), receivedAt, receivedAt, "d-\(id)"])
    }

    /// The links straight from the frame table: count, latest receive time, last stored frame.
    private static func recomputed(_ db: Database) throws -> [String: GatewayLinks.Link] {
        var links: [String: GatewayLinks.Link] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, gatewayId, receivedAt FROM frame ORDER BY id") {
            let gateway: String = row["gatewayId"]
            let at: Date = row["receivedAt"]
            var link = links[gateway] ?? GatewayLinks.Link(lastFrameAt: at, lastFrameId: row["id"], frameCount: 0)
            link.frameCount += 1
            link.lastFrameAt = max(link.lastFrameAt, at)
            link.lastFrameId = row["id"]
            links[gateway] = link
        }
        return links
    }

    private static func table(_ db: Database) throws -> [String: GatewayLinks.Link] {
        var links: [String: GatewayLinks.Link] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM gateway_link") {
            links[row["gatewayId"]] = GatewayLinks.Link(lastFrameAt: row["lastFrameAt"], lastFrameId: row["lastFrameId"],
                                                        frameCount: row["frameCount"])
        }
        return links
    }

    @Test("readers see every committed frame whether or not a fold ran, and a fold catches the table up")
    func currentIsExactAcrossFolds() throws {
        let database = try TemporaryDatabase()
        let pool = database.pool
        // Three gateways, receive times not in id order for gw-a (a frame that waited in the
        // queue is stored after a later one), folds after some groups only.
        let groups: [[(gateway: String, at: String)]] = [
            [("gw-a", "2026-11-24 00:00:01.000"), ("gw-b", "2026-11-24 00:00:01.500")],
            [("gw-a", "2026-11-24 00:00:03.000"), ("gw-a", "2026-11-24 00:00:02.000")],
            [("gw-c", "2026-11-24 00:00:04.000")],
            [("gw-b", "2026-11-24 00:00:05.000"), ("gw-a", "2026-11-24 00:00:02.500")],
            [("gw-c", "2026-11-24 00:00:06.000")],
        ]
        let foldAfter: Set<Int> = [0, 3]
        var id: Int64 = 0
        for (index, group) in groups.enumerated() {
            try pool.write { db in
                for frame in group {
                    id += 1
                    try Self.insertFrame(db, id: id, gateway: frame.gateway, receivedAt: frame.at)
                }
                if foldAfter.contains(index) { try GatewayLinks.fold(db) }
            }
            try pool.read { db in
                let (current, expected) = (try GatewayLinks.current(db), try Self.recomputed(db))
                #expect(current == expected, "after group \(index)")
            }
        }
        try pool.read { db in
            // The last fold (after group 3) covered frames 1…7; frame 8 is the tail.
            #expect(try Int64.fetchOne(db, sql: "SELECT frameId FROM gateway_link_mark") == 7)
            let table = try Self.table(db)
            #expect(table["gw-c"]?.frameCount == 1)
            let frame3 = try #require(try Date.fetchOne(db, sql: "SELECT receivedAt FROM frame WHERE id = 3"))
            let gwA = try GatewayLinks.current(db)["gw-a"]
            // The latest receive time is frame 3's; the last stored frame is 7.
            #expect(gwA == GatewayLinks.Link(lastFrameAt: frame3, lastFrameId: 7, frameCount: 4))
            #expect(try GatewayLinks.lastFrameId(db, gateway: "gw-a") == 7)
            #expect(try GatewayLinks.lastFrameId(db, gateway: "gw-c") == 8, "from the tail")
            #expect(try GatewayLinks.lastFrameId(db, gateway: "gw-x") == nil)
        }
        // A crash keeps nothing in memory that matters: a new pool on the same file sees the same.
        let reopened = try FirewatchDatabase.open(path: database.path)
        try reopened.write { db in
            let expected = try Self.recomputed(db)
            #expect(try GatewayLinks.current(db) == expected)
            try GatewayLinks.fold(db)
            #expect(try Self.table(db) == expected, "a fold leaves no tail")
            try GatewayLinks.fold(db)
            #expect(try Self.table(db) == expected, "folding again changes nothing")
        }
    }

    @Test("the tail is read by row id from the mark, not through an index over every frame")
    func tailIsARowIdRange() throws {
        let database = try TemporaryDatabase()
        let pool = database.pool
        let plan = try pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(GatewayLinks.tail)").map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("SEARCH frame USING INTEGER PRIMARY KEY (rowid>?)") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN frame") }, "\(plan)")
    }

    @Test("the recorder folds in the group's transaction, at most once per interval")
    func recorderFoldsOncePerInterval() throws {
        let database = try TemporaryDatabase()
        let pool = database.pool
        let hourly = GatewayLinkRecorder(interval: .seconds(3600))
        let always = GatewayLinkRecorder(interval: .zero)
        for id in Int64(1)...4 {
            try pool.write { db in
                try Self.insertFrame(db, id: id, gateway: "gw-a", receivedAt: "2026-11-24 00:00:0\(id).000")
                try hourly.ingested([], in: db)
            }
        }
        try pool.read { db in
            // Folded with the first group only.
            let (table, current) = (try Self.table(db), try GatewayLinks.current(db))
            #expect(table["gw-a"]?.frameCount == 1)
            #expect(current["gw-a"]?.frameCount == 4)
        }
        try pool.write { db in
            try Self.insertFrame(db, id: 5, gateway: "gw-b", receivedAt: "2026-11-24 00:00:05.000")
            try always.ingested([], in: db)
        }
        try pool.read { db in
            let expected = try Self.recomputed(db)
            #expect(try Self.table(db) == expected)
        }
    }

    @Test("after the first fold the recorder folds what the committed frames added; a rolled-back group adds nothing")
    func recorderFoldsTheCommittedDelta() throws {
        let database = try TemporaryDatabase()
        let pool = database.pool
        let recorder = GatewayLinkRecorder(interval: .seconds(1))
        let start = ContinuousClock.now
        var id: Int64 = 0
        struct RolledBack: Error {}
        /// A group committed `after` seconds into the test (the recorder folds once a second).
        func group(_ frames: [(gateway: String, at: String)], after seconds: Double, rollBack: Bool = false) throws {
            do {
                try pool.write { db in
                    var recorded: [(gateway: String, id: Int64, receivedAt: Date)] = []
                    for frame in frames {
                        id += 1
                        try Self.insertFrame(db, id: id, gateway: frame.gateway, receivedAt: frame.at)
                        recorded.append((frame.gateway, id, try #require(Date.fromDatabaseValue(frame.at.databaseValue))))
                    }
                    try recorder.record(recorded, at: start + .seconds(seconds), in: db)
                    if rollBack { throw RolledBack() }
                }
            } catch is RolledBack {}
        }
        var lastMark: Int64 = 0
        func check(_ what: String, mark: Int64) throws {
            try pool.read { db in
                let expected = try Self.recomputed(db)
                if mark != lastMark {
                    #expect(try Self.table(db) == expected, "\(what): a fold leaves no tail")
                }
                #expect(try GatewayLinks.current(db) == expected, "\(what)")
                #expect(try Int64.fetchOne(db, sql: "SELECT frameId FROM gateway_link_mark") == mark, "\(what)")
            }
            lastMark = mark
        }
        // Frames of an earlier run after the mark: the first fold reads them from the table.
        try pool.write { db in try Self.insertFrame(db, id: 100, gateway: "gw-z", receivedAt: "2026-11-23 23:59:59.000") }
        id = 100
        try group([("gw-a", "2026-11-24 00:00:01.000"), ("gw-b", "2026-11-24 00:00:02.000")], after: 0)
        try check("first fold, from the table", mark: 102)
        try group([("gw-a", "2026-11-24 00:00:03.000"), ("gw-c", "2026-11-24 00:00:04.000")], after: 0.2)
        try check("not due: in the tail", mark: 102)
        try group([("gw-b", "2026-11-24 00:00:05.000")], after: 0.4, rollBack: true)
        try check("a rolled-back group", mark: 102)
        // Due: folds groups 2 and 4 from what the recorder kept (not the rolled-back frame 105).
        // gw-a's newest frame was received before its previous one (it waited in the queue).
        try group([("gw-a", "2026-11-24 00:00:02.500"), ("gw-b", "2026-11-24 00:00:06.000")], after: 1.1)
        try check("folded from what the recorder kept", mark: 107)
        try group([("gw-c", "2026-11-24 00:00:07.000")], after: 2.2, rollBack: true)
        try check("a rolled-back fold", mark: 107)
        try group([("gw-c", "2026-11-24 00:00:08.000")], after: 2.3)
        try check("the fold after it", mark: 109)
        let links = try pool.read { db in try GatewayLinks.current(db) }
        #expect(links["gw-a"]?.lastFrameId == 106)
        #expect(links["gw-b"]?.frameCount == 2)
        #expect(links["gw-c"]?.frameCount == 2)
    }

    @Test("migration v7 puts the mark after the last frame: the links stay as they were")
    func migrationMarksTheLastFrame() throws {
        let database = try MigrationTestDatabase(migratedUpTo: "v6: CHECK constraints as comparisons, not IN lists")
        try database.pool.write { db in
            for id in Int64(1)...3 {
                try Self.insertFrame(db, id: id, gateway: "gw-a", receivedAt: "2026-11-24 00:00:0\(id).000")
            }
            try db.execute(sql: """
                INSERT INTO gateway_link (gatewayId, lastFrameAt, lastFrameId, frameCount) VALUES ('gw-a', '2026-11-24 00:00:03.000', 3, 3)
                """)
        }
        try database.migrateToLatest()
        try database.pool.read { db in
            #expect(try Int64.fetchOne(db, sql: "SELECT frameId FROM gateway_link_mark") == 3)
            let expected = try Self.recomputed(db)
            #expect(try GatewayLinks.current(db) == expected)
            #expect(try Self.table(db) == expected)
        }
    }
}
