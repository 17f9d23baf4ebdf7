import Logging
import Metrics
import MosquittoClient
import ServiceLifecycle

/// Owns the centre's MQTT connection: starts it first and shuts it down last, so that ingest can
/// drain its 确认s and the dispatcher its notices before the connection goes.
///
/// It also watches the connection: when it comes back after a loss, the alerting core is told
/// that the centre resumed listening, so the silence is not blamed on the gateways.
struct BrokerConnectionService: Service {
    let client: MQTTClient
    let topics: GatewayTopics
    let runner: AlertingRunner
    let logger: Logger

    func run() async throws {
        let events = client.connectionEvents()
        try client.start()
        await withGracefulShutdownHandler {
            await watch(events)
        } onGracefulShutdown: {
            // Ends `watch`: the event stream finishes once the client shuts down, below.
        }
        try? await client.publish(topic: topics.centreStatus, payload: Array(#"{"state":"offline"}"#.utf8), qos: 1, retain: true)
        await client.shutdown()
        logger.info("broker connection closed")
    }

    private func watch(_ events: AsyncStream<MQTTConnectionEvent>) async {
        var lost = false
        let connected = Gauge(label: "firewatch_broker_connected")
        for await event in events.cancelOnGracefulShutdown() {
            if case .connected = event { connected.record(1) } else { connected.record(0) }
            switch event {
            case .disconnected:
                if !lost { logger.warning("broker connection lost; reconnecting") }
                lost = true
            case .connected:
                guard lost else { continue }
                lost = false
                logger.notice("broker connection restored")
                do {
                    try await client.publish(topic: topics.centreStatus, payload: Array(#"{"state":"online"}"#.utf8), qos: 1, retain: true)
                    try await runner.centreResumed()
                } catch {
                    logger.error("could not record that the centre resumed", metadata: ["error": "\(error)"])
                }
            default:
                continue
            }
        }
    }
}
