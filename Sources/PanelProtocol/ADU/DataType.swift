/// The ADU type flag 类型标志 (STD Table 3). Unknown values are values: a vendor type is kept raw.
public struct DataType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let systemStatus = DataType(rawValue: 1)
    public static let componentStatus = DataType(rawValue: 2)
    public static let analogValue = DataType(rawValue: 3)
    public static let facilityOperation = DataType(rawValue: 4)
    public static let facilitySoftwareVersion = DataType(rawValue: 5)
    public static let systemConfiguration = DataType(rawValue: 6)
    public static let componentConfiguration = DataType(rawValue: 7)
    public static let facilitySystemTime = DataType(rawValue: 8)
    public static let uitdStatus = DataType(rawValue: 21)
    public static let uitdOperation = DataType(rawValue: 24)
    public static let uitdSoftwareVersion = DataType(rawValue: 25)
    public static let uitdConfiguration = DataType(rawValue: 26)
    public static let uitdSystemTime = DataType(rawValue: 28)
    public static let readSystemStatus = DataType(rawValue: 61)
    public static let readComponentStatus = DataType(rawValue: 62)
    public static let readAnalogValues = DataType(rawValue: 63)
    public static let readFacilityOperations = DataType(rawValue: 64)
    public static let readFacilitySoftwareVersion = DataType(rawValue: 65)
    public static let readSystemConfiguration = DataType(rawValue: 66)
    public static let readComponentConfiguration = DataType(rawValue: 67)
    public static let readFacilitySystemTime = DataType(rawValue: 68)
    public static let readUITDStatus = DataType(rawValue: 81)
    public static let readUITDOperations = DataType(rawValue: 84)
    public static let readUITDSoftwareVersion = DataType(rawValue: 85)
    public static let readUITDConfiguration = DataType(rawValue: 86)
    public static let readUITDSystemTime = DataType(rawValue: 88)
    public static let initializeUITD = DataType(rawValue: 89)
    public static let synchronizeClock = DataType(rawValue: 90)
    public static let patrol = DataType(rawValue: 91)
    /// Vendor restore types (JK-GH2013G, Fubei 2018): status objects whose bits cleared.
    public static let systemStatusRestore = DataType(rawValue: 134)
    public static let componentStatusRestore = DataType(rawValue: 135)
    public static let uitdStatusRestore = DataType(rawValue: 136)

    /// Every type whose layout the standard defines.
    public static let standardTypes: [DataType] = [1, 2, 3, 4, 5, 6, 7, 8, 21, 24, 25, 26, 28,
                                                   61, 62, 63, 64, 65, 66, 67, 68, 81, 84, 85, 86, 88, 89, 90, 91]
        .map { DataType(rawValue: $0) }

    /// The standard's name, nil for reserved and user-defined types.
    public var name: String? {
        switch rawValue {
        case 1: "上传建筑消防设施系统状态"
        case 2: "上传建筑消防设施部件运行状态"
        case 3: "上传建筑消防设施部件模拟量值"
        case 4: "上传建筑消防设施操作信息"
        case 5: "上传建筑消防设施软件版本"
        case 6: "上传建筑消防设施系统配置情况"
        case 7: "上传建筑消防设施部件配置情况"
        case 8: "上传建筑消防设施系统时间"
        case 21: "上传用户信息传输装置运行状态"
        case 24: "上传用户信息传输装置操作信息"
        case 25: "上传用户信息传输装置软件版本"
        case 26: "上传用户信息传输装置配置情况"
        case 28: "上传用户信息传输装置系统时间"
        case 61: "读建筑消防设施系统状态"
        case 62: "读建筑消防设施部件运行状态"
        case 63: "读建筑消防设施部件模拟量值"
        case 64: "读建筑消防设施操作信息"
        case 65: "读建筑消防设施软件版本"
        case 66: "读建筑消防设施系统配置情况"
        case 67: "读建筑消防设施部件配置情况"
        case 68: "读建筑消防设施系统时间"
        case 81: "读用户信息传输装置运行状态"
        case 84: "读用户信息传输装置操作信息记录"
        case 85: "读用户信息传输装置软件版本"
        case 86: "读用户信息传输装置配置情况"
        case 88: "读用户信息传输装置系统时间"
        case 89: "初始化用户信息传输装置"
        case 90: "同步用户信息传输装置时钟"
        case 91: "查岗命令"
        default: nil
        }
    }

    public var range: CodeRange {
        if rawValue >= 128 { return .userDefined }
        return name == nil ? .reserved : .standard
    }

    /// The most objects one ADU of this type may carry (STD §8.3), nil where the standard sets none.
    public var maxObjects: Int? {
        switch rawValue {
        case 1, 4: 102
        case 2: 22
        case 3: 63
        case 5, 8, 21, 25, 26, 28: 1
        case 6: 3
        case 7: 26
        case 24: 127
        case 61: 102
        case 62: 22
        case 63: 63
        case 66: 3
        case 67: 26
        case 64, 65, 68, 81, 84, 85, 86, 88, 89, 90, 91: 1
        default: nil
        }
    }

    public var description: String { name ?? "\(range.rawValue) type \(rawValue)" }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(UInt8.self) }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
}
