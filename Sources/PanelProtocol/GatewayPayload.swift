/// Everything one MQTT payload from a gateway contains: frames back to back (binary or ASCII hex,
/// per the gateway's dialect), or one JSON document in the JSON form.
public enum GatewayPayload {
    /// One frame (or rejection) found in a payload.
    public struct Item: Sendable {
        /// Where it starts in the payload (for hex transport: in the decoded bytes).
        public var offset: Int
        /// The frame's bytes as received (empty for JSON and for rejections without a frame).
        public var bytes: ArraySlice<UInt8>
        public var result: Result<PanelMessage, FrameError>
    }

    /// The form a payload arrived in.
    public enum Form: String, Sendable { case binary, asciiHex, json }

    /// The payload's form: JSON when its first non-blank byte is `{`, else the dialect's transport.
    public static func form<C: Collection<UInt8>>(of payload: C, dialect: Dialect) -> Form {
        for b in payload where !(b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09) {
            if b == UInt8(ascii: "{") { return .json }
            break
        }
        return dialect.transport == .asciiHex ? .asciiHex : .binary
    }

    /// Decodes a whole payload. Never throws: every problem is an item with a typed error.
    public static func decode(_ payload: [UInt8], dialect: Dialect = .gb2011) -> [Item] {
        switch form(of: payload, dialect: dialect) {
        case .json:
            return [Item(offset: 0, bytes: [], result: Result { () throws(FrameError) in try JSONForm.decode(payload) })]
        case .asciiHex:
            switch HexCoding.decode(payload) {
            case .success(let bytes): return frames(bytes, dialect: dialect)
            case .failure(let error): return [Item(offset: error.offset ?? 0, bytes: [], result: .failure(error))]
            }
        case .binary:
            return frames(payload, dialect: dialect)
        }
    }

    static func frames(_ bytes: [UInt8], dialect: Dialect) -> [Item] {
        FrameStreamDecoder.decodeAll(bytes, maxADULength: dialect.maxADULength).map { step in
            switch step {
            case .success(let frame):
                // A fresh decoder fed once: its buffer indices are the payload's.
                let offset = frame.adu.startIndex - FrameLayout.headerLength
                return Item(offset: offset, bytes: bytes[offset..<(offset + frame.wireLength)], result: Result { () throws(FrameError) in
                    try PanelMessage(frame: frame, dialect: dialect, offset: offset)
                })
            case .failure(let error):
                return Item(offset: error.offset ?? 0, bytes: [], result: .failure(error))
            }
        }
    }
}
