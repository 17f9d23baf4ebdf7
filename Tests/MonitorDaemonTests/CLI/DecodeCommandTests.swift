import Foundation
import Testing

/// `firewatch decode` as operators run it: the real executable, its output and exit codes
/// (interfaces §3).
@Suite("firewatch decode")
struct DecodeCommandTests {
    static let fire = "404000000101180D11160A140000000000000605040302013000020201010300D90006000200A3C1C7F8A3B1B2E3DFC8B2B8D7DFC0C8000000000000000000000000000000301213010814682323"

    @Test func printsTheInterfaceFieldsForOneFrame() throws {
        let run = try firewatch(["decode", "--hex", Self.fire])
        #expect(run.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["serial"] as? Int == 0)
        #expect(json["time"] as? String == "2020-10-22T17:13:24")
        #expect(json["source"] as? String == "000000000000")
        #expect(json["destination"] as? String == "060504030201")
        #expect(json["commandCode"] as? Int == 2)
        #expect(json["command"] as? String == "send")
        #expect(json["version"] as? [Int] == [1, 1])
        let adu = try #require(json["adu"] as? [String: Any])
        #expect(adu["type"] as? Int == 2)
        #expect(adu["count"] as? Int == 1)
        let object = try #require((adu["objects"] as? [[String: Any]])?.first)
        #expect(object["kind"] as? String == "componentStatus")
        #expect(object["componentAddress"] as? Int == 393433)
        #expect(object["status"] as? Int == 2)
        #expect(object["flags"] as? [String] == ["test", "fire"])
        #expect(object["description"] as? String == "Ａ区１层呷哺走廊")
        #expect(object["time"] as? String == "2020-08-01T19:18:48")
    }

    @Test func severalFramesPrintAnArrayAndStdinWorks() throws {
        let bytes = Array(repeating: Self.fire, count: 2).joined()
        let run = try firewatch(["decode", "-"], stdin: [UInt8](stride(from: 0, to: bytes.count, by: 2).map {
            UInt8(bytes[bytes.index(bytes.startIndex, offsetBy: $0)..<bytes.index(bytes.startIndex, offsetBy: $0 + 2)], radix: 16)!
        }))
        #expect(run.status == 0)
        #expect((try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [Any])?.count == 2)
    }

    @Test func aBadFrameExits65WithTheErrorObject() throws {
        var hex = Self.fire
        hex.replaceSubrange(hex.index(hex.endIndex, offsetBy: -6)..<hex.index(hex.endIndex, offsetBy: -4), with: "00")
        let run = try firewatch(["decode", "--hex", hex])
        #expect(run.status == 65)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let error = try #require(json["error"] as? [String: Any])
        #expect(error["code"] as? String == "checksumMismatch")
        #expect(error["offset"] as? Int == 75)
        #expect((error["message"] as? String)?.isEmpty == false)
    }

    @Test func dialectsChangeTheReading() throws {
        let hex = "404003000103153014240826123456789012FFFFFFFFFFFF3000020201800128020007000200736D6F6B6520616C61726D0000000000000000000000000000000000000000153014240826422323"  // vector dahua_smoke-alarm
        let bcd = try firewatch(["decode", "--dialect", "dahua-v1.03", "--hex", hex])
        #expect(bcd.status == 0)
        #expect(bcd.stdout.contains("\"time\":\"2026-08-24T14:30:15\""))
        let unknown = try firewatch(["decode", "--dialect", "nonsense", "--hex", hex])
        #expect(unknown.status != 0 && unknown.status != 65)
        #expect(unknown.stderr.contains("unknown dialect"))
    }
}
