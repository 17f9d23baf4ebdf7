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
    /// A group could not be committed: hand what was read with it back to the transport,
    /// unacknowledged, so that it is delivered again. False if that was not possible here.
    func handBackUncommitted() -> Bool
}

/// Publishes replies with QoS 1 through the centre's MQTT client; libmosquitto queues them while
/// the broker is away and retries after reconnecting.
///
/// Each reply is handed to libmosquitto at once with a callback for its PUBACK (no task per
/// reply: at thousands of frames a second, a suspended task per 确认 cost more than the
/// publish). `drain()` waits until every reply handed over was acknowledged or failed.
final class MQTTReplyPublisher: ReplyPublisher {
    private struct Outstanding {
        var count = 0
        var drainers: [CheckedContinuation<Void, Never>] = []
    }

    private let client: MQTTClient
    private let logger: Logger
    private let outstanding = Mutex(Outstanding())
    /// Frame received → reply acknowledged by the broker, by command (made once, not per reply).
    private let confirmLatency = Timer(label: MetricsBuckets.reply, dimensions: [("command", "confirm")])
    private let denyLatency = Timer(label: MetricsBuckets.reply, dimensions: [("command", "deny")])

    init(client: MQTTClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    func publish(_ replies: [GatewayReply]) {
        guard !replies.isEmpty else { return }
        outstanding.withLock { $0.count += replies.count }
        for reply in replies {
            let timer = reply.command == .confirm ? confirmLatency : denyLatency
            let receivedAt = reply.receivedAt, topic = reply.topic, serial = reply.serial, logger = self.logger
            do {
                try client.publish(topic: topic, payload: reply.payload, qos: 1, retain: false) { [self] error in
                    if let error {
                        logger.warning("reply not published", metadata: [
                            "mqtt.topic": "\(topic)", "frame.serial": "\(serial)", "error": "\(error)",
                        ])
                    } else {
                        timer.recordSeconds(Date().timeIntervalSince(receivedAt))
                    }
                    finished(1)
                }
            } catch {
                logger.warning("reply not published", metadata: [
                    "mqtt.topic": "\(topic)", "frame.serial": "\(serial)", "error": "\(error)",
                ])
                finished(1)
            }
        }
    }

    private func finished(_ n: Int) {
        let drainers = outstanding.withLock { o -> [CheckedContinuation<Void, Never>] in
            o.count -= n
            guard o.count == 0 else { return [] }
            defer { o.drainers = [] }
            return o.drainers
        }
        for d in drainers { d.resume() }
    }

    /// Ends the MQTT connection before the read's PUBACKs leave (``MQTTClient/abandonConnection()``).
    func handBackUncommitted() -> Bool {
        client.abandonConnection()
    }

    func drain() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = outstanding.withLock { o -> Bool in
                if o.count == 0 { return true }
                o.drainers.append(c)
                return false
            }
            if now { c.resume() }
        }
    }
}
