/// Analog type 模拟量类型 (GB/T 26875.3 Table 6); the value is a signed 16-bit count of `scale` × `unit`.
///
/// A struct over the raw byte, not an enum: reserved and user-defined codes are values.
public struct AnalogType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 未用
    public static let unused = AnalogType(rawValue: 0)
    /// 事件计数
    public static let eventCount = AnalogType(rawValue: 1)
    /// 高度
    public static let height = AnalogType(rawValue: 2)
    /// 温度
    public static let temperature = AnalogType(rawValue: 3)
    /// 压力
    public static let pressureMPa = AnalogType(rawValue: 4)
    /// 压力
    public static let pressureKPa = AnalogType(rawValue: 5)
    /// 气体浓度
    public static let gasConcentration = AnalogType(rawValue: 6)
    /// 时间
    public static let time = AnalogType(rawValue: 7)
    /// 电压
    public static let voltage = AnalogType(rawValue: 8)
    /// 电流
    public static let current = AnalogType(rawValue: 9)
    /// 流量
    public static let flow = AnalogType(rawValue: 10)
    /// 风量
    public static let airVolume = AnalogType(rawValue: 11)
    /// 风速
    public static let windSpeed = AnalogType(rawValue: 12)

    /// The standard's name (Simplified Chinese), or nil for a reserved or user-defined code.
    public var name: String? {
        switch rawValue {
        case 0: "未用"
        case 1: "事件计数"
        case 2: "高度"
        case 3: "温度"
        case 4: "压力"
        case 5: "压力"
        case 6: "气体浓度"
        case 7: "时间"
        case 8: "电压"
        case 9: "电流"
        case 10: "流量"
        case 11: "风量"
        case 12: "风速"
        default: nil
        }
    }

    /// The identifier-style English name, or nil for a reserved or user-defined code.
    public var englishName: String? {
        switch rawValue {
        case 0: "unused"
        case 1: "eventCount"
        case 2: "height"
        case 3: "temperature"
        case 4: "pressureMPa"
        case 5: "pressureKPa"
        case 6: "gasConcentration"
        case 7: "time"
        case 8: "voltage"
        case 9: "current"
        case 10: "flow"
        case 11: "airVolume"
        case 12: "windSpeed"
        default: nil
        }
    }

    public var range: CodeRange {
        if rawValue >= 128 { return .userDefined }
        return name == nil ? .reserved : .standard
    }

    public var description: String { name ?? "\(range.rawValue) \(rawValue)" }

    /// The unit of one step of the raw value, or nil where the standard gives none.
    public var unit: String? {
        switch rawValue {
        case 1: "件"
        case 2: "m"
        case 3: "℃"
        case 4: "MPa"
        case 5: "kPa"
        case 6: "%LEL"
        case 7: "s"
        case 8: "V"
        case 9: "A"
        case 10: "L/s"
        case 11: "m³/min"
        case 12: "m/s"
        default: nil
        }
    }

    /// The value of one step (LSB) in ``unit``; 1 for reserved and user-defined codes.
    public var scale: Double {
        switch rawValue {
        case 2: 0.01
        case 3: 0.1
        case 4: 0.1
        case 5: 0.1
        case 6: 0.1
        case 8: 0.1
        case 9: 0.1
        case 10: 0.1
        case 11: 0.1
        default: 1
        }
    }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(UInt8.self) }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
}
