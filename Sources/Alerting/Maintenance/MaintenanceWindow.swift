/// An operator's declaration that a building or a gateway is in test or maintenance until a
/// given time (policy §1): events inside are recorded and told to the unit only. Bounded by
/// design, so a forgotten window cannot silence a building for good.
public struct MaintenanceWindow: Hashable, Sendable, Codable {
    public var id: String
    public var scope: MaintenanceScope
    public var openedAt: AlertingInstant
    public var until: AlertingInstant
    public var openedBy: String
    public var note: String?

    /// Whether it covers this building/gateway at `t`.
    func covers(building: String, gateway: String?, at t: AlertingInstant) -> Bool {
        guard openedAt <= t, t < until else { return false }
        switch scope {
        case .building(let b): return b == building
        case .gateway(let g): return g == gateway
        }
    }
}
