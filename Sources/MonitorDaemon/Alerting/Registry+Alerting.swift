import Alerting

extension Registry.ResolvedGateway {
    /// What the alerting core needs to know of this gateway and everything above it.
    var alertingContext: GatewayContext {
        GatewayContext(
            gatewayId: gateway.id,
            building: BuildingInfo(id: building.id, name: building.name, address: building.address,
                                   unitId: unit.id, unitName: unit.name, brigadeId: brigade.id, departmentId: department.id),
            heartbeatSeconds: gateway.heartbeatSeconds)
    }
}

extension Registry {
    /// Every gateway as the core sees it (``AlertingInput/registry(_:)``).
    var alertingContexts: [GatewayContext] {
        gateways.compactMap { gateway(id: $0.id)?.alertingContext }
    }
}
