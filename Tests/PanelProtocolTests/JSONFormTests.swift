import Foundation
import Testing
import PanelProtocol

@Suite("JSON form")
struct JSONFormTests {
    /// The document of docs/json-form.md's first example.
    static let fireAlarm = """
    {"serial": 17, "time": "2026-11-23T08:00:00", "source": "0a0b0c0d0e0f",
     "adu": {"type": 2, "objects": [
       {"kind": "componentStatus", "systemType": 1, "systemAddress": 1, "componentType": 42,
        "componentAddress": 1001, "flags": ["fire"], "description": "三层东侧走廊", "time": "2026-11-23T07:59:58"}]}}
    """

    @Test func aGatewayDocumentDecodesToTheSameTypedValues() throws {
        let items = GatewayPayload.decode(Array(Self.fireAlarm.utf8))
        #expect(items.count == 1)
        let m = try items[0].result.get()
        #expect(m.header.serial == 17)
        #expect(m.header.command == .send)
        #expect(m.header.source.hex == "0a0b0c0d0e0f")
        guard case .componentStatus(let c)? = m.onlyObject else { Issue.record("not a component status"); return }
        #expect(c.status == [.fire])
        #expect(c.componentType == .pointPhotoelectricSmokeDetector)
        #expect(c.description?.text == "三层东侧走廊")
        #expect(c.time == DeviceTime(2026, 11, 23, 7, 59, 58))
    }

    @Test func decodeOutputIsAcceptedAsInput() throws {
        for v in TestVector.all where v.checksum_ok {
            let m = try v.message()
            guard m.time.isValid, m.adu?.objects.isEmpty == false || m.adu == nil else { continue }
            let json = JSONForm.encode([m])
            var back = try JSONForm.decode(Array(json.utf8))
            back.timeFormat = m.timeFormat
            back.header.timeLabel = m.header.timeLabel
            #expect(back.header == m.header, "\(v.id)")
            #expect(JSONForm.encode([back]) == json, "\(v.id)")
        }
    }

    @Test(arguments: [
        ("{\"serial\": 1,", FrameError.Code.badJSON),
        ("{}", .badObject),
        ("{\"serial\": 1, \"adu\": {\"type\": 2, \"objects\": [{\"kind\": \"componentStatus\"}]}}", .badObject),
        ("{\"serial\": 1, \"adu\": {\"type\": 2, \"objects\": [{\"kind\": \"smoke\"}]}}", .badObject),
        ("{\"serial\": 1, \"source\": \"12\"}", .badObject),
        ("{\"serial\": 70000}", .badObject),
        ("  {\"serial\": 1, \"adu\": {\"type\": 21, \"objects\": [{\"kind\": \"uitdStatus\", \"flags\": [\"warp\"]}]}}", .badObject),
    ])
    func badDocumentsGetTypedErrors(_ text: String, _ code: FrameError.Code) {
        let items = GatewayPayload.decode(Array(text.utf8))
        #expect(items.count == 1)
        #expect(items[0].result.error?.code == code, "\(text)")
    }

    @Test func missingFieldErrorNamesThePath() {
        let text = "{\"serial\": 1, \"adu\": {\"type\": 24, \"objects\": [{\"kind\": \"uitdOperation\", \"operation\": 32}]}}"
        let error = GatewayPayload.decode(Array(text.utf8))[0].result.error
        #expect(error?.message == "adu.objects[0].time: missing")
    }
}
