import Foundation
import GRDB
import Logging
import Metrics
import PanelProtocol
import Synchronization

/// The only writer of frames. Takes a group from the queue, decodes and classifies it, writes it
/// in ONE transaction (frames, quarantine, observers' state), and only after the commit hands
/// the 确认/否认 of every frame in the group to the publisher: acknowledge only what is committed.
final class IngestWriter: Sendable {
    let pool: DatabasePool
    let queue: IngestQueue
    let intake: FrameIntake
    let registry: RegistryStore
    let observers: [any IngestObserver]
    let publisher: any ReplyPublisher
    let maxGroup: Int
    let linger: Duration
    let logger: Logger
    /// Committed frames, for live views.
    let feed: ChangeFeed?
    /// Unix time of the last completed group, for the systemd watchdog's "is it moving" check.
    private let progress = Mutex<(lastGroupAt: ContinuousClock.Instant, groups: Int)>((.now, 0))

    private let commitLatency = Timer(label: "firewatch_group_commit_seconds")
    /// Writes the groups (one for the writer's life: it holds the object JSON writer).
    private let store = IngestStore()
    /// `firewatch_frames_total` by gateway and result, made once each: looking a metric up in
    /// the registry for every frame was a visible share of the writer's time.
    private let frameCounters = Mutex<(accepted: [String: Counter], duplicate: [String: Counter])>(([:], [:]))

    init(pool: DatabasePool, queue: IngestQueue, intake: FrameIntake, registry: RegistryStore,
         observers: [any IngestObserver], publisher: any ReplyPublisher, maxGroup: Int, linger: Duration, logger: Logger,
         feed: ChangeFeed? = nil) {
        self.pool = pool
        self.queue = queue
        self.intake = intake
        self.registry = registry
        self.observers = observers
        self.publisher = publisher
        self.maxGroup = max(1, maxGroup)
        self.linger = linger
        self.logger = logger
        self.feed = feed
    }

    /// Runs until the queue is finished and drained.
    func run() async {
        while true {
            let batch = await queue.nextBatch(max: maxGroup, linger: linger)
            if batch.isEmpty { break }
            await process(batch)
        }
    }

    /// When the last group committed, and how many so far.
    var lastProgress: (at: ContinuousClock.Instant, groups: Int) { progress.withLock { ($0.lastGroupAt, $0.groups) } }

    /// One group: classify, commit, then reply. A failed commit is retried; while it fails nothing
    /// is acknowledged (gateways retransmit), and the daemon keeps serving.
    func process(_ batch: [ReceivedPayload]) async {
        let registry = registry.current
        let items = batch.flatMap { intake.classify($0, registry: registry) }
        for case .quarantined(let q) in items {
            logger.warning("input quarantined", metadata: [
                "gateway.id": "\(q.gatewayId ?? "-")", "mqtt.topic": "\(q.topic)", "quarantine.reason": "\(q.reason)",
                "frame.serial": "\(q.header.map { String($0.serial) } ?? "-")", "frame.offset": "\(q.offset.map(String.init) ?? "-")",
                "error": "\(q.message)",
            ])
            Counter(label: "firewatch_rejections_total", dimensions: [("reason", q.reason.description)]).increment()
            Counter(label: "firewatch_frames_total", dimensions: [("gateway", q.gatewayId ?? "-"), ("result", "quarantined")]).increment()
        }
        let start = ContinuousClock.now
        var attempt = 0
        while true {
            do {
                let stored = try await commit(items)
                commitLatency.recordNanoseconds(Int64((ContinuousClock.now - start).nanoseconds))
                publisher.publish(replies(for: items))
                count(stored)
                progress.withLock { $0 = (.now, $0.groups + 1) }
                return
            } catch {
                attempt += 1
                logger.error("group commit failed; nothing in it is acknowledged", metadata: [
                    "group.size": "\(batch.count)", "attempt": "\(attempt)", "error": "\(error)",
                ])
                if attempt >= 5 { return }  // gateways retransmit unacknowledged frames
                try? await Task.sleep(for: .milliseconds(100 * attempt))
            }
        }
    }

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

    private func commit(_ items: [IntakeItem]) async throws -> [IngestStore.StoredFrame] {
        let observers = self.observers, store = self.store
        return try await pool.write { db in
            var stored: [IngestStore.StoredFrame] = []
            for item in items {
                switch item {
                case .accepted(let frame): stored.append(try store.store(frame, in: db))
                case .quarantined(let input): try store.quarantine(input, in: db)
                }
            }
            let fresh = stored.filter { !$0.isDuplicate }
            if !fresh.isEmpty {
                for observer in observers { try observer.ingested(fresh, in: db) }
            }
            return stored
        }
    }

    private func replies(for items: [IntakeItem]) -> [GatewayReply] {
        items.compactMap { item in
            switch item {
            case .accepted(let frame): GatewayReply.forAccepted(frame, topics: intake.topics)
            case .quarantined(let input): GatewayReply.forQuarantined(input, topics: intake.topics)
            }
        }
    }
}

extension Duration {
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
