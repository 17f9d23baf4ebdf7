#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// GB 18030 text, the encoding of component descriptions and configuration strings.
///
/// No code table is written by hand: the two-byte table is read once from the C library's
/// `iconv` (a 126 KiB array of ready-to-store UTF-8), so the common case — ASCII and two-byte
/// Chinese — decodes by lookup without a converter per call; four-byte sequences go through
/// `iconv` directly.
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
            let (text, cutByEnd) = fieldText(field)
            return decode(text, dropCutTail: cutByEnd)
        }
    }

    /// The text of a padded field (leading NULs and spaces skipped, cut at the next NUL, spaces
    /// trimmed at both ends), and whether it ran to the field's end (no NUL after it).
    @inline(__always)
    static func fieldText(_ field: UnsafeBufferPointer<UInt8>) -> (text: UnsafeBufferPointer<UInt8>, cutByEnd: Bool) {
        var start = 0
        let end = field.count
        while start < end, field[start] == 0 || field[start] == 0x20 { start += 1 }
        // The first NUL after the text, found with the C library's vectorised search.
        var stop = end
        if start < end, let base = field.baseAddress, let nul = memchr(base + start, 0, end - start) {
            stop = base.distance(to: nul.assumingMemoryBound(to: UInt8.self))
        }
        let cutByEnd = stop == end
        while stop > start, field[stop - 1] == 0x20 { stop -= 1 }
        return (UnsafeBufferPointer(rebasing: field[start..<stop]), cutByEnd)
    }

    /// The decoder proper: one pass that writes UTF-8 into a stack buffer, then one string made
    /// from it. Building the string from the exact bytes costs one allocation of the right size
    /// (none for up to 15 UTF-8 bytes, a small string) and the standard library's single
    /// validation pass; appending scalar by scalar cost more than the rest of a frame's decoding.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, dropCutTail: Bool) -> String {
        var asciiOnly = true
        for b in bytes where b >= 0x80 { asciiOnly = false; break }
        if asciiOnly { return String(decoding: bytes, as: UTF8.self) }
        // Every input byte yields at most 3 UTF-8 bytes: U+FFFD (3) for one stray byte, a BMP
        // character (≤ 3) for a two-byte code, at most 4 for a four-byte code. One spare byte
        // lets a two-byte code's table entry be stored as one 4-byte word.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count * 3 + 1) { out in
            let n = twoByteTable.withUnsafeBufferPointer { decode(bytes, into: out, table: $0, dropCutTail: dropCutTail) }
            return String(decoding: UnsafeBufferPointer(rebasing: out[..<n]), as: UTF8.self)
        }
    }

    /// Writes the UTF-8 of `bytes` to `out` (3 × count + 1 bytes) and returns how many it wrote:
    /// the bytes ``decode(_:dropCutTail:)`` makes a string of.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, dropCutTail: Bool) -> Int {
        twoByteTable.withUnsafeBufferPointer { decode(bytes, into: out, table: $0, dropCutTail: dropCutTail) }
    }

    /// Writes the UTF-8 of `bytes` to `out` (3 × count + 1 bytes) and returns how many it wrote.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>,
                               table: UnsafeBufferPointer<UInt32>, dropCutTail: Bool) -> Int {
        guard let src = bytes.baseAddress, let dst = out.baseAddress, let rows = table.baseAddress else { return 0 }
        let end = bytes.count
        var n = 0
        var i = 0
        // While a second byte follows: a two-byte code is one table load (row = lead, column =
        // trail) and one store; a zero entry is anything else after a lead byte.
        while i &+ 1 < end {
            let b = src[i]
            if b < 0x80 {
                dst[n] = b
                n &+= 1
                i &+= 1
                continue
            }
            let lead = Int(b) &- 0x81  // 0…125 for a lead byte (0x81…0xFE)
            if UInt(bitPattern: lead) < 126 {
                let t = src[i &+ 1]
                let entry = rows[lead &<< 8 | Int(t)]
                if entry != 0 {
                    UnsafeMutableRawPointer(dst + n).storeBytes(of: entry.littleEndian, as: UInt32.self)
                    n &+= Int(entry >> 24)
                    i &+= 2
                    continue
                }
                if t >= 0x30 && t <= 0x39 {
                    guard i &+ 3 < end else {
                        if !dropCutTail { put(replacement, dst, &n) }
                        return n
                    }
                    put(Converter.decodeOne([b, t, src[i &+ 2], src[i &+ 3]])?.value ?? replacement, dst, &n)
                    i &+= 4
                    continue
                }
            }
            put(replacement, dst, &n)
            i &+= 1
        }
        // The last byte, alone.
        if i < end {
            let b = src[i]
            if b < 0x80 {
                dst[n] = b
                n &+= 1
            } else if !(dropCutTail && UInt(bitPattern: Int(b) &- 0x81) < 126) {
                // A lead byte cut off by the end of a field is dropped; anything else is stray.
                put(replacement, dst, &n)
            }
        }
        return n
    }

    /// U+FFFD, what a byte that is not valid GB 18030 becomes.
    private static let replacement: UInt32 = 0xFFFD

    /// Writes one scalar value as UTF-8 at `out[n]` and advances `n`.
    @inline(__always)
    private static func put(_ v: UInt32, _ out: UnsafeMutablePointer<UInt8>, _ n: inout Int) {
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

    /// The UTF-8 of every two-byte code, one row of 256 per lead byte 0x81…0xFE, indexed by the
    /// second byte, ready to store: the bytes in the low three bytes (first byte lowest), their
    /// count in the high byte. Unmapped codes (trails 0x40…0xFE but 0x7F), and any that iconv maps
    /// outside the BMP, hold U+FFFD; 0 marks every other second byte: a four-byte code's digit
    /// (0x30…0x39), or one that makes the lead byte a stray byte. Built once from iconv (126 KiB).
    static let twoByteTable: [UInt32] = {
        let unmapped = entry("\u{FFFD}")
        var table = [UInt32](repeating: 0, count: 126 * 256)
        for lead in 0x81...0xFE {
            for trail in 0x40...0xFE where trail != 0x7F {
                let scalar = Converter.decodeOne([UInt8(lead), UInt8(trail)])
                table[(lead - 0x81) << 8 | trail] = scalar.map { $0.value <= 0xFFFF ? entry($0) : unmapped } ?? unmapped
            }
        }
        return table
    }()

    /// A BMP scalar's UTF-8 as a ``twoByteTable`` entry.
    private static func entry(_ scalar: Unicode.Scalar) -> UInt32 {
        var entry: UInt32 = 0
        var count: UInt32 = 0
        for byte in UTF8.encode(scalar)! {
            entry |= UInt32(byte) << (8 * count)
            count += 1
        }
        return entry | count << 24
    }

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
