import PanelProtocol

/// The centre's answer to one frame, on the gateway's `down` topic, in the form the gateway speaks.
struct GatewayReply: Sendable, Hashable {
    var topic: String
    var payload: [UInt8]
    var command: Command
    var serial: UInt16

    /// 确认 for an accepted frame that expects one; nil for replies (3, 5, 6), which get none.
    /// A request (4) from a device is denied: the centre answers no queries.
    static func forAccepted(_ frame: AcceptedFrame, topics: GatewayTopics) -> GatewayReply? {
        let command = frame.message.header.command
        if command == .confirm || command == .response || command == .deny { return nil }
        let dialect = Dialect.named(frame.gateway.gateway.dialect) ?? .gb2011
        return make(to: frame.message.header, command: command == .request ? .deny : .confirm, form: frame.form,
                    dialect: dialect, topic: topics.down(frame.gateway.gateway.id))
    }

    /// 否认 for quarantined input whose header could be read (and whose gateway id is known).
    static func forQuarantined(_ input: QuarantinedInput, topics: GatewayTopics, dialect: Dialect = .gb2011) -> GatewayReply? {
        guard let header = input.header, let gatewayId = input.gatewayId else { return nil }
        if header.command == .confirm || header.command == .response || header.command == .deny { return nil }
        return make(to: header, command: .deny, form: input.form, dialect: dialect, topic: topics.down(gatewayId))
    }

    static func make(to header: FrameHeader, command: Command, form: GatewayPayload.Form, dialect: Dialect, topic: String) -> GatewayReply {
        let payload: [UInt8]
        switch form {
        case .json:
            let reply = PanelMessage(header: FrameEncoder.replyHeader(to: header, command: command), adu: nil)
            payload = Array(JSONForm.encode([reply]).utf8)
        case .asciiHex:
            payload = Array(HexCoding.string(FrameEncoder.encode(FrameEncoder.replyHeader(to: header, command: command), adu: [])).utf8)
        case .binary:
            payload = command == .confirm ? FrameEncoder.confirmation(for: header) : FrameEncoder.denial(for: header)
        }
        return GatewayReply(topic: topic, payload: payload, command: command, serial: header.serial)
    }
}
