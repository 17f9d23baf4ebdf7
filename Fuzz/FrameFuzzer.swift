// libFuzzer entry point for the PanelProtocol codec. Built by scripts/fuzz.sh into the module
// `PanelProtocol` itself (all of Sources/PanelProtocol plus this file), never by SwiftPM.
//
// Invariants checked on every input (a violation is a crash, which libFuzzer reports):
//  1. Decoding never traps: GatewayPayload.decode in four dialects, FrameStreamDecoder.
//  2. Every frame the stream decoder accepts re-encodes (FrameEncoder.encode) to exactly the
//     bytes it was read from.
//  3. Feeding the input in 2–3 chunks (cut where the first input bytes say) gives the same frames
//     and the same error codes and offsets as feeding it whole; with isFinal the decoder consumes
//     everything.
//  4. Every decoded PanelMessage JSON-encodes.
//  5. gb26875-2011: a message read from a frame re-encodes with `encoded(dialect:)` to exactly the
//     frame's bytes, and that decodes back to an equal message — whenever every object time
//     label is representable (year 2000…2099; the binary format keeps every other field as sent).

/// One step of the stream decoder, reduced to what must not depend on how the input was chunked.
enum FuzzStep: Equatable {
    case frame(offset: Int, Frame)
    case error(FrameError.Code, offset: Int?)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    checkStreamDecoder(input)
    for dialect in [Dialect.gb2011, .dahuaV103, .fubei2018, .gb2011Hex] {
        checkPayload(input, dialect: dialect)
    }
    return 0
}

// MARK: - Stream decoder

func checkStreamDecoder(_ input: [UInt8]) {
    let whole = streamSteps(input, cuts: [])
    // Cut points from the first bytes: 2 or 3 chunks, possibly empty ones.
    var cuts: [Int] = []
    if input.count >= 3 {
        let n = input.count + 1
        cuts.append((Int(input[1]) << 8 | Int(input[2])) % n)
        if input[0] & 1 == 1, input.count >= 5 { cuts.append((Int(input[3]) << 8 | Int(input[4])) % n) }
        cuts.sort()
    } else if input.count > 0 {
        cuts = [Int(input[0]) % (input.count + 1)]
    }
    let chunked = streamSteps(input, cuts: cuts)
    guard whole == chunked else {
        fatalError("chunked decoding (cuts \(cuts)) differs from whole-input decoding:\nwhole:   \(describe(whole))\nchunked: \(describe(chunked))")
    }
    // The same through the one-shot entry point.
    let all = FrameStreamDecoder.decodeAll(input)
    guard all.count == whole.count else { fatalError("decodeAll gives \(all.count) steps, next() gave \(whole.count)") }
}

/// Feeds `input` split at `cuts`, draining after every chunk; the last chunk is final.
func streamSteps(_ input: [UInt8], cuts: [Int]) -> [FuzzStep] {
    var decoder = FrameStreamDecoder()
    var steps: [FuzzStep] = []
    var from = 0
    let ends = cuts + [input.count]
    for (k, end) in ends.enumerated() {
        decoder.append(input[from..<end])
        from = end
        let isFinal = k == ends.count - 1
        while let step = decoder.next(isFinal: isFinal) {
            switch step {
            case .success(let frame):
                let offset = decoder.streamOffset - frame.wireLength
                let original = input[offset..<(offset + frame.wireLength)]
                guard FrameEncoder.encode(frame).elementsEqual(original) else {
                    fatalError("frame at \(offset) re-encodes to \(HexCoding.string(FrameEncoder.encode(frame))), read from \(HexCoding.string(original))")
                }
                steps.append(.frame(offset: offset, frame))
            case .failure(let error):
                steps.append(.error(error.code, offset: error.offset))
            }
        }
        guard isFinal || decoder.streamOffset <= end else { fatalError("decoder consumed bytes it was not given") }
    }
    guard decoder.bufferedByteCount == 0, decoder.streamOffset == input.count else {
        fatalError("final decoding left \(decoder.bufferedByteCount) bytes unconsumed")
    }
    guard decoder.next(isFinal: true) == nil else { fatalError("next() after the end returned a step") }
    return steps
}

func describe(_ steps: [FuzzStep]) -> String {
    steps.map {
        switch $0 {
        case .frame(let offset, let frame): "frame@\(offset)+\(frame.wireLength)"
        case .error(let code, let offset): "\(code.rawValue)@\(offset.map(String.init) ?? "-")"
        }
    }.joined(separator: " ")
}

// MARK: - Gateway payloads and messages

func checkPayload(_ input: [UInt8], dialect: Dialect) {
    let items = GatewayPayload.decode(input, dialect: dialect)
    for item in items {
        guard case .success(let message) = item.result else { continue }
        _ = JSONForm.encode([message])
        if let adu = message.adu { for object in adu.objects { readAllText(object) } }
        guard dialect == .gb2011, !item.bytes.isEmpty, timesRepresentable(message) else { continue }
        let bytes = message.encoded(dialect: dialect)
        guard bytes.elementsEqual(item.bytes) else {
            fatalError("message at \(item.offset) re-encodes to \(HexCoding.string(bytes)), read from \(HexCoding.string(item.bytes))")
        }
        let again = GatewayPayload.decode(bytes, dialect: dialect)
        guard again.count == 1, case .success(let back) = again[0].result, back == message else {
            fatalError("re-encoded message at \(item.offset) does not decode back equal: \(again.map(\.result))")
        }
    }
}

/// Reads every text of an object (GB 18030 conversion must not trap on any bytes).
func readAllText(_ object: InformationObject) {
    switch object {
    case .componentStatus(let o): _ = o.description?.text
    case .componentConfiguration(let o): _ = o.description.text
    case .systemConfiguration(let o), .uitdConfiguration(let o): _ = o.text.text
    default: break
    }
}

/// True when every time in the ADU survives the binary time label (years 2000…2099).
func timesRepresentable(_ message: PanelMessage) -> Bool {
    guard let adu = message.adu else { return true }
    return adu.objects.allSatisfy { object in
        let time: DeviceTime? = switch object {
        case .systemStatus(let o): o.time
        case .componentStatus(let o): o.time
        case .analogValue(let o): o.time
        case .facilityOperation(let o): o.time
        case .facilitySystemTime(let o), .uitdSystemTime(let o): o.time
        case .uitdStatus(let o): o.time
        case .uitdOperation(let o): o.time
        case .readFacilityOperations(let q), .readUITDOperations(let q): q.startTime
        case .synchronizeClock(let t): t
        default: nil
        }
        return time.map { (2000...2099).contains($0.year) } ?? true
    }
}
