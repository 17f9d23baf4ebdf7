/// Reads little-endian fields from an ADU whose size was checked up front, through the raw bytes
/// of its slice (valid only inside the slice's `withUnsafeBytes`). Positions count from the
/// ADU's first byte.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    let timeFormat: TimeLabelFormat

    init(_ bytes: UnsafeRawBufferPointer, at position: Int, timeFormat: TimeLabelFormat) {
        self.bytes = bytes
        self.position = position
        self.timeFormat = timeFormat
    }

    @inline(__always) mutating func u8() -> UInt8 {
        defer { position += 1 }
        return bytes[position]
    }

    @inline(__always) mutating func u16() -> UInt16 {
        defer { position += 2 }
        return UInt16(bytes[position]) | UInt16(bytes[position + 1]) << 8
    }

    @inline(__always) mutating func u32() -> UInt32 {
        defer { position += 4 }
        return UInt32(bytes[position]) | UInt32(bytes[position + 1]) << 8
            | UInt32(bytes[position + 2]) << 16 | UInt32(bytes[position + 3]) << 24
    }

    /// The next `n` bytes as a slice of `slice`, the bytes this reader reads.
    @inline(__always) mutating func slice(_ n: Int, of slice: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        defer { position += n }
        let from = slice.startIndex + position
        return slice[from..<(from + n)]
    }

    @inline(__always) mutating func time() -> DeviceTime {
        let b = bytes, p = position
        position += 6
        return TimeLabel(second: b[p], minute: b[p + 1], hour: b[p + 2], day: b[p + 3], month: b[p + 4], year: b[p + 5])
            .deviceTime(timeFormat)
    }

    @inline(__always) mutating func system() -> SystemTarget {
        SystemTarget(systemType: SystemType(rawValue: u8()), systemAddress: u8())
    }

    @inline(__always) mutating func component() -> ComponentTarget {
        ComponentTarget(systemType: SystemType(rawValue: u8()), systemAddress: u8(), componentAddress: u32())
    }
}

/// Writes ADU fields little-endian.
struct ByteWriter {
    var bytes: [UInt8] = []
    let timeFormat: TimeLabelFormat

    init(timeFormat: TimeLabelFormat) { self.timeFormat = timeFormat }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { bytes.append(UInt8(v & 0xFF)); bytes.append(UInt8(v >> 8)) }
    mutating func u32(_ v: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(shift))) }
    }
    mutating func time(_ t: DeviceTime) { bytes.append(contentsOf: TimeLabel(t, format: timeFormat).bytes) }
    mutating func system(_ s: SystemTarget) { u8(s.systemType.rawValue); u8(s.systemAddress) }
    mutating func component(_ c: ComponentTarget) {
        u8(c.systemType.rawValue); u8(c.systemAddress); u32(c.componentAddress)
    }
    mutating func raw<C: Collection<UInt8>>(_ b: C) { bytes.append(contentsOf: b) }
}
