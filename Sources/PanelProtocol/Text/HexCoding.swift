/// Lowercase hex text ⇄ bytes; the one place the package converts between them.
public enum HexCoding {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func string<C: Collection<UInt8>>(_ bytes: C) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex text, ignoring ASCII whitespace; nil on an odd digit count or a non-hex character.
    public static func bytes(_ text: String) -> [UInt8]? {
        switch decode(text.utf8) {
        case .success(let b): b
        case .failure: nil
        }
    }

    /// Decodes hex digits; the failure carries the offset of the first bad character.
    public static func decode<C: Collection<UInt8>>(_ text: C) -> Result<[UInt8], FrameError> {
        var out = [UInt8]()
        out.reserveCapacity(text.count / 2)
        var high: UInt8?
        var offset = 0
        for c in text {
            defer { offset += 1 }
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { continue }
            guard let v = nibble(c) else {
                return .failure(FrameError(.badHex, offset: offset, "character 0x\(string([c])) is not a hex digit"))
            }
            if let h = high {
                out.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        if high != nil {
            return .failure(FrameError(.badHex, offset: offset, "odd number of hex digits"))
        }
        return .success(out)
    }

    @inline(__always)
    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }
}
