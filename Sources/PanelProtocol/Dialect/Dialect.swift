/// How one gateway speaks GB/T 26875.3: chosen per gateway in the registry, never guessed.
///
/// The default, ``gb2011``, is the standard read strictly. Each named profile relaxes or changes
/// exactly what one vendor family is known to do (§5 of the protocol note) and nothing else, so a
/// tolerant reading never leaks onto a gateway that does not need it.
public struct Dialect: Hashable, Sendable {
    /// Profile name as written in the registry (`dialect:`).
    public var name: String
    /// Binary (standard) or BCD time labels, in the header and in objects.
    public var timeLabelFormat: TimeLabelFormat = .binary
    /// How frames travel inside an MQTT payload.
    public var transport: Transport = .binary
    /// How the 6-byte addresses are read as numbers (identity is always the bytes).
    public var addressByteOrder: ByteOrder = .littleEndian
    /// Largest ADU accepted (1024 in the standard, 512 for Dahua v1.03).
    public var maxADULength: Int = FrameLayout.maxADULength
    /// Accept type 21 objects without a time label (1 byte: heartbeat variant).
    public var uitdStatusWithoutTime = false
    /// Accept 15-byte component status objects without a description (Fubei 2018).
    public var shortComponentStatus = false
    /// Read user-defined types 134/135/136 as system/component/UITD status with the bits cleared.
    public var restoreTypes = false
    /// Downstream objects carry a trailing 6-byte time label (FireMaster/依爱 encoders).
    public var downstreamTimeLabels = false
    /// Types whose layout this vendor changed without documenting it: kept raw, never misread.
    public var rawTypes = DataTypeSet()
    /// Enforce the standard's per-type object limits (``DataType/maxObjects``).
    public var enforceObjectLimits = true

    /// The payload encoding of frames on the MQTT topic.
    public enum Transport: String, Sendable, Hashable, Codable {
        /// Frames as bytes, back to back (the standard).
        case binary
        /// Frames as ASCII hex text (seen in field code); whitespace ignored.
        case asciiHex
    }

    public init(name: String) { self.name = name }

    /// GB/T 26875.3-2011 read strictly: the default for every gateway.
    public static let gb2011 = Dialect(name: "gb26875-2011")

    /// The standard, with frames sent as ASCII hex text.
    public static let gb2011Hex: Dialect = {
        var d = Dialect(name: "gb26875-2011-hex"); d.transport = .asciiHex; return d
    }()

    /// Dahua "v1.03": BCD time labels, ADU limit 512, tolerant of type 21 heartbeats.
    public static let dahuaV103: Dialect = {
        var d = Dialect(name: "dahua-v1.03")
        d.timeLabelFormat = .bcd
        d.maxADULength = 512
        d.uitdStatusWithoutTime = true
        return d
    }()

    /// Fubei 2018: 15-byte component status objects; restore types 134–136.
    public static let fubei2018: Dialect = {
        var d = Dialect(name: "fubei-2018")
        d.shortComponentStatus = true
        d.restoreTypes = true
        return d
    }()

    /// Fubei 2024: types 2, 3, 135, 150, 151 use undocumented 16-byte objects, kept raw.
    public static let fubei2024: Dialect = {
        var d = Dialect(name: "fubei-2024")
        d.rawTypes = [2, 3, 135, 150, 151]
        return d
    }()

    /// JK-GH2013G: user-defined restore types 134/135/136; heartbeats without time labels.
    public static let jkGH2013G: Dialect = {
        var d = Dialect(name: "jk-gh2013g")
        d.restoreTypes = true
        d.uitdStatusWithoutTime = true
        return d
    }()

    /// JD-F53: addresses big-endian.
    public static let jdF53: Dialect = {
        var d = Dialect(name: "jd-f53"); d.addressByteOrder = .bigEndian; return d
    }()

    /// FSCN8001 (赋安): BCD time labels.
    public static let fscn8001: Dialect = {
        var d = Dialect(name: "fscn8001"); d.timeLabelFormat = .bcd; return d
    }()

    /// FireMaster/依爱: downstream objects followed by a time label; vendor types 204/205 raw.
    public static let fireMaster: Dialect = {
        var d = Dialect(name: "firemaster"); d.downstreamTimeLabels = true; return d
    }()

    /// Every named profile, by name.
    public static let profiles: [String: Dialect] = {
        let all: [Dialect] = [.gb2011, .gb2011Hex, .dahuaV103, .fubei2018, .fubei2024, .jkGH2013G, .jdF53, .fscn8001, .fireMaster]
        return Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    }()

    /// The profile with this name, or nil.
    public static func named(_ name: String) -> Dialect? { profiles[name] }
}

/// A set of ADU type flags as a 256-bit map: checked once per frame on the hot path, so it must
/// cost neither hashing nor reference counting (a `Set<UInt8>` did both).
public struct DataTypeSet: Hashable, Sendable, ExpressibleByArrayLiteral {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    public init() {}

    public init(arrayLiteral elements: UInt8...) {
        for e in elements { insert(e) }
    }

    public mutating func insert(_ type: UInt8) {
        let bit = UInt64(1) << UInt64(type & 63)
        switch type >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    public func contains(_ type: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(type & 63)
        switch type >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    public var isEmpty: Bool { words == (0, 0, 0, 0) }

    public static func == (a: DataTypeSet, b: DataTypeSet) -> Bool { a.words == b.words }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0); hasher.combine(words.1); hasher.combine(words.2); hasher.combine(words.3)
    }
}
