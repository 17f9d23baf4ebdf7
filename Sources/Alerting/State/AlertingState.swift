/// The whole memory of the alerting core: a value, `Codable`, and nothing else.
///
/// The daemon stores it (or its parts) in the same transaction as the decisions of the step
/// that produced it, and hands it back after a restart. Because every escalation rung that went
/// out is recorded here (``FireIncident/rungsDone``, ``Hazard/rungsDone``), a tick after a
/// restart sends exactly what is due and not yet sent: nothing is lost and nothing is sent
/// twice (issue 4, item 7). Closed incidents and hazards leave the state; their record is the
/// decisions the daemon stored.
public struct AlertingState: Hashable, Sendable, Codable {
    public internal(set) var buildings: TrackedDictionary<BuildingState> = [:]
    public internal(set) var gateways: TrackedDictionary<GatewayState> = [:]
    /// Open fire incidents by id.
    public internal(set) var incidents: TrackedDictionary<FireIncident> = [:]
    /// Open hazards by id.
    public internal(set) var hazards: TrackedDictionary<Hazard> = [:]
    /// The open mass outage, if any.
    public internal(set) var outage: NetworkOutage?
    /// Maintenance windows not yet ended, by id.
    public internal(set) var maintenance: [String: MaintenanceWindow] = [:]
    /// Gateways in the registry (for the mass-outage fraction); 0 until the registry is given.
    public internal(set) var registrySize: Int = 0
    /// Source of incident, hazard, outage and window ids.
    var serial: Int = 0
    /// A time at or before the earliest deadline (see ``AlertingCore/nextDeadline(_:)``).
    var deadlineHint: AlertingInstant?

    public init() {}

    /// The building's open fire incident.
    public func openIncident(inBuilding building: String) -> FireIncident? {
        buildings[building]?.openIncident.flatMap { incidents[$0] }
    }

    /// The building's open hazards, oldest first.
    public func openHazards(inBuilding building: String) -> [Hazard] {
        guard let b = buildings[building] else { return [] }
        return b.hazardIds.values.compactMap { hazards[$0] }.sorted { ($0.onset, $0.id) < ($1.onset, $1.id) }
    }

    /// False-alarm verdicts of a building in the `seconds` before `now` (the department's rate).
    public func falseAlarmCount(building: String, within seconds: Int, at now: AlertingInstant) -> Int {
        guard let b = buildings[building] else { return 0 }
        let from = now.adding(seconds: -seconds)
        return b.falseAlarms.count { $0 > from && $0 <= now }
    }

    mutating func nextId(_ prefix: String) -> String {
        serial += 1
        return "\(prefix)-\(serial)"
    }
}
