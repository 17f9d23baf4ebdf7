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

    /// Equal bytes are equal text; compare by content, not by slice position.
    public static func == (a: EncodedText, b: EncodedText) -> Bool { a.bytes.elementsEqual(b.bytes) }
    public func hash(into hasher: inout Hasher) { for b in bytes { hasher.combine(b) } }
}
