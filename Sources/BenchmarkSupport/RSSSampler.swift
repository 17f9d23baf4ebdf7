/// Samples VmRSS of the daemon every 100 ms over a window: VmHWM (read at the end) is the
/// kernel's own peak over the whole run, this is the peak under the measured load.
public struct RSSSampler: Sendable {
    let pid: Int32?

    /// `pid` nil: nothing to sample (a phase without the daemon); `peakKB` only waits.
    public init(pid: Int32?) { self.pid = pid }

    /// Samples until `end` (nanoseconds on `BenchClock`); returns the largest VmRSS seen, kB
    /// (0 without a process).
    public func peakKB(until end: Int64) async -> Int {
        var peak = 0
        while nowNs() < end {
            if let pid, let kb = ProcStat.statusKB(pid, "VmRSS") { peak = max(peak, kb) }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return peak
    }
}
