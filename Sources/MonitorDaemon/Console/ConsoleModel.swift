/// What the console's templates render: the read model's views (``IncidentView``, ``HazardView``,
/// …) turned into display values in the page's language — translated codes, local times as the
/// duty room's clock shows them, ages — so that the templates hold no logic.
///
/// Every string here is rendered with `{{ }}` (escaped): point descriptions and notice texts
/// come from devices and the registry, never trusted as HTML. Mustache looks a name it cannot
/// find (or finds nil) up in the enclosing models, so an optional field never shares its name
/// with a field of a model that encloses it.
enum ConsoleModel {
    /// The chrome common to every page, and the page's own content.
    struct Page {
        /// The UI strings of the page's language (`{{t.key}}` in templates).
        var t: [String: String]
        var htmlLang: String
        var title: String
        var user: User?
        /// The session's CSRF token, as the `_csrf` field of every form.
        var csrf: String
        /// True for operators and admins: only they see action buttons.
        var canAct: Bool
        /// The path of this page, where an action's form returns to.
        var here: String
        var navDashboard = false
        var navHazards = false
        var navQuarantine = false
        var flash: Flash?
        var content: Any?
    }

    struct User {
        var username: String
        var role: String
    }

    /// The outcome of the last action, shown once after the redirect.
    struct Flash {
        var ok: Bool
        var text: String
    }

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    // MARK: - Pages

    struct Login {
        var username: String
        var message: String?
        var loginToken: String
    }

    struct Dashboard {
        var fires: [FireCard]
        var fireCount: Int
        var hazards: [HazardRow]
        var hazardCount: Int
        var moreHazards: Bool
        /// Gateways whose link is lost.
        var gateways: [GatewayRow]
        var neverSeen: Int
        var frames: [FrameRow]
        var maintenance: [MaintenanceRow]
        var causes: [Option]
        var updatedAt: String
    }

    struct Building {
        var id: String
        var name: String
        var address: String
        var unitName: String
        var brigadeName: String
        var departmentName: String
        var contacts: [Contact]
        var gateways: [GatewayRow]
        var fires: [FireCard]
        var hazards: [HazardRow]
        var incidents: [IncidentHistory]
        var noticeGroups: [NoticeGroup]
        var causes: [Option]
        /// Its open maintenance/test windows (the building's or one of its gateways').
        var maintenance: [MaintenanceRow]
        /// The durations the "start maintenance/test" form offers.
        var durations: [Option]
        var updatedAt: String
    }

    struct HazardRegister {
        var brigades: [Option]
        var kinds: [Option]
        var ages: [Option]
        var includeClosed: Bool
        var hazards: [HazardRow]
        var count: Int
    }

    struct Quarantine {
        var rows: [QuarantineRow]
    }

    struct NotFound {
        var what: String
    }

    // MARK: - Parts

    struct FireCard {
        var id: String
        var buildingId: String
        var buildingName: String
        var address: String
        var unitName: String
        var status: String
        var statusLabel: String
        var unconfirmed: Bool
        var confirmedReal: Bool
        var testMode: Bool
        var openedAt: String
        var openedAtISO: String
        var confidence: Int
        var confidenceLabel: String
        var told: String?
        var points: [Point]
        var acknowledgedBy: String?
        var confirmedBy: String?
        var needsAcknowledge: Bool

        struct Point {
            var id: String
            var description: String?
            var stateLabel: String
            var active: Bool
            var alarmCount: Int
            var firstAlarmAt: String
        }
    }

    struct IncidentHistory {
        var card: FireCard
        var closedAt: String?
        var timeline: [TimelineRow]
    }

    struct TimelineRow {
        var at: String
        var typeLabel: String
        var type: String
        var party: String?
        var kind: String?
        var reason: String
        var explanation: String
        var detail: String?
    }

    struct HazardRow {
        var id: String
        var buildingId: String
        var buildingName: String
        var brigadeName: String
        var conditionLabel: String
        var severity: String
        var severityLabel: String
        var point: String?
        var onset: String
        var age: String
        var open: Bool
        var closedAt: String?
        var chattering: Bool
        var repeats: Int?
        var told: String?
    }

    struct GatewayRow {
        var id: String
        var buildingId: String
        var buildingName: String
        var link: String
        var linkLabel: String
        var lastFrameAt: String?
        var frameCount: Int
    }

    struct FrameRow {
        var receivedAt: String
        var gateway: String
        var buildingId: String?
        var serial: Int
        var summary: String
        var fire: Bool
        var repeats: Int?
    }

    struct MaintenanceRow {
        var id: String
        var target: String
        var buildingId: String
        var buildingName: String
        /// The gateway, when the window covers one gateway rather than the whole building.
        var windowGateway: String?
        var until: String
        var openedBy: String
        /// Named apart from anything an enclosing model holds: nil is looked up there.
        var windowNote: String?
    }

    struct Contact {
        var role: String
        /// Never nil: Mustache would look a missing name up in the enclosing building.
        var name: String
        var phone: String
    }

    struct NoticeGroup {
        var party: String
        var partyLabel: String
        var notices: [NoticeRow]
    }

    struct NoticeRow {
        var id: String
        var recipient: String
        var kindLabel: String
        var severity: String
        var reason: String
        var createdAt: String
        var deliveredAt: String?
        var attempts: Int
        var text: String
    }

    struct QuarantineRow {
        var id: Int64
        var receivedAt: String
        var gateway: String?
        var topic: String
        var reason: String
        var reasonLabel: String
        var message: String
        var offset: Int?
        var serial: Int?
        var hex: String
        var truncated: Bool
        var decoded: String?
    }
}
