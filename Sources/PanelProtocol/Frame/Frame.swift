/// One well-formed GB/T 26875.3 frame: markers, length and checksum verified; ADU still bytes.
///
/// Reading the ADU is a second, separate step (``ApplicationDataUnit/decode(_:command:dialect:)``),
/// so the stream decoder stays fast and an ADU problem can still be answered with a 否认 that
/// carries the frame's serial.
public struct Frame: Hashable, Sendable {
    public var header: FrameHeader
    /// The ADU bytes (length L, possibly empty).
    public var adu: ArraySlice<UInt8>

    public init(header: FrameHeader, adu: ArraySlice<UInt8>) {
        self.header = header
        self.adu = adu
    }

    /// Total length on the wire: 30 + L.
    public var wireLength: Int { FrameLayout.overhead + adu.count }
}

/// Fixed offsets and sizes of the frame layout (§1 of the protocol note).
public enum FrameLayout {
    public static let startMarker: UInt8 = 0x40  // '@'
    public static let endMarker: UInt8 = 0x23    // '#'
    /// Bytes before the ADU: `@@` + 25-byte control unit.
    public static let headerLength = 27
    /// Markers, control unit, checksum: a frame is `overhead + L` bytes.
    public static let overhead = 30
    /// The standard's ADU limit.
    public static let maxADULength = 1024
}
