import Alerting
import Foundation
import GRDB
import Logging
import Metrics
import MosquittoClient
import ServiceLifecycle
import Synchronization

/// Delivers what the alerting core committed: notices to `{prefix}/notices/{party}/{recipient}`
/// and centre commands to `{prefix}/gateways/{id}/down`, with QoS 1, each marked delivered only
/// after the broker acknowledged it.
///
/// The outbox is the database (`notice.deliveredAt IS NULL`, `gateway_command.sentAt IS NULL`),
/// so a crash or a broker outage loses nothing: after a restart the dispatcher sends what was
/// committed and not yet acknowledged (at least once: a consumer may see a notice id twice
/// after a crash, never a notice missing). Fire notices go first, whatever else is waiting.
struct NoticeDispatcher: Service {
    let pool: DatabasePool
    let client: MQTTClient
    let wake: WakeSignal
    let clock: any AlertingClock
    let logger: Logger
    /// Most messages read from the outbox at once.
    var batchSize = 256
    /// Non-fire messages go out this many at a time; between two chunks the dispatcher looks
    /// again if anything was committed meanwhile, so a new fire notice never waits behind more
    /// than one chunk of other work.
    var chunkSize = 32

    /// One message of the outbox.
    struct Pending: Sendable {
        enum Source: Sendable, Hashable {
            case notice(seq: Int64)
            case command(id: Int64)
        }

        var source: Source
        var topic: String
        var payload: [UInt8]
        var label: String
        /// A fire notice: sent, and acknowledged, before anything else of its batch.
        var urgent = false
        /// For the delivered counter: party and kind of a notice.
        var dimensions: [(String, String)] = []
    }

    func run() async throws {
        let stopping = Atomic<Bool>(false)
        await withGracefulShutdownHandler {
            await deliverUntilStopped(stopping)
        } onGracefulShutdown: {
            stopping.store(true, ordering: .releasing)
            wake.signal()
        }
    }

    /// Sends whatever is pending, then waits to be woken. On shutdown it empties the outbox if
    /// the broker lets it (bounded by the group's shutdown time), then returns.
    private func deliverUntilStopped(_ stopping: borrowing Atomic<Bool>) async {
        var failures = 0
        while !Task.isCancelled {
            let pending: [Pending]
            do {
                pending = try await pool.read { db in try Self.pending(db, limit: batchSize) }
            } catch {
                logger.error("cannot read the notice outbox", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            if pending.isEmpty {
                if stopping.load(ordering: .acquiring) { return }
                await wake.wait(until: nil)
                continue
            }
            // Fire notices first, and acknowledged before the rest starts: the broker receives no
            // later-created fault notice ahead of them.
            var attempted = pending.filter(\.urgent)
            var delivered = attempted.isEmpty ? [] : await publish(attempted)
            let rest = pending.filter { !$0.urgent }
            for start in stride(from: 0, to: rest.count, by: chunkSize) {
                if !attempted.isEmpty, wake.hasPending { break }  // a commit since the read: fires first again
                let chunk = Array(rest[start..<min(start + chunkSize, rest.count)])
                delivered.formUnion(await publish(chunk))
                attempted += chunk
            }
            do {
                try await markDelivered(delivered, of: attempted)
            } catch {
                logger.error("cannot record deliveries; they will be sent again", metadata: ["error": "\(error)"])
            }
            if delivered.count < attempted.count {
                failures += 1
                try? await Task.sleep(for: .milliseconds(min(30_000, 250 << min(failures, 7))))
            } else {
                failures = 0
            }
        }
    }

    /// Publishes all at once; returns those the broker acknowledged.
    private func publish(_ pending: [Pending]) async -> Set<Pending.Source> {
        let client = self.client, logger = self.logger
        return await withTaskGroup(of: Pending.Source?.self) { group in
            for message in pending {
                group.addTask {
                    do {
                        try await client.publish(topic: message.topic, payload: message.payload, qos: 1, retain: false)
                        return message.source
                    } catch {
                        logger.warning("delivery failed; will retry", metadata: [
                            "mqtt.topic": "\(message.topic)", "outbox.item": "\(message.label)", "error": "\(error)",
                        ])
                        return nil
                    }
                }
            }
            var done = Set<Pending.Source>()
            for await source in group { if let source { done.insert(source) } }
            return done
        }
    }

    private func markDelivered(_ delivered: Set<Pending.Source>, of pending: [Pending]) async throws {
        let now = clock.now().milliseconds
        try await pool.write { db in
            for message in pending {
                let ok = delivered.contains(message.source)
                switch message.source {
                case .notice(let seq):
                    try db.execute(sql: """
                        UPDATE notice SET attempts = attempts + 1, deliveredAt = CASE WHEN ? THEN ? ELSE deliveredAt END WHERE seq = ?
                        """, arguments: [ok, now, seq])
                case .command(let id):
                    if ok { try db.execute(sql: "UPDATE gateway_command SET sentAt = ? WHERE id = ?", arguments: [now, id]) }
                }
            }
        }
        for message in pending where delivered.contains(message.source) {
            if case .notice = message.source {
                Counter(label: "firewatch_notices_total", dimensions: message.dimensions + [("state", "delivered")]).increment()
            }
        }
    }

    /// The outbox in delivery order: fire notices, then centre commands, then other notices,
    /// each oldest first.
    static func pending(_ db: Database, limit: Int) throws -> [Pending] {
        let fire = try Row.fetchAll(db, sql: """
            SELECT seq, id, topic, document, party, kind FROM notice WHERE deliveredAt IS NULL AND severity = 'critical' ORDER BY seq LIMIT ?
            """, arguments: [limit])
        let others = try Row.fetchAll(db, sql: """
            SELECT seq, id, topic, document, party, kind FROM notice WHERE deliveredAt IS NULL AND severity <> 'critical' ORDER BY seq LIMIT ?
            """, arguments: [limit])
        let commands = try Row.fetchAll(db, sql: """
            SELECT id, topic, payload, kind, gateway FROM gateway_command WHERE sentAt IS NULL ORDER BY id LIMIT ?
            """, arguments: [limit])
        func notice(_ row: Row, urgent: Bool) -> Pending {
            let document: String = row["document"]
            return Pending(source: .notice(seq: row["seq"]), topic: row["topic"], payload: Array(document.utf8), label: row["id"],
                           urgent: urgent, dimensions: [("party", row["party"]), ("kind", row["kind"])])
        }
        let frames = commands.map { row in
            let payload: Data = row["payload"]
            return Pending(source: .command(id: row["id"]), topic: row["topic"], payload: Array(payload),
                           label: "\(row["kind"] as String) to \(row["gateway"] as String)")
        }
        return Array((fire.map { notice($0, urgent: true) } + frames + others.map { notice($0, urgent: false) }).prefix(limit))
    }
}
