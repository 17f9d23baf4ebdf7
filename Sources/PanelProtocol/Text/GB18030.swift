#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// GB 18030 text, the encoding of component descriptions and configuration strings.
///
/// No code table is written by hand: the two-byte table is read once from the C library's
/// `iconv` (a 48 KiB array), so the common case — ASCII and two-byte Chinese — decodes by
/// lookup without a converter per call; four-byte sequences go through `iconv` directly.
public enum GB18030 {
    /// Decodes bytes, replacing what is not valid GB 18030 with U+FFFD. With `dropCutTail`, a
    /// character cut off by the end of the bytes (a 31-byte field can split one) is dropped instead.
    public static func decode<C: Collection<UInt8>>(_ bytes: C, dropCutTail: Bool = false) -> String
    where C.Index == Int {
        if let text = bytes.withContiguousStorageIfAvailable({ decode($0, dropCutTail: dropCutTail) }) { return text }
        return Array(bytes).withUnsafeBufferPointer { decode($0, dropCutTail: dropCutTail) }
    }

    /// Encodes text as GB 18030; characters iconv cannot map become `?`.
    public static func encode(_ text: String) -> [UInt8] {
        var out = [UInt8]()
        for s in text.unicodeScalars {
            if s.value < 0x80 { out.append(UInt8(s.value)); continue }
            out.append(contentsOf: Converter.encodeOne(s) ?? [0x3F])
        }
        return out
    }

    /// Decodes a fixed-width text field as devices pad it: leading NULs and spaces skipped,
    /// cut at the next NUL, spaces trimmed at both ends (§3.7 of the protocol note).
    public static func decodeField(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.withUnsafeBufferPointer { field in
            var start = 0
            let end = field.count
            while start < end, field[start] == 0 || field[start] == 0x20 { start += 1 }
            var stop = start
            while stop < end, field[stop] != 0 { stop += 1 }
            let cutByEnd = stop == end
            while stop > start, field[stop - 1] == 0x20 { stop -= 1 }
            return decode(UnsafeBufferPointer(rebasing: field[start..<stop]), dropCutTail: cutByEnd)
        }
    }

    /// The decoder proper. It writes UTF-8 straight into the new string's storage (one allocation,
    /// none for short text) rather than appending scalar by scalar, which cost more than the rest
    /// of a frame's decoding.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, dropCutTail: Bool) -> String {
        var asciiOnly = true
        for b in bytes where b >= 0x80 { asciiOnly = false; break }
        if asciiOnly { return String(decoding: bytes, as: UTF8.self) }
        let replacement: UInt32 = 0xFFFD
        // Every input byte yields at most 3 UTF-8 bytes: U+FFFD (3) for one stray byte, a BMP
        // character (≤ 3) for a two-byte code, at most 4 for a four-byte code.
        return twoByteTable.withUnsafeBufferPointer { table in
            String(unsafeUninitializedCapacity: bytes.count * 3) { out in
                var n = 0
                var i = 0
                let end = bytes.count
                while i < end {
                    let b = bytes[i]
                    if b < 0x80 {
                        out[n] = b
                        n += 1
                        i += 1
                        continue
                    }
                    guard b >= 0x81 && b <= 0xFE, i + 1 < end else {
                        if dropCutTail && i + 1 >= end && b >= 0x81 && b <= 0xFE { break }
                        put(replacement, out, &n)
                        i += 1
                        continue
                    }
                    let t = bytes[i + 1]
                    if (0x40...0x7E).contains(t) || (0x80...0xFE).contains(t) {
                        // 0 = unmapped; a surrogate (iconv yields none) would not be a scalar either.
                        let u = UInt32(table[Int(b - 0x81) * 191 + Int(t - 0x40)])
                        put(u == 0 || (0xD800...0xDFFF).contains(u) ? replacement : u, out, &n)
                        i += 2
                    } else if (0x30...0x39).contains(t) {
                        guard i + 3 < end else {
                            if !dropCutTail { put(replacement, out, &n) }
                            break
                        }
                        put(Converter.decodeOne([b, t, bytes[i + 2], bytes[i + 3]])?.value ?? replacement, out, &n)
                        i += 4
                    } else {
                        put(replacement, out, &n)
                        i += 1
                    }
                }
                return n
            }
        }
    }

    /// Writes one scalar value as UTF-8 at `out[n]` and advances `n`.
    @inline(__always)
    private static func put(_ v: UInt32, _ out: UnsafeMutableBufferPointer<UInt8>, _ n: inout Int) {
        switch v {
        case 0..<0x80:
            out[n] = UInt8(v)
            n += 1
        case 0x80..<0x800:
            out[n] = 0xC0 | UInt8(v >> 6)
            out[n + 1] = 0x80 | UInt8(v & 0x3F)
            n += 2
        case 0x800..<0x10000:
            out[n] = 0xE0 | UInt8(v >> 12)
            out[n + 1] = 0x80 | UInt8(v >> 6 & 0x3F)
            out[n + 2] = 0x80 | UInt8(v & 0x3F)
            n += 3
        default:
            out[n] = 0xF0 | UInt8(v >> 18)
            out[n + 1] = 0x80 | UInt8(v >> 12 & 0x3F)
            out[n + 2] = 0x80 | UInt8(v >> 6 & 0x3F)
            out[n + 3] = 0x80 | UInt8(v & 0x3F)
            n += 4
        }
    }

    /// Unicode scalar values of every two-byte code (lead 0x81…0xFE × trail 0x40…0xFE); 0 = unmapped.
    static let twoByteTable: [UInt16] = {
        var table = [UInt16](repeating: 0, count: 126 * 191)
        for lead in 0x81...0xFE {
            for trail in 0x40...0xFE where trail != 0x7F && trail != 0xFF {
                if let s = Converter.decodeOne([UInt8(lead), UInt8(trail)]), s.value <= 0xFFFF {
                    table[(lead - 0x81) * 191 + (trail - 0x40)] = UInt16(s.value)
                }
            }
        }
        return table
    }()

    /// Single conversions through iconv; each call opens its own descriptor (thread-safe, slow path).
    enum Converter {
        static func decodeOne(_ bytes: [UInt8]) -> Unicode.Scalar? {
            guard let out = convert(bytes, from: "GB18030", to: "UTF-32LE"), out.count == 4 else { return nil }
            let v = UInt32(out[0]) | UInt32(out[1]) << 8 | UInt32(out[2]) << 16 | UInt32(out[3]) << 24
            return Unicode.Scalar(v)
        }

        static func encodeOne(_ scalar: Unicode.Scalar) -> [UInt8]? {
            let v = scalar.value
            return convert([UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)],
                           from: "UTF-32LE", to: "GB18030")
        }

        static func convert(_ input: [UInt8], from: String, to: String) -> [UInt8]? {
            let cd = iconv_open(to, from)
            guard cd != iconv_t(bitPattern: -1) else { return nil }
            defer { iconv_close(cd) }
            var inBytes = input.map { CChar(bitPattern: $0) }
            var outBytes = [CChar](repeating: 0, count: 16)
            let result: Int = inBytes.withUnsafeMutableBufferPointer { ib in
                outBytes.withUnsafeMutableBufferPointer { ob in
                    var inPtr: UnsafeMutablePointer<CChar>? = ib.baseAddress
                    var inLeft = ib.count
                    var outPtr: UnsafeMutablePointer<CChar>? = ob.baseAddress
                    var outLeft = ob.count
                    let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    if rc == -1 || inLeft != 0 { return -1 }
                    return ob.count - outLeft
                }
            }
            guard result > 0 else { return nil }
            return outBytes[0..<result].map { UInt8(bitPattern: $0) }
        }
    }
}
