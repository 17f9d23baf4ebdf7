/// A 6-byte source or destination address, kept exactly as transmitted.
///
/// The standard says little-endian, one vendor sends big-endian, and in practice the bytes are an
/// opaque id (serials, IPv4+port): so the bytes are the identity and the number is a reading.
public struct NodeAddress: Hashable, Sendable {
    public var b0, b1, b2, b3, b4, b5: UInt8

    public init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8, _ b4: UInt8, _ b5: UInt8) {
        (self.b0, self.b1, self.b2, self.b3, self.b4, self.b5) = (b0, b1, b2, b3, b4, b5)
    }

    public init<C: Collection<UInt8>>(bytes: C) {
        precondition(bytes.count == 6, "a node address has 6 bytes")
        var i = bytes.startIndex
        func next() -> UInt8 { defer { i = bytes.index(after: i) }; return bytes[i] }
        self.init(next(), next(), next(), next(), next(), next())
    }

    /// Parses 12 hex digits as transmitted (e.g. `"060504030201"`).
    public init?(hex: String) {
        guard let bytes = HexCoding.bytes(hex), bytes.count == 6 else { return nil }
        self.init(bytes: bytes)
    }

    public static let zero = NodeAddress(0, 0, 0, 0, 0, 0)

    public var bytes: [UInt8] { [b0, b1, b2, b3, b4, b5] }

    /// Lowercase hex of the bytes as transmitted.
    public var hex: String { HexCoding.string(bytes) }

    /// The 48-bit number the bytes encode in the given byte order.
    public func value(_ order: ByteOrder = .littleEndian) -> UInt64 {
        let bs = order == .littleEndian ? bytes.reversed() : bytes
        return bs.reduce(0) { $0 << 8 | UInt64($1) }
    }
}

/// Byte order of a multi-byte address as a dialect reads it.
public enum ByteOrder: String, Sendable, Hashable, Codable {
    case littleEndian
    case bigEndian
}
