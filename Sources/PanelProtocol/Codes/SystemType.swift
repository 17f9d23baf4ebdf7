/// System type 系统类型 (GB/T 26875.3 Table 4).
///
/// A struct over the raw byte, not an enum: reserved and user-defined codes are values.
public struct SystemType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 通用
    public static let general = SystemType(rawValue: 0)
    /// 火灾报警系统
    public static let fireAlarmSystem = SystemType(rawValue: 1)
    /// 消防联动控制器
    public static let fireLinkageController = SystemType(rawValue: 10)
    /// 消火栓系统
    public static let hydrantSystem = SystemType(rawValue: 11)
    /// 自动喷水灭火系统
    public static let sprinklerSystem = SystemType(rawValue: 12)
    /// 气体灭火系统
    public static let gasExtinguishingSystem = SystemType(rawValue: 13)
    /// 水喷雾灭火系统(泵启动方式)
    public static let waterSprayPumpStart = SystemType(rawValue: 14)
    /// 水喷雾灭火系统(压力容器启动方式)
    public static let waterSprayPressureVessel = SystemType(rawValue: 15)
    /// 泡沫灭火系统
    public static let foamSystem = SystemType(rawValue: 16)
    /// 干粉灭火系统
    public static let dryPowderSystem = SystemType(rawValue: 17)
    /// 防烟排烟系统
    public static let smokeControlSystem = SystemType(rawValue: 18)
    /// 防火门及卷帘系统
    public static let fireDoorAndShutterSystem = SystemType(rawValue: 19)
    /// 消防电梯
    public static let fireElevator = SystemType(rawValue: 20)
    /// 消防应急广播
    public static let emergencyBroadcast = SystemType(rawValue: 21)
    /// 消防应急照明和疏散指示系统
    public static let emergencyLightingAndEvacuation = SystemType(rawValue: 22)
    /// 消防电源
    public static let firePowerSupply = SystemType(rawValue: 23)
    /// 消防电话
    public static let fireTelephone = SystemType(rawValue: 24)

    /// The standard's name (Simplified Chinese), or nil for a reserved or user-defined code.
    public var name: String? {
        switch rawValue {
        case 0: "通用"
        case 1: "火灾报警系统"
        case 10: "消防联动控制器"
        case 11: "消火栓系统"
        case 12: "自动喷水灭火系统"
        case 13: "气体灭火系统"
        case 14: "水喷雾灭火系统(泵启动方式)"
        case 15: "水喷雾灭火系统(压力容器启动方式)"
        case 16: "泡沫灭火系统"
        case 17: "干粉灭火系统"
        case 18: "防烟排烟系统"
        case 19: "防火门及卷帘系统"
        case 20: "消防电梯"
        case 21: "消防应急广播"
        case 22: "消防应急照明和疏散指示系统"
        case 23: "消防电源"
        case 24: "消防电话"
        default: nil
        }
    }

    /// The identifier-style English name, or nil for a reserved or user-defined code.
    public var englishName: String? {
        switch rawValue {
        case 0: "general"
        case 1: "fireAlarmSystem"
        case 10: "fireLinkageController"
        case 11: "hydrantSystem"
        case 12: "sprinklerSystem"
        case 13: "gasExtinguishingSystem"
        case 14: "waterSprayPumpStart"
        case 15: "waterSprayPressureVessel"
        case 16: "foamSystem"
        case 17: "dryPowderSystem"
        case 18: "smokeControlSystem"
        case 19: "fireDoorAndShutterSystem"
        case 20: "fireElevator"
        case 21: "emergencyBroadcast"
        case 22: "emergencyLightingAndEvacuation"
        case 23: "firePowerSupply"
        case 24: "fireTelephone"
        default: nil
        }
    }

    public var range: CodeRange {
        if rawValue >= 128 { return .userDefined }
        return name == nil ? .reserved : .standard
    }

    public var description: String { name ?? "\(range.rawValue) \(rawValue)" }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(UInt8.self) }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
}
