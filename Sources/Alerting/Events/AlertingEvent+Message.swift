public import PanelProtocol

extension AlertingEvent {
    /// Turns one stored frame into the core's observations: first the frame itself as traffic
    /// (link supervision, clock check), then one observation per status or operation object.
    ///
    /// Objects that say nothing about the building's condition (versions, configuration,
    /// analog values, queries) produce no observation; they still count as traffic.
    public static func events(from message: PanelMessage, gateway: GatewayContext,
                              receivedAt: AlertingInstant) -> [AlertingEvent] {
        let building = gateway.building.id
        let gw = gateway.gatewayId
        var out: [AlertingEvent] = [
            AlertingEvent(gateway: gateway, receivedAt: receivedAt, observation: .traffic(deviceTime: message.time)),
        ]
        guard let adu = message.adu else { return out }
        func system(_ s: SystemTarget) -> PointKey {
            PointKey(building: building, gateway: gw, level: .system,
                     systemType: s.systemType.rawValue, systemAddress: s.systemAddress)
        }
        let uitd = PointKey(building: building, gateway: gw, level: .uitd)
        for object in adu.objects {
            let observation: Observation
            switch object {
            case .componentStatus(let c):
                let key = PointKey(building: building, gateway: gw, level: .component,
                                   systemType: c.system.systemType.rawValue, systemAddress: c.system.systemAddress,
                                   componentType: c.componentType.rawValue, componentAddress: c.componentAddress)
                let text = c.description?.text
                observation = .component(key, status: c.status, restored: c.restored,
                                         description: (text?.isEmpty ?? true) ? nil : text, deviceTime: c.time)
            case .systemStatus(let s):
                observation = .system(system(s.system), status: s.status, restored: s.restored, deviceTime: s.time)
            case .uitdStatus(let u):
                observation = .uitd(uitd, status: u.status, restored: u.restored, deviceTime: u.time)
            case .facilityOperation(let f):
                observation = .facilityOperation(system(f.system), operation: f.operation, deviceTime: f.time)
            case .uitdOperation(let u):
                observation = .uitdOperation(uitd, operation: u.operation, deviceTime: u.time)
            default:
                continue
            }
            out.append(AlertingEvent(gateway: gateway, receivedAt: receivedAt, observation: observation))
        }
        return out
    }
}
