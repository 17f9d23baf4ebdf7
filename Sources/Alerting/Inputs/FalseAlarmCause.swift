/// Why a fire alarm was false: the closed list of policy-decisions §11, each with the label a
/// duty officer reads. A `false` verdict must name one (K6: find the cause, record it).
public enum FalseAlarmCause: String, Hashable, Sendable, Codable, CaseIterable {
    case detectorContaminated
    case cookingOrSmoking
    case steamOrDust
    case maintenanceWork
    case equipmentFault
    case humanError
    case unknown
    case other

    /// 探测器污染, 油烟/吸烟, …
    public var chineseLabel: String {
        switch self {
        case .detectorContaminated: "探测器污染"
        case .cookingOrSmoking: "油烟/吸烟"
        case .steamOrDust: "水汽/粉尘"
        case .maintenanceWork: "施工维保"
        case .equipmentFault: "设备故障"
        case .humanError: "误操作"
        case .unknown: "原因不明"
        case .other: "其他"
        }
    }
}
