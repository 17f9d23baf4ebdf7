import GRDB
import Synchronization

/// The one narrow seam between ingest and what reacts to frames (the alerting core).
///
/// Called inside the writer's transaction with the group's new (non-duplicate) frames, so what an
/// observer writes — state changes, notices — commits atomically with the frames that caused it,
/// before any 确认 goes out.
protocol IngestObserver: Sendable {
    func ingested(_ frames: [IngestStore.StoredFrame], in db: Database) throws
}

/// Folds each gateway's latest frames into `gateway_link` (``GatewayLinks``), inside the group
/// transaction, at most once per `interval` rather than with every group.
final class GatewayLinkRecorder: IngestObserver {
    let interval: Duration
    /// When the last fold ran (in a transaction that may since have rolled back: harmless, the
    /// next fold takes the tail from the mark).
    private let lastFold = Mutex<ContinuousClock.Instant?>(nil)

    init(interval: Duration = .seconds(1)) {
        self.interval = interval
    }

    func ingested(_ frames: [IngestStore.StoredFrame], in db: Database) throws {
        let now = ContinuousClock.now
        let due = lastFold.withLock { last in
            guard last.map({ now - $0 >= interval }) ?? true else { return false }
            last = now
            return true
        }
        if due { try GatewayLinks.fold(db) }
    }
}
