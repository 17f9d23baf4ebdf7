/// Writes frames: header, ADU bytes, checksum, markers. Also the 确认/否认 replies.
public enum FrameEncoder {
    /// Encodes a frame with the given ADU bytes. The caller keeps the ADU within 1024 bytes.
    public static func encode<C: Collection<UInt8>>(_ header: FrameHeader, adu: C) -> [UInt8] {
        precondition(adu.count <= 0xFFFF, "ADU longer than the length field")
        var out = [UInt8]()
        out.reserveCapacity(FrameLayout.overhead + adu.count)
        out.append(FrameLayout.startMarker)
        out.append(FrameLayout.startMarker)
        out.append(UInt8(truncatingIfNeeded: header.serial))
        out.append(UInt8(truncatingIfNeeded: header.serial >> 8))
        out.append(header.version.major)
        out.append(header.version.minor)
        out.append(contentsOf: header.timeLabel.bytes)
        out.append(contentsOf: header.source.bytes)
        out.append(contentsOf: header.destination.bytes)
        out.append(UInt8(truncatingIfNeeded: adu.count))
        out.append(UInt8(truncatingIfNeeded: adu.count >> 8))
        out.append(header.command.rawValue)
        out.append(contentsOf: adu)
        out.append(Checksum.compute(out[2...]))
        out.append(FrameLayout.endMarker)
        out.append(FrameLayout.endMarker)
        return out
    }

    public static func encode(_ frame: Frame) -> [UInt8] { encode(frame.header, adu: frame.adu) }

    /// The reply header to a received frame (§2.2 of the protocol note): same serial and version,
    /// time label echoed, source and destination swapped, empty ADU.
    public static func replyHeader(to received: FrameHeader, command: Command) -> FrameHeader {
        FrameHeader(serial: received.serial, version: received.version, timeLabel: received.timeLabel,
                    source: received.destination, destination: received.source, command: command)
    }

    /// 确认 (cmd 3) for a received frame.
    public static func confirmation(for received: FrameHeader) -> [UInt8] {
        encode(replyHeader(to: received, command: .confirm), adu: EmptyCollection())
    }

    /// 否认 (cmd 6) for a received frame.
    public static func denial(for received: FrameHeader) -> [UInt8] {
        encode(replyHeader(to: received, command: .deny), adu: EmptyCollection())
    }
}
