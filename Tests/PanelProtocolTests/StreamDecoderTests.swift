import Testing
import PanelProtocol

/// The stream decoder yields the same frames and rejections however the bytes are chunked
/// (swift-nio's `ByteToMessageDecoderVerifier` idea), and resynchronises after garbage.
@Suite("Frame stream decoder")
struct StreamDecoderTests {
    /// A stream with every vector, garbage between frames, `@@` inside garbage, and broken frames.
    static let stream: [UInt8] = {
        var s: [UInt8] = Array("junk@".utf8)
        for (i, v) in TestVector.all.enumerated() {
            s += v.bytes
            if i % 7 == 3 { s += [0x40, 0x01, 0x23, 0x23, 0x40] }  // garbage with lone markers
        }
        return s
    }()

    /// A comparable rendering of one step.
    static func render(_ step: FrameStreamDecoder.Step) -> String {
        switch step {
        case .success(let f): "frame \(f.header.serial) \(f.header.command.rawValue) \(HexCoding.string(f.adu))"
        case .failure(let e): "error \(e.code.rawValue)@\(e.offset ?? -1)"
        }
    }

    static func decode(chunks: [ArraySlice<UInt8>]) -> [String] {
        var decoder = FrameStreamDecoder()
        var out: [String] = []
        for chunk in chunks {
            decoder.append(chunk)
            while let step = decoder.next() { out.append(render(step)) }
        }
        while let step = decoder.next(isFinal: true) { out.append(render(step)) }
        return out
    }

    @Test func sameResultByteByByteAllAtOnceFrameByFrameAndRandomChunks() {
        let s = Self.stream
        let whole = Self.decode(chunks: [s[...]])
        let bytewise = Self.decode(chunks: s.indices.map { s[$0...$0] })
        var frames: [ArraySlice<UInt8>] = []
        var at = 0
        for v in TestVector.all {
            if let r = s[at...].firstRange(of: v.bytes) {
                frames.append(s[at..<r.upperBound]); at = r.upperBound
            }
        }
        frames.append(s[at...])
        let framewise = Self.decode(chunks: frames)
        var rng = SplitMix64(seed: 42)
        var random: [ArraySlice<UInt8>] = []
        var i = 0
        while i < s.count { let n = Int(rng.next() % 97) + 1; random.append(s[i..<min(s.count, i + n)]); i += n }
        let randomly = Self.decode(chunks: random)
        #expect(whole == bytewise)
        #expect(whole == framewise)
        #expect(whole == randomly)
        #expect(whole.filter { $0.hasPrefix("frame") }.count == TestVector.all.filter(\.checksum_ok).count)
        #expect(whole.first == "error badStartMarker@0")
    }

    /// The array and slice overloads of `append` (which copy through one buffer and replace a
    /// fully consumed buffer in place) give the same steps and offsets as the generic entry fed a
    /// non-contiguous sequence, whatever the chunking.
    @Test func everyAppendEntryGivesTheSameSteps() {
        let s = Self.stream
        var rng = SplitMix64(seed: 7)
        var cuts: [Range<Int>] = []
        var i = 0
        while i < s.count { let n = Int(rng.next() % 120) + 1; cuts.append(i..<min(s.count, i + n)); i += n }
        func run(_ append: (inout FrameStreamDecoder, Range<Int>) -> Void) -> [String] {
            var decoder = FrameStreamDecoder()
            var out: [String] = []
            for (k, cut) in cuts.enumerated() {
                append(&decoder, cut)
                // Drain after most chunks, but not all: the buffer then holds unconsumed bytes too.
                if k % 5 != 4 { while let step = decoder.next() { out.append("\(Self.render(step)) \(decoder.streamOffset)") } }
            }
            while let step = decoder.next(isFinal: true) { out.append(Self.render(step)) }
            return out
        }
        let generic = run { $0.append(s[$1].lazy.map { $0 }) }
        let arrays = run { $0.append(Array(s[$1])) }
        let slices = run { $0.append(s[$1]) }
        #expect(!generic.isEmpty)
        #expect(arrays == generic)
        #expect(slices == generic)
    }

    @Test func garbageBeforeAFrameIsReportedOnceWithItsOffset() {
        let frame = TestVector.named("fm_ack").bytes
        let steps = FrameStreamDecoder.decodeAll([1, 2, 3] + frame + [9, 9])
        #expect(steps.count == 3)
        #expect(steps[0].error?.code == .badStartMarker)
        #expect(steps[0].error?.offset == 0)
        #expect(steps[1].frame?.header.command == .confirm)
        #expect(steps[2].error?.code == .badStartMarker)
        #expect(steps[2].error?.offset == 3 + frame.count)
    }

    @Test func startMarkerInsidePayloadDoesNotFoolTheDecoder() throws {
        // A component status whose description contains "@@" and "##".
        let object = InformationObject.componentStatus(ComponentStatus(
            system: SystemTarget(systemType: .fireAlarmSystem, systemAddress: 1), componentType: .smokeDetector,
            componentAddress: 0x4040_2323, status: [.fire], description: EncodedText("@@##@@ 1F", width: 31),
            time: DeviceTime(2024, 1, 2, 3, 4, 5)))
        let message = PanelMessage(header: header(serial: 0x4040), adu: ApplicationDataUnit(objects: [object]))
        let bytes = message.encoded()
        let steps = FrameStreamDecoder.decodeAll(bytes + bytes)
        #expect(steps.count == 2)
        #expect(steps.allSatisfy { $0.frame != nil })
        #expect(try PanelMessage(frame: #require(steps[0].frame)) == message)
    }

    @Test func aBrokenFrameIsReportedOnceAndAFrameStartingInsideItIsFound() {
        let good = TestVector.named("fm_uitd_mainpower").bytes
        var broken = TestVector.named("sf_comp_fire").bytes
        broken[40] ^= 0xFF  // checksum now wrong
        // The good frame starts inside the broken one's claimed extent.
        let stream = Array(broken.prefix(30)) + good + Array(broken.dropFirst(30))
        let steps = FrameStreamDecoder.decodeAll(stream)
        #expect(steps.compactMap(\.frame).count == 1)
        #expect(steps.first?.error?.code == .badEndMarker || steps.first?.error?.code == .checksumMismatch)
        #expect(steps.compactMap(\.frame).first.map { FrameEncoder.encode($0) } == good)
    }

    @Test func checksumMismatchCarriesOffsetAndHeader() {
        var bytes = TestVector.named("sf_comp_fire").bytes
        bytes[bytes.count - 3] &+= 1
        let steps = FrameStreamDecoder.decodeAll(bytes)
        #expect(steps.count == 1)
        #expect(steps[0].error?.code == .checksumMismatch)
        #expect(steps[0].error?.offset == bytes.count - 3)
        #expect(steps[0].error?.header?.serial == 0)
    }

    @Test func badEndMarker() {
        var bytes = TestVector.named("fm_ack").bytes
        bytes[bytes.count - 1] = 0x24
        let steps = FrameStreamDecoder.decodeAll(bytes)
        #expect(steps.map { $0.error?.code } == [.badEndMarker])
        #expect(steps[0].error?.offset == 28)
    }

    @Test func lengthOver1024IsRejectedWithoutWaitingForTheBytes() {
        var bytes = TestVector.named("fm_ack").bytes
        bytes[24] = 0x01; bytes[25] = 0x04  // L = 1025
        var decoder = FrameStreamDecoder()
        decoder.append(bytes)
        let step = decoder.next()
        #expect(step?.error?.code == .lengthTooLarge)
        #expect(step?.error?.offset == 24)
        var dahua = FrameStreamDecoder(maxADULength: Dialect.dahuaV103.maxADULength)
        var big = bytes; big[24] = 0x01; big[25] = 0x02  // 513
        dahua.append(big)
        #expect(dahua.next()?.error?.code == .lengthTooLarge)
    }

    @Test func partialFrameWaitsAndIsTruncatedOnlyAtTheEnd() {
        let bytes = TestVector.named("sf_comp_fire").bytes
        var decoder = FrameStreamDecoder()
        decoder.append(bytes.prefix(50))
        #expect(decoder.next() == nil)
        #expect(decoder.bufferedByteCount == 50)
        let final = decoder.next(isFinal: true)
        #expect(final?.error?.code == .truncated)
        #expect(final?.error?.offset == 0)
        #expect(decoder.next(isFinal: true) == nil)
    }

    @Test func aLoneTrailingAtSignWaitsForItsPartner() {
        let bytes = TestVector.named("fm_ack").bytes
        var decoder = FrameStreamDecoder()
        decoder.append(bytes.prefix(1))
        #expect(decoder.next() == nil)
        decoder.append(bytes.dropFirst())
        #expect(decoder.next()?.frame != nil)
    }

    @Test func zeroObjectsWithAValidChecksumIsAValueNotACrash() throws {
        // The Go codec panics here; an empty object list is answered with a value.
        let adu = ApplicationDataUnit(type: .componentStatus, count: 0, content: .objects([]))
        let bytes = FrameEncoder.encode(header(serial: 1), adu: adu.encoded())
        let items = GatewayPayload.decode(bytes)
        let m = try items[0].result.get()
        #expect(m.adu?.count == 0)
        #expect(m.adu?.objects.isEmpty == true)
    }

    @Test func replyBuildersSwapAddressesEchoSerialAndTime() throws {
        let request = try TestVector.named("fm_comp_smoke_fire").message().header
        let ack = FrameEncoder.confirmation(for: request)
        var expected = TestVector.named("fm_ack").bytes
        // FireMaster stamps its current time; we echo the request's label (the recommendation).
        expected.replaceSubrange(6..<12, with: request.timeLabel.bytes)
        expected[27] = Checksum.compute(expected[2..<27])
        #expect(ack == expected)
        let deny = try #require(FrameStreamDecoder.decodeAll(FrameEncoder.denial(for: request)).first?.frame)
        #expect(deny.header.command == .deny)
        #expect(deny.header.serial == request.serial)
        #expect(deny.header.source == request.destination)
        #expect(deny.header.destination == request.source)
        #expect(deny.header.timeLabel == request.timeLabel)
        #expect(deny.adu.isEmpty)
    }

    func header(serial: UInt16) -> FrameHeader {
        FrameHeader(serial: serial, timeLabel: TimeLabel(DeviceTime(2024, 5, 6, 7, 8, 9), format: .binary),
                    source: NodeAddress(1, 2, 3, 4, 5, 6), destination: .zero, command: .send)
    }
}

extension Result {
    var frame: Success? { if case .success(let s) = self { return s }; return nil }
    var error: Failure? { if case .failure(let e) = self { return e }; return nil }
}

/// A small deterministic generator for property tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
