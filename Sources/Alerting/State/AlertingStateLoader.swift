/// Reassembles an ``AlertingState`` from its rows, one row at a time.
///
/// A loader that first collects every row of a kind in an array holds the rows twice while it
/// builds the state: after an alarm storm, arrays of 60,000 points and 30,000 hazards (~22 MB by
/// heaptrack) beside the dictionaries made from them. Here rows go straight into the
/// dictionaries that become the state's. Nothing is marked changed: a loaded state has no rows
/// to write.
public struct AlertingStateLoader {
    private let global: AlertingState.Global
    private var buildings: [String: BuildingState] = [:]
    private var points: [String: [String: PointState]] = [:]
    private var gateways: [String: GatewayState] = [:]
    private var incidents: [String: FireIncident] = [:]
    private var incidentPoints: [String: [String: FireIncident.Point]] = [:]
    private var hazards: [String: Hazard] = [:]

    public init(global: AlertingState.Global) { self.global = global }

    public mutating func add(_ building: BuildingState) { buildings[building.info.id] = building }
    public mutating func add(_ point: PointState) { points[point.key.building, default: [:]][point.key.id] = point }
    public mutating func add(_ gateway: GatewayState) { gateways[gateway.id] = gateway }
    public mutating func add(_ incident: FireIncident) { incidents[incident.id] = incident }
    /// A point row of an open incident (`incident_point`); rows of other incidents are ignored.
    public mutating func add(_ point: FireIncident.Point, id: String, incident: String) {
        incidentPoints[incident, default: [:]][id] = point
    }
    public mutating func add(_ hazard: Hazard) { hazards[hazard.id] = hazard }

    /// The state: each building with its points and its open hazards' index, each incident with
    /// its points.
    public consuming func finish() -> AlertingState {
        var state = AlertingState()
        for id in Array(buildings.keys) {
            buildings[id]!.points = TrackedDictionary(points.removeValue(forKey: id) ?? [:])
            buildings[id]!.hazardIds = [:]  // older rows still carry it: the hazards are the truth
        }
        for h in hazards.values { buildings[h.building]?.hazardIds[h.key] = h.id }
        for id in Array(incidents.keys) {
            incidents[id]!.points = TrackedDictionary(incidentPoints.removeValue(forKey: id) ?? [:])
        }
        state.buildings = TrackedDictionary(buildings)
        state.gateways = TrackedDictionary(gateways)
        state.incidents = TrackedDictionary(incidents)
        state.hazards = TrackedDictionary(hazards)
        state.outage = global.outage
        state.maintenance = global.maintenance
        state.registrySize = global.registrySize
        state.serial = global.serial
        state.deadlineHint = global.deadlineHint
        return state
    }
}
