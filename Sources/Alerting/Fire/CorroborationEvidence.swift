/// Why an incident counts as corroborated: the rule and the points that satisfied it. Carried on
/// every fire notice so the brigade sees *what* made the centre skip the wait (operations §2.2).
public struct CorroborationEvidence: Hashable, Sendable, Codable {
    public enum Rule: String, Hashable, Sendable, Codable {
        /// A manual call point (23), a hydrant button (24), or a manual alarm operation of the
        /// UITD or the panel: a person says there is a fire.
        case manualAlarm
        /// A second distinct fire point of the building within the corroboration window.
        case coincidence
        /// The same point alarmed again within the dual-knock window after its fire bit cleared
        /// or after a panel reset.
        case dualKnock
        /// A sprinkler pump, flow indicator, alarm valve or pressure switch operated within the
        /// waterflow window of a fire alarm (either order).
        case waterflow
    }

    public var rule: Rule
    public var at: AlertingInstant
    /// Point ids involved.
    public var points: [String]

    public init(rule: Rule, at: AlertingInstant, points: [String]) {
        self.rule = rule
        self.at = at
        self.points = points
    }

    var chineseText: String {
        switch rule {
        case .manualAlarm: "手动报警"
        case .coincidence: "同一建筑内多个探测点报警"
        case .dualKnock: "同一探测点复位后再次报警"
        case .waterflow: "水流指示器/压力开关/喷淋泵等动作"
        }
    }
}
