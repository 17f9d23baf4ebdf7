import Foundation
import Testing
import PanelProtocol

/// Encode → decode round trips for every type, over generated values (a seeded property test).
@Suite("Round trips")
struct RoundTripTests {
    /// Generates random objects of every kind the standard defines.
    struct Generator {
        var rng: SplitMix64

        mutating func u8() -> UInt8 { UInt8.random(in: .min ... .max, using: &rng) }
        mutating func u16() -> UInt16 { UInt16.random(in: .min ... .max, using: &rng) }
        mutating func u32() -> UInt32 { UInt32.random(in: .min ... .max, using: &rng) }
        mutating func time() -> DeviceTime {
            DeviceTime(year: Int.random(in: 2000...2099, using: &rng), month: Int.random(in: 1...12, using: &rng),
                       day: Int.random(in: 1...28, using: &rng), hour: Int.random(in: 0...23, using: &rng),
                       minute: Int.random(in: 0...59, using: &rng), second: Int.random(in: 0...59, using: &rng))
        }
        mutating func system() -> SystemTarget { SystemTarget(systemType: SystemType(rawValue: u8()), systemAddress: u8()) }
        mutating func target() -> ComponentTarget {
            ComponentTarget(systemType: SystemType(rawValue: u8()), systemAddress: u8(), componentAddress: u32())
        }
        mutating func text(maxCharacters: Int) -> String {
            let alphabet = Array("AB区层楼走廊感烟探测器手报 1234-#@消防泵房地下室中庭€ḿ😀")
            return String((0..<Int.random(in: 0...maxCharacters, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        }
        /// A description: a padded field cannot carry leading or trailing spaces.
        mutating func description() -> EncodedText {
            EncodedText(text(maxCharacters: 12).trimmingCharacters(in: .whitespaces), width: 31)
        }

        /// One object of the given type (all objects in one ADU share it).
        mutating func object(_ type: DataType) -> InformationObject {
            switch type.rawValue {
            case 1: .systemStatus(SystemStatus(system: system(), status: SystemStatusFlags(rawValue: u16()), time: time()))
            case 2: .componentStatus(ComponentStatus(system: system(), componentType: ComponentType(rawValue: u8()),
                                                     componentAddress: u32(), status: ComponentStatusFlags(rawValue: u16()),
                                                     description: description(), time: time()))
            case 3: .analogValue(AnalogValue(system: system(), componentType: ComponentType(rawValue: u8()), componentAddress: u32(),
                                             analogType: AnalogType(rawValue: u8()), rawValue: Int16(bitPattern: u16()), time: time()))
            case 4: .facilityOperation(FacilityOperation(system: system(), operation: OperationFlags(rawValue: u8()), operatorNumber: u8(), time: time()))
            case 5: .facilitySoftwareVersion(SoftwareVersion(system: system(), major: u8(), minor: u8()))
            case 6: .systemConfiguration(ConfigurationText(system: system(), text: EncodedText(text(maxCharacters: 40))))
            case 7: .componentConfiguration(ComponentConfiguration(system: system(), componentType: ComponentType(rawValue: u8()),
                                                                   componentAddress: u32(), description: description()))
            case 8: .facilitySystemTime(SystemTime(system: system(), time: time()))
            case 21: .uitdStatus(UITDStatus(status: UITDStatusFlags(rawValue: u8()), time: time()))
            case 24: .uitdOperation(UITDOperation(operation: UITDOperationFlags(rawValue: u8()), operatorNumber: u8(), time: time()))
            case 25: .uitdSoftwareVersion(SoftwareVersion(system: nil, major: u8(), minor: u8()))
            case 26: .uitdConfiguration(ConfigurationText(system: nil, text: EncodedText(text(maxCharacters: 60))))
            case 28: .uitdSystemTime(SystemTime(system: nil, time: time()))
            case 61: .readSystemStatus(system())
            case 62: .readComponentStatus(target())
            case 63: .readAnalogValues(target())
            case 64: .readFacilityOperations(RecordQuery(system: system(), count: u8(), startTime: time()))
            case 65: .readFacilitySoftwareVersion(system())
            case 66: .readSystemConfiguration(system())
            case 67: .readComponentConfiguration(target())
            case 68: .readFacilitySystemTime(system())
            case 81: .readUITDStatus(reserved: 0)
            case 84: .readUITDOperations(RecordQuery(system: nil, count: u8(), startTime: time()))
            case 85: .readUITDSoftwareVersion(reserved: 0)
            case 86: .readUITDConfiguration(reserved: 0)
            case 88: .readUITDSystemTime(reserved: 0)
            case 89: .initializeUITD(reserved: 0)
            case 90: .synchronizeClock(time())
            case 91: .patrol(replyTimeoutMinutes: u8())
            default: fatalError("no generator for type \(type.rawValue)")
            }
        }

        mutating func message(_ type: DataType) -> PanelMessage {
            let n = Int.random(in: 1...(type.maxObjects.map { min($0, 5) } ?? 5), using: &rng)
            let header = FrameHeader(serial: u16(), version: ProtocolVersion(major: 1, minor: u8()),
                                     timeLabel: TimeLabel(time(), format: .binary),
                                     source: NodeAddress(u8(), u8(), u8(), u8(), u8(), u8()),
                                     destination: NodeAddress(u8(), u8(), u8(), u8(), u8(), u8()),
                                     command: type.rawValue < 60 ? .send : (type.rawValue >= 89 ? .control : .request))
            return PanelMessage(header: header, adu: ApplicationDataUnit(objects: (0..<n).map { _ in object(type) }))
        }
    }

    @Test("binary round trip for every standard type", arguments: DataType.standardTypes)
    func binaryRoundTrip(_ type: DataType) throws {
        var g = Generator(rng: SplitMix64(seed: UInt64(type.rawValue)))
        for _ in 0..<200 {
            let m = g.message(type)
            let bytes = m.encoded()
            let items = GatewayPayload.decode(bytes)
            #expect(items.count == 1)
            #expect(try items[0].result.get() == m)
            #expect(Array(items[0].bytes) == bytes)
        }
    }

    @Test("JSON form round trip for every standard type", arguments: DataType.standardTypes)
    func jsonRoundTrip(_ type: DataType) throws {
        var g = Generator(rng: SplitMix64(seed: 1000 + UInt64(type.rawValue)))
        for _ in 0..<50 {
            let m = g.message(type)
            let json = JSONForm.encode([m])
            let back = try JSONForm.decode(Array(json.utf8))
            #expect(back == m, "\(json)")
        }
    }

    @Test("dialects round trip: BCD time, downstream time labels, restore types, short objects",
          arguments: [Dialect.dahuaV103, .fireMaster, .fubei2018, .jkGH2013G, .fscn8001, .jdF53])
    func dialectRoundTrip(_ dialect: Dialect) throws {
        var g = Generator(rng: SplitMix64(seed: 7))
        for type in DataType.standardTypes {
            var m = g.message(type)
            m.timeFormat = dialect.timeLabelFormat
            m.header.timeLabel = TimeLabel(g.time(), format: dialect.timeLabelFormat)
            let bytes = m.encoded(dialect: dialect)
            guard bytes.count - 30 <= dialect.maxADULength else { continue }
            #expect(try GatewayPayload.decode(bytes, dialect: dialect)[0].result.get() == m, "type \(type.rawValue) in \(dialect.name)")
        }
    }

    @Test func restoreTypesReadAsStatusWithTheBitsCleared() throws {
        let object = InformationObject.componentStatus(ComponentStatus(
            system: SystemTarget(systemType: .fireAlarmSystem, systemAddress: 1), componentType: .smokeDetector,
            componentAddress: 7, status: [], restored: [.fire], description: EncodedText("3F 走廊", width: 31),
            time: DeviceTime(2024, 1, 1, 0, 0, 0)))
        let adu = ApplicationDataUnit(type: .componentStatusRestore, count: 1, content: .objects([object]))
        let bytes = adu.encoded()
        #expect(bytes[9] == 0x02)  // the wire carries the bits that cleared
        let read = try ApplicationDataUnit.decode(bytes[...], dialect: .jkGH2013G)
        #expect(read == adu)
        // Under the strict standard, 135 is a user-defined type: kept raw, never misread.
        guard case .raw? = try ApplicationDataUnit.decode(bytes[...], dialect: .gb2011)?.content else {
            Issue.record("135 decoded without the vendor dialect"); return
        }
    }

    @Test func fubei2018ShortComponentStatusObjects() throws {
        var body: [UInt8] = [2, 2]
        for i in 0..<2 { body += [1, 1, 40, UInt8(i), 0, 1, 0, 0x02, 0x00, 5, 4, 3, 2, 1, 24] }
        let adu = try #require(try ApplicationDataUnit.decode(body[...], dialect: .fubei2018))
        #expect(adu.objects.count == 2)
        guard case .componentStatus(let c) = adu.objects[1] else { Issue.record("not a component status"); return }
        #expect(c.description == nil)
        #expect(c.status == [.fire])
        #expect(c.componentAddress == 0x0001_0001)
        #expect(c.time == DeviceTime(2024, 1, 2, 3, 4, 5))
        #expect(throws: FrameError.self) { try ApplicationDataUnit.decode(body[...], dialect: .gb2011) }
    }

    @Test func fubei2024KeepsItsUndocumentedLayoutsRaw() throws {
        let body: [UInt8] = [2, 1] + [UInt8](repeating: 0x11, count: 16)
        guard case .raw(let raw)? = try ApplicationDataUnit.decode(body[...], dialect: .fubei2024)?.content else {
            Issue.record("not raw"); return
        }
        #expect(raw.count == 16)
    }

    @Test func asciiHexTransport() throws {
        let v = TestVector.named("sf_comp_fire")
        let items = GatewayPayload.decode(Array(v.hex.utf8), dialect: .gb2011Hex)
        #expect(try items[0].result.get() == v.message())
        let bad = GatewayPayload.decode(Array("40 40 zz".utf8), dialect: .gb2011Hex)
        #expect(bad[0].result.error?.code == .badHex)
        #expect(bad[0].result.error?.offset == 6)
    }

    @Test func bigEndianAddressesReadAsNumbers() {
        let a = NodeAddress(0, 0, 0, 0, 0x01, 0x02)
        #expect(a.value(.bigEndian) == 0x0102)
        #expect(a.value(.littleEndian) == 0x0201_0000_0000)
        #expect(Dialect.jdF53.addressByteOrder == .bigEndian)
    }

    @Test func objectCountAboveTheStandardsLimitIsABadObject() {
        var body: [UInt8] = [5, 2]
        body += [1, 1, 2, 3, 1, 1, 2, 3]
        #expect(throws: FrameError.self) { try ApplicationDataUnit.decode(body[...]) }
        do {
            _ = try ApplicationDataUnit.decode(body[...])
        } catch {
            #expect(error.code == .badObject)
            #expect(error.offset == 28)
        }
    }

    @Test func trailingBytesAfterLengthPrefixedObjectsAreABadObject() {
        let body: [UInt8] = [26, 1, 2, 0x41, 0x42, 0xFF]
        #expect(throws: FrameError.self) { try ApplicationDataUnit.decode(body[...]) }
        let good: [UInt8] = [26, 1, 2, 0x41, 0x42]
        #expect((try? ApplicationDataUnit.decode(good[...]))??.objects == [.uitdConfiguration(ConfigurationText(system: nil, text: EncodedText("AB")))])
    }
}
