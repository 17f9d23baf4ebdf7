import Foundation
import PanelProtocol

/// The centre's answer to one frame, on the gateway's `down` topic, in the form the gateway speaks.
struct GatewayReply: Sendable, Hashable {
    var topic: String
    var payload: [UInt8]
    var command: Command
    var serial: UInt16
    /// When the frame it answers was received: 确认 latency is measured from here.
    var receivedAt: Date

    /// 确认 for an accepted frame that expects one; nil for replies (3, 5, 6), which get none.
    /// A request (4) from a device is denied: the centre answers no queries.
    static func forAccepted(_ frame: AcceptedFrame, topics: GatewayTopics) -> GatewayReply? {
        let command = frame.message.header.command
        if command.isReply { return nil }
        return make(to: frame.message.header, command: command == .request ? .deny : .confirm, form: frame.form,
                    topic: topics.down(frame.gateway.gateway.id), receivedAt: frame.receivedAt)
    }

    /// 否认 for quarantined input whose header could be read (and whose gateway id is known).
    static func forQuarantined(_ input: QuarantinedInput, topics: GatewayTopics) -> GatewayReply? {
        guard let header = input.header, let gatewayId = input.gatewayId else { return nil }
        if header.command.isReply { return nil }
        return make(to: header, command: .deny, form: input.form, topic: topics.down(gatewayId), receivedAt: input.receivedAt)
    }

    static func make(to header: FrameHeader, command: Command, form: GatewayPayload.Form, topic: String, receivedAt: Date) -> GatewayReply {
        let reply = FrameEncoder.replyHeader(to: header, command: command)
        let payload: [UInt8] = switch form {
        case .json: Array(JSONForm.encode([PanelMessage(header: reply, adu: nil)]).utf8)
        case .asciiHex: Array(HexCoding.string(FrameEncoder.encode(reply, adu: [])).utf8)
        case .binary: FrameEncoder.encode(reply, adu: [])
        }
        return GatewayReply(topic: topic, payload: payload, command: command, serial: header.serial, receivedAt: receivedAt)
    }
}
