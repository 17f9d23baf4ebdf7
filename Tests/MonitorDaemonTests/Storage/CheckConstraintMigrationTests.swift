import Foundation
import GRDB
@testable import MonitorDaemon
import Testing

/// Migration v6 rewrites the CHECK constraints that listed three or more values with `IN` as
/// comparisons, in place: SQLite built an ephemeral table for such a list on every row written.
@Suite("CHECK constraint migration v6")
struct CheckConstraintMigrationTests {
    static let frameInsert = """
        INSERT INTO frame (gatewayId, topic, form, bytes, receivedAt, lastReceivedAt, serial, sourceAddress, command, deviceTime)
        VALUES ('gw-1', 't', ?, ?, '2026-11-24 00:00:00.000', '2026-11-24 00:00:00.000', 1, 'x', 2, '2026-11-24T08:00:00')
        """

    @Test func theSameSetsAreCheckedWithoutAnEphemeralTableAndStoredRowsStay() throws {
        let database = try MigrationTestDatabase(migratedUpTo: "v5: an incident's points as rows of their own")
        let pool = database.pool
        try pool.write { db in
            try db.execute(sql: Self.frameInsert, arguments: ["binary", Data([0x40, 0x40, 1])])
            try db.execute(sql: "INSERT INTO account (username, passwordHash, role, createdAt) VALUES ('duty', 'h', 'operator', 1)")
            let before = try Self.frameInsertOpcodes(db)
            #expect(before.contains("OpenEphemeral"), "before v6 the IN list is an ephemeral table")
        }
        try database.migrateToLatest()
        try pool.write { db in
            let integrity = try String.fetchOne(db, sql: "PRAGMA integrity_check")
            let frames = try Int.fetchOne(db, sql: "SELECT count(*) FROM frame WHERE form = 'binary'")
            let accounts = try Int.fetchOne(db, sql: "SELECT count(*) FROM account WHERE role = 'operator'")
            #expect(integrity == "ok")
            #expect(frames == 1)
            #expect(accounts == 1)
            for check in FirewatchDatabase.checkConstraintsAsComparisons {
                let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                              arguments: [check.table]) ?? ""
                #expect(!sql.contains(check.list) && sql.contains("CHECK (\(check.comparisons))"), "\(check.table): \(sql)")
            }
            let after = try Self.frameInsertOpcodes(db)
            #expect(!after.contains("OpenEphemeral"), "\(after)")
            // The same sets are still enforced.
            try db.execute(sql: Self.frameInsert, arguments: ["json", Data([0x7B, 0x7D])])
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: Self.frameInsert, arguments: ["xml", Data([0x3C])])
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO account (username, passwordHash, role, createdAt) VALUES ('x', 'h', 'root', 1)")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO account (username, passwordHash, role, createdAt) VALUES ('y', 'h', NULL, 1)")
            }
        }
        // A reader connection sees the new schema too.
        try pool.read { db in
            let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'frame'") ?? ""
            #expect(sql.contains("form = 'json'"))
        }
    }

    static func frameInsertOpcodes(_ db: Database) throws -> [String] {
        try Row.fetchAll(db, sql: "EXPLAIN " + frameInsert, arguments: ["binary", Data([0])]).map { $0["opcode"] as String }
    }
}
