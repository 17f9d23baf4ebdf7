/// The last known condition of one point, and the little history the rules need.
///
/// `status` is the word as last reported (UITD bytes widened); a report is compared with it to
/// tell an onset (bit set) from a restore (bit cleared) from a repeat (nothing changed).
public struct PointState: Hashable, Sendable, Codable {
    public var key: PointKey
    /// The point's description from the panel (31 bytes of GB 18030, decoded).
    public var description: String?
    /// The status word as last reported.
    public var status: UInt16
    /// For every set bit: the receive time of the first report that showed it.
    public var bitSince: SmallMap<Int, AlertingInstant>
    public var firstSeenAt: AlertingInstant
    public var lastReportAt: AlertingInstant
    public var lastChangeAt: AlertingInstant
    /// Reports since the last change that changed nothing (repeats, resynchronisation).
    public var repeatCount: Int
    /// Bit 0 was clear in the last report: the device calls itself "in test". Informational only
    /// (policy §1): it never stops an escalation.
    public var deviceReportsTest: Bool
    /// Receive time of this point's latest fire onset.
    public var lastFireOnsetAt: AlertingInstant?
    /// When its fire bit last cleared.
    public var fireClearedAt: AlertingInstant?
    /// Declared false: it corroborates nothing until then (policy §4).
    public var discreditedUntil: AlertingInstant?
    /// Onsets of each hazard condition within the last 24 h (chattering detection).
    public var conditionOnsets: SmallMap<String, [AlertingInstant]>

    init(key: PointKey, at: AlertingInstant) {
        self.key = key
        self.status = 0
        self.bitSince = [:]
        self.firstSeenAt = at
        self.lastReportAt = at
        self.lastChangeAt = at
        self.repeatCount = 0
        self.deviceReportsTest = false
        self.conditionOnsets = [:]
    }

    /// Fire bit (bit 1 of every status word) as last reported.
    public var inFire: Bool { status & 0b10 != 0 }

    /// The hazard conditions the last report shows.
    var conditions: Set<HazardCondition> {
        HazardCondition.conditions(level: key.level, componentType: key.componentType, status: status)
    }

    /// When `condition` began, from the bits it rests on: the latest for "both power supplies",
    /// the earliest otherwise.
    func onset(of condition: HazardCondition, fallback: AlertingInstant) -> AlertingInstant {
        let times = HazardCondition.bits(of: condition, level: key.level).compactMap { bitSince[$0] }
        guard !times.isEmpty else { return fallback }
        return condition == .powerLost ? times.max()! : times.min()!
    }

    func isDiscredited(at t: AlertingInstant) -> Bool {
        if let until = discreditedUntil { return t < until }
        return false
    }
}
