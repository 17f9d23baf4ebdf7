import Foundation
import PanelProtocol

/// The first stage of a frame's walk: topic → gateway → registry check → decode in the gateway's
/// dialect → accepted or quarantined, each with its reason. Pure: no I/O, so every rule is tested
/// without a broker.
struct FrameIntake: Sendable {
    var topics: GatewayTopics
    var maxPayloadBytes: Int
    /// How much of an oversize payload is kept for inspection.
    var quarantineKeepBytes = 1 << 20

    func classify(_ received: ReceivedPayload, registry: Registry) -> [IntakeItem] {
        let payload = received.payload
        func quarantine(_ gatewayId: String?, _ form: GatewayPayload.Form, _ reason: QuarantineReason, _ message: String,
                        offset: Int? = nil, header: FrameHeader? = nil) -> IntakeItem {
            let truncated = payload.count > quarantineKeepBytes
            return .quarantined(QuarantinedInput(
                gatewayId: gatewayId, topic: received.topic, receivedAt: received.receivedAt, form: form,
                reason: reason, message: message, offset: offset, header: header,
                bytes: truncated ? Array(payload.prefix(quarantineKeepBytes)) : payload, bytesTruncated: truncated))
        }
        guard let gatewayId = topics.gatewayId(fromUpTopic: received.topic) else {
            return [quarantine(nil, .binary, .badTopic, "topic \(received.topic) is not \(topics.prefix)/gateways/{id}/up")]
        }
        let resolved = registry.gateway(id: gatewayId)
        let dialect = resolved.flatMap { Dialect.named($0.gateway.dialect) } ?? .gb2011
        let form = GatewayPayload.form(of: payload, dialect: dialect)
        guard payload.count <= maxPayloadBytes else {
            return [quarantine(gatewayId, form, .oversizePayload, "payload of \(payload.count) bytes exceeds mqtt.maxPayloadBytes (\(maxPayloadBytes))")]
        }
        var items: [IntakeItem] = []
        for item in GatewayPayload.decode(payload, dialect: dialect) {
            switch item.result {
            case .failure(let error):
                items.append(quarantine(gatewayId, form, .frame(error.code), error.message, offset: error.offset, header: error.header))
            case .success(let message):
                guard let resolved else {
                    items.append(quarantine(gatewayId, form, .unknownGateway, "gateway \(gatewayId) is not in the registry",
                                            offset: item.offset, header: message.header))
                    continue
                }
                if let expected = resolved.gateway.sourceAddress, expected != message.header.source.hex {
                    items.append(quarantine(gatewayId, form, .sourceAddressMismatch,
                                            "source address \(message.header.source.hex) is not the registered \(expected)",
                                            offset: item.offset, header: message.header))
                    continue
                }
                let bytes = form == .json ? payload : Array(item.bytes)
                items.append(.accepted(AcceptedFrame(gateway: resolved, topic: received.topic, receivedAt: received.receivedAt,
                                                     form: form, bytes: bytes, message: message)))
            }
        }
        return items
    }
}

/// The daemon's MQTT topics under the configured prefix (interfaces §2).
struct GatewayTopics: Sendable, Hashable {
    var prefix: String

    /// What the daemon subscribes to.
    var upFilter: String { "\(prefix)/gateways/+/up" }

    func down(_ gatewayId: String) -> String { "\(prefix)/gateways/\(gatewayId)/down" }

    func up(_ gatewayId: String) -> String { "\(prefix)/gateways/\(gatewayId)/up" }

    var centreStatus: String { "\(prefix)/centre/status" }

    /// The gateway id of `{prefix}/gateways/{id}/up`, or nil for any other topic.
    ///
    /// Compared byte for byte, as the broker matches topics: with Foundation imported,
    /// `hasPrefix` and `contains` on strings went through `NSString.range(of:)` on the MQTT thread
    /// for every message.
    func gatewayId(fromUpTopic topic: String) -> String? {
        let bytes = topic.utf8
        let head = prefix.utf8.count + Self.gatewaysSegment.count
        guard bytes.count > head + Self.upSuffix.count,
              bytes.starts(with: prefix.utf8),
              bytes.dropFirst(prefix.utf8.count).starts(with: Self.gatewaysSegment),
              bytes.suffix(Self.upSuffix.count).elementsEqual(Self.upSuffix)
        else { return nil }
        let id = bytes.dropFirst(head).dropLast(Self.upSuffix.count)
        guard !id.contains(UInt8(ascii: "/")) else { return nil }
        return String(Substring(id))
    }

    private static let gatewaysSegment = Array("/gateways/".utf8)
    private static let upSuffix = Array("/up".utf8)
}
