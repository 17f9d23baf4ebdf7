import PanelProtocol

/// A quick look at a payload as it arrives: does it report a fire? Such payloads take the
/// ingest queue's urgent lane, so a fire alarm is not committed behind a backlog of routine
/// frames (a city's gateways reconnecting at once send thousands).
///
/// It only orders work, never decides it: the writer decodes and checks every payload in full.
/// A payload it cannot read is simply not urgent.
struct FireScreen: Sendable {
    let topics: GatewayTopics
    let registry: RegistryStore

    func isUrgent(topic: String, payload: [UInt8]) -> Bool {
        guard let id = topics.gatewayId(fromUpTopic: topic), let gateway = registry.current.gateway(id: id) else { return false }
        let dialect = Dialect.named(gateway.gateway.dialect) ?? .gb2011
        return GatewayPayload.decode(payload, dialect: dialect).contains { item in
            guard case .success(let message) = item.result else { return false }
            return message.reportsFire
        }
    }
}

extension PanelMessage {
    /// Some status object has its fire bit set (a restore object reports the fire bit cleared).
    var reportsFire: Bool {
        (adu?.objects ?? []).contains { object in
            switch object {
            case .componentStatus(let s): s.restored == nil && s.status.contains(.fire)
            case .systemStatus(let s): s.restored == nil && s.status.contains(.fire)
            case .uitdStatus(let s): s.restored == nil && s.status.contains(.fire)
            default: false
            }
        }
    }
}
