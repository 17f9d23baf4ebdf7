import Foundation
import GRDB
@testable import MonitorDaemon
import Testing

/// `gateway_link` is folded from the frames up to a mark; readers add the frames after it. What
/// they see must always equal what the frame table says, whenever the folds ran.
@Suite("Gateway links")
struct GatewayLinksTests {
    /// A frame row as the writer stores it (only the columns the links read matter).
    static func insertFrame(_ db: Database, id: Int64, gateway: String, receivedAt: String) throws {
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
        #expect(!plan.contains { $0.hasPrefix("SCAN gateway_link") }, "each frame's gateway row by key: \(plan)")
    }

    /// Groups of frames through one recorder, each in a transaction of its own, at test times.
    private final class Recording {
        let pool: DatabasePool
        let recorder: GatewayLinkRecorder
        let start = ContinuousClock.now
        var id: Int64
        struct RolledBack: Error {}

        init(_ pool: DatabasePool, _ recorder: GatewayLinkRecorder, lastId: Int64 = 0) {
            self.pool = pool
            self.recorder = recorder
            self.id = lastId
        }

        /// A group committed (or rolled back) `seconds` into the test; receive times follow the ids.
        func group(_ gateways: [String], after seconds: Double, rollBack: Bool = false) throws {
            do {
                try pool.write { db in
                    var recorded: [(gateway: String, id: Int64, receivedAt: Date)] = []
                    for gateway in gateways {
                        id += 1
                        let at = String(format: "2026-11-24 00:%02d:%02d.000", id / 60 % 60, id % 60)
                        try GatewayLinksTests.insertFrame(db, id: id, gateway: gateway, receivedAt: at)
                        recorded.append((gateway, id, try #require(Date.fromDatabaseValue(at.databaseValue))))
                    }
                    try recorder.record(recorded, at: start + .milliseconds(Int(seconds * 1000)), in: db)
                    if rollBack { throw RolledBack() }
                }
            } catch is RolledBack {
                id -= Int64(gateways.count)
            }
        }
    }

    private static func mark(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT frameId FROM gateway_link_mark")
    }

    @Test("a gateway is folded an interval after its first unfolded frame, at most so many per group, the oldest first")
    func recorderSpreadsTheFolds() throws {
        let database = try TemporaryDatabase()
        let run = Recording(database.pool, GatewayLinkRecorder(interval: .seconds(1), maxFoldsPerGroup: 2))
        func check(_ what: String, folded: [String: Int], mark: Int64) throws {
            try run.pool.read { db in
                let expected = try Self.recomputed(db)
                #expect(try GatewayLinks.current(db) == expected, "\(what): readers see every frame")
                #expect(try Self.table(db).mapValues(\.frameCount) == folded, "\(what): the table")
                #expect(try Self.mark(db) == mark, "\(what): the mark")
            }
        }
        try run.group(["gw-a"], after: 0)
        try check("the first group folds from the table", folded: ["gw-a": 1], mark: 1)
        try run.group(["gw-a", "gw-b", "gw-c", "gw-d"], after: 0.1)  // frames 2…5
        try run.group(["gw-a"], after: 0.5)  // 6
        try check("nothing due yet", folded: ["gw-a": 1], mark: 1)
        try run.group(["gw-e"], after: 1.2, rollBack: true)
        try check("a rolled-back group folds nothing", folded: ["gw-a": 1], mark: 1)
        try run.group(["gw-e"], after: 1.2)  // 7
        // Four are due since 0.1 s; two are folded, gw-a with both its frames. The mark stops
        // before gw-c's frame 4, the oldest still unfolded.
        try check("two of four due", folded: ["gw-a": 3, "gw-b": 1], mark: 3)
        try run.group([], after: 1.3)
        try check("the other two; the mark moves at most once per interval", folded: ["gw-a": 3, "gw-b": 1, "gw-c": 1, "gw-d": 1], mark: 3)
        try run.group(["gw-f", "gw-e"], after: 2.3)  // 8, 9
        try check("gw-e with the frame of this group; the mark before gw-f's",
                  folded: ["gw-a": 3, "gw-b": 1, "gw-c": 1, "gw-d": 1, "gw-e": 2], mark: 7)
        try run.group([], after: 3.4)
        try check("all folded", folded: ["gw-a": 3, "gw-b": 1, "gw-c": 1, "gw-d": 1, "gw-e": 2, "gw-f": 1], mark: 9)
        try run.pool.read { db in
            let expected = try Self.recomputed(db)
            #expect(try GatewayLinks.lastFrameId(db, gateway: "gw-e") == 9)
            #expect(try Self.table(db) == expected)
        }
    }

    @Test("over many groups, rollbacks and a restart, readers always see exactly the frame table")
    func recorderStaysExact() throws {
        let database = try TemporaryDatabase()
        var run = Recording(database.pool, GatewayLinkRecorder(interval: .milliseconds(500), maxFoldsPerGroup: 3))
        let gateways = (0..<13).map { "gw-\($0)" }
        var clock = 0.0
        for n in 0..<240 {
            // A fixed, irregular pattern: groups of 0–6 frames over 13 gateways, a rollback now
            // and then, time steps of 0–0.25 s; halfway, a restart with frames of the old run unfolded.
            if n == 120 { run = Recording(database.pool, GatewayLinkRecorder(interval: .milliseconds(500), maxFoldsPerGroup: 3), lastId: run.id) }
            let size = (n * 5 + n / 7) % 7
            let before = try run.pool.read { db in try Self.table(db) }
            try run.group((0..<size).map { gateways[(n * 7 + $0 * 3) % 13] }, after: clock, rollBack: n % 11 == 4)
            clock += Double((n * 3) % 6) * 0.05
            try run.pool.read { db in
                let expected = try Self.recomputed(db)
                #expect(try GatewayLinks.current(db) == expected, "after group \(n)")
                for (gateway, link) in expected {
                    #expect(try GatewayLinks.lastFrameId(db, gateway: gateway) == link.lastFrameId, "after group \(n)")
                }
                if n != 0, n != 120 {
                    let changed = try Self.table(db).filter { before[$0.key] != $0.value }.count
                    #expect(changed <= 3, "group \(n) folded \(changed) gateways")
                }
            }
        }
        for step in 1...10 { try run.group([], after: clock + Double(step)) }
        try run.pool.read { db in
            let (expected, last) = (try Self.recomputed(db), try Int64.fetchOne(db, sql: "SELECT max(id) FROM frame"))
            #expect(try Self.table(db) == expected, "everything folded in the end")
            #expect(try Self.mark(db) == last)
        }
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
