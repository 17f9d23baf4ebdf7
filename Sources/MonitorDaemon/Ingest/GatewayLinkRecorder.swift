import Foundation
import GRDB
import Synchronization

/// Folds each gateway's latest frames into `gateway_link` (``GatewayLinks``), inside the group
/// transactions: each gateway about `interval` after its first unfolded frame, at most
/// `maxFoldsPerGroup` gateways in one group, rather than with every group.
///
/// It keeps what the committed frames add to each gateway (count, latest receive time, last
/// frame) and folds that: one upsert per gateway with bound values. Two earlier forms held the
/// one thread that reads and commits for milliseconds once a second, and the frames arriving
/// meanwhile waited that long for their 确认: a `GROUP BY` over a second of frames (8–12 ms,
/// ninth round), then every gateway's upsert in the same group (~3 ms for 1,000 gateways, about
/// a third of the commits over 1.5 ms at 11,000 frames/s: twelfth round, docs/benchmarks.md).
/// Spread out, a group carries a gateway or two. The table path (``GatewayLinks/fold(_:)``) stays
/// for the first fold after a start, when frames of an earlier run may sit after the mark.
final class GatewayLinkRecorder: IngestObserver {
    let interval: Duration
    let maxFoldsPerGroup: Int

    /// A gateway's committed frames since its last fold.
    private struct Unfolded {
        var delta = GatewayLinks.Delta()
        /// Its first unfolded frame: the mark may not pass it.
        var firstFrameId: Int64
    }

    private struct State {
        /// What each gateway's committed, unfolded frames add; nil until a fold from the table
        /// made it known.
        var unfolded: [String: Unfolded]?
        /// The gateways in `unfolded`, by their first unfolded frame — which is also the order
        /// of `since`, when that frame was recorded (the gateway is due `interval` later). The
        /// entries before `head` are folded.
        var order: [(gateway: String, since: ContinuousClock.Instant)] = []
        var head = 0
        /// When the mark last moved. It moves at most once per interval (its row's page stays
        /// out of most groups); a mark that lags only lengthens the readers' scan.
        var markMovedAt: ContinuousClock.Instant?
        /// The highest frame id recorded: the mark when nothing is unfolded.
        var lastFrameId: Int64 = 0
    }

    /// What one group folds, decided in its transaction and kept only if it commits.
    private struct Plan {
        var folds: [(gateway: String, delta: GatewayLinks.Delta)] = []
        /// How many of `order`'s waiting entries the folds take.
        var foldedWaiting = 0
        var mark: Int64?
    }

    private let state = Mutex(State())

    init(interval: Duration = .seconds(1), maxFoldsPerGroup: Int = 32) {
        self.interval = interval
        self.maxFoldsPerGroup = max(1, maxFoldsPerGroup)
    }

    func ingested(_ frames: [IngestStore.StoredFrame], in db: Database) throws {
        try record(frames.map { ($0.frame.gateway.gateway.id, $0.id, $0.frame.receivedAt) }, at: .now, in: db)
    }

    /// `frames`: the group's new frames (gateway, row id, receive time), in id order.
    func record(_ frames: [(gateway: String, id: Int64, receivedAt: Date)], at now: ContinuousClock.Instant,
                in db: Database) throws {
        // The group's frames by gateway, and its gateways in order of their first frame here.
        var group: [String: Unfolded] = [:]
        var groupOrder: [String] = []
        for frame in frames {
            if group[frame.gateway] == nil {
                group[frame.gateway] = Unfolded(firstFrameId: frame.id)
                groupOrder.append(frame.gateway)
            }
            group[frame.gateway]!.delta.add(id: frame.id, receivedAt: frame.receivedAt)
        }
        let groupLastId = frames.last?.id ?? 0
        guard let plan = state.withLock({ plan($0, group: group, groupOrder: groupOrder, groupLastId: groupLastId, now: now) }) else {
            // First group after a start: everything after the mark, this group included, from the table.
            try GatewayLinks.fold(db)
            db.afterNextTransaction { [self] _ in
                state.withLock { s in
                    s.unfolded = [:]
                    s.markMovedAt = now
                    s.lastFrameId = max(s.lastFrameId, groupLastId)
                }
            }
            return
        }
        if !plan.folds.isEmpty {
            try GatewayLinks.fold(db, plan.folds.lazy.map { (key: $0.gateway, value: $0.delta) }, mark: plan.mark)
        }
        // Only what commits counts; after a rollback the next group records (and folds) again.
        db.afterNextTransaction { [self, group, groupOrder] _ in
            state.withLock { s in apply(plan, group: group, groupOrder: groupOrder, groupLastId: groupLastId, now: now, to: &s) }
        }
    }

    /// The waiting gateways that are due, longest-waiting first, and where the mark may move.
    /// The group's new gateways join the line (``apply``). Reads the state only.
    private func plan(_ s: State, group: [String: Unfolded], groupOrder: [String], groupLastId: Int64,
                      now: ContinuousClock.Instant) -> Plan? {
        guard let unfolded = s.unfolded else { return nil }
        var plan = Plan()
        var next = s.head
        while plan.folds.count < maxFoldsPerGroup, next < s.order.count, now - s.order[next].since >= interval {
            let gateway = s.order[next].gateway
            var delta = unfolded[gateway]!.delta
            if let more = group[gateway] { delta = delta.merged(more.delta) }
            plan.folds.append((gateway, delta))
            next += 1
        }
        plan.foldedWaiting = next - s.head
        if !plan.folds.isEmpty, s.markMovedAt.map({ now - $0 >= interval }) ?? true {
            // Just before the first frame still unfolded: the line's head, else the group's first
            // gateway that was not waiting.
            let firstUnfolded = next < s.order.count ? unfolded[s.order[next].gateway]!.firstFrameId
                : groupOrder.first { unfolded[$0] == nil }.map { group[$0]!.firstFrameId }
            plan.mark = firstUnfolded.map { $0 - 1 } ?? max(s.lastFrameId, groupLastId)
        }
        return plan
    }

    /// After the group committed: the folded gateways leave the line, the group's frames join it.
    private func apply(_ plan: Plan, group: [String: Unfolded], groupOrder: [String], groupLastId: Int64,
                       now: ContinuousClock.Instant, to s: inout State) {
        let folded = Set(plan.folds.map(\.gateway))
        for (gateway, _) in s.order[s.head ..< s.head + plan.foldedWaiting] { s.unfolded?[gateway] = nil }
        s.head += plan.foldedWaiting
        for gateway in groupOrder where !folded.contains(gateway) {
            let more = group[gateway]!
            if let known = s.unfolded?[gateway] {
                s.unfolded?[gateway]?.delta = known.delta.merged(more.delta)
            } else {
                s.unfolded?[gateway] = more
                s.order.append((gateway, now))
            }
        }
        if s.head > 1024, s.head * 2 > s.order.count {
            s.order.removeFirst(s.head)
            s.head = 0
        }
        if plan.mark != nil { s.markMovedAt = now }
        s.lastFrameId = max(s.lastFrameId, groupLastId)
    }
}
