import Alerting
import Foundation
import GRDB

/// Writes and reads the alerting core's memory and its decisions, inside the caller's transaction.
///
/// The state is stored row by row (only what a step changed: ``AlertingState/takeChanges()``),
/// so a step costs what it touched, not the size of the city. Open and closed incidents and
/// hazards stay in `incident` / `hazard` (a close sets `closedAt`): the state is rebuilt from
/// the open ones, the API and `explain` read all of them. Every decision is appended to
/// `alerting_decision`, which is what `firewatch explain` prints. Times are milliseconds since
/// the epoch (``AlertingInstant``).
struct AlertingStore {
    /// Unsorted keys: the rows are read back by the decoder, and sorting every object's keys
    /// was a measurable part of each step's cost.
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes]
        return e
    }()
    private let decoder = JSONDecoder()

    /// Offset of the centre's zone, for the notices' `createdAt`.
    var utcOffsetSeconds: Int

    init(utcOffsetSeconds: Int) { self.utcOffsetSeconds = utcOffsetSeconds }

    // MARK: - State

    /// The state as last committed; empty on a new database.
    func loadState(_ db: Database) throws -> AlertingState {
        guard let global = try String.fetchOne(db, sql: "SELECT body FROM alerting_global WHERE id = 1") else {
            return AlertingState()
        }
        // Row by row, decoded straight from SQLite's buffer into the state being assembled.
        // Fetching every body as a string first, then arrays of the decoded rows, raised the
        // RSS of a restart on an alarm storm's database (60,000 open points) from 140.4 to
        // 149.0 MB.
        var loader = AlertingStateLoader(global: try decoder.decode(AlertingState.Global.self, from: Data(global.utf8)))
        func each<T: Decodable>(_ type: T.Type, _ sql: String, _ add: (T) -> Void) throws {
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() { add(try decoder.decode(T.self, from: row.dataNoCopy(atIndex: 0) ?? Data())) }
        }
        try each(BuildingState.self, "SELECT body FROM alerting_building") { loader.add($0) }
        try each(PointState.self, "SELECT body FROM alerting_point") { loader.add($0) }
        try each(GatewayState.self, "SELECT body FROM alerting_gateway") { loader.add($0) }
        try each(FireIncident.self, "SELECT body FROM incident WHERE closedAt IS NULL") { loader.add($0) }
        try Self.forEachIncidentPoint(db, where: "incident IN (SELECT id FROM incident WHERE closedAt IS NULL)",
                                      decoder: decoder) { loader.add($2, id: $1, incident: $0) }
        try each(Hazard.self, "SELECT body FROM hazard WHERE closedAt IS NULL") { loader.add($0) }
        var state = loader.finish()
        // The gateway rows are not rewritten for every frame (volatile liveness): the gateway
        // links have each gateway's last one.
        state.restoreLiveness(lastFrames: try GatewayLinks.current(db).mapValues { AlertingInstant($0.lastFrameAt) })
        return state
    }

    /// Incident points (`incident_point` rows) by incident id → point id, for the incidents that
    /// `condition` (an SQL expression over `incident_point`) selects.
    static func incidentPoints(_ db: Database, where condition: String, arguments: StatementArguments = [],
                               decoder: JSONDecoder = JSONDecoder()) throws -> [String: [String: FireIncident.Point]]
    {
        var points: [String: [String: FireIncident.Point]] = [:]
        try forEachIncidentPoint(db, where: condition, arguments: arguments, decoder: decoder) { points[$0, default: [:]][$1] = $2 }
        return points
    }

    /// Each selected incident point as (incident id, point id, point), row by row.
    static func forEachIncidentPoint(_ db: Database, where condition: String, arguments: StatementArguments = [],
                                     decoder: JSONDecoder, _ body: (String, String, FireIncident.Point) -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT incident, id, body FROM incident_point WHERE \(condition)", arguments: arguments)
        while let row = try rows.next() {
            body(row[0], row[1], try decoder.decode(FireIncident.Point.self, from: row.dataNoCopy(atIndex: 2) ?? Data()))
        }
    }

    /// Rows as last written, so that a step encodes and writes only what moved. Whoever keeps
    /// it resets it whenever the state is reloaded (a rolled-back step's writes are gone).
    struct WrittenRows {
        var global: AlertingState.Global?
        /// A point's change marks its building changed too (points live inside it), and most of
        /// the time nothing else of the building moved.
        var buildings: [String: BuildingState] = [:]
        /// Likewise an incident's: a point that joins or repeats marks it, and its row (the
        /// incident without its points) mostly stays as it was.
        var incidents: [String: FireIncident] = [:]
    }

    /// Writes the rows a step changed. An incident or hazard that left the state was closed:
    /// its row keeps its last body and gets `closedAt`. Comparing with `written` costs far less
    /// than encoding a row again: the global row, for one, stays as it was through a gateway's
    /// routine frames.
    func persist(_ changes: AlertingState.Changes, of state: AlertingState, at now: AlertingInstant, in db: Database,
                 written: inout WrittenRows) throws {
        let global = state.global
        if written.global != global {
            try db.cachedStatement(sql: """
                INSERT INTO alerting_global (id, body) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body
                """).execute(arguments: [json(global)])
            written.global = global
        }
        for id in changes.buildings {
            if let record = state.buildingRecord(id) {
                if written.buildings[id] == record { continue }
                try db.cachedStatement(sql: """
                    INSERT INTO alerting_building (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body
                    """).execute(arguments: [id, json(record)])
                written.buildings[id] = record
            } else {
                written.buildings[id] = nil
                try db.execute(sql: "DELETE FROM alerting_point WHERE building = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM alerting_building WHERE id = ?", arguments: [id])
            }
        }
        for (building, ids) in changes.points {
            for id in ids {
                try putPoint(state.buildings[building]?.points[id], table: "alerting_point", owner: "building",
                             ownerId: building, id: id, in: db)
            }
        }
        for id in changes.gateways {
            if let gateway = state.gateways[id] {
                try db.cachedStatement(sql: """
                    INSERT INTO alerting_gateway (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body
                    """).execute(arguments: [id, json(gateway)])
            } else {
                try db.execute(sql: "DELETE FROM alerting_gateway WHERE id = ?", arguments: [id])
            }
        }
        for id in changes.incidents {
            if let incident = state.incidentRecord(id) {
                if written.incidents[id] != incident {
                    try db.cachedStatement(sql: """
                        INSERT INTO incident (id, building, status, openedAt, body) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET status = excluded.status, body = excluded.body
                        """).execute(arguments: [id, incident.building, incident.status.rawValue,
                                                 incident.openedAt.milliseconds, json(incident)])
                    written.incidents[id] = incident
                }
                for pointId in changes.incidentPoints[id] ?? [] {
                    try putPoint(state.incidents[id]?.points[pointId], table: "incident_point", owner: "incident",
                                 ownerId: id, id: pointId, in: db)
                }
            } else {
                written.incidents[id] = nil
                try db.execute(sql: "UPDATE incident SET closedAt = ? WHERE id = ? AND closedAt IS NULL",
                               arguments: [now.milliseconds, id])
            }
        }
        for id in changes.hazards {
            if let hazard = state.hazards[id] {
                try db.cachedStatement(sql: """
                    INSERT INTO hazard (id, building, gateway, condition, onset, body) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET body = excluded.body
                    """).execute(arguments: [id, hazard.building, hazard.gateway, hazard.condition.rawValue,
                                             hazard.onset.milliseconds, json(hazard)])
            } else {
                try db.execute(sql: "UPDATE hazard SET closedAt = ? WHERE id = ? AND closedAt IS NULL",
                               arguments: [now.milliseconds, id])
            }
        }
    }

    /// Writes a point row (a building's or an incident's), or deletes it when the point left its
    /// owner. `table` and `owner` are the constant names of the two point tables.
    private func putPoint(_ point: (some Encodable)?, table: String, owner: String, ownerId: String, id: String,
                          in db: Database) throws {
        if let point {
            try db.cachedStatement(sql: """
                INSERT INTO \(table) (\(owner), id, body) VALUES (?, ?, ?)
                ON CONFLICT (\(owner), id) DO UPDATE SET body = excluded.body
                """).execute(arguments: [ownerId, id, json(point)])
        } else {
            try db.execute(sql: "DELETE FROM \(table) WHERE \(owner) = ? AND id = ?", arguments: [ownerId, id])
        }
    }

    // MARK: - Decisions

    /// Appends every decision to the explanation log and inserts the notices. A notice whose id
    /// exists already is not inserted again: the core's ids are stable, so a step that runs
    /// twice (a crash between deciding and committing) can never send a notice twice.
    /// Returns the notices actually inserted.
    @discardableResult
    func record(_ decisions: [AlertingDecision], topicPrefix: String, in db: Database) throws -> [Notice] {
        var inserted: [Notice] = []
        let log = try db.cachedStatement(sql: """
            INSERT INTO alerting_decision (at, type, subject, building, reason, body) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for decision in decisions {
            let (type, at, building, reason) = Self.summary(of: decision)
            try log.execute(arguments: [at.milliseconds, type, decision.subject, building, reason.rawValue, json(decision)])
            guard case .notice(let notice) = decision else { continue }
            let document = NoticeDocument(notice, utcOffsetSeconds: utcOffsetSeconds)
            let insert = try db.cachedStatement(sql: """
                INSERT INTO notice (id, party, recipient, kind, severity, building, unit, incident, hazard, reason,
                                    createdAt, policyVersion, topic, document)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING
                """)
            try insert.execute(arguments: [
                notice.id, notice.party.rawValue, notice.recipient, notice.kind.rawValue, notice.severity.rawValue,
                notice.building, notice.unit, notice.incident, notice.hazard, notice.reason.rawValue,
                notice.createdAt.milliseconds, notice.policyVersion, "\(topicPrefix)/\(notice.topicSuffix)", json(document),
            ])
            if db.changesCount > 0 { inserted.append(notice) }
        }
        return inserted
    }

    private static func summary(of decision: AlertingDecision) -> (String, AlertingInstant, String?, ReasonCode) {
        switch decision {
        case .notice(let n): ("notice", n.createdAt, n.building, n.reason)
        case .withheld(let w): ("withheld", w.at, w.building, w.reason)
        case .change(let c): ("change", c.at, c.building, c.reason)
        case .command(let c): ("command", c.at, nil, c.reason)
        case .rejected(let r): ("rejected", r.at, nil, r.reason)
        }
    }

    /// Queues a frame for a gateway's `down` topic (sent after the commit by the dispatcher).
    /// Returns the serial number the frame must carry: the row id, modulo 2¹⁶.
    func nextCommandSerial(_ db: Database) throws -> UInt16 {
        let next = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM gateway_command") ?? 1
        return UInt16(truncatingIfNeeded: next)
    }

    func queueCommand(_ command: GatewayCommand, topic: String, serial: UInt16, payload: [UInt8], in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO gateway_command (gateway, topic, kind, reason, serial, payload, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [command.gateway, topic, command.kindName, command.reason.rawValue, Int(serial),
                             Data(payload), command.at.milliseconds])
    }

    func json(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension GatewayCommand {
    /// `patrol` or `synchronizeClock`, as stored.
    var kindName: String {
        switch kind {
        case .patrol: "patrol"
        case .synchronizeClock: "synchronizeClock"
        }
    }
}
