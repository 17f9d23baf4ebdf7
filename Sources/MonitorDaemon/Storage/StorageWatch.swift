/// Decides when free space on the database's file system is worth a log line: once when it falls
/// below the margin, again every `repeatEvery` while it stays there, once when it recovers.
///
/// A full disk makes every group commit fail: nothing is acknowledged, gateways retransmit until
/// they give up, and the centre goes blind without crashing. A warning at a margin the operator
/// chooses comes while there is still time to act; repeating it keeps it near the top of the
/// journal without a line every few seconds.
struct StorageWatch {
    /// Below this many free bytes the disk is "low"; 0 turns the watch off.
    let minFreeBytes: Int64
    let repeatEvery: Duration
    /// When the last "low" was reported; nil while free space is above the margin.
    private var lastWarned: ContinuousClock.Instant?

    init(minFreeBytes: Int64, repeatEvery: Duration = .seconds(3600)) {
        self.minFreeBytes = minFreeBytes
        self.repeatEvery = repeatEvery
    }

    enum Report: Equatable {
        /// Free space fell below the margin (`again`: it still is, `repeatEvery` later).
        case low(again: Bool)
        case recovered
    }

    /// One sample of the free space; what to log about it, if anything.
    mutating func observe(freeBytes: Int64, at now: ContinuousClock.Instant) -> Report? {
        guard minFreeBytes > 0 else { return nil }
        if freeBytes >= minFreeBytes {
            guard lastWarned != nil else { return nil }
            lastWarned = nil
            return .recovered
        }
        guard let warned = lastWarned else {
            lastWarned = now
            return .low(again: false)
        }
        guard now - warned >= repeatEvery else { return nil }
        lastWarned = now
        return .low(again: true)
    }
}
