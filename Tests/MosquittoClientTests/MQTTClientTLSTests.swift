import BrokerHarness
import Foundation
import MosquittoClient
import Testing

/// TLS against a real mosquitto with a throw-away CA: server certificate checked against the
/// CA file, client certificate required by the broker.
@Suite("MQTTClient over TLS against a real mosquitto")
struct MQTTClientTLSTests {
    /// A TLS broker, its client settings, and the folder of the certificates (the caller
    /// removes it).
    private static func broker() throws -> (TestBroker, MQTTClientConfiguration.TLS, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("firewatch-tls-\(UUID().uuidString)")
        let certificates = try TestCertificates.make(in: directory)
        let broker = try TestBroker.started(extraConfiguration: certificates.brokerConfiguration)
        let tls = MQTTClientConfiguration.TLS(
            caFile: certificates.caFile, certificateFile: certificates.clientCertificateFile,
            keyFile: certificates.clientKeyFile)
        return (broker, tls, directory)
    }

    @Test("a broker killed and restarted under TLS is reconnected to, and messages flow again")
    func reconnectsAfterBrokerCrash() async throws {
        let (broker, tls, directory) = try Self.broker()
        defer { try? FileManager.default.removeItem(at: directory) }
        let subscriber = try makeClient(broker, tls: tls)
        let publisher = try makeClient(broker, tls: tls)
        let subscriberEvents = subscriber.connectionEvents()
        try await connect(subscriber)
        try await connect(publisher)
        try await withTimeout(5, "subscribe") { try await subscriber.subscribe(["fw/tls"]) }
        try await withTimeout(5, "publish") { try await publisher.publish(topic: "fw/tls", payload: bytes("before")) }
        #expect(try await receive(1, from: subscriber).map(\.payload) == [bytes("before")])

        // SIGKILL: the TLS session ends without a close_notify. libmosquitto's own network loop
        // (`mosquitto_loop_forever`) treats the "unexpected eof" OpenSSL reports then as fatal
        // and returns for good: such a client never reconnects.
        broker.kill()
        _ = try await events(subscriberEvents, until: "disconnected", within: 5) { $0.isFailure }
        try broker.start()
        _ = try await events(subscriberEvents, until: "connected again", within: 10) { $0.isConnected }
        // The crash lost the broker's copy of the subscription: wait for the renewed one.
        try await withTimeout(5, "subscription renewed") { try await subscriber.subscribe(["fw/tls"]) }
        try await withTimeout(10, "publish after the restart") {
            try await publisher.publish(topic: "fw/tls", payload: bytes("after"))
        }
        let after = try await withTimeout(10, "the message published after the restart") {
            for await message in subscriber.messages where message.payload == bytes("after") { return true }
            return false
        }
        #expect(after)
        try await shutDown(publisher, subscriber)
    }

    @Test("a server certificate from another CA is refused again and again, and shutdown is clean")
    func wrongAuthorityIsRefused() async throws {
        let (broker, _, directory) = try Self.broker()
        defer { try? FileManager.default.removeItem(at: directory) }
        let other = try TestCertificates.make(in: directory.appendingPathComponent("other"))
        let client = try makeClient(broker, tls: .init(
            caFile: other.caFile, certificateFile: other.clientCertificateFile, keyFile: other.clientKeyFile))
        let stream = client.connectionEvents()
        try client.start()
        let failures = Counter()
        let seen = try await events(stream, until: "a second failed attempt", within: 10) { event in
            event.isFailure && failures.incremented() == 2
        }
        #expect(!seen.contains { $0.isConnected })
        #expect(client.connectionState != .connected)
        try await shutDown(client)
        #expect(client.connectionState == .shutDown)
    }
}
