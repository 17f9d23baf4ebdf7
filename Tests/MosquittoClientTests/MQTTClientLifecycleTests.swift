import Foundation
import MosquittoClient
import Testing

/// Behaviour that needs no broker: argument checks and the lifecycle guards.
@Suite("MQTTClient without a broker")
struct MQTTClientLifecycleTests {
    private func configuration(port: Int = 1883, tls: MQTTClientConfiguration.TLS? = nil) -> MQTTClientConfiguration {
        MQTTClientConfiguration(host: "127.0.0.1", port: port, clientId: "lifecycle-test", tls: tls)
    }

    @Test("invalid settings are rejected before anything is sent")
    func invalidSettings() throws {
        #expect(throws: MQTTError.self) { try MQTTClient(configuration: configuration(port: 0)) }
        #expect(throws: MQTTError.self) {
            try MQTTClient(configuration: MQTTClientConfiguration(host: "127.0.0.1", clientId: ""))
        }
        #expect(throws: MQTTError.self) {
            try MQTTClient(configuration: configuration(tls: .init(caFile: "/nonexistent/ca.pem")))
        }
        #expect(throws: MQTTError.self) {
            try MQTTClient(configuration: MQTTClientConfiguration(
                host: "127.0.0.1", clientId: "x", lastWill: .init(topic: "fw/status", payload: [], qos: 3)))
        }
    }

    @Test("publish and subscribe before start() fail; after shutdown() they fail with shutDown")
    func lifecycleGuards() async throws {
        let client = try MQTTClient(configuration: configuration())
        #expect(client.connectionState == .idle)
        await #expect(throws: MQTTError.notStarted) { try await client.publish(topic: "fw/x", payload: [1]) }
        await #expect(throws: MQTTError.notStarted) { try await client.subscribe(["fw/x"]) }
        await client.shutdown()
        #expect(client.connectionState == .shutDown)
        await #expect(throws: MQTTError.shutDown) { try await client.publish(topic: "fw/x", payload: [1]) }
        #expect(throws: MQTTError.shutDown) { try client.start() }
        // The message stream is finished, so a consumer loop ends.
        var count = 0
        for await _ in client.messages { count += 1 }
        #expect(count == 0)
    }

    @Test("error texts come from libmosquitto")
    func errorTexts() {
        #expect(MQTTError.library(4).description.contains("not currently connected"))
        #expect(MQTTError.connectionRefused(5).description.contains("not authorised") ||
                MQTTError.connectionRefused(5).description.contains("not authorized"))
        #expect(MQTTError.library(4).code == 4)
    }
}
