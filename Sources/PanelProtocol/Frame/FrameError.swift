/// Why a frame or payload was rejected: a stable code for machines, a sentence for people,
/// and the byte offset (in the stream or payload) where the problem was found.
public struct FrameError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable codes; they are the `code` of `firewatch decode` errors and the quarantine reason.
    public enum Code: String, Sendable, Hashable, CaseIterable, Codable {
        /// The 8-bit sum over control unit and ADU does not match the checksum byte.
        case checksumMismatch
        /// Bytes that do not start with `@@` were skipped to resynchronise.
        case badStartMarker
        /// The byte pair after the checksum is not `##`.
        case badEndMarker
        /// The ADU length field exceeds the dialect's limit (1024 in GB/T 26875.3).
        case lengthTooLarge
        /// The input ended inside a frame.
        case truncated
        /// The ADU (or a JSON object) does not match the layout of its type.
        case badObject
        /// An ASCII-hex transport payload contains a character that is not a hex digit.
        case badHex
        /// A JSON-form payload is not valid JSON, or is not an object.
        case badJSON
    }

    public var code: Code
    public var offset: Int?
    public var message: String
    /// The header of the rejected frame where it could be read, so a 否认 can still be sent.
    public var header: FrameHeader?

    public init(_ code: Code, offset: Int?, _ message: String, header: FrameHeader? = nil) {
        self.code = code
        self.offset = offset
        self.message = message
        self.header = header
    }

    public var description: String {
        if let offset { return "\(code.rawValue) at byte \(offset): \(message)" }
        return "\(code.rawValue): \(message)"
    }

    /// The same error with its offset moved by `delta` (payload → stream coordinates).
    func shifted(by delta: Int) -> FrameError {
        var copy = self
        copy.offset = offset.map { $0 + delta }
        return copy
    }
}
