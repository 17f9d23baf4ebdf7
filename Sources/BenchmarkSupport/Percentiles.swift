/// Latency percentiles of nanosecond samples, in milliseconds: exact nearest rank (the samples
/// are all kept), so p99 is a latency some frame really had.
public struct Percentiles: Sendable {
    public var count = 0, p50 = Double.nan, p99 = Double.nan, max = Double.nan

    /// NaN (printed `n/a`) without samples.
    public init(_ samples: [Int64]) {
        let sorted = samples.sorted()
        count = sorted.count
        guard !sorted.isEmpty else { return }
        func at(_ p: Double) -> Double {
            let rank = Swift.max(1, Int((p * Double(sorted.count)).rounded(.up)))
            return Double(sorted[Swift.min(rank, sorted.count) - 1]) / 1e6
        }
        p50 = at(0.5)
        p99 = at(0.99)
        max = Double(sorted.last!) / 1e6
    }

    /// `p50 1.23  p99 4.56  max 7.89 ms  (n=100)`.
    public var text: String {
        "p50 \(Figure.text(p50, 2))  p99 \(Figure.text(p99, 2))  max \(Figure.text(max, 2)) ms  (n=\(count))"
    }
}
