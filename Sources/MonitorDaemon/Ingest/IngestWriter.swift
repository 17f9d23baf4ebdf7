import Foundation
import GRDB
import Logging
import Metrics
import PanelProtocol
import Synchronization

/// The only writer of frames. Takes a group from the queue (classified on arrival, see
/// ``IngestArrival``), writes it in ONE transaction (frames, quarantine, observers' state), and
/// only after the commit hands the 确认/否认 of every frame in the group to the publisher:
/// acknowledge only what is committed.
///
/// It runs on the MQTT client's network thread, after each read (``processQueued()``, the
/// client's `afterReading`): what arrived during the previous commit is the next group, and the
/// group's 确认s leave in the same write as the PUBACKs of its frames — which therefore reach the
/// broker only once the frames are committed (a crash before that, and the broker delivers them
/// again). With a thread of its own, every group cost a hand-over to the writer and one back to
/// the network thread: two wake-ups and their context switches, ~15 % of the daemon's CPU per
/// frame at a steady few thousand frames a second (docs/benchmarks.md, ninth round).
final class IngestWriter: Sendable {
    let pool: DatabasePool
    let queue: IngestQueue
    let topics: GatewayTopics
    let observers: [any IngestObserver]
    let publisher: any ReplyPublisher
    let maxGroup: Int
    let logger: Logger
    /// Committed frames, for live views.
    let feed: ChangeFeed?
    /// Unix time of the last completed group, for the systemd watchdog's "is it moving" check.
    private let progress = Mutex<(lastGroupAt: ContinuousClock.Instant, groups: Int)>((.now, 0))

    private let commitLatency = Timer(label: MetricsBuckets.groupCommit)
    /// How long a group's oldest input waited for the writer (received → its group taken): with
    /// `firewatch_group_commit_seconds` and `firewatch_reply_seconds`, says where a slow 确认 waited.
    private let groupWait = Timer(label: MetricsBuckets.groupWait)
    /// Writes the groups (one for the writer's life: it holds the object JSON writer).
    private let store = IngestStore()
    /// One group at a time: the network thread, and the drain at shutdown after it.
    private let processing = Mutex(())
    /// Each gateway's last stored frame, for the next frame's `previousId` (``FrameChain``):
    /// loaded in the first group's transaction, advanced only after a commit.
    private let chainHeads = Mutex<[String: Int64]?>(nil)
    /// `firewatch_frames_total` by gateway and result, made once each: looking a metric up in
    /// the registry for every frame was a visible share of the writer's time.
    private let frameCounters = Mutex<(accepted: [String: Counter], duplicate: [String: Counter])>(([:], [:]))

    init(pool: DatabasePool, queue: IngestQueue, topics: GatewayTopics, observers: [any IngestObserver],
         publisher: any ReplyPublisher, maxGroup: Int, logger: Logger, feed: ChangeFeed? = nil) {
        self.pool = pool
        self.queue = queue
        self.topics = topics
        self.observers = observers
        self.publisher = publisher
        self.maxGroup = max(1, maxGroup)
        self.logger = logger
        self.feed = feed
    }

    /// Commits what is queued, group by group, until nothing is. Called on the network thread
    /// after each read; blocks it for the commits (the read's PUBACKs wait for them on purpose).
    func processQueued() {
        processing.withLock { _ in
            while true {
                let batch = queue.nextBatch(max: maxGroup)
                if batch.isEmpty { return }
                if process(batch) == .handedBack {
                    // The rest of the read goes back with it: the broker delivers it all again.
                    while !queue.nextBatch(max: maxGroup).isEmpty {}
                    return
                }
            }
        }
    }

    /// What became of a group.
    enum Outcome: Equatable {
        case committed
        /// Not committed; the transport will deliver it again (``ReplyPublisher/handBackUncommitted()``).
        case handedBack
        /// Not committed and not handed back: only the gateways' retransmission brings it again.
        case dropped
        /// Committed frame by frame after the group failed; what failed alone was quarantined.
        case committedOneByOne
    }

    private func logQuarantined(_ q: QuarantinedInput) {
        logger.warning("input quarantined", metadata: [
            "gateway.id": "\(q.gatewayId ?? "-")", "mqtt.topic": "\(q.topic)", "quarantine.reason": "\(q.reason)",
            "frame.serial": "\(q.header.map { String($0.serial) } ?? "-")", "frame.offset": "\(q.offset.map(String.init) ?? "-")",
            "error": "\(q.message)",
        ])
        Counter(label: "firewatch_rejections_total", dimensions: [("reason", q.reason.description)]).increment()
        Counter(label: "firewatch_frames_total", dimensions: [("gateway", q.gatewayId ?? "-"), ("result", "quarantined")]).increment()
    }

    /// A group failed while the database takes writes: each item in a transaction of its own, so
    /// that the others are stored and confirmed now. A frame that fails alone is kept in quarantine
    /// (`storageRejected`, with the database's error) and gets a 否认, rather than being lost to
    /// three retransmissions that would fail the same way; should even that fail, it is dropped.
    private func storeOneByOne(_ items: [IntakeItem]) {
        var replies: [GatewayReply] = []
        var stored: [IngestStore.StoredFrame] = []
        for item in items {
            do {
                stored += try commit([item])
                replies += self.replies(for: [item])
                continue
            } catch {
                guard case .accepted(let frame) = item else {
                    logger.error("quarantine row could not be stored; dropped", metadata: ["error": "\(error)"])
                    continue
                }
                let input = QuarantinedInput(
                    gatewayId: frame.gateway.gateway.id, topic: frame.topic, receivedAt: frame.receivedAt, form: frame.form,
                    reason: .storageRejected, message: "\(error)", offset: nil, header: frame.message.header,
                    bytes: frame.bytes, bytesTruncated: false)
                do {
                    _ = try commit([.quarantined(input)])
                    logQuarantined(input)
                    replies += self.replies(for: [.quarantined(input)])
                } catch {
                    logger.error("frame could neither be stored nor quarantined; dropped unacknowledged", metadata: [
                        "gateway.id": "\(frame.gateway.gateway.id)", "frame.serial": "\(frame.message.header.serial)", "error": "\(error)",
                    ])
                }
            }
        }
        acknowledge(stored, replies)
    }

    /// After a commit: the replies, the counters, and the watchdog's progress mark.
    private func acknowledge(_ stored: [IngestStore.StoredFrame], _ replies: [GatewayReply]) {
        publisher.publish(replies)
        count(stored)
        progress.withLock { $0 = (.now, $0.groups + 1) }
    }

    /// At shutdown, once the queue is finished: commits what is still queued, on a thread of its
    /// own (SQLite blocks), after any group the network thread is committing.
    func drainRemaining() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread { [self] in
                processQueued()
                done.resume()
            }
            thread.name = "firewatch-drain"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// When the last group committed, and how many so far.
    var lastProgress: (at: ContinuousClock.Instant, groups: Int) { progress.withLock { ($0.lastGroupAt, $0.groups) } }

    /// One group: log its quarantined input, commit, then reply. A failed commit is retried;
    /// while it fails nothing is acknowledged. When it still fails and the database takes no
    /// write at all (a full disk, an I/O error: ``IngestStore/probeWrite(in:)``), the group is
    /// handed back to the broker unacknowledged — the connection ends before the read's PUBACKs
    /// leave, and after the reconnect the broker delivers it again — rather than left to the
    /// gateways' GB/T retransmission, which gives up after three tries. When the database does
    /// take writes, something in the group cannot be stored, and handing it back would only bring
    /// it again and hold up every other gateway: the group is committed frame by frame
    /// (``storeOneByOne(_:)``).
    @discardableResult
    func process(_ batch: [ClassifiedPayload]) -> Outcome {
        let items = batch.flatMap(\.items)
        for case .quarantined(let q) in items { logQuarantined(q) }
        let start = ContinuousClock.now
        if let oldest = items.lazy.map(\.receivedAt).min() {
            groupWait.recordSeconds(max(0, Date().timeIntervalSince(oldest)))
        }
        var attempt = 0
        while true {
            do {
                let stored = try commit(items)
                commitLatency.recordNanoseconds(Int64((ContinuousClock.now - start).nanoseconds))
                acknowledge(stored, replies(for: items))
                return .committed
            } catch {
                attempt += 1
                logger.error("group commit failed; nothing in it is acknowledged", metadata: [
                    "group.size": "\(batch.count)", "attempt": "\(attempt)", "error": "\(error)",
                ])
                if attempt >= Self.commitAttempts {
                    let storageFails = (try? pool.write { db in try store.probeWrite(in: db) }) == nil
                    if storageFails, publisher.handBackUncommitted() {
                        logger.error("group handed back to the broker unacknowledged; it will be delivered again after the reconnect",
                                     metadata: ["group.size": "\(batch.count)"])
                        return .handedBack
                    }
                    if storageFails {
                        logger.error("group dropped unacknowledged; its gateways retransmit it", metadata: ["group.size": "\(batch.count)"])
                        return .dropped
                    }
                    storeOneByOne(items)
                    return .committedOneByOne
                }
                Thread.sleep(forTimeInterval: 0.1 * Double(attempt))
            }
        }
    }

    /// Tries per group before it is handed back (0.1 + 0.2 + 0.3 + 0.4 s of waiting between them).
    static let commitAttempts = 5

    /// Frames by gateway and result (`/metrics`), and a live-view hint per gateway.
    private func count(_ stored: [IngestStore.StoredFrame]) {
        var seen = Set<String>()
        var events: [ChangeEvent] = []
        frameCounters.withLock { counters in
            func counter(_ table: inout [String: Counter], _ gateway: String, _ result: String) -> Counter {
                if let c = table[gateway] { return c }
                let c = Counter(label: "firewatch_frames_total", dimensions: [("gateway", gateway), ("result", result)])
                table[gateway] = c
                return c
            }
            for f in stored {
                let gateway = f.frame.gateway.gateway.id
                if f.isDuplicate {
                    counter(&counters.duplicate, gateway, "duplicate").increment()
                } else {
                    counter(&counters.accepted, gateway, "accepted").increment()
                }
            }
        }
        for f in stored {
            let gateway = f.frame.gateway.gateway.id
            if !f.isDuplicate, seen.insert(gateway).inserted {
                events.append(ChangeEvent(kind: "frame", subject: gateway, building: f.frame.gateway.building.id))
            }
        }
        feed?.publish(events)
    }

    private func commit(_ items: [IntakeItem]) throws -> [IngestStore.StoredFrame] {
        let (stored, loaded, advanced) = try pool.write { db in
            // The heads are read in place, one gateway at a time: a copy of the table taken out
            // here would make the merge below copy all of it again, every group.
            let loaded = chainHeads.withLock { $0 == nil } ? try FrameChain.heads(db) : nil
            var advanced: [String: Int64] = [:]
            var stored: [IngestStore.StoredFrame] = []
            for item in items {
                switch item {
                case .accepted(let frame):
                    let gateway = frame.gateway.gateway.id
                    let previous = advanced[gateway] ?? loaded?[gateway] ?? chainHeads.withLock { $0?[gateway] }
                    let one = try store.store(frame, previousId: previous, in: db)
                    if !one.isDuplicate { advanced[gateway] = one.id }
                    stored.append(one)
                case .quarantined(let input): try store.quarantine(input, in: db)
                }
            }
            let fresh = stored.filter { !$0.isDuplicate }
            if !fresh.isEmpty {
                for observer in observers { try observer.ingested(fresh, in: db) }
            }
            return (stored, loaded, advanced)
        }
        chainHeads.withLock { heads in
            if heads == nil { heads = loaded }
            heads?.merge(advanced) { _, new in new }
        }
        return stored
    }

    private func replies(for items: [IntakeItem]) -> [GatewayReply] {
        items.compactMap { item in
            switch item {
            case .accepted(let frame): GatewayReply.forAccepted(frame, topics: topics)
            case .quarantined(let input): GatewayReply.forQuarantined(input, topics: topics)
            }
        }
    }
}

extension Duration {
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
