/// A gateway (UITD) as the registry resolves it: its id, its building (with everything above
/// it), and its heartbeat interval.
///
/// The daemon builds one from its `Registry.ResolvedGateway` and passes it with every frame and
/// in ``AlertingInput/registry(_:)``, so the core stays free of YAML and SQL.
public struct GatewayContext: Hashable, Sendable, Codable {
    public var gatewayId: String
    public var building: BuildingInfo
    /// nil: `escalation.link.defaultHeartbeatSeconds`.
    public var heartbeatSeconds: Int?

    public init(gatewayId: String, building: BuildingInfo, heartbeatSeconds: Int? = nil) {
        self.gatewayId = gatewayId
        self.building = building
        self.heartbeatSeconds = heartbeatSeconds
    }
}
