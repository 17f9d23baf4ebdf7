import Foundation
import Logging
import MosquittoClient
import ServiceLifecycle
import Synchronization

/// Subscribes to every gateway's `up` topic (the connection itself belongs to
/// ``BrokerConnectionService``; received messages are classified and committed on the client's
/// network thread, see ``IngestArrival`` and ``IngestWriter``).
///
/// On graceful shutdown it stops taking new payloads, commits what was received, and waits for
/// the broker to acknowledge every 确认.
struct IngestService: Service {
    let client: MQTTClient
    let queue: IngestQueue
    let writer: IngestWriter
    let publisher: any ReplyPublisher
    let topics: GatewayTopics
    let notifier: SystemdNotifier
    let readiness: Readiness
    let logger: Logger

    func run() async throws {
        let queue = self.queue
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await client.waitUntilConnected()
                let granted = try await client.subscribe([topics.upFilter], qos: 1)
                guard granted.allSatisfy({ $0 == 1 }) else {
                    throw MQTTSubscriptionRefused(topic: topics.upFilter, granted: granted)
                }
                try await client.publish(topic: topics.centreStatus, payload: Array(#"{"state":"online"}"#.utf8), qos: 1, retain: true)
                readiness.markSubscribed()
                notifier.ready(status: "subscribed to \(topics.upFilter)")
                logger.info("ready", metadata: ["mqtt.topic": "\(topics.upFilter)"])
                await queue.waitUntilFinished()
            } onGracefulShutdown: {
                notifier.stopping()
                logger.info("shutting down: draining received frames")
                queue.finish()
            }
        } onCancel: {
            queue.finish()
        }
        queue.finish()
        await writer.drainRemaining()
        await publisher.drain()
        let refused = queue.refusedAfterFinish
        if refused > 0 {
            // Never acknowledged, so the gateways retransmit them.
            logger.notice("payloads left for gateways to retransmit after shutdown", metadata: ["count": "\(refused)"])
        }
        logger.info("ingest stopped", metadata: ["queue.depth": "\(queue.depth)"])
    }
}

struct MQTTSubscriptionRefused: Error, CustomStringConvertible {
    var topic: String
    var granted: [Int32]
    var description: String { "the broker refused the subscription to \(topic) (granted \(granted)); check the ACL" }
}

/// Ready = database migrated and subscription granted (`/readyz`, systemd READY=1).
final class Readiness: Sendable {
    private let subscribed = Atomic<Bool>(false)
    func markSubscribed() { subscribed.store(true, ordering: .releasing) }
    var isReady: Bool { subscribed.load(ordering: .acquiring) }
}
