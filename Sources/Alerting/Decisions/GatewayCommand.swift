public import PanelProtocol

/// A frame the centre must send to a gateway: 查岗 (type 91) or clock sync (type 90).
///
/// The core decides *that* a command goes out; the daemon encodes it with its own serial number
/// and publishes it on `{prefix}/gateways/{gateway}/down` after the commit.
public struct GatewayCommand: Hashable, Sendable, Codable {
    public enum Kind: Hashable, Sendable, Codable {
        /// 查岗: the person on duty must answer (type 24, bit 5) within this many minutes.
        case patrol(replyTimeoutMinutes: Int)
        /// Set the UITD's clock to the centre's time (the time of sending).
        case synchronizeClock
    }

    public var at: AlertingInstant
    public var gateway: String
    public var kind: Kind
    public var reason: ReasonCode

    public init(at: AlertingInstant, gateway: String, kind: Kind, reason: ReasonCode) {
        self.at = at
        self.gateway = gateway
        self.kind = kind
        self.reason = reason
    }

    /// The information object to send, with the clock read at `sendTime` in the centre's zone.
    public func informationObject(sendTime: AlertingInstant, utcOffsetSeconds: Int) -> InformationObject {
        switch kind {
        case .patrol(let minutes):
            return .patrol(replyTimeoutMinutes: UInt8(clamping: minutes))
        case .synchronizeClock:
            let t = CivilTime(instant: sendTime, utcOffsetSeconds: utcOffsetSeconds)
            return .synchronizeClock(DeviceTime(year: t.year, month: t.month, day: t.day,
                                                hour: t.hour, minute: t.minute, second: t.second))
        }
    }
}
