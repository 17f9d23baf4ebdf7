/// Text as a device sent it: the GB 18030 bytes are the record, the string is a reading.
///
/// Keeping bytes means nothing is lost to a bad conversion and decoding a frame costs nothing
/// until someone reads the text (``text`` converts on use).
public struct EncodedText: Hashable, Sendable, CustomStringConvertible {
    public var bytes: ArraySlice<UInt8>
    /// A fixed-width field that devices pad (descriptions), as opposed to length-prefixed text.
    public var isPaddedField: Bool

    public init(bytes: ArraySlice<UInt8>, isPaddedField: Bool = true) {
        self.bytes = bytes
        self.isPaddedField = isPaddedField
    }

    /// Encodes text as GB 18030; with `width`, a padded field: NUL-padded or cut at a character boundary.
    public init(_ text: String, width: Int? = nil) {
        isPaddedField = width != nil
        var b = GB18030.encode(text)
        if let width {
            if b.count > width {
                var cut = 0, i = 0
                while i < b.count {
                    let step = b[i] < 0x80 ? 1 : (i + 1 < b.count && (0x30...0x39).contains(b[i + 1]) ? 4 : 2)
                    if i + step > width { break }
                    i += step
                    cut = i
                }
                b.removeSubrange(cut...)
            }
            b.append(contentsOf: repeatElement(0, count: width - b.count))
        }
        bytes = b[...]
    }

    /// The text; for a padded field, padding removed (§3.7 of the protocol note).
    public var text: String { isPaddedField ? GB18030.decodeField(bytes) : GB18030.decode(bytes) }

    public var description: String { text }

    /// Calls `body` with the text's UTF-8 — exactly the bytes of `text.utf8` (padding removed for
    /// a padded field) — without making a `String`: for callers that write UTF-8 out (JSON, SQLite,
    /// a socket). The bytes are converted into a temporary buffer (on the stack for short texts)
    /// that is valid only during the call.
    @inlinable
    public func withUTF8<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        // Inlined and specialised in the caller; the conversion itself is one non-generic call
        // (generic code called from another module runs unspecialised, with runtime metadata).
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8Capacity) { (buffer) throws(E) -> R in
            let count = convertToUTF8(into: buffer)
            return try body(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// An upper bound of the text's UTF-8 length, plus one spare byte the converter uses: each
    /// byte yields at most 3 UTF-8 bytes (U+FFFD for a stray byte, a BMP character for a two-byte
    /// code, 4 bytes for a four-byte code).
    @usableFromInline
    var utf8Capacity: Int { bytes.count * 3 + 1 }

    /// Writes the text's UTF-8 into `buffer` (``utf8Capacity`` bytes) and returns its length.
    @usableFromInline
    func convertToUTF8(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let padded = isPaddedField
        return bytes.withUnsafeBufferPointer { all in
            if padded {
                let (text, cutByEnd) = GB18030.fieldText(all)
                return GB18030.decode(text, into: buffer, dropCutTail: cutByEnd)
            }
            return GB18030.decode(all, into: buffer, dropCutTail: false)
        }
    }

    /// Equal bytes are equal text; compare by content, not by slice position.
    public static func == (a: EncodedText, b: EncodedText) -> Bool { a.bytes.elementsEqual(b.bytes) }
    public func hash(into hasher: inout Hasher) { for b in bytes { hasher.combine(b) } }
}
