import Foundation
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
///
/// It keeps what the frames committed since the last fold add to each gateway (count, latest
/// receive time, last frame) and folds that: one upsert per gateway with bound values. Folding
/// from the frame table instead (``GatewayLinks/fold(_:)``: a `GROUP BY` over a second of frames)
/// held the one thread that reads and commits for 8–12 ms every second, and the frames arriving
/// meanwhile waited that long for their 确认 — about 1 % of them, right at the p99
/// (docs/benchmarks.md, ninth round). The table path stays for the first fold after a start,
/// when frames of an earlier run may sit after the mark.
final class GatewayLinkRecorder: IngestObserver {
    let interval: Duration

    private struct State {
        /// When the last fold committed.
        var lastFold: ContinuousClock.Instant?
        /// What the frames committed since the last fold add, by gateway; nil until a fold from
        /// the table made it known.
        var pending: [String: GatewayLinks.Delta]?
    }

    private let state = Mutex(State())

    init(interval: Duration = .seconds(1)) {
        self.interval = interval
    }

    func ingested(_ frames: [IngestStore.StoredFrame], in db: Database) throws {
        try record(frames.map { ($0.frame.gateway.gateway.id, $0.id, $0.frame.receivedAt) }, at: .now, in: db)
    }

    /// `frames`: the group's new frames (gateway, row id, receive time), in id order.
    func record(_ frames: [(gateway: String, id: Int64, receivedAt: Date)], at now: ContinuousClock.Instant,
                in db: Database) throws {
        var group: [String: GatewayLinks.Delta] = [:]
        for frame in frames {
            group[frame.gateway, default: GatewayLinks.Delta()].add(id: frame.id, receivedAt: frame.receivedAt)
        }
        let (due, pending) = state.withLock { s in (s.lastFold.map { now - $0 >= interval } ?? true, s.pending) }
        if due {
            if let pending {
                try GatewayLinks.fold(db, pending.merging(group) { $0.merged($1) })
            } else {
                try GatewayLinks.fold(db)
            }
        }
        // Only what commits counts; after a rollback the next group folds (or adds) again.
        let committed = group
        db.afterNextTransaction { [self] _ in
            state.withLock { s in
                if due {
                    s.lastFold = now
                    s.pending = [:]
                } else {
                    s.pending?.merge(committed) { $0.merged($1) }
                }
            }
        }
    }
}
