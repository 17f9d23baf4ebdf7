import Foundation
import Testing
import PanelProtocol

@Suite("Code tables, flags and text")
struct CodeAndTextTests {
    @Test func systemTypesCarryTheStandardsNames() {
        #expect(SystemType(rawValue: 1).name == "火灾报警系统")
        #expect(SystemType.sprinklerSystem.rawValue == 12)
        #expect(SystemType(rawValue: 24).name == "消防电话")
        #expect(SystemType(rawValue: 5).range == .reserved)
        #expect(SystemType(rawValue: 201).range == .userDefined)
        #expect(SystemType(rawValue: 201).name == nil)
    }

    @Test func componentTypesIncludingTheOCRTrap() {
        #expect(ComponentType(rawValue: 31).name == "点型感温火灾探测器")  // OCR reads 51 here; the image says 31
        #expect(ComponentType(rawValue: 51).name == "复合式感烟感温火灾探测器")
        #expect(ComponentType.manualCallPoint.rawValue == 23)
        #expect(ComponentType.hydrantButton.rawValue == 24)
        #expect(ComponentType.sprinklerPump.rawValue == 95)
        #expect(ComponentType.waterFlowIndicator.rawValue == 96)
        #expect(ComponentType.alarmValve.rawValue == 98)
        #expect(ComponentType.pressureSwitch.rawValue == 99)
        #expect(ComponentType(rawValue: 89).range == .reserved)
        #expect(ComponentType(rawValue: 137).range == .userDefined)
    }

    @Test func analogUnits() {
        #expect(AnalogType.pressureKPa.unit == "kPa")
        #expect(AnalogType.height.scale == 0.01)
        #expect(AnalogType.windSpeed.scale == 1)
        #expect(AnalogType(rawValue: 200).range == .userDefined)
        let v = AnalogValue(system: SystemTarget(systemType: .hydrantSystem, systemAddress: 1), componentType: .pressureSwitch,
                            componentAddress: 1, analogType: .pressureKPa, rawValue: -15, time: DeviceTime(2024, 1, 1, 0, 0, 0))
        #expect(v.value == -1.5)
    }

    @Test func statusBitsFollowTheStandardsFigures() {
        #expect(SystemStatusFlags(rawValue: 0x2C09).flagNames == ["normal", "disabled", "busFault", "manualMode", "reset"])
        #expect(SystemStatusFlags(rawValue: 0x0300).flagNames == ["test", "mainPowerFault", "backupPowerFault"])
        #expect(SystemStatusFlags(rawValue: 0x1000).flagNames == ["test", "configChanged"])
        #expect(ComponentStatusFlags(rawValue: 0x01F0).flagNames == ["test", "supervisory", "started", "feedback", "delayed", "powerFault"])
        #expect(ComponentStatusFlags(rawValue: 0x8000).flagNames == ["test", "bit15"])
        #expect(UITDStatusFlags(rawValue: 0x61).flagNames == ["normal", "channelFault", "panelLinkFault"])
        #expect(OperationFlags(rawValue: 0x7F).flagNames == ["reset", "silence", "manualAlarm", "alarmCleared", "selfTest", "acknowledge", "test"])
        #expect(UITDOperationFlags(rawValue: 0x20).flagNames == ["patrolReply"])
        #expect(SystemStatusFlags(flagNames: ["test", "fire", "bit15"])?.rawValue == 0x8002)
        #expect(SystemStatusFlags(flagNames: ["smoke"]) == nil)
    }

    /// Padding variants seen in the field (§3.7 of the protocol note).
    @Test(arguments: [
        ([0xD7, 0xDF, 0xC0, 0xC8] + [UInt8](repeating: 0, count: 27), "走廊"),  // NUL padded
        ([0xD7, 0xDF, 0xC0, 0xC8] + [UInt8](repeating: 0x20, count: 27), "走廊"),  // space padded
        ([UInt8](repeating: 0, count: 17) + [0xD7, 0xDF, 0xC0, 0xC8] + [UInt8](repeating: 0, count: 10), "走廊"),  // leading NULs
        ([0xD7, 0xDF, 0xC0, 0xC8, 0x00, 0x41, 0x42] + [UInt8](repeating: 0x41, count: 24), "走廊"),  // garbage after NUL
        ([UInt8](repeating: 0x41, count: 30) + [0xD7], String(repeating: "A", count: 30)),  // 31st byte cuts a character
        ([UInt8](repeating: 0x20, count: 31), ""),
    ] as [([UInt8], String)])
    func descriptionPaddingVariants(_ bytes: [UInt8], _ text: String) {
        #expect(bytes.count == 31)
        #expect(EncodedText(bytes: bytes[...]).text == text)
    }

    @Test func gb18030AgreesWithFoundationOnEveryTwoByteCharacterOfARow() {
        // Cross-check the iconv-built table against Foundation's converter for a few rows.
        let gb18030 = String.Encoding(rawValue: 0x8000_0632)
        for lead: UInt8 in [0x81, 0xA1, 0xA3, 0xB0, 0xD7, 0xF7, 0xFE] {
            for trail: UInt8 in stride(from: 0x40, through: 0xFE, by: 7) where trail != 0x7F {
                let ours = GB18030.decode([lead, trail])
                let theirs = String(bytes: [lead, trail], encoding: gb18030)
                if let theirs { #expect(ours == theirs, "\(lead) \(trail)") }
            }
        }
    }

    @Test func fourByteSequencesAndInvalidBytes() {
        let text = "火警😀€"
        let bytes = GB18030.encode(text)
        #expect(bytes.count == 2 + 2 + 4 + 2)
        #expect(GB18030.decode(bytes) == text)
        #expect(GB18030.decode([0x41, 0xFF, 0x42]) == "A\u{FFFD}B")
        #expect(GB18030.decode([0x41, 0x81]) == "A\u{FFFD}")
    }

    /// Stray and cut bytes as the table-driven decoder must read them: a lead byte whose trail
    /// is not a trail byte is one U+FFFD and the trail is read on its own; a cut character is
    /// U+FFFD, or dropped where a field's end cut it.
    @Test func strayAndCutBytes() {
        #expect(GB18030.decode([0x81, 0x7F, 0x41]) == "\u{FFFD}\u{7F}A")
        #expect(GB18030.decode([0xB0, 0xFF, 0xB0, 0xA1]) == "\u{FFFD}\u{FFFD}啊")
        #expect(GB18030.decode([0x80, 0xB0, 0x20]) == "\u{FFFD}\u{FFFD} ")
        #expect(GB18030.decode([0x41, 0xB0], dropCutTail: true) == "A")
        #expect(GB18030.decode([0x41, 0x81, 0x30]) == "A\u{FFFD}")
        #expect(GB18030.decode([0x41, 0x81, 0x30], dropCutTail: true) == "A")
        #expect(GB18030.decode([0x81, 0x30, 0x81, 0x30, 0xA3, 0xC1]) == "\u{80}Ａ")
        let long = String(repeating: "火", count: 127) + "A"
        #expect(GB18030.decode(GB18030.encode(long)) == long)
        #expect(EncodedText(bytes: ([0x41, 0xB0, 0xA1] + [UInt8](repeating: 0, count: 28))[...]).text == "A啊")
        // A lead byte before the NUL that ends a field is a stray byte; one the field's end cut is dropped.
        #expect(EncodedText(bytes: ([0x41, 0x42, 0xB0] + [UInt8](repeating: 0, count: 28))[...]).text == "AB\u{FFFD}")
        #expect(EncodedText(bytes: ([UInt8](repeating: 0x20, count: 28) + [0x41, 0x42, 0xB0])[...]).text == "AB")
    }

    @Test func deviceTimeValidity() {
        #expect(DeviceTime(2024, 2, 29, 23, 59, 59).isValid)
        #expect(!DeviceTime(2023, 2, 29, 0, 0, 0).isValid)
        #expect(!DeviceTime(2000, 0, 0, 0, 0, 0).isValid)
        #expect(DeviceTime(iso8601: "2020-08-01T19:18:48") == DeviceTime(2020, 8, 1, 19, 18, 48))
        #expect(DeviceTime(iso8601: "2020-08-01 19:18") == nil)
        #expect(TimeLabel(DeviceTime(2026, 8, 24, 14, 30, 15), format: .bcd).bytes == [0x15, 0x30, 0x14, 0x24, 0x08, 0x26])
    }
}
