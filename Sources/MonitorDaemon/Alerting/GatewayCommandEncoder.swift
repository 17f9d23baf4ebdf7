import Alerting
import PanelProtocol

/// Turns a command the core decided (查岗, clock sync) into the frame a gateway reads, in its
/// dialect and in the form it speaks (binary, ASCII hex, or the JSON form).
struct GatewayCommandEncoder: Sendable {
    var utcOffsetSeconds: Int

    /// The payload for `gateway` (nil when it left the registry: the standard dialect, binary).
    /// `form` is how the gateway last spoke; nil: its dialect's transport.
    func payload(_ command: GatewayCommand, serial: UInt16, gateway: Registry.ResolvedGateway?,
                 form: GatewayPayload.Form?) -> [UInt8] {
        let dialect = gateway.flatMap { Dialect.named($0.gateway.dialect) } ?? .gb2011
        let t = CivilTime(instant: command.at, utcOffsetSeconds: utcOffsetSeconds)
        let now = DeviceTime(year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second)
        let header = FrameHeader(
            serial: serial, timeLabel: TimeLabel(now, format: dialect.timeLabelFormat),
            source: .zero, destination: gateway?.gateway.sourceAddress.flatMap(NodeAddress.init(hex:)) ?? .zero,
            command: .control)
        let adu = ApplicationDataUnit(objects: [command.informationObject(sendTime: command.at, utcOffsetSeconds: utcOffsetSeconds)])
        switch form ?? (dialect.transport == .asciiHex ? .asciiHex : .binary) {
        case .json:
            return Array(JSONForm.encode([PanelMessage(header: header, adu: adu, timeFormat: dialect.timeLabelFormat)]).utf8)
        case .asciiHex:
            return Array(HexCoding.string(FrameEncoder.encode(header, adu: adu.encoded(dialect: dialect, downstreamTime: now))).utf8)
        case .binary:
            return FrameEncoder.encode(header, adu: adu.encoded(dialect: dialect, downstreamTime: now))
        }
    }
}
