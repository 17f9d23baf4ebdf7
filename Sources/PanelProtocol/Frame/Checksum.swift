/// The frame checksum (STD Table 1): the 8-bit arithmetic sum of the control unit and the ADU,
/// carries above 8 bits dropped. Not two's complement, not XOR, not a CRC.
public enum Checksum {
    @inline(__always)
    public static func compute(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var sum: UInt8 = 0
        for b in bytes { sum &+= b }
        return sum
    }

    public static func compute<C: Collection<UInt8>>(_ bytes: C) -> UInt8 {
        if let fast = bytes.withContiguousStorageIfAvailable({ compute($0) }) { return fast }
        var sum: UInt8 = 0
        for b in bytes { sum &+= b }
        return sum
    }
}
