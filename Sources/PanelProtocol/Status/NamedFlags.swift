/// A status or operation word whose bits have the standard's names.
///
/// `firewatch decode` prints ``flagNames``; a set bit the standard reserves is printed as
/// `bitN` so nothing a device sent is hidden.
public protocol NamedFlags: OptionSet, Hashable, Sendable where RawValue: FixedWidthInteger & Codable & Sendable {
    /// Name of each bit when set, indexed by bit number; nil for reserved bits.
    static var bitNames: [String?] { get }
    /// For words whose bit 0 means normal (1) / test (0): the name printed when bit 0 is clear.
    static var clearBit0Name: String? { get }
}

extension NamedFlags {
    public static var clearBit0Name: String? { nil }

    /// Every set bit by name (and `test` for a clear bit 0 where that is its meaning).
    public var flagNames: [String] {
        var out: [String] = []
        forEachFlagName { out.append($0) }
        return out
    }

    /// ``flagNames`` one by one, in bit order, without making the array (the stored JSON form
    /// of every status word is written from this).
    @inlinable
    public func forEachFlagName(_ body: (String) throws -> Void) rethrows {
        let raw = rawValue, names = Self.bitNames
        for bit in 0..<RawValue.bitWidth {
            let set = raw & (1 << bit) != 0
            if bit == 0, !set, let clear = Self.clearBit0Name { try body(clear); continue }
            guard set else { continue }
            try body(bit < names.count ? (names[bit] ?? "bit\(bit)") : "bit\(bit)")
        }
    }

    /// Builds a word from names as ``flagNames`` prints them (`test` and `normal` set bit 0 accordingly).
    public init?(flagNames names: [String]) {
        var raw: RawValue = 0
        for name in names {
            if name == Self.clearBit0Name { continue }
            if let i = Self.bitNames.firstIndex(of: name) {
                raw |= 1 << i
            } else if name.hasPrefix("bit"), let i = Int(name.dropFirst(3)), i >= 0, i < RawValue.bitWidth {
                raw |= 1 << i
            } else {
                return nil
            }
        }
        self.init(rawValue: raw)
    }
}

/// System status word 系统状态 (type 1, Fig. 6).
public struct SystemStatusFlags: NamedFlags {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let normal = Self(rawValue: 1 << 0)
    public static let fire = Self(rawValue: 1 << 1)
    public static let fault = Self(rawValue: 1 << 2)
    public static let disabled = Self(rawValue: 1 << 3)
    public static let supervisory = Self(rawValue: 1 << 4)
    public static let started = Self(rawValue: 1 << 5)
    public static let feedback = Self(rawValue: 1 << 6)
    public static let delayed = Self(rawValue: 1 << 7)
    public static let mainPowerFault = Self(rawValue: 1 << 8)
    public static let backupPowerFault = Self(rawValue: 1 << 9)
    public static let busFault = Self(rawValue: 1 << 10)
    public static let manualMode = Self(rawValue: 1 << 11)
    public static let configChanged = Self(rawValue: 1 << 12)
    public static let reset = Self(rawValue: 1 << 13)
    public static let bitNames: [String?] = [
        "normal", "fire", "fault", "disabled", "supervisory", "started", "feedback", "delayed",
        "mainPowerFault", "backupPowerFault", "busFault", "manualMode", "configChanged", "reset",
    ]
    public static let clearBit0Name: String? = "test"
}

/// Component status word 部件状态 (type 2, Fig. 7). Bits 9–15 are reserved by the standard.
public struct ComponentStatusFlags: NamedFlags {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let normal = Self(rawValue: 1 << 0)
    public static let fire = Self(rawValue: 1 << 1)
    public static let fault = Self(rawValue: 1 << 2)
    public static let disabled = Self(rawValue: 1 << 3)
    public static let supervisory = Self(rawValue: 1 << 4)
    public static let started = Self(rawValue: 1 << 5)
    public static let feedback = Self(rawValue: 1 << 6)
    public static let delayed = Self(rawValue: 1 << 7)
    public static let powerFault = Self(rawValue: 1 << 8)
    public static let bitNames: [String?] = [
        "normal", "fire", "fault", "disabled", "supervisory", "started", "feedback", "delayed", "powerFault",
    ]
    public static let clearBit0Name: String? = "test"
}

/// UITD running status byte 用户信息传输装置运行状态 (type 21, Fig. 13).
public struct UITDStatusFlags: NamedFlags {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let normal = Self(rawValue: 1 << 0)
    public static let fire = Self(rawValue: 1 << 1)
    public static let fault = Self(rawValue: 1 << 2)
    public static let mainPowerFault = Self(rawValue: 1 << 3)
    public static let backupPowerFault = Self(rawValue: 1 << 4)
    /// 与监控中心通信信道故障.
    public static let channelFault = Self(rawValue: 1 << 5)
    /// 监测连接线路故障: the link to the monitored panel.
    public static let panelLinkFault = Self(rawValue: 1 << 6)
    public static let bitNames: [String?] = [
        "normal", "fire", "fault", "mainPowerFault", "backupPowerFault", "channelFault", "panelLinkFault",
    ]
    public static let clearBit0Name: String? = "test"
}

/// Facility operation flags 建筑消防设施操作信息 (type 4, Fig. 9).
public struct OperationFlags: NamedFlags {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let reset = Self(rawValue: 1 << 0)
    public static let silence = Self(rawValue: 1 << 1)
    public static let manualAlarm = Self(rawValue: 1 << 2)
    public static let alarmCleared = Self(rawValue: 1 << 3)
    public static let selfTest = Self(rawValue: 1 << 4)
    public static let acknowledge = Self(rawValue: 1 << 5)
    public static let test = Self(rawValue: 1 << 6)
    public static let bitNames: [String?] = ["reset", "silence", "manualAlarm", "alarmCleared", "selfTest", "acknowledge", "test"]
}

/// UITD operation flags 用户信息传输装置操作信息 (type 24, Fig. 14): as type 4, but bit 5 is 查岗应答.
public struct UITDOperationFlags: NamedFlags {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let reset = Self(rawValue: 1 << 0)
    public static let silence = Self(rawValue: 1 << 1)
    public static let manualAlarm = Self(rawValue: 1 << 2)
    public static let alarmCleared = Self(rawValue: 1 << 3)
    public static let selfTest = Self(rawValue: 1 << 4)
    /// 查岗应答: the person on duty answered the centre's patrol (type 91).
    public static let patrolReply = Self(rawValue: 1 << 5)
    public static let test = Self(rawValue: 1 << 6)
    public static let bitNames: [String?] = ["reset", "silence", "manualAlarm", "alarmCleared", "selfTest", "patrolReply", "test"]
}
