/// Everything the core keeps per building: the fire rules correlate within one building and
/// never across buildings (operations §2.3), so this is the unit of partitioning if the centre
/// ever runs several daemons.
public struct BuildingState: Hashable, Sendable, Codable {
    public var info: BuildingInfo
    /// Every point seen, by ``PointKey/id``.
    public var points: TrackedDictionary<PointState> = [:]
    /// Gateways of the building that the core has seen or been told about.
    public var gateways: Set<String> = []
    /// Its open fire incident (one per building at a time).
    public var openIncident: String?
    /// Open hazards by hazard key (`pointId#condition`), to open each once per point.
    ///
    /// An index of ``AlertingState/hazards``, so not part of the building's row: it is rebuilt
    /// from the open hazards on load. In the row it grew with every open hazard and was rewritten
    /// whenever one opened or closed (an alarm storm rewrote it once per fault).
    public var hazardIds: [String: String] = [:]
    /// Times of false-alarm verdicts within the rate window (operations §2.4: kept 30 days).
    public var falseAlarms: [AlertingInstant] = []
    /// The last "false-alarm rate exceeded" notice (at most one per 24 h).
    public var lastFalseRateNoticeAt: AlertingInstant?
    /// Recent fire onsets (for coincidence), pruned to the corroboration window; one per point,
    /// at most ``recentOnsetsKept``.
    var recentFireOnsets: [Onset] = []
    /// Recent waterflow / pump / pressure-switch signals, pruned to the waterflow window; one per
    /// point, at most ``recentOnsetsKept``.
    var recentWaterflow: [Onset] = []
    /// Last panel reset per facility system (`PointKey.systemId`), for dual knock.
    var systemResets: [String: AlertingInstant] = [:]

    /// One point's onset at one time.
    struct Onset: Hashable, Sendable, Codable {
        var point: String
        var at: AlertingInstant
        /// A system or UITD fire bit: a summary of some component's alarm, never a second
        /// distinct detector.
        var summary: Bool = false
    }

    init(info: BuildingInfo) { self.info = info }

    /// At most this many recent onsets are kept, one per point, the latest.
    ///
    /// A rule asks for the latest onset of *another* point within its window, so each point's
    /// latest onset is all it can use, and the few most recent points always hold one. Unbounded,
    /// an alarm storm's building carried one entry per point in the building row it rewrote at
    /// every alarm (a building of 60 alarm points: 60 entries encoded 60 times).
    static let recentOnsetsKept = 8
}

extension [BuildingState.Onset] {
    /// Appends `onset` as its point's latest, dropping the oldest beyond the bound.
    mutating func remember(_ onset: BuildingState.Onset) {
        removeAll { $0.point == onset.point }
        append(onset)
        if count > BuildingState.recentOnsetsKept { removeFirst(count - BuildingState.recentOnsetsKept) }
    }
}
