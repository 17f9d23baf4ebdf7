/// The JSON shapes of the API (`/api/v1/…`, documented in `docs/openapi.yaml`) — also what the
/// console's templates render. Times are RFC 3339 with the centre's offset.

struct IncidentView: Codable, Sendable {
    struct Point: Codable, Sendable {
        var id: String
        var description: String?
        var active: Bool
        var alarmCount: Int
        var firstAlarmAt: String
    }

    var id: String
    var building: String
    var buildingName: String
    var address: String
    var unit: String
    var unitName: String
    var brigade: String
    /// `unconfirmed`, `confirmedReal`; `closed` once closed (see `closedAt`).
    var status: String
    var open: Bool
    var openedAt: String
    var closedAt: String?
    /// 1 single detector, 2 corroborated, 3 confirmed, 4 confirmed with people at risk.
    var confidence: Int
    var corroborated: Bool
    var testMode: Bool
    var points: [Point]
    var acknowledgedBy: String?
    var confirmedBy: String?
    /// Parties told anything so far.
    var told: [String]
}

struct TimelineEntryView: Codable, Sendable {
    var at: String
    /// `notice`, `held`, `suppressed`, `change`, `command`, `rejected`.
    var type: String
    var reason: String
    var explanation: String
    var detail: String?
    var party: String?
    var kind: String?
    var recipient: String?
}

struct IncidentDetailView: Codable, Sendable {
    var incident: IncidentView
    var timeline: [TimelineEntryView]
    var notices: [NoticeView]
    var openHazards: [HazardView]
}

struct HazardView: Codable, Sendable {
    var id: String
    var building: String
    var buildingName: String
    var brigade: String
    var gateway: String
    var condition: String
    /// The notice kind (`fault`, `disabled`, `manualMode`, `powerFault`, `linkLost`, `patrolUnanswered`).
    var kind: String
    var severity: String
    var onset: String
    var ageSeconds: Int
    var open: Bool
    var closedAt: String?
    var active: Bool
    var chattering: Bool
    var onsetCount: Int
    var repeatCount: Int
    var point: String?
    var pointDescription: String?
    var told: [String]
}

struct NoticeView: Codable, Sendable {
    /// The cursor: notices are numbered in the order they were created.
    var seq: Int64
    var id: String
    var party: String
    var recipient: String
    var kind: String
    var severity: String
    var building: String
    var unit: String
    var incident: String?
    var hazard: String?
    var reason: String
    var createdAt: String
    var deliveredAt: String?
    var attempts: Int
    var text: String
    var receipts: Int
}

struct NoticePage: Codable, Sendable {
    var notices: [NoticeView]
    /// Pass as `after` to get the next page; equal to the request's `after` when nothing is new.
    var next: Int64
}

struct GatewayView: Codable, Sendable {
    var id: String
    var building: String
    var buildingName: String
    var brigade: String
    var dialect: String
    var heartbeatSeconds: Int
    /// `ok`, `lost` (silent past the missed-heartbeat limit), or `never` (no frame yet).
    var link: String
    var lastFrameAt: String?
    var frameCount: Int
}

struct ContactView: Codable, Sendable {
    var role: String
    var name: String?
    var phone: String
}

struct BuildingView: Codable, Sendable {
    var id: String
    var name: String
    var address: String
    var unit: String
    var unitName: String
    var contacts: [ContactView]
    var brigade: String
    var brigadeName: String
    var department: String
    var gateways: [GatewayView]
    var openIncident: IncidentView?
    var openHazards: [HazardView]
    var recentIncidents: [IncidentView]
    var recentNotices: [NoticeView]
}

struct BuildingSummaryView: Codable, Sendable {
    var id: String
    var name: String
    var address: String
    var unit: String
    var unitName: String
    var brigade: String
    var openIncident: String?
    var openHazards: Int
}

struct QuarantineView: Codable, Sendable {
    var id: Int64
    var gateway: String?
    var topic: String
    var receivedAt: String
    var reason: String
    var message: String
    var offset: Int?
    var serial: Int?
    var hex: String
    var bytesTruncated: Bool
    /// The payload as `firewatch decode` prints it, where it decodes in the gateway's dialect.
    var decoded: String?
}

struct FrameView: Codable, Sendable {
    var id: Int64
    var gateway: String
    var building: String?
    var receivedAt: String
    var serial: Int
    var command: Int
    var aduType: Int?
    var repeatCount: Int
    /// Object kinds and flags, e.g. `componentStatus fire`.
    var summary: [String]
}

struct MaintenanceView: Codable, Sendable {
    var id: String
    var scope: String
    var target: String
    var until: String
    var openedBy: String
}

/// What an operator action decided, or why it was refused.
struct ActionResultView: Codable, Sendable {
    var accepted: Bool
    var decisions: [TimelineEntryView]
}
