import Foundation
import GRDB

/// Opens the SQLite database: a WAL `DatabasePool` (one writer, concurrent readers), FULL
/// synchronous commits, foreign keys, and the append-only migrations.
///
/// `synchronous = FULL` because a 确认 promises the frame survives a power cut; grouping many
/// frames per transaction is what keeps that affordable.
enum FirewatchDatabase {
    /// The page size a new database is created with.
    static let preferredPageSize = 16384
    /// WAL size past which the writer checkpoints by itself (`wal_autocheckpoint`, in pages).
    static let writerCheckpointBytes = 32 << 20

    static func open(path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.label = "firewatch"
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            if !db.configuration.readonly {
                // The writer's page cache: 4 MiB instead of SQLite's 2 MiB, for the alerting rows
                // a storm rewrites all over their tables. Frames append at the tables' ends and
                // need few pages (16 MiB served the per-gateway index that v8 dropped).
                try db.execute(sql: "PRAGMA cache_size = -4096")
                // 16 KiB pages for a new database (SQLite ignores this for an existing one, which
                // keeps its size): at the benchmark's fixed load the frame → 确认 p99 fell by 0.7 ms
                // (median of twelve pairs) against 4 KiB pages (docs/benchmarks.md, thirteenth round).
                try db.execute(sql: "PRAGMA page_size = \(preferredPageSize)")
                // The writer checkpoints itself only past 32 MiB of WAL: the copying is done by
                // `WALCheckpointService` off the commit path, and the writer's own checkpoint,
                // finding little left to copy, then lets the WAL start over.
                let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? preferredPageSize
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(writerCheckpointBytes / pageSize)")
            }
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let pool = try DatabasePool(path: path, configuration: configuration)
        // After `prepareDatabase`, GRDB turns WAL on for the writer and with it sets
        // `synchronous = NORMAL` (the WAL is then synced only at checkpoints: a power cut could
        // take back a committed, acknowledged group). So FULL is set here, on the open writer.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
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
        migrator.registerMigration("v2: alerting state, incidents, hazards, notices, decisions, gateway commands") { db in
            // The core's memory, row by row (JSON bodies of the Alerting types). Times in alerting
            // tables are milliseconds since the epoch, UTC.
            try db.execute(sql: """
                CREATE TABLE alerting_global (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    body TEXT NOT NULL
                );
                CREATE TABLE alerting_building (
                    id TEXT PRIMARY KEY,
                    body TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE alerting_point (
                    building TEXT NOT NULL,
                    id TEXT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (building, id)
                ) WITHOUT ROWID;
                CREATE TABLE alerting_gateway (
                    id TEXT PRIMARY KEY,
                    body TEXT NOT NULL
                ) WITHOUT ROWID;
                -- Fire incidents and hazards, open (closedAt NULL: part of the state) and closed.
                CREATE TABLE incident (
                    id TEXT PRIMARY KEY,
                    building TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('unconfirmed', 'confirmedReal')),
                    openedAt INTEGER NOT NULL,
                    closedAt INTEGER CHECK (closedAt IS NULL OR closedAt >= openedAt),
                    body TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX incident_by_building ON incident (building, openedAt);
                CREATE INDEX incident_open ON incident (openedAt) WHERE closedAt IS NULL;
                CREATE TABLE hazard (
                    id TEXT PRIMARY KEY,
                    building TEXT NOT NULL,
                    gateway TEXT NOT NULL,
                    condition TEXT NOT NULL,
                    onset INTEGER NOT NULL,
                    closedAt INTEGER,
                    body TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX hazard_by_building ON hazard (building, onset);
                CREATE INDEX hazard_open ON hazard (onset) WHERE closedAt IS NULL;
                -- Written notices (interfaces §4). seq is the cursor of pull consumers; id is the
                -- core's stable id, unique so that no notice is ever created twice.
                CREATE TABLE notice (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    party TEXT NOT NULL CHECK (party IN ('unit', 'brigade', 'department')),
                    recipient TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    severity TEXT NOT NULL CHECK (severity IN ('critical', 'major', 'minor', 'info')),
                    building TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    incident TEXT,
                    hazard TEXT,
                    reason TEXT NOT NULL,
                    createdAt INTEGER NOT NULL,
                    policyVersion TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    document TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    deliveredAt INTEGER
                );
                CREATE INDEX notice_pending ON notice (seq) WHERE deliveredAt IS NULL;
                CREATE INDEX notice_by_building ON notice (building, seq);
                CREATE INDEX notice_by_incident ON notice (incident) WHERE incident IS NOT NULL;
                CREATE INDEX notice_by_hazard ON notice (hazard) WHERE hazard IS NOT NULL;
                -- Every decision of the core, in order: what `firewatch explain` prints.
                CREATE TABLE alerting_decision (
                    seq INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    type TEXT NOT NULL CHECK (type IN ('notice', 'withheld', 'change', 'command', 'rejected')),
                    subject TEXT,
                    building TEXT,
                    reason TEXT NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE INDEX alerting_decision_by_subject ON alerting_decision (subject, seq);
                -- Frames the centre sends on its own (查岗 type 91, clock sync type 90).
                CREATE TABLE gateway_command (
                    id INTEGER PRIMARY KEY,
                    gateway TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    serial INTEGER NOT NULL CHECK (serial BETWEEN 0 AND 65535),
                    payload BLOB NOT NULL,
                    createdAt INTEGER NOT NULL,
                    sentAt INTEGER
                );
                CREATE INDEX gateway_command_pending ON gateway_command (id) WHERE sentAt IS NULL;
                """)
        }
        migrator.registerMigration("v3: accounts, sessions, API tokens, audit trail, notice receipts") { db in
            try db.execute(sql: """
                -- People and integrations of the console and the API. No default account exists:
                -- `firewatch user add` creates them; passwords are bcrypt hashes.
                CREATE TABLE account (
                    id INTEGER PRIMARY KEY,
                    username TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 1 AND 64),
                    passwordHash TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
                    brigade TEXT,
                    createdAt INTEGER NOT NULL,
                    disabledAt INTEGER
                );
                -- Console sessions and API tokens are stored as SHA-256 of the secret only.
                CREATE TABLE session (
                    tokenHash BLOB PRIMARY KEY,
                    accountId INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                    csrfToken TEXT NOT NULL,
                    createdAt INTEGER NOT NULL,
                    expiresAt INTEGER NOT NULL,
                    remoteAddress TEXT
                ) WITHOUT ROWID;
                CREATE INDEX session_by_expiry ON session (expiresAt);
                CREATE TABLE api_token (
                    id INTEGER PRIMARY KEY,
                    tokenHash BLOB NOT NULL UNIQUE,
                    accountId INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    createdAt INTEGER NOT NULL,
                    revokedAt INTEGER
                );
                -- Who did what, when, from where: every operator action and every login.
                CREATE TABLE audit (
                    seq INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    accountId INTEGER REFERENCES account(id),
                    username TEXT,
                    action TEXT NOT NULL,
                    target TEXT,
                    remoteAddress TEXT,
                    outcome TEXT NOT NULL,
                    detail TEXT
                );
                CREATE INDEX audit_by_target ON audit (target, seq);
                -- A pull consumer's receipt of a notice.
                CREATE TABLE notice_receipt (
                    noticeSeq INTEGER NOT NULL REFERENCES notice(seq),
                    accountId INTEGER NOT NULL REFERENCES account(id),
                    at INTEGER NOT NULL,
                    PRIMARY KEY (noticeSeq, accountId)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v4: frame identity keyed by device time first; one per-gateway index") { db in
            // Same identity — a frame is unique per gateway and bytes, and the device time is read
            // from those bytes — in an order that follows the clock. Keyed by gateway first, the
            // frames of a thousand interleaved gateways landed on a thousand places of the index,
            // and every group commit rewrote as many pages (two random indexes: ~8 KiB of WAL
            // per frame). Keyed by device time first they land together at the end. The
            // per-gateway index stays, as (gatewayId) (the row id follows implicitly): it serves
            // "this gateway's latest frames" in id order. SQLite changes a table's constraints
            // only by rebuilding it; GRDB runs migrations with foreign keys off and checks them
            // before committing.
            try db.execute(sql: """
                CREATE TABLE frame_v4 (
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
                    UNIQUE (deviceTime, gatewayId, bytes)
                );
                INSERT INTO frame_v4 SELECT id, gatewayId, topic, form, bytes, receivedAt, lastReceivedAt, repeatCount,
                                            serial, sourceAddress, command, deviceTime, aduType FROM frame;
                DROP TABLE frame;
                ALTER TABLE frame_v4 RENAME TO frame;
                CREATE INDEX frame_by_gateway ON frame (gatewayId);
                """)
        }
        migrator.registerMigration("v5: an incident's points as rows of their own") { db in
            // An incident's body held all its points: every point that joined or repeated had the
            // whole incident encoded and written again (an alarm storm's incidents grew by the
            // frame). The points move to rows; each body keeps an empty `points` object.
            try db.execute(sql: """
                CREATE TABLE incident_point (
                    incident TEXT NOT NULL REFERENCES incident(id),
                    id TEXT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (incident, id)
                ) WITHOUT ROWID;
                INSERT INTO incident_point (incident, id, body)
                    SELECT incident.id, point.key, point.value FROM incident, json_each(incident.body, '$.points') AS point;
                UPDATE incident SET body = json_set(body, '$.points', json('{}'));
                """)
        }
        migrator.registerMigration("v6: CHECK constraints as comparisons, not IN lists") { db in
            // SQLite codes `x IN ('a', 'b', 'c')` (three values or more) in a CHECK constraint as
            // an ephemeral table, opened, filled and closed again for every row written: for
            // `frame.form` that was ~5 % of the daemon's CPU per frame. The same sets as
            // comparisons cost a few opcodes. A CHECK constraint is schema text only (no page or
            // row changes, and every stored row satisfies the same set), so the text is changed in
            // place by SQLite's documented procedure for such changes (lang_altertable.html,
            // "Making Other Kinds Of Table Schema Changes") rather than by copying every frame
            // into a rebuilt table.
            let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
            try db.execute(sql: "PRAGMA writable_schema = ON")
            for check in checkConstraintsAsComparisons {
                try db.execute(sql: """
                    UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ? AND instr(sql, ?) > 0
                    """, arguments: [check.list, check.comparisons, check.table, check.list])
                guard db.changesCount == 1 else {
                    throw DatabaseError(message: "v6: \(check.table) has no CHECK (\(check.list))")
                }
            }
            try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
        migrator.registerMigration("v7: gateway_link folded from the frames once a second, up to a mark") { db in
            // `gateway_link` was exact after every group; from here it is exact up to the mark and
            // `GatewayLinks.current` adds the frames after it. At this point it is exact up to the
            // last frame.
            try db.execute(sql: """
                CREATE TABLE gateway_link_mark (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    frameId INTEGER NOT NULL
                );
                INSERT INTO gateway_link_mark (id, frameId) VALUES (1, coalesce((SELECT max(id) FROM frame), 0));
                """)
        }
        migrator.registerMigration("v8: frames chained per gateway; frame_by_gateway dropped") { db in
            // `previousId`: the same gateway's previous frame (``FrameChain``), filled in for the
            // stored frames while the old index still helps; `gateway_link.lastFrameId` becomes
            // the gateway's last stored frame (it was the one with the latest receive time).
            // Then the index goes: it cost a random page per frame in every commit.
            try db.execute(sql: """
                ALTER TABLE frame ADD COLUMN previousId INTEGER;
                UPDATE frame SET previousId = chained.previous
                FROM (SELECT id, lag(id) OVER (PARTITION BY gatewayId ORDER BY id) AS previous FROM frame) AS chained
                WHERE frame.id = chained.id AND chained.previous IS NOT NULL;
                UPDATE gateway_link SET lastFrameId = (
                    SELECT max(id) FROM frame
                    WHERE frame.gatewayId = gateway_link.gatewayId
                      AND frame.id <= (SELECT frameId FROM gateway_link_mark WHERE id = 1));
                DROP INDEX frame_by_gateway;
                """)
        }
        migrator.registerMigration("v9: a row to probe whether the database accepts writes") { db in
            // Rewritten only after a group's commit failed for good (``IngestStore/probeWrite(in:)``):
            // if this one-row write fails too, the storage is failing (a full disk), not the input.
            try db.execute(sql: """
                CREATE TABLE storage_probe (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    probedAt DATETIME NOT NULL
                );
                """)
        }
        migrator.registerMigration("v10: a frame's decoded objects in its own row") { db in
            // `frame.objects`: the frame's objects as one JSON array, written with the frame. As
            // rows of `frame_object` (a WITHOUT ROWID table) they were a second B-tree written
            // for every frame: ~4 of the ~12 pages a group commit put in the WAL, and ~2.5 µs of
            // the daemon's CPU per frame (docs/benchmarks.md, thirteenth round). The rows stored
            // before stay where they are — moving them would rewrite every frame of a database
            // that may hold a year of them — in a table renamed `frame_object_before_v10`, and
            // the view `frame_object` shows both with the old columns, for every reader and query
            // written against it. The console reads the column (``MonitorReadModel``).
            try db.execute(sql: """
                ALTER TABLE frame ADD COLUMN objects TEXT;
                ALTER TABLE frame_object RENAME TO frame_object_before_v10;
                CREATE VIEW frame_object (frameId, position, kind, body) AS
                    SELECT frame.id, object.key, object.value ->> '$.kind', object.value
                    FROM frame, json_each(frame.objects) AS object
                    UNION ALL
                    SELECT frameId, position, kind, body FROM frame_object_before_v10;
                """)
        }
        return migrator
    }

    /// The CHECK constraints migration v6 rewrites: `column IN (values)` → `column = v1 OR …`.
    static let checkConstraintsAsComparisons: [(table: String, list: String, comparisons: String)] = [
        ("frame", "form", ["binary", "asciiHex", "json"]),
        ("notice", "party", ["unit", "brigade", "department"]),
        ("notice", "severity", ["critical", "major", "minor", "info"]),
        ("alerting_decision", "type", ["notice", "withheld", "change", "command", "rejected"]),
        ("account", "role", ["admin", "operator", "viewer"]),
    ].map { table, column, values in
        (table, "\(column) IN (" + values.map { "'\($0)'" }.joined(separator: ", ") + ")",
         values.map { "\(column) = '\($0)'" }.joined(separator: " OR "))
    }
}
