import Foundation
import PanelProtocol

/// The public frames of `shared/protocol/vectors.json`, loaded once.
struct TestVector: Decodable, Sendable {
    let id: String
    let hex: String
    let category: String
    let checksum_ok: Bool

    var bytes: [UInt8] { HexCoding.bytes(hex)! }

    /// The dialect a gateway sending this frame would be registered with.
    var dialect: Dialect {
        if id.hasPrefix("dahua") { return .dahuaV103 }
        if id.hasPrefix("bt_hb") { return .jkGH2013G }
        return .gb2011
    }

    static let all: [TestVector] = {
        guard let url = Bundle.module.url(forResource: "vectors", withExtension: "json", subdirectory: "Vectors"),
              let data = try? Data(contentsOf: url),
              let vectors = try? JSONDecoder().decode([TestVector].self, from: data) else {
            fatalError("vectors.json missing from the test bundle")
        }
        return vectors
    }()

    static func named(_ id: String) -> TestVector {
        guard let v = all.first(where: { $0.id == id }) else { fatalError("no vector \(id)") }
        return v
    }

    /// Decodes the vector as its gateway would; the single item's result.
    func decode(_ dialect: Dialect? = nil) -> Result<PanelMessage, FrameError> {
        let items = GatewayPayload.decode(bytes, dialect: dialect ?? self.dialect)
        precondition(items.count == 1, "\(id): \(items.count) items")
        return items[0].result
    }

    func message(_ dialect: Dialect? = nil) throws -> PanelMessage { try decode(dialect).get() }
}

extension DeviceTime {
    init(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) {
        self.init(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
    }
}

extension PanelMessage {
    var onlyObject: InformationObject? { adu?.objects.count == 1 ? adu?.objects[0] : nil }
}
