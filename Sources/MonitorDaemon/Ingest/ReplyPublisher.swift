import Foundation
import Logging
import Metrics
import MosquittoClient
import PanelProtocol
import Synchronization

/// Sends 确认/否认 replies after their group committed, without holding up the next group.
protocol ReplyPublisher: Sendable {
    func publish(_ replies: [GatewayReply])
    /// Waits until every reply handed over so far was acknowledged by the broker (or failed).
    func drain() async
}

/// Publishes replies with QoS 1 through the centre's MQTT client; libmosquitto queues them while
/// the broker is away and retries after reconnecting.
final class MQTTReplyPublisher: ReplyPublisher {
    private let client: MQTTClient
    private let logger: Logger
    private let outstanding = Mutex<[Int: Task<Void, Never>]>([:])
    private let nextKey = Mutex(0)
    /// Keys of tasks that finished before they were recorded in `outstanding`.
    private let done = Mutex<Set<Int>>([])
    /// Frame received → reply acknowledged by the broker, by command (made once, not per reply).
    private let confirmLatency = Timer(label: "firewatch_reply_seconds", dimensions: [("command", "confirm")])
    private let denyLatency = Timer(label: "firewatch_reply_seconds", dimensions: [("command", "deny")])

    private func finished(_ key: Int) {
        let removed = outstanding.withLock { $0.removeValue(forKey: key) }
        if removed == nil { _ = done.withLock { $0.insert(key) } }
    }

    init(client: MQTTClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    func publish(_ replies: [GatewayReply]) {
        guard !replies.isEmpty else { return }
        let key = nextKey.withLock { k in defer { k += 1 }; return k }
        let client = self.client, logger = self.logger
        let confirmLatency = self.confirmLatency, denyLatency = self.denyLatency
        let task = Task { [self] in
            await withTaskGroup(of: Void.self) { group in
                for reply in replies {
                    group.addTask {
                        do {
                            try await client.publish(topic: reply.topic, payload: reply.payload, qos: 1, retain: false)
                            (reply.command == .confirm ? confirmLatency : denyLatency)
                                .recordSeconds(Date().timeIntervalSince(reply.receivedAt))
                        } catch {
                            logger.warning("reply not published", metadata: [
                                "mqtt.topic": "\(reply.topic)", "frame.serial": "\(reply.serial)", "error": "\(error)",
                            ])
                        }
                    }
                }
            }
            self.finished(key)
        }
        outstanding.withLock { d in
            // The task may have finished before it could be recorded.
            if self.done.withLock({ $0.remove(key) }) == nil { d[key] = task }
        }
    }

    func drain() async {
        while true {
            let tasks = outstanding.withLock { d in defer { d.removeAll() }; return Array(d.values) }
            if tasks.isEmpty { return }
            for t in tasks { await t.value }
        }
    }
}
