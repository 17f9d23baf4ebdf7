import Foundation
import PanelProtocol

/// The JSON form of one decoded object for `frame.objects`: the JSON value `JSONEncoder`
/// makes from the object's `Codable` form (keys in the form's order, slashes not escaped),
/// written directly for the five kinds gateways send all day — status and operation words — and
/// through the encoder for every other kind.
///
/// `JSONEncoder` was a tenth of the daemon's time per frame at full load; this is a few hundred
/// nanoseconds. `FrameObjectJSONTests` holds it to the encoder's value for every such kind.
struct FrameObjectJSON {
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes]
        return e
    }()

    /// A message's objects as one JSON array, for `frame.objects` (migration v10).
    func array(of message: PanelMessage) throws -> String {
        var array = "["
        var first = true
        try message.forEachObject { (object) throws(any Error) in
            if !first { array += "," }
            array += try body(object)
            first = false
        }
        return array + "]"
    }

    func body(_ object: InformationObject) throws -> String {
        var w = Writer()
        switch object {
        case .componentStatus(let o):
            w.key("kind", first: true); w.string("componentStatus")
            w.system(o.system)
            w.key("componentType"); w.int(Int(o.componentType.rawValue))
            w.key("componentAddress"); w.int(Int(o.componentAddress))
            w.flags(o.status, restored: o.restored)
            if let d = o.description {
                w.key("description")
                d.withUTF8 { w.string(utf8: $0) }  // no String made for the text
            }
            w.key("time"); w.string(o.time.iso8601)
        case .systemStatus(let o):
            w.key("kind", first: true); w.string("systemStatus")
            w.system(o.system)
            w.flags(o.status, restored: o.restored)
            w.key("time"); w.string(o.time.iso8601)
        case .uitdStatus(let o):
            w.key("kind", first: true); w.string("uitdStatus")
            w.flags(o.status, restored: o.restored)
            if let t = o.time { w.key("time"); w.string(t.iso8601) }
        case .facilityOperation(let o):
            w.key("kind", first: true); w.string("facilityOperation")
            w.system(o.system)
            w.key("operation"); w.int(Int(o.operation.rawValue))
            w.key("flags"); w.names(o.operation)
            w.key("operator"); w.int(Int(o.operatorNumber))
            w.key("time"); w.string(o.time.iso8601)
        case .uitdOperation(let o):
            w.key("kind", first: true); w.string("uitdOperation")
            w.key("operation"); w.int(Int(o.operation.rawValue))
            w.key("flags"); w.names(o.operation)
            w.key("operator"); w.int(Int(o.operatorNumber))
            w.key("time"); w.string(o.time.iso8601)
        default:
            return String(decoding: try encoder.encode(object), as: UTF8.self)
        }
        w.bytes.append(UInt8(ascii: "}"))
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// JSON text as `JSONEncoder` writes it: no spaces, strings escaped as it escapes them.
    private struct Writer {
        var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(256) }

        mutating func key(_ name: StaticString, first: Bool = false) {
            bytes.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            bytes.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { bytes.append(contentsOf: $0) }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(UInt8(ascii: ":"))
        }

        mutating func int(_ v: Int) {
            if v == 0 { bytes.append(UInt8(ascii: "0")); return }
            if v < 0 { bytes.append(UInt8(ascii: "-")) }
            // Digits appended lowest first, then turned around in place: no array of their own.
            let start = bytes.count
            var n = v.magnitude
            while n > 0 { bytes.append(UInt8(ascii: "0") + UInt8(n % 10)); n /= 10 }
            bytes[start...].reverse()
        }

        mutating func string(_ s: String) { string(utf8: s.utf8) }

        mutating func string(utf8: some Sequence<UInt8>) {
            bytes.append(UInt8(ascii: "\""))
            for b in utf8 {
                switch b {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x00..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                              hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                default: bytes.append(b)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }

        mutating func system(_ s: SystemTarget) {
            key("systemType"); int(Int(s.systemType.rawValue))
            key("systemAddress"); int(Int(s.systemAddress))
        }

        mutating func flags<F: NamedFlags>(_ f: F, restored: F?) where F.RawValue: BinaryInteger {
            key("status"); int(Int(f.rawValue))
            key("flags"); names(f)
            if let restored {
                key("restored"); int(Int(restored.rawValue))
                key("restoredFlags"); names(restored, skipping: F.clearBit0Name)
            }
        }

        /// A word's flag names as a JSON array, written from the names themselves.
        mutating func names<F: NamedFlags>(_ f: F, skipping skipped: String? = nil) {
            bytes.append(UInt8(ascii: "["))
            var first = true
            f.forEachFlagName { name in
                if name == skipped { return }
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                string(name)
            }
            bytes.append(UInt8(ascii: "]"))
        }
    }
}
