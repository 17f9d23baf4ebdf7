import Prometheus

/// Histogram buckets of Firewatch's own timers.
///
/// swift-prometheus starts its default duration buckets at 5 ms; an ingest step takes 0.2–2 ms
/// on a healthy server, so with the defaults every commit and nearly every 确认 lands in the
/// first bucket and `/metrics` cannot show a slow-down until it is already severe.
enum MetricsBuckets {
    /// 0.25 ms … 10 s: sub-millisecond steps where the ingest path lives, the defaults' range above.
    static let ingest: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(3),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// The timers of the ingest path (docs/http.md), named here once: a timer made under another
    /// label would silently fall back to the default buckets.
    static let groupWait = "firewatch_group_wait_seconds"
    static let groupCommit = "firewatch_group_commit_seconds"
    static let reply = "firewatch_reply_seconds"
    static let ingestTimers = [groupWait, groupCommit, reply]

    /// The metrics backend with these buckets, over `registry`.
    static func factory(_ registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        for label in ingestTimers { factory.durationHistogramBuckets[label] = ingest }
        return factory
    }
}
