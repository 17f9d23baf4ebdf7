/// Persisting the state row by row.
///
/// The whole state of a city can be tens of megabytes; a transaction should write only what its
/// step changed. ``takeChanges()`` names the changed rows (exact, because every collection is a
/// ``TrackedDictionary``); the daemon upserts them (and deletes the ids no longer present) in the
/// same transaction as the step's decisions. After a restart it hands every row to an
/// ``AlertingStateLoader``.
extension AlertingState {
    /// What changed since the last ``takeChanges()``. An id listed here but absent from the
    /// state was removed (a closed incident or hazard, a gateway that left the registry).
    public struct Changes: Hashable, Sendable {
        /// Building rows (``buildingRecord(_:)``, without their points).
        public var buildings: Set<String> = []
        /// Point rows by building id → point ids.
        public var points: [String: Set<String>] = [:]
        public var gateways: Set<String> = []
        /// Incident rows (``incidentRecord(_:)``, without their points).
        public var incidents: Set<String> = []
        /// Incident point rows by incident id → point ids.
        public var incidentPoints: [String: Set<String>] = [:]
        public var hazards: Set<String> = []

        public var isEmpty: Bool {
            buildings.isEmpty && points.isEmpty && gateways.isEmpty && incidents.isEmpty && incidentPoints.isEmpty
                && hazards.isEmpty
        }
    }

    /// The small global row: outage, maintenance windows, registry size, id serial, deadline.
    public struct Global: Hashable, Sendable, Codable {
        public var outage: NetworkOutage?
        public var maintenance: [String: MaintenanceWindow]
        public var registrySize: Int
        public var serial: Int
        public var deadlineHint: AlertingInstant?
    }

    /// The global row (write it after every step: it is small and the deadline moves).
    public var global: Global {
        Global(outage: outage, maintenance: maintenance, registrySize: registrySize, serial: serial, deadlineHint: deadlineHint)
    }

    /// A building's row without its points (they are rows of their own) and without its index of
    /// open hazards (``BuildingState/hazardIds``: the hazards' rows rebuild it).
    public func buildingRecord(_ id: String) -> BuildingState? {
        guard var b = buildings[id] else { return nil }
        b.points = [:]
        b.hazardIds = [:]
        return b
    }

    /// An incident's row without its points (they are rows of their own: an incident of many
    /// points was encoded whole again for every point that joined or repeated).
    public func incidentRecord(_ id: String) -> FireIncident? {
        guard var incident = incidents[id] else { return nil }
        incident.points = [:]
        return incident
    }

    /// The rows written since the last call, forgetting them.
    public mutating func takeChanges() -> Changes {
        var c = Changes()
        c.buildings = buildings.takeDirty()
        for id in c.buildings where buildings[id] != nil {
            let points = buildings[id]!.points.takeDirty()
            if !points.isEmpty { c.points[id] = points }
        }
        // Taking the points' marks went through the buildings' subscript: clear that again.
        _ = buildings.takeDirty()
        c.gateways = gateways.takeDirty()
        c.incidents = incidents.takeDirty()
        for id in c.incidents {
            let points = incidents.modifyUnmarked(id) { $0.points.takeDirty() } ?? []
            if !points.isEmpty { c.incidentPoints[id] = points }
        }
        c.hazards = hazards.takeDirty()
        return c
    }

    /// Brings each gateway's liveness up to its last frame after the rows were loaded: the rows
    /// do not follow every frame (``VolatileFields``), the daemon's per-gateway last frame does.
    /// `lastFrames`: gateway id → receive time of its last stored frame.
    public mutating func restoreLiveness(lastFrames: [String: AlertingInstant]) {
        for (id, at) in lastFrames {
            gateways.modifyUnmarked(id) { g in
                // Only a gateway already heard: a first frame is always written with its row.
                guard g.firstHeardAt != nil else { return }
                g.lastFrameAt = AlertingInstant.latest(g.lastFrameAt, at)
                g.supervisionBase = AlertingInstant.latest(g.supervisionBase, at)
            }
        }
    }

    /// The state with every volatile field fixed (``VolatileFields``): what a restart restores
    /// exactly, for comparing a reloaded state with the one in memory.
    public var durablePart: AlertingState {
        var s = self
        for (bid, b) in buildings {
            var points = b.points
            for (pid, p) in b.points { points.setUnmarked(p.durablePart, forKey: pid) }
            s.buildings.modifyUnmarked(bid) { $0.points = points }
        }
        for (id, g) in gateways { s.gateways.setUnmarked(g.durablePart, forKey: id) }
        return s
    }
}
