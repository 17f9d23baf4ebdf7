import Alerting
import Foundation

/// Turns the read model's views into display rows in one language.
struct ConsolePresenter {
    let language: ConsoleLanguage
    let registry: Registry

    /// `2026-11-23 08:00:05` from `2026-11-23T08:00:05+08:00`: the centre's local time, which
    /// is what every clock on the duty-room wall shows.
    func time(_ rfc3339: String) -> String {
        String(rfc3339.prefix(19)).replacingOccurrences(of: "T", with: " ")
    }

    func brigadeName(_ id: String) -> String { registry.brigade(id: id)?.name ?? id }

    /// The parties told, nearest first (unit, brigade, department).
    func parties(_ told: [String]) -> String? {
        let ordered = told.sorted { (Party(rawValue: $0) ?? .department, $0) < (Party(rawValue: $1) ?? .department, $1) }
        return told.isEmpty ? nil : ordered.map { language.code("party", $0) }.joined(separator: language == .zh ? "、" : ", ")
    }

    var falseAlarmCauses: [ConsoleModel.Option] {
        FalseAlarmCause.allCases.map { .init(value: $0.rawValue, label: language.code("cause", $0.rawValue), selected: false) }
    }

    func fire(_ i: IncidentView) -> ConsoleModel.FireCard {
        let status = i.status
        return .init(
            id: i.id, buildingId: i.building, buildingName: i.buildingName, address: i.address, unitName: i.unitName,
            status: status, statusLabel: language.code("status", status), unconfirmed: i.open && status == "unconfirmed",
            confirmedReal: i.open && status == "confirmedReal", testMode: i.testMode, openedAt: time(i.openedAt),
            openedAtISO: i.openedAt, confidence: i.confidence, confidenceLabel: language.code("confidence", String(i.confidence)),
            told: parties(i.told),
            points: i.points.map {
                .init(id: $0.id, description: $0.description, stateLabel: language.text($0.active ? "fire_active" : "fire_restored"),
                      active: $0.active, alarmCount: $0.alarmCount, firstAlarmAt: time($0.firstAlarmAt))
            },
            acknowledgedBy: i.acknowledgedBy, confirmedBy: i.confirmedBy, needsAcknowledge: i.open && i.acknowledgedBy == nil)
    }

    /// Unconfirmed fires first (they need a verdict), then the newest.
    func fires(_ incidents: [IncidentView]) -> [ConsoleModel.FireCard] {
        incidents.filter(\.open)
            .sorted { ($0.status == "unconfirmed" ? 0 : 1, $1.openedAt) < ($1.status == "unconfirmed" ? 0 : 1, $0.openedAt) }
            .map(fire)
    }

    func hazard(_ h: HazardView) -> ConsoleModel.HazardRow {
        let point = [h.pointDescription, h.point.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
        return .init(
            id: h.id, buildingId: h.building, buildingName: h.buildingName, brigadeName: brigadeName(h.brigade),
            conditionLabel: language.code("condition", h.condition), severity: h.severity,
            severityLabel: language.code("severity", h.severity), point: point.isEmpty ? nil : point, onset: time(h.onset),
            age: language.age(h.ageSeconds), open: h.open, closedAt: h.closedAt.map(time), chattering: h.chattering,
            repeats: h.repeatCount > 0 ? h.repeatCount : nil, told: parties(h.told))
    }

    /// A maintenance/test window, named by its building (and gateway, if it covers only one).
    func maintenance(_ m: MaintenanceView, note: String?) -> ConsoleModel.MaintenanceRow {
        let gateway = m.scope == "gateway" ? registry.gateway(id: m.target) : nil
        let building = gateway?.building ?? (m.scope == "building" ? registry.building(id: m.target) : nil)
        return .init(id: m.id, target: m.target, buildingId: building?.id ?? m.target, buildingName: building?.name ?? m.target,
                     windowGateway: m.scope == "gateway" ? m.target : nil, until: time(m.until), openedBy: m.openedBy,
                     windowNote: note.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The durations the console offers for a maintenance/test window, in minutes.
    var maintenanceDurations: [ConsoleModel.Option] {
        [30, 60, 120, 240, 480].map { .init(value: String($0), label: language.text("duration_\($0)"), selected: $0 == 60) }
    }

    func gateway(_ g: GatewayView) -> ConsoleModel.GatewayRow {
        .init(id: g.id, buildingId: g.building, buildingName: g.buildingName, link: g.link, linkLabel: language.code("link", g.link),
              lastFrameAt: g.lastFrameAt.map(time), frameCount: g.frameCount)
    }

    func frame(_ f: FrameView) -> ConsoleModel.FrameRow {
        .init(receivedAt: time(f.receivedAt), gateway: f.gateway, buildingId: f.building, serial: f.serial,
              summary: f.summary.map(objectSummary).joined(separator: "; "),
              fire: f.summary.contains { $0.split(separator: " ").contains("fire") },
              repeats: f.repeatCount > 0 ? f.repeatCount : nil)
    }

    /// `componentStatus fire Ａ区１层走廊` → `部件状态 火警 Ａ区１层走廊`: the object kind and its
    /// flags translated, up to the first word that is neither (the device's description).
    func objectSummary(_ summary: String) -> String {
        var words = summary.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for i in words.indices {
            guard let text = language.strings["frame_\(words[i])"] else { break }
            words[i] = text
        }
        return words.joined(separator: " ")
    }

    func timeline(_ e: TimelineEntryView) -> ConsoleModel.TimelineRow {
        .init(at: time(e.at), typeLabel: language.code("timelineType", e.type), type: e.type,
              party: e.party.map { language.code("party", $0) },
              kind: e.kind.map { language.code(e.type == "change" ? "change" : "kind", $0) },
              reason: e.reason, explanation: e.explanation, detail: e.detail)
    }

    /// The notices of a building by party, the department (119) first: what a duty officer
    /// checks after a confirmed fire is that the department and the brigade were told.
    func noticeGroups(_ notices: [NoticeView]) -> [ConsoleModel.NoticeGroup] {
        ["department", "brigade", "unit"].map { party in
            .init(party: party, partyLabel: language.code("party", party), notices: notices.filter { $0.party == party }.map {
                .init(id: $0.id, recipient: recipientName($0.party, $0.recipient), kindLabel: language.code("kind", $0.kind),
                      severity: $0.severity, reason: $0.reason, createdAt: time($0.createdAt), deliveredAt: $0.deliveredAt.map(time),
                      attempts: $0.attempts, text: $0.text)
            })
        }
    }

    private func recipientName(_ party: String, _ id: String) -> String {
        switch party {
        case "department": registry.department(id: id)?.name ?? id
        case "brigade": registry.brigade(id: id)?.name ?? id
        default: registry.unit(id: id)?.name ?? id
        }
    }

    func quarantine(_ q: QuarantineView) -> ConsoleModel.QuarantineRow {
        .init(id: q.id, receivedAt: time(q.receivedAt), gateway: q.gateway, topic: q.topic, reason: q.reason,
              reasonLabel: language.code("reason", q.reason), message: q.message, offset: q.offset, serial: q.serial,
              hex: q.hex, truncated: q.bytesTruncated, decoded: q.decoded)
    }
}
