import Alerting
import Foundation
import GRDB
import PanelProtocol

/// Everything the API and the console read, in one place: SQL over the daemon's tables, the
/// registry for names and jurisdiction, and the alerting core's live state for link supervision.
///
/// Every read takes the caller's ``Identity``: a viewer bound to a brigade sees only that
/// brigade's buildings (another brigade's building is "not found", not "forbidden", so its
/// existence is not disclosed).
struct MonitorReadModel: Sendable {
    let pool: DatabasePool
    let registry: RegistryStore
    let runner: AlertingRunner
    let utcOffsetSeconds: Int

    private let decoder = JSONDecoder()

    func time(_ ms: Int64) -> String { AlertingInstant(milliseconds: ms).rfc3339(utcOffsetSeconds: utcOffsetSeconds) }
    func time(_ date: Date) -> String { AlertingInstant(date).rfc3339(utcOffsetSeconds: utcOffsetSeconds) }

    /// The brigade of a building (nil when it left the registry).
    func brigade(ofBuilding id: String) -> String? {
        let r = registry.current
        return r.building(id: id).flatMap { r.unit(id: $0.unit) }?.brigade
    }

    func canSee(building: String, _ who: Identity) -> Bool { who.canSee(brigade: brigade(ofBuilding: building)) }

    // MARK: - Incidents

    func incidents(open onlyOpen: Bool, limit: Int, for who: Identity) throws -> [IncidentView] {
        let rows = try pool.read { db in
            try incidentRows(db, sql: onlyOpen
                ? "SELECT id, body, closedAt FROM incident WHERE closedAt IS NULL ORDER BY openedAt DESC"
                : "SELECT id, body, closedAt FROM incident ORDER BY (closedAt IS NULL) DESC, openedAt DESC LIMIT ?",
                arguments: onlyOpen ? [] : [limit])
        }
        return try rows.map(incidentView).filter { canSee(building: $0.building, who) }
    }

    func incident(_ id: String, for who: Identity) throws -> IncidentDetailView? {
        let found = try pool.read { db -> (IncidentRow, [Row], [Row])? in
            guard let row = try incidentRows(db, sql: "SELECT id, body, closedAt FROM incident WHERE id = ?", arguments: [id]).first
            else { return nil }
            let log = try Row.fetchAll(db, sql: "SELECT at, body FROM alerting_decision WHERE subject = ? ORDER BY seq", arguments: [id])
            let notices = try Row.fetchAll(db, sql: Self.noticeSelect + " WHERE n.incident = ? ORDER BY n.seq", arguments: [id])
            return (row, log, notices)
        }
        guard let (row, log, notices) = found else { return nil }
        let incident = try incidentView(row)
        guard canSee(building: incident.building, who) else { return nil }
        return IncidentDetailView(incident: incident, timeline: try log.map(timelineEntry), notices: notices.map(noticeView),
                                  openHazards: try hazards(open: true, building: incident.building, for: who))
    }

    /// An incident's row and its point rows.
    private typealias IncidentRow = (row: Row, points: [String: FireIncident.Point])

    /// The incidents `sql` selects (`id, body, closedAt`), each with its points (`incident_point`).
    private func incidentRows(_ db: Database, sql: String, arguments: StatementArguments) throws -> [IncidentRow] {
        let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
        guard !rows.isEmpty else { return [] }
        let ids: [String] = rows.map { $0["id"] }
        let points = try AlertingStore.incidentPoints(db, where: "incident IN (\(databaseQuestionMarks(count: ids.count)))",
                                                      arguments: StatementArguments(ids), decoder: decoder)
        return rows.map { ($0, points[$0["id"]] ?? [:]) }
    }

    private func incidentView(_ incidentRow: IncidentRow) throws -> IncidentView {
        let row = incidentRow.row
        var i = try decoder.decode(FireIncident.self, from: Data((row["body"] as String).utf8))
        i.points = TrackedDictionary(incidentRow.points)
        let closedAt: Int64? = row["closedAt"]
        let r = registry.current
        let b = r.building(id: i.building)
        let u = b.flatMap { r.unit(id: $0.unit) }
        return IncidentView(
            id: i.id, building: i.building, buildingName: b?.name ?? i.building, address: b?.address ?? "",
            unit: u?.id ?? "", unitName: u?.name ?? "", brigade: u?.brigade ?? "",
            status: closedAt == nil ? i.status.rawValue : "closed", open: closedAt == nil,
            openedAt: time(i.openedAt.milliseconds), closedAt: closedAt.map(time), confidence: i.confidence,
            corroborated: i.isCorroborated, testMode: i.testMode,
            points: i.points.values.sorted { $0.firstAlarmAt < $1.firstAlarmAt }.map {
                IncidentView.Point(id: $0.key.id, description: $0.description, active: $0.active,
                                   alarmCount: $0.alarmCount, firstAlarmAt: time($0.firstAlarmAt.milliseconds))
            },
            acknowledgedBy: i.acknowledgedBy, confirmedBy: i.confirmedBy, told: i.told.parties.map(\.rawValue).sorted())
    }

    private func timelineEntry(_ row: Row) throws -> TimelineEntryView {
        timelineEntry(try decoder.decode(AlertingDecision.self, from: Data((row["body"] as String).utf8)),
                      at: AlertingInstant(milliseconds: row["at"]))
    }

    private func timelineEntry(_ decision: AlertingDecision, at: AlertingInstant) -> TimelineEntryView {
        var e = TimelineEntryView(at: time(at.milliseconds), type: "", reason: "", explanation: "")
        let reason: ReasonCode
        switch decision {
        case .notice(let n):
            e.type = "notice"; e.party = n.party.rawValue; e.kind = n.kind.rawValue; e.recipient = n.recipient
            reason = n.reason
        case .withheld(let w):
            e.type = w.final ? "suppressed" : "held"; e.party = w.party.rawValue; e.kind = w.kind.rawValue
            e.detail = "would be \(w.wouldBeReason.rawValue)"
            reason = w.reason
        case .change(let c):
            e.type = "change"; e.kind = c.kind.rawValue; e.detail = c.detail
            reason = c.reason
        case .command(let c):
            e.type = "command"; e.detail = "\(c.kindName) → \(c.gateway)"
            reason = c.reason
        case .rejected(let r):
            e.type = "rejected"; e.detail = r.target
            reason = r.reason
        }
        e.reason = reason.rawValue
        e.explanation = reason.explanation
        return e
    }

    /// Decisions of one action, as the API returns them.
    func timeline(_ decisions: [AlertingDecision], at: AlertingInstant) -> [TimelineEntryView] {
        decisions.map { timelineEntry($0, at: at) }
    }

    // MARK: - Hazards

    /// Hazards, oldest onset first; optionally one building's, one brigade's, one kind, a minimum age.
    func hazards(open onlyOpen: Bool, building: String? = nil, brigade: String? = nil, kind: String? = nil,
                 minAgeSeconds: Int? = nil, limit: Int = 1000, for who: Identity) throws -> [HazardView] {
        let rows = try pool.read { db in
            var sql = "SELECT body, closedAt FROM hazard"
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if onlyOpen { conditions.append("closedAt IS NULL") }
            if let building { conditions.append("building = ?"); arguments.append(building) }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += onlyOpen ? " ORDER BY onset" : " ORDER BY (closedAt IS NULL) DESC, onset DESC LIMIT \(limit)"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
        }
        let now = AlertingInstant(Date())
        return try rows.map { try hazardView($0, now: now) }.filter { h in
            canSee(building: h.building, who) && (brigade == nil || h.brigade == brigade)
                && (kind == nil || h.kind == kind || h.condition == kind)
                && (minAgeSeconds == nil || h.ageSeconds >= minAgeSeconds!)
        }
    }

    func hazard(_ id: String, for who: Identity) throws -> HazardView? {
        let row = try pool.read { db in try Row.fetchOne(db, sql: "SELECT body, closedAt FROM hazard WHERE id = ?", arguments: [id]) }
        guard let row else { return nil }
        let h = try hazardView(row, now: AlertingInstant(Date()))
        return canSee(building: h.building, who) ? h : nil
    }

    private func hazardView(_ row: Row, now: AlertingInstant) throws -> HazardView {
        let h = try decoder.decode(Hazard.self, from: Data((row["body"] as String).utf8))
        let closedAt: Int64? = row["closedAt"]
        let end = closedAt.map { AlertingInstant(milliseconds: $0) } ?? now
        return HazardView(
            id: h.id, building: h.building, buildingName: registry.current.building(id: h.building)?.name ?? h.building,
            brigade: brigade(ofBuilding: h.building) ?? "", gateway: h.gateway, condition: h.condition.rawValue,
            kind: h.condition.noticeKind.rawValue, severity: h.condition.severity.rawValue, onset: time(h.onset.milliseconds),
            ageSeconds: Int(end.milliseconds(since: h.onset) / 1000), open: closedAt == nil, closedAt: closedAt.map(time),
            active: h.active, chattering: h.chattering, onsetCount: h.onsetCount, repeatCount: h.repeatCount,
            point: h.point?.id, pointDescription: h.pointDescription, told: h.told.parties.map(\.rawValue).sorted())
    }

    // MARK: - Notices

    static let noticeSelect = """
        SELECT n.seq, n.id, n.party, n.recipient, n.kind, n.severity, n.building, n.unit, n.incident, n.hazard, n.reason,
               n.createdAt, n.deliveredAt, n.attempts, n.document,
               (SELECT count(*) FROM notice_receipt r WHERE r.noticeSeq = n.seq) AS receipts
        FROM notice n
        """

    /// Notices after the cursor `after`, oldest first: a pull consumer that keeps passing `next`
    /// sees every notice exactly once, in order.
    func notices(after: Int64, limit: Int, party: String?, recipient: String?, building: String?, for who: Identity) throws -> NoticePage {
        var last = after
        var out: [NoticeView] = []
        // Scoped viewers skip other brigades' notices; keep reading until the page is full.
        while out.count < limit {
            let rows = try pool.read { db in
                try Row.fetchAll(db, sql: Self.noticeSelect + """
                     WHERE n.seq > ? AND (? IS NULL OR n.party = ?) AND (? IS NULL OR n.recipient = ?) AND (? IS NULL OR n.building = ?)
                     ORDER BY n.seq LIMIT ?
                    """, arguments: [last, party, party, recipient, recipient, building, building, limit])
            }
            guard let end = rows.last?["seq"] as Int64? else { break }
            last = end
            out += rows.map(noticeView).filter { canSee(building: $0.building, who) }
            if rows.count < limit { break }
        }
        return NoticePage(notices: Array(out.prefix(limit)), next: out.count > limit ? out[limit - 1].seq : last)
    }

    func notices(ofBuilding building: String, limit: Int) throws -> [NoticeView] {
        try pool.read { db in
            try Row.fetchAll(db, sql: Self.noticeSelect + " WHERE n.building = ? ORDER BY n.seq DESC LIMIT ?", arguments: [building, limit])
        }.map(noticeView)
    }

    func notice(seq: Int64, for who: Identity) throws -> NoticeView? {
        let row = try pool.read { db in try Row.fetchOne(db, sql: Self.noticeSelect + " WHERE n.seq = ?", arguments: [seq]) }
        return row.map(noticeView).flatMap { canSee(building: $0.building, who) ? $0 : nil }
    }

    private func noticeView(_ row: Row) -> NoticeView {
        let document: String = row["document"]
        let text = ((try? JSONSerialization.jsonObject(with: Data(document.utf8))) as? [String: Any])?["text"] as? String ?? ""
        let delivered: Int64? = row["deliveredAt"]
        return NoticeView(seq: row["seq"], id: row["id"], party: row["party"], recipient: row["recipient"], kind: row["kind"],
                          severity: row["severity"], building: row["building"], unit: row["unit"], incident: row["incident"],
                          hazard: row["hazard"], reason: row["reason"], createdAt: time(row["createdAt"] as Int64),
                          deliveredAt: delivered.map(time), attempts: row["attempts"], text: text, receipts: row["receipts"])
    }

    // MARK: - Gateways and buildings

    func gateways(for who: Identity) throws -> [GatewayView] {
        let links = try pool.read { db in try GatewayLinks.current(db) }
        let r = registry.current
        let state = runner.state
        let defaultHeartbeat = runner.core.policy.link.defaultHeartbeatSeconds
        return r.gateways.compactMap { g -> GatewayView? in
            guard let resolved = r.gateway(id: g.id), who.canSee(brigade: resolved.brigade.id) else { return nil }
            let link = links[g.id]
            let gs = state.gateways[g.id]
            let lastFrame = link?.lastFrameAt
            return GatewayView(
                id: g.id, building: g.building, buildingName: resolved.building.name, brigade: resolved.brigade.id,
                dialect: g.dialect, heartbeatSeconds: g.heartbeatSeconds ?? defaultHeartbeat,
                link: gs?.linkDown == true ? "lost" : (gs?.lastFrameAt == nil && lastFrame == nil ? "never" : "ok"),
                lastFrameAt: lastFrame.map(time), frameCount: link?.frameCount ?? 0)
        }
    }

    func buildings(for who: Identity) throws -> [BuildingSummaryView] {
        let r = registry.current
        let state = runner.state
        return r.buildings.compactMap { b in
            guard let u = r.unit(id: b.unit), who.canSee(brigade: u.brigade) else { return nil }
            return BuildingSummaryView(id: b.id, name: b.name, address: b.address, unit: u.id, unitName: u.name, brigade: u.brigade,
                                       openIncident: state.openIncident(inBuilding: b.id)?.id,
                                       openHazards: state.openHazards(inBuilding: b.id).count)
        }
    }

    func building(_ id: String, for who: Identity) throws -> BuildingView? {
        let r = registry.current
        guard let b = r.building(id: id), let u = r.unit(id: b.unit), who.canSee(brigade: u.brigade) else { return nil }
        let brigade = r.brigade(id: u.brigade)
        let incidents = try pool.read { db in
            try incidentRows(db, sql: "SELECT id, body, closedAt FROM incident WHERE building = ? ORDER BY openedAt DESC LIMIT 20",
                             arguments: [id])
        }.map(incidentView)
        return BuildingView(
            id: b.id, name: b.name, address: b.address, unit: u.id, unitName: u.name,
            contacts: u.contacts.map { ContactView(role: $0.role, name: $0.name, phone: $0.phone) },
            brigade: u.brigade, brigadeName: brigade?.name ?? u.brigade, department: brigade?.department ?? "",
            gateways: try gateways(for: who).filter { $0.building == id },
            openIncident: incidents.first { $0.open }, openHazards: try hazards(open: true, building: id, for: who),
            recentIncidents: incidents, recentNotices: try notices(ofBuilding: id, limit: 50))
    }

    // MARK: - Frames and quarantine

    func recentFrames(limit: Int, gateway: String? = nil, for who: Identity) throws -> [FrameView] {
        let r = registry.current
        // The objects from the column, and from the old rows for a frame stored before v10 —
        // not through the view `frame_object`: correlated with `f.id`, SQLite would run the
        // view's compound query over every frame instead of looking up one.
        let columns = """
            SELECT f.id, f.gatewayId, f.receivedAt, f.serial, f.command, f.aduType, f.repeatCount,
                   coalesce(f.objects, (SELECT json_group_array(json(o.body)) FROM frame_object_before_v10 o
                                        WHERE o.frameId = f.id)) AS objects
            """
        let rows = try pool.read { db in
            guard let gateway else {
                return try Row.fetchAll(db, sql: "\(columns) FROM frame f ORDER BY f.id DESC LIMIT ?", arguments: [limit * 2])
            }
            // One gateway: its chain of frames, newest first (``FrameChain``).
            let ids = try FrameChain.latestFrameIds(db, gateway: gateway, limit: limit)
            if ids.isEmpty { return [] }
            return try Row.fetchAll(db, sql: "\(columns) FROM frame f WHERE f.id IN (\(ids.map(String.init).joined(separator: ","))) ORDER BY f.id DESC")
        }
        return rows.compactMap { row -> FrameView? in
            let gatewayId: String = row["gatewayId"]
            let resolved = r.gateway(id: gatewayId)
            guard who.canSee(brigade: resolved?.brigade.id) else { return nil }
            // A JSON array of the frame's objects (migration v10: older frames' from their rows).
            let array = (try? JSONSerialization.jsonObject(with: Data(((row["objects"] as String?) ?? "[]").utf8))) as? [Any] ?? []
            let objects = array.map { element -> String in
                let o = element as? [String: Any] ?? [:]
                let flags = (o["flags"] as? [String])?.filter { $0 != "normal" && $0 != "test" } ?? []
                return ([o["kind"] as? String ?? "object"] + flags + [o["description"] as? String].compactMap { $0 }).joined(separator: " ")
            }
            return FrameView(id: row["id"], gateway: gatewayId, building: resolved?.building.id, receivedAt: time(row["receivedAt"] as Date),
                             serial: row["serial"], command: row["command"], aduType: row["aduType"], repeatCount: row["repeatCount"],
                             summary: objects)
        }.prefix(limit).map { $0 }
    }

    func quarantine(limit: Int, for who: Identity) throws -> [QuarantineView] {
        let r = registry.current
        let rows = try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM quarantine ORDER BY id DESC LIMIT ?", arguments: [limit])
        }
        return rows.compactMap { row in
            let gateway: String? = row["gatewayId"]
            let resolved = gateway.flatMap { r.gateway(id: $0) }
            // Input of unknown gateways is the centre's business, not a brigade's.
            if who.brigade != nil, !who.canSee(brigade: resolved?.brigade.id) { return nil }
            let bytes = [UInt8]((row["bytes"] as Data?) ?? Data())
            let dialect = resolved.flatMap { Dialect.named($0.gateway.dialect) } ?? .gb2011
            let decoded = GatewayPayload.decode(bytes, dialect: dialect).compactMap { try? $0.result.get() }
            return QuarantineView(
                id: row["id"], gateway: gateway, topic: row["topic"], receivedAt: time(row["receivedAt"] as Date), reason: row["reason"],
                message: row["message"], offset: row["byteOffset"], serial: row["serial"], hex: HexCoding.string(bytes.prefix(4096)),
                bytesTruncated: row["bytesTruncated"], decoded: decoded.isEmpty ? nil : JSONForm.encode(decoded, pretty: true))
        }
    }

    // MARK: - Maintenance

    func maintenanceWindows(for who: Identity) -> [MaintenanceView] {
        runner.state.maintenance.values.sorted { $0.id < $1.id }.compactMap { w in
            let (scope, target, building): (String, String, String?) = switch w.scope {
            case .building(let b): ("building", b, b)
            case .gateway(let g): ("gateway", g, registry.current.gateway(id: g)?.building.id)
            }
            if let building, !canSee(building: building, who) { return nil }
            return MaintenanceView(id: w.id, scope: scope, target: target, until: time(w.until.milliseconds), openedBy: w.openedBy)
        }
    }
}
