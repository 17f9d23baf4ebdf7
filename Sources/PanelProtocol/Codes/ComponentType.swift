/// Component type 部件类型 (GB/T 26875.3 Table 5).
///
/// A struct over the raw byte, not an enum: reserved and user-defined codes are values.
public struct ComponentType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 通用
    public static let general = ComponentType(rawValue: 0)
    /// 火灾报警控制器
    public static let fireAlarmControlPanel = ComponentType(rawValue: 1)
    /// 可燃气体探测器
    public static let combustibleGasDetector = ComponentType(rawValue: 10)
    /// 点型可燃气体探测器
    public static let pointCombustibleGasDetector = ComponentType(rawValue: 11)
    /// 独立式可燃气体探测器
    public static let standaloneCombustibleGasDetector = ComponentType(rawValue: 12)
    /// 线型可燃气体探测器
    public static let lineCombustibleGasDetector = ComponentType(rawValue: 13)
    /// 电气火灾监控报警器
    public static let electricalFireMonitor = ComponentType(rawValue: 16)
    /// 剩余电流式电气火灾监控探测器
    public static let residualCurrentElectricalFireDetector = ComponentType(rawValue: 17)
    /// 测温式电气火灾监控探测器
    public static let temperatureElectricalFireDetector = ComponentType(rawValue: 18)
    /// 探测回路
    public static let detectionLoop = ComponentType(rawValue: 21)
    /// 火灾显示盘
    public static let fireDisplayPanel = ComponentType(rawValue: 22)
    /// 手动火灾报警按钮
    public static let manualCallPoint = ComponentType(rawValue: 23)
    /// 消火栓按钮
    public static let hydrantButton = ComponentType(rawValue: 24)
    /// 火灾探测器
    public static let fireDetector = ComponentType(rawValue: 25)
    /// 感温火灾探测器
    public static let heatDetector = ComponentType(rawValue: 30)
    /// 点型感温火灾探测器
    public static let pointHeatDetector = ComponentType(rawValue: 31)
    /// 点型感温火灾探测器(S型)
    public static let pointHeatDetectorS = ComponentType(rawValue: 32)
    /// 点型感温火灾探测器(R型)
    public static let pointHeatDetectorR = ComponentType(rawValue: 33)
    /// 线型感温火灾探测器
    public static let lineHeatDetector = ComponentType(rawValue: 34)
    /// 线型感温火灾探测器(S型)
    public static let lineHeatDetectorS = ComponentType(rawValue: 35)
    /// 线型感温火灾探测器(R型)
    public static let lineHeatDetectorR = ComponentType(rawValue: 36)
    /// 光纤感温火灾探测器
    public static let fibreHeatDetector = ComponentType(rawValue: 37)
    /// 感烟火灾探测器
    public static let smokeDetector = ComponentType(rawValue: 40)
    /// 点型离子感烟火灾探测器
    public static let pointIonisationSmokeDetector = ComponentType(rawValue: 41)
    /// 点型光电感烟火灾探测器
    public static let pointPhotoelectricSmokeDetector = ComponentType(rawValue: 42)
    /// 线型光束感烟火灾探测器
    public static let beamSmokeDetector = ComponentType(rawValue: 43)
    /// 吸气式感烟火灾探测器
    public static let aspiratingSmokeDetector = ComponentType(rawValue: 44)
    /// 复合式火灾探测器
    public static let multiSensorDetector = ComponentType(rawValue: 50)
    /// 复合式感烟感温火灾探测器
    public static let smokeHeatMultiSensorDetector = ComponentType(rawValue: 51)
    /// 复合式感光感温火灾探测器
    public static let flameHeatMultiSensorDetector = ComponentType(rawValue: 52)
    /// 复合式感光感烟火灾探测器
    public static let flameSmokeMultiSensorDetector = ComponentType(rawValue: 53)
    /// 紫外火焰探测器
    public static let ultravioletFlameDetector = ComponentType(rawValue: 61)
    /// 红外火焰探测器
    public static let infraredFlameDetector = ComponentType(rawValue: 62)
    /// 感光火灾探测器
    public static let flameDetector = ComponentType(rawValue: 69)
    /// 气体探测器
    public static let gasDetector = ComponentType(rawValue: 74)
    /// 图像摄像方式火灾探测器
    public static let videoFireDetector = ComponentType(rawValue: 78)
    /// 感声火灾探测器
    public static let acousticFireDetector = ComponentType(rawValue: 79)
    /// 气体灭火控制器
    public static let gasExtinguishingController = ComponentType(rawValue: 81)
    /// 消防电气控制装置
    public static let fireElectricalControlDevice = ComponentType(rawValue: 82)
    /// 消防控制室图形显示装置
    public static let controlRoomGraphicDisplay = ComponentType(rawValue: 83)
    /// 模块
    public static let module = ComponentType(rawValue: 84)
    /// 输入模块
    public static let inputModule = ComponentType(rawValue: 85)
    /// 输出模块
    public static let outputModule = ComponentType(rawValue: 86)
    /// 输入/输出模块
    public static let inputOutputModule = ComponentType(rawValue: 87)
    /// 中继模块
    public static let repeaterModule = ComponentType(rawValue: 88)
    /// 消防水泵
    public static let firePump = ComponentType(rawValue: 91)
    /// 消防水箱
    public static let fireWaterTank = ComponentType(rawValue: 92)
    /// 喷淋泵
    public static let sprinklerPump = ComponentType(rawValue: 95)
    /// 水流指示器
    public static let waterFlowIndicator = ComponentType(rawValue: 96)
    /// 信号阀
    public static let signalValve = ComponentType(rawValue: 97)
    /// 报警阀
    public static let alarmValve = ComponentType(rawValue: 98)
    /// 压力开关
    public static let pressureSwitch = ComponentType(rawValue: 99)
    /// 阀驱动装置
    public static let valveActuator = ComponentType(rawValue: 101)
    /// 防火门
    public static let fireDoor = ComponentType(rawValue: 102)
    /// 防火阀
    public static let fireDamper = ComponentType(rawValue: 103)
    /// 通风空调
    public static let ventilationAirConditioning = ComponentType(rawValue: 104)
    /// 泡沫液泵
    public static let foamPump = ComponentType(rawValue: 105)
    /// 管网电磁阀
    public static let pipeNetworkSolenoidValve = ComponentType(rawValue: 106)
    /// 防烟排烟风机
    public static let smokeControlFan = ComponentType(rawValue: 111)
    /// 排烟防火阀
    public static let smokeExhaustFireDamper = ComponentType(rawValue: 113)
    /// 常闭送风口
    public static let normallyClosedAirSupplyOutlet = ComponentType(rawValue: 114)
    /// 排烟口
    public static let smokeExhaustVent = ComponentType(rawValue: 115)
    /// 电控挡烟垂壁
    public static let electricSmokeCurtain = ComponentType(rawValue: 116)
    /// 防火卷帘控制器
    public static let fireShutterController = ComponentType(rawValue: 117)
    /// 防火门监控器
    public static let fireDoorMonitor = ComponentType(rawValue: 118)
    /// 警报装置
    public static let alarmDevice = ComponentType(rawValue: 121)

    /// The standard's name (Simplified Chinese), or nil for a reserved or user-defined code.
    public var name: String? {
        switch rawValue {
        case 0: "通用"
        case 1: "火灾报警控制器"
        case 10: "可燃气体探测器"
        case 11: "点型可燃气体探测器"
        case 12: "独立式可燃气体探测器"
        case 13: "线型可燃气体探测器"
        case 16: "电气火灾监控报警器"
        case 17: "剩余电流式电气火灾监控探测器"
        case 18: "测温式电气火灾监控探测器"
        case 21: "探测回路"
        case 22: "火灾显示盘"
        case 23: "手动火灾报警按钮"
        case 24: "消火栓按钮"
        case 25: "火灾探测器"
        case 30: "感温火灾探测器"
        case 31: "点型感温火灾探测器"
        case 32: "点型感温火灾探测器(S型)"
        case 33: "点型感温火灾探测器(R型)"
        case 34: "线型感温火灾探测器"
        case 35: "线型感温火灾探测器(S型)"
        case 36: "线型感温火灾探测器(R型)"
        case 37: "光纤感温火灾探测器"
        case 40: "感烟火灾探测器"
        case 41: "点型离子感烟火灾探测器"
        case 42: "点型光电感烟火灾探测器"
        case 43: "线型光束感烟火灾探测器"
        case 44: "吸气式感烟火灾探测器"
        case 50: "复合式火灾探测器"
        case 51: "复合式感烟感温火灾探测器"
        case 52: "复合式感光感温火灾探测器"
        case 53: "复合式感光感烟火灾探测器"
        case 61: "紫外火焰探测器"
        case 62: "红外火焰探测器"
        case 69: "感光火灾探测器"
        case 74: "气体探测器"
        case 78: "图像摄像方式火灾探测器"
        case 79: "感声火灾探测器"
        case 81: "气体灭火控制器"
        case 82: "消防电气控制装置"
        case 83: "消防控制室图形显示装置"
        case 84: "模块"
        case 85: "输入模块"
        case 86: "输出模块"
        case 87: "输入/输出模块"
        case 88: "中继模块"
        case 91: "消防水泵"
        case 92: "消防水箱"
        case 95: "喷淋泵"
        case 96: "水流指示器"
        case 97: "信号阀"
        case 98: "报警阀"
        case 99: "压力开关"
        case 101: "阀驱动装置"
        case 102: "防火门"
        case 103: "防火阀"
        case 104: "通风空调"
        case 105: "泡沫液泵"
        case 106: "管网电磁阀"
        case 111: "防烟排烟风机"
        case 113: "排烟防火阀"
        case 114: "常闭送风口"
        case 115: "排烟口"
        case 116: "电控挡烟垂壁"
        case 117: "防火卷帘控制器"
        case 118: "防火门监控器"
        case 121: "警报装置"
        default: nil
        }
    }

    /// The identifier-style English name, or nil for a reserved or user-defined code.
    public var englishName: String? {
        switch rawValue {
        case 0: "general"
        case 1: "fireAlarmControlPanel"
        case 10: "combustibleGasDetector"
        case 11: "pointCombustibleGasDetector"
        case 12: "standaloneCombustibleGasDetector"
        case 13: "lineCombustibleGasDetector"
        case 16: "electricalFireMonitor"
        case 17: "residualCurrentElectricalFireDetector"
        case 18: "temperatureElectricalFireDetector"
        case 21: "detectionLoop"
        case 22: "fireDisplayPanel"
        case 23: "manualCallPoint"
        case 24: "hydrantButton"
        case 25: "fireDetector"
        case 30: "heatDetector"
        case 31: "pointHeatDetector"
        case 32: "pointHeatDetectorS"
        case 33: "pointHeatDetectorR"
        case 34: "lineHeatDetector"
        case 35: "lineHeatDetectorS"
        case 36: "lineHeatDetectorR"
        case 37: "fibreHeatDetector"
        case 40: "smokeDetector"
        case 41: "pointIonisationSmokeDetector"
        case 42: "pointPhotoelectricSmokeDetector"
        case 43: "beamSmokeDetector"
        case 44: "aspiratingSmokeDetector"
        case 50: "multiSensorDetector"
        case 51: "smokeHeatMultiSensorDetector"
        case 52: "flameHeatMultiSensorDetector"
        case 53: "flameSmokeMultiSensorDetector"
        case 61: "ultravioletFlameDetector"
        case 62: "infraredFlameDetector"
        case 69: "flameDetector"
        case 74: "gasDetector"
        case 78: "videoFireDetector"
        case 79: "acousticFireDetector"
        case 81: "gasExtinguishingController"
        case 82: "fireElectricalControlDevice"
        case 83: "controlRoomGraphicDisplay"
        case 84: "module"
        case 85: "inputModule"
        case 86: "outputModule"
        case 87: "inputOutputModule"
        case 88: "repeaterModule"
        case 91: "firePump"
        case 92: "fireWaterTank"
        case 95: "sprinklerPump"
        case 96: "waterFlowIndicator"
        case 97: "signalValve"
        case 98: "alarmValve"
        case 99: "pressureSwitch"
        case 101: "valveActuator"
        case 102: "fireDoor"
        case 103: "fireDamper"
        case 104: "ventilationAirConditioning"
        case 105: "foamPump"
        case 106: "pipeNetworkSolenoidValve"
        case 111: "smokeControlFan"
        case 113: "smokeExhaustFireDamper"
        case 114: "normallyClosedAirSupplyOutlet"
        case 115: "smokeExhaustVent"
        case 116: "electricSmokeCurtain"
        case 117: "fireShutterController"
        case 118: "fireDoorMonitor"
        case 121: "alarmDevice"
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
