public import PanelProtocol

/// One observation of one frame, with the gateway it came through and when the centre
/// received it: the unit of input of the alerting core.
///
/// Observations are deliberately close to the frame (the status word as sent); deciding what
/// changed is the core's job, because only the core knows the point's previous condition.
public struct AlertingEvent: Hashable, Sendable {
    public var gateway: GatewayContext
    /// Receive time at the centre: every ladder is measured from it (policy §6).
    public var receivedAt: AlertingInstant
    public var observation: Observation

    public init(gateway: GatewayContext, receivedAt: AlertingInstant, observation: Observation) {
        self.gateway = gateway
        self.receivedAt = receivedAt
        self.observation = observation
    }

    public enum Observation: Hashable, Sendable {
        /// The gateway sent a frame (any frame is traffic for link supervision); `deviceTime`
        /// is the frame's time label, for the clock check.
        case traffic(deviceTime: DeviceTime?)
        /// A component's status word (type 2); `restored` set for vendor restore objects.
        case component(PointKey, status: ComponentStatusFlags, restored: ComponentStatusFlags?,
                       description: String?, deviceTime: DeviceTime?)
        /// A facility system's status word (type 1).
        case system(PointKey, status: SystemStatusFlags, restored: SystemStatusFlags?, deviceTime: DeviceTime?)
        /// The UITD's own status (type 21).
        case uitd(PointKey, status: UITDStatusFlags, restored: UITDStatusFlags?, deviceTime: DeviceTime?)
        /// An operation on a facility (type 4): reset, manual alarm…; `system` is the system's point.
        case facilityOperation(PointKey, operation: OperationFlags, deviceTime: DeviceTime?)
        /// An operation on the UITD (type 24): manual alarm, 查岗 answer (bit 5)…
        case uitdOperation(PointKey, operation: UITDOperationFlags, deviceTime: DeviceTime?)
    }

    /// The building the event belongs to.
    public var building: String { gateway.building.id }
}
