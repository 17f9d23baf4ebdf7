import Foundation
import GRDB

/// Opens the SQLite database: a WAL `DatabasePool` (one writer, concurrent readers), FULL
/// synchronous commits, foreign keys, and the append-only migrations.
///
/// `synchronous = FULL` because a 确认 promises the frame survives a power cut; grouping many
/// frames per transaction is what keeps that affordable.
enum FirewatchDatabase {
    static func open(path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.label = "firewatch"
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try migrator.migrate(pool)
        return pool
    }

    /// Append-only: a shipped migration is never edited, only followed by a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: frames, objects, quarantine, gateway link") { db in
            // Every accepted frame, once; a retransmission bumps repeatCount (same gateway, same bytes —
            // the bytes hold source address, serial and time label).
            try db.execute(sql: """
                CREATE TABLE frame (
                    id INTEGER PRIMARY KEY,
                    gatewayId TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    form TEXT NOT NULL CHECK (form IN ('binary', 'asciiHex', 'json')),
                    bytes BLOB NOT NULL,
                    receivedAt DATETIME NOT NULL,
                    lastReceivedAt DATETIME NOT NULL,
                    repeatCount INTEGER NOT NULL DEFAULT 0 CHECK (repeatCount >= 0),
                    serial INTEGER NOT NULL CHECK (serial BETWEEN 0 AND 65535),
                    sourceAddress TEXT NOT NULL,
                    command INTEGER NOT NULL,
                    deviceTime TEXT NOT NULL,
                    aduType INTEGER,
                    UNIQUE (gatewayId, bytes)
                );
                CREATE INDEX frame_by_gateway_time ON frame (gatewayId, receivedAt);
                CREATE TABLE frame_object (
                    frameId INTEGER NOT NULL REFERENCES frame(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL CHECK (position >= 0),
                    kind TEXT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (frameId, position)
                ) WITHOUT ROWID;
                CREATE TABLE quarantine (
                    id INTEGER PRIMARY KEY,
                    gatewayId TEXT,
                    topic TEXT NOT NULL,
                    receivedAt DATETIME NOT NULL,
                    reason TEXT NOT NULL,
                    message TEXT NOT NULL,
                    byteOffset INTEGER,
                    serial INTEGER,
                    bytes BLOB NOT NULL,
                    bytesTruncated INTEGER NOT NULL DEFAULT 0 CHECK (bytesTruncated IN (0, 1))
                );
                CREATE INDEX quarantine_by_time ON quarantine (receivedAt);
                CREATE TABLE gateway_link (
                    gatewayId TEXT PRIMARY KEY,
                    lastFrameAt DATETIME NOT NULL,
                    lastFrameId INTEGER NOT NULL REFERENCES frame(id),
                    frameCount INTEGER NOT NULL CHECK (frameCount > 0)
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
