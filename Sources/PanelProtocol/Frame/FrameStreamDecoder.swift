/// A single-step stream decoder for GB/T 26875.3 frames, in the manner of swift-nio's
/// `NIOSingleStepByteToMessageDecoder`: append bytes, then call ``next(isFinal:)`` until it
/// returns nil.
///
/// Frames have no escaping and `@@` can occur inside a payload, so framing trusts the length
/// field and verifies end marker and checksum; on any failure it drops one byte and rescans, which
/// finds a real frame that starts inside a broken one. Every rejection is reported once, with its
/// stream offset: bytes skipped after a rejected candidate are that candidate's remains and are not
/// reported again.
public struct FrameStreamDecoder: Sendable {
    /// One step's outcome.
    public typealias Step = Result<Frame, FrameError>

    public let maxADULength: Int
    private var buffer: [UInt8] = []
    /// Index in `buffer` of the first byte not yet consumed.
    private var readIndex = 0
    /// Stream offset of `buffer[0]`.
    private var bufferBase = 0
    /// Stream offset where a run of skipped bytes began, when it must be reported.
    private var garbageStart: Int?
    /// True after a rejected candidate until the next frame candidate: its remains are not garbage.
    private var inRejectedRemains = false

    public init(maxADULength: Int = FrameLayout.maxADULength) {
        self.maxADULength = maxADULength
    }

    /// Bytes buffered but not yet consumed.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Stream offset of the next unconsumed byte.
    public var streamOffset: Int { bufferBase + readIndex }

    /// Adds bytes to the stream.
    public mutating func append<S: Sequence<UInt8>>(_ bytes: S) {
        // Contiguous bytes (arrays, slices, Data) are copied as one buffer.
        if bytes.withContiguousStorageIfAvailable({ append(contiguous: $0) }) == nil {
            dropConsumedBytes()
            buffer.append(contentsOf: bytes)
        }
    }

    /// Adds bytes to the stream. Callers in other modules get the generic entry unspecialised,
    /// where its protocol dispatch cost more than the rest of a frame's decoding: arrays and
    /// slices, what payloads are, come here.
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(contiguous: $0) }
    }

    /// Adds bytes to the stream; the slice counterpart of the array overload above.
    public mutating func append(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { append(contiguous: $0) }
    }

    /// Copies contiguous bytes into the buffer, behind what is left of it.
    private mutating func append(contiguous bytes: UnsafeBufferPointer<UInt8>) {
        if readIndex > 0 && readIndex == buffer.count {
            // Everything was consumed (one payload at a time, the common case): the new bytes
            // replace the old in one step instead of a removal and an append.
            bufferBase += readIndex
            readIndex = 0
            buffer.replaceSubrange(0..<buffer.count, with: bytes)
        } else {
            dropConsumedBytes()
            buffer.append(contentsOf: bytes)
        }
    }

    /// Drops consumed bytes from the buffer when all of it, or a long run, has been consumed.
    private mutating func dropConsumedBytes() {
        guard readIndex > 0 && (readIndex == buffer.count || readIndex >= 4096) else { return }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else {
            buffer.removeSubrange(0..<readIndex)
        }
        bufferBase += readIndex
        readIndex = 0
    }

    /// Decodes one step. Returns nil when more bytes are needed (or, with `isFinal`, when the
    /// input is exhausted). With `isFinal`, a partial frame is reported as `truncated`.
    @inlinable
    public mutating func next(isFinal: Bool = false) -> Step? {
        // The common case first, checked without building any error. Inlined, so a caller that
        // takes the frame out of `.success` gets it without the `Result` being built and then
        // destroyed through runtime metadata (≈ 130 instructions per frame).
        if let frame = wellFormedFrameAtReadIndex() { return .success(frame) }
        return step(isFinal: isFinal)
    }

    /// One full step: resynchronisation, garbage runs, rejections, incomplete frames.
    @usableFromInline @inline(never)
    mutating func step(isFinal: Bool) -> Step? {
        while true {
            guard let p = findStart(isFinal: isFinal) else {
                if isFinal, let g = flushGarbage(endingAt: bufferBase + buffer.count, force: true) { return .failure(g) }
                return nil
            }
            // A garbage run ends at a candidate: report it before anything about the candidate.
            if let g = flushGarbage(endingAt: bufferBase + p, force: false) { return .failure(g) }
            inRejectedRemains = false
            let available = buffer.count - p
            if available < 26 {
                if isFinal { return .failure(reject(p, .truncated, at: p, "input ends \(available) bytes into a frame header (needs 30 at least)")) }
                return nil
            }
            let length = Int(buffer[p + 24]) | Int(buffer[p + 25]) << 8
            if length > maxADULength {
                return .failure(reject(p, .lengthTooLarge, at: p + 24, "ADU length \(length) exceeds the limit of \(maxADULength)"))
            }
            let total = FrameLayout.overhead + length
            if available < total {
                if isFinal { return .failure(reject(p, .truncated, at: p, "input ends \(available) bytes into a \(total)-byte frame")) }
                return nil
            }
            let endAt = p + FrameLayout.headerLength + length + 1
            if buffer[endAt] != FrameLayout.endMarker || buffer[endAt + 1] != FrameLayout.endMarker {
                return .failure(reject(p, .badEndMarker, at: endAt, "expected ## after the checksum, found \(HexCoding.string(buffer[endAt...endAt + 1]))"))
            }
            let csAt = endAt - 1
            let computed = buffer.withUnsafeBufferPointer { Checksum.compute(UnsafeBufferPointer(rebasing: $0[(p + 2)..<csAt])) }
            if computed != buffer[csAt] {
                return .failure(reject(p, .checksumMismatch, at: csAt, "checksum byte is 0x\(HexCoding.string([buffer[csAt]])), the sum is 0x\(HexCoding.string([computed]))"))
            }
            let frame = Self.frame(buffer, at: p, length: length)
            readIndex = p + total
            return .success(frame)
        }
    }

    /// Decodes a complete payload (one MQTT message): every frame and every rejection, in order.
    public static func decodeAll<C: Collection<UInt8>>(_ bytes: C, maxADULength: Int = FrameLayout.maxADULength) -> [Step] {
        var decoder = FrameStreamDecoder(maxADULength: maxADULength)
        decoder.append(bytes)
        var out: [Step] = []
        while let step = decoder.next(isFinal: true) { out.append(step) }
        return out
    }

    // MARK: - Steps

    /// A well-formed frame starting exactly at the read position while no skipped bytes wait to be
    /// reported: the same frame the full step below would return, found with one pass over
    /// unchecked bytes. Returns nil, changing nothing, in every other case.
    @inline(__always)
    @usableFromInline
    mutating func wellFormedFrameAtReadIndex() -> Frame? {
        guard garbageStart == nil else { return nil }
        let p = readIndex
        let maxLength = maxADULength
        let found: Int? = buffer.withUnsafeBufferPointer { b in
            guard b.count - p >= FrameLayout.overhead,
                  b[p] == FrameLayout.startMarker, b[p + 1] == FrameLayout.startMarker else { return nil }
            let length = Int(b[p + 24]) | Int(b[p + 25]) << 8
            guard length <= maxLength, b.count - p >= FrameLayout.overhead + length else { return nil }
            let csAt = p + FrameLayout.headerLength + length
            guard b[csAt + 1] == FrameLayout.endMarker, b[csAt + 2] == FrameLayout.endMarker,
                  Checksum.compute(UnsafeBufferPointer(rebasing: b[(p + 2)..<csAt])) == b[csAt] else { return nil }
            return length
        }
        guard let length = found else { return nil }
        inRejectedRemains = false
        readIndex = p + FrameLayout.overhead + length
        return Self.frame(buffer, at: p, length: length)
    }

    /// Finds the next `@@` at or after `readIndex`, marking skipped bytes as garbage.
    private mutating func findStart(isFinal: Bool) -> Int? {
        let count = buffer.count
        var i = readIndex
        while i + 1 < count {
            if buffer[i] == FrameLayout.startMarker {
                if buffer[i + 1] == FrameLayout.startMarker { break }
                i += 2
                continue
            }
            i += 1
        }
        if i > readIndex {
            markGarbage(from: readIndex)
            readIndex = i
        }
        if i + 1 < count { return i }
        // One byte left: it may be the first half of a marker.
        if i < count, buffer[i] != FrameLayout.startMarker || isFinal {
            markGarbage(from: i)
            readIndex = count
        }
        return nil
    }

    private mutating func markGarbage(from index: Int) {
        if garbageStart == nil && !inRejectedRemains { garbageStart = bufferBase + index }
    }

    /// Reports a pending garbage run once it is known to end (at a candidate, or at the end).
    private mutating func flushGarbage(endingAt end: Int, force: Bool) -> FrameError? {
        guard let start = garbageStart else { return nil }
        garbageStart = nil
        let n = (force ? bufferBase + buffer.count : end) - start
        guard n > 0 else { return nil }
        return FrameError(.badStartMarker, offset: start, "skipped \(n) byte\(n == 1 ? "" : "s") that do not start with @@")
    }

    /// Rejects the candidate at `p`: drops one byte so a frame starting inside it can still be found.
    private mutating func reject(_ p: Int, _ code: FrameError.Code, at index: Int, _ message: String) -> FrameError {
        let header = buffer.count - p >= FrameLayout.headerLength ? Self.header(buffer, at: p) : nil
        readIndex = p + 1
        inRejectedRemains = true
        return FrameError(code, offset: bufferBase + index, message, header: header)
    }

    @inline(__always)
    private static func frame(_ b: [UInt8], at p: Int, length: Int) -> Frame {
        let start = p + FrameLayout.headerLength
        return Frame(header: header(b, at: p), adu: b[start..<(start + length)])
    }

    /// The header of the candidate at `p`; the caller checked that its 27 bytes are in `b`.
    @inline(__always)
    private static func header(_ b: [UInt8], at p: Int) -> FrameHeader {
        // Read through a pointer: 24 array subscripts cost a bounds check each.
        b.withUnsafeBufferPointer { header($0, at: p) }
    }

    @inline(__always)
    private static func header(_ b: UnsafeBufferPointer<UInt8>, at p: Int) -> FrameHeader {
        FrameHeader(
            serial: UInt16(b[p + 2]) | UInt16(b[p + 3]) << 8,
            version: ProtocolVersion(major: b[p + 4], minor: b[p + 5]),
            timeLabel: TimeLabel(second: b[p + 6], minute: b[p + 7], hour: b[p + 8], day: b[p + 9], month: b[p + 10], year: b[p + 11]),
            source: NodeAddress(b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17]),
            destination: NodeAddress(b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23]),
            command: Command(rawValue: b[p + 26])
        )
    }
}
