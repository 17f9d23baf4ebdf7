import Testing
import PanelProtocol

/// The accessors that lend instead of copy (`forEachObject`, `EncodedText.withUTF8`) give what the
/// copying ones give, and `PanelMessage.adu` / `ComponentStatus.description` (stored without
/// their optional) behave as plain optional properties.
@Suite("Lending accessors")
struct BorrowingAccessTests {
    /// Every text field of an object, with the kind of field it is.
    static func texts(_ object: InformationObject) -> [EncodedText] {
        switch object {
        case .componentStatus(let o): o.description.map { [$0] } ?? []
        case .componentConfiguration(let o): [o.description]
        case .systemConfiguration(let o), .uitdConfiguration(let o): [o.text]
        default: []
        }
    }

    static func utf8(_ text: EncodedText) -> [UInt8] { text.withUTF8 { Array($0) } }

    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    @Test("forEachObject lends the same objects, in order, as adu?.objects", arguments: TestVector.all.filter(\.checksum_ok))
    func forEachObjectVisitsTheObjects(_ v: TestVector) throws {
        guard case .success(let message) = v.decode() else { return }
        var lent: [InformationObject] = []
        message.forEachObject { lent.append(copy $0) }
        #expect(lent == (message.adu?.objects ?? []), "\(v.id)")
        var fromADU: [InformationObject] = []
        message.adu?.forEachObject { fromADU.append(copy $0) }
        #expect(fromADU == lent, "\(v.id)")
    }

    @Test func forEachObjectVisitsNothingForEmptyAndRawADUs() throws {
        let ack = try TestVector.named("fm_ack").message()
        #expect(ack.adu == nil)
        var visits = 0
        ack.forEachObject { _ in visits += 1 }
        let raw = try TestVector.named("fm_vendor_cc").message()
        guard case .raw? = raw.adu?.content else { Issue.record("fm_vendor_cc is not raw"); return }
        raw.forEachObject { _ in visits += 1 }
        raw.adu?.forEachObject { _ in visits += 1 }
        #expect(visits == 0)
    }

    @Test func forEachObjectRethrowsTheBodysErrorAndStops() {
        let objects = (1...3).map { InformationObject.readUITDStatus(reserved: UInt8($0)) }
        let message = PanelMessage(header: FrameHeader(serial: 1, timeLabel: TimeLabel(second: 0, minute: 0, hour: 0, day: 1, month: 1, year: 24),
                                                       source: .zero, destination: .zero, command: .request),
                                   adu: ApplicationDataUnit(objects: objects))
        struct Stop: Error, Equatable {}
        var seen = 0
        #expect(throws: Stop()) {
            try message.forEachObject { (_: borrowing InformationObject) throws(Stop) in
                seen += 1
                if seen == 2 { throw Stop() }
            }
        }
        #expect(seen == 2)
    }

    @Test("withUTF8 gives the bytes of .text.utf8 for every text of the vectors")
    func withUTF8MatchesTextOnTheVectors() {
        var checked = 0
        for v in TestVector.all where v.checksum_ok {
            for dialect in [v.dialect, .gb2011, .fubei2018] {
                guard case .success(let message) = v.decode(dialect) else { continue }
                message.forEachObject { object in
                    for text in Self.texts(copy object) {
                        #expect(Self.utf8(text) == Array(text.text.utf8), "\(v.id)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 5)
    }

    @Test("withUTF8 gives the bytes of .text.utf8 for random byte strings, padded and not")
    func withUTF8MatchesTextOnRandomBytes() {
        var g = Generator(state: 0x2687_5301)
        // Bytes that exercise every branch: ASCII, NUL and space padding, lead bytes, two-byte
        // trails (including the 0x7F and 0xFF non-trails), four-byte digits, stray bytes.
        let pool: [UInt8] = [0x00, 0x20, 0x41, 0x7E, 0x7F, 0x80, 0x81, 0x82, 0x90, 0xA3, 0xB2, 0xC1, 0xD7, 0xFE, 0xFF,
                             0x30, 0x35, 0x39, 0x40, 0xA1, 0xE3]
        for round in 0..<20_000 {
            let count = g.below(round % 10 == 0 ? 300 : 40)
            var bytes: [UInt8] = []
            for _ in 0..<count {
                bytes.append(g.below(3) == 0 ? UInt8(truncatingIfNeeded: g.next()) : pool[g.below(pool.count)])
            }
            // Slices that do not start at index 0, as frame fields are.
            let framed = [0x55] + bytes + [0x66]
            let slice = framed[1..<(framed.count - 1)]
            for padded in [true, false] {
                let text = EncodedText(bytes: slice, isPaddedField: padded)
                #expect(Self.utf8(text) == Array(text.text.utf8), "bytes \(bytes), padded \(padded)")
            }
        }
    }

    @Test func withUTF8OfEmptyAndPaddingOnlyFields() {
        for bytes: [UInt8] in [[], [0, 0, 0], [0x20, 0x20], [0x20, 0, 0x20]] {
            let padded = EncodedText(bytes: bytes[...])
            #expect(padded.withUTF8 { $0.count } == 0)
            #expect(Self.utf8(EncodedText(bytes: bytes[...], isPaddedField: false)) == Array(EncodedText(bytes: bytes[...], isPaddedField: false).text.utf8))
        }
        let text = EncodedText("Ａ区１层呷哺走廊", width: 31)
        #expect(text.withUTF8 { String(decoding: $0, as: UTF8.self) } == "Ａ区１层呷哺走廊")
    }

    @Test func componentStatusDescriptionIsAPlainOptional() {
        let system = SystemTarget(systemType: .fireAlarmSystem, systemAddress: 1)
        let time = DeviceTime(2024, 1, 2, 3, 4, 5)
        var a = ComponentStatus(system: system, componentType: .pointPhotoelectricSmokeDetector, componentAddress: 7, status: [], description: nil, time: time)
        #expect(a.description == nil)
        let empty = EncodedText(bytes: [], isPaddedField: true)
        var b = a
        b.description = empty
        #expect(b.description == empty)
        #expect(a != b)  // nil is not an empty text
        a.description = EncodedText("走廊", width: 31)
        #expect(a.description?.text == "走廊")
        #expect(a != b)
        b.description = EncodedText("走廊", width: 31)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        a.description = nil
        b.description = nil
        #expect(a == b && a.hashValue == b.hashValue && a.description == nil)
        // The initialiser's nil equals a description set to nil later.
        let c = ComponentStatus(system: system, componentType: .pointPhotoelectricSmokeDetector, componentAddress: 7, status: [], description: nil, time: time)
        #expect(a == c)
    }

    @Test func panelMessageADUIsAPlainOptional() throws {
        var m = try TestVector.named("sf_comp_fire").message()
        let adu = try #require(m.adu)
        var ack = try TestVector.named("fm_ack").message()
        #expect(ack.adu == nil)
        m.adu = nil
        #expect(m.adu == nil)
        #expect(m != (try TestVector.named("sf_comp_fire").message()))
        m.adu = adu
        #expect(m == (try TestVector.named("sf_comp_fire").message()))
        #expect(m.hashValue == (try TestVector.named("sf_comp_fire").message()).hashValue)
        ack.adu = adu
        #expect(ack.adu == adu)
        // A message made with a nil ADU equals one whose ADU was set to nil.
        let header = m.header
        var withADU = PanelMessage(header: header, adu: adu)
        withADU.adu = nil
        #expect(withADU == PanelMessage(header: header, adu: nil))
        // An empty raw ADU is not "no ADU".
        #expect(PanelMessage(header: header, adu: ApplicationDataUnit(type: DataType(rawValue: 0), count: nil, content: .raw([])))
                != PanelMessage(header: header, adu: nil))
    }
}
