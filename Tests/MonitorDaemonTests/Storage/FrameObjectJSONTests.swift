import Foundation
@testable import MonitorDaemon
import PanelProtocol
import Testing

/// `frame_object.body` written directly must be the JSON value `JSONEncoder` makes of the
/// `Codable` form.
@Suite("Frame object JSON")
struct FrameObjectJSONTests {
    @Test func theBodyIsTheEncodersByteForByteForEveryKind() throws {
        var rng = SystemRandomNumberGenerator()
        func u8() -> UInt8 { UInt8.random(in: .min ... .max, using: &rng) }
        func u16() -> UInt16 { UInt16.random(in: .min ... .max, using: &rng) }
        func time() -> DeviceTime {
            DeviceTime(year: Int.random(in: 1990...2099, using: &rng), month: Int.random(in: 1...12, using: &rng),
                       day: Int.random(in: 1...28, using: &rng), hour: Int.random(in: 0...23, using: &rng),
                       minute: Int.random(in: 0...59, using: &rng), second: Int.random(in: 0...59, using: &rng))
        }
        func system() -> SystemTarget { SystemTarget(systemType: SystemType(rawValue: u8()), systemAddress: u8()) }
        // Texts with everything a JSON string must escape, and raw bytes that are not GB 18030.
        let pieces = ["A区", "1层", "走廊", "\"", "\\", "/", "\n", "\t", "\r", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}", "\u{7F}",
                      "€", "😀", " ", "#", "@@"]
        func description() -> EncodedText? {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: return nil
            case 1: return EncodedText(bytes: ArraySlice((0..<31).map { _ in u8() }))
            default:
                let text = (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
                return EncodedText(text, width: 31)
            }
        }
        var objects: [InformationObject] = []
        for _ in 0..<3000 {
            let restored = Bool.random(using: &rng)
            objects.append(.componentStatus(ComponentStatus(
                system: system(), componentType: ComponentType(rawValue: u8()), componentAddress: UInt32.random(in: 0...UInt32.max, using: &rng),
                status: ComponentStatusFlags(rawValue: u16()), restored: restored ? ComponentStatusFlags(rawValue: u16()) : nil,
                description: description(), time: time())))
            objects.append(.systemStatus(SystemStatus(system: system(), status: SystemStatusFlags(rawValue: u16()),
                                                      restored: restored ? SystemStatusFlags(rawValue: u16()) : nil, time: time())))
            objects.append(.uitdStatus(UITDStatus(status: UITDStatusFlags(rawValue: u8()), restored: restored ? UITDStatusFlags(rawValue: u8()) : nil,
                                                  time: Bool.random(using: &rng) ? time() : nil)))
            objects.append(.facilityOperation(FacilityOperation(system: system(), operation: OperationFlags(rawValue: u8()), operatorNumber: u8(), time: time())))
            objects.append(.uitdOperation(UITDOperation(operation: UITDOperationFlags(rawValue: u8()), operatorNumber: u8(), time: time())))
        }
        // Kinds that go through the encoder.
        objects.append(.analogValue(AnalogValue(system: system(), componentType: ComponentType(rawValue: 1), componentAddress: 7,
                                                analogType: AnalogType(rawValue: 3), rawValue: -125, time: time())))
        objects.append(.patrol(replyTimeoutMinutes: 10))

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let writer = FrameObjectJSON()
        var mismatches: [String] = []
        for object in objects {
            let expected = try encoder.encode(object)
            let body = try writer.body(object)
            // The same JSON value (the encoder's key order is a dictionary's: unspecified).
            let mine = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? NSDictionary
            let theirs = try JSONSerialization.jsonObject(with: expected) as? NSDictionary
            if mine == nil || mine != theirs { mismatches.append("\(body)\n  vs \(String(decoding: expected, as: UTF8.self))") }
            // And it reads back as the object.
            if try JSONDecoder().decode(InformationObject.self, from: Data(body.utf8)).kind != object.kind {
                mismatches.append("kind of \(body)")
            }
        }
        // The form's own key order, for people reading the table.
        let sample = try writer.body(objects[0])
        #expect(sample.hasPrefix(#"{"kind":"componentStatus","systemType":"#), "\(sample)")
        let count = mismatches.count
        #expect(count == 0, "\(mismatches.prefix(3).joined(separator: "\n"))")
    }
}
