/// One centre-level incident for many gateways going silent together (operations §2.5,
/// policy §9): a broker or carrier failure, not a thousand building problems. Per-building link
/// notices are held until it has lasted ``EscalationPolicy/MassOutage/holdSeconds``.
public struct NetworkOutage: Hashable, Sendable, Codable {
    public var id: String
    public var openedAt: AlertingInstant
    /// Gateways whose lost link belongs to it.
    public var gateways: Set<String>
    /// Largest number of its gateways lost at once.
    public var peakLost: Int

    /// When held link notices are released.
    func holdEnds(_ p: EscalationPolicy) -> AlertingInstant { openedAt.adding(seconds: p.massOutage.holdSeconds) }
}
