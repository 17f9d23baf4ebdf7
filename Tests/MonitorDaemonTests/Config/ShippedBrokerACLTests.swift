import BrokerHarness
import Foundation
import MosquittoClient
import Testing

/// `config/mosquitto.acl.example` on a real mosquitto with password authentication, as the
/// example broker config uses it: each gateway publishes only to its own `up` topic and reads
/// only its own `down` topic; the centre reads every `up` and writes every `down`.
@Suite("Shipped broker ACL", .timeLimit(.minutes(1)))
struct ShippedBrokerACLTests {
    static let passwords = ["centre": "centre-pw", "gw-0001": "gw1-pw", "gw-0002": "gw2-pw"]

    /// Runs `body` against a broker with the shipped ACL file and a password file for
    /// ``passwords`` (in a folder of its own, removed afterwards).
    private static func withBroker(_ body: (TestBroker) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("firewatch-acl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let passwordFile = folder.appendingPathComponent("passwd").path
        for (index, (user, password)) in passwords.sorted(by: { $0.key < $1.key }).enumerated() {
            try TestBroker.runTool("mosquitto_passwd", (index == 0 ? ["-c", "-b"] : ["-b"]) + [passwordFile, user, password])
        }
        let acl = repositoryRoot().appendingPathComponent("config/mosquitto.acl.example").path
        try await body(try TestBroker.started(extraConfiguration: [
            "allow_anonymous false", "password_file \(passwordFile)", "acl_file \(acl)",
        ]))
    }

    /// A client that logs in as `user` and collects what it receives.
    private final class Client: Sendable {
        let mqtt: MQTTClient
        let received = Locked<[String]>([])

        init(_ broker: TestBroker, user: String, password: String) throws {
            let received = self.received
            mqtt = try MQTTClient(
                configuration: MQTTClientConfiguration(
                    host: broker.host, port: Int(broker.port), clientId: "acl-\(user)-\(UUID().uuidString.prefix(6))",
                    cleanSession: true, keepAlive: .seconds(10), username: user, password: password,
                    reconnectDelayMin: .seconds(1), reconnectDelayMax: .seconds(2)),
                messageHandler: { m in received.withLock { $0.append("\(m.topic) \(String(decoding: m.payload, as: UTF8.self))") } })
        }

        /// Waits (at most 5 s) until `last` arrived, and returns everything received up to it.
        func received(upTo last: String) async throws -> [String] {
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline {
                let seen = received.withLock { $0 }
                if let end = seen.firstIndex(of: last) { return Array(seen[...end]) }
                try await Task.sleep(for: .milliseconds(20))
            }
            return received.withLock { $0 }
        }

        func connect() async throws {
            try mqtt.start()
            try await mqtt.waitUntilConnected()
        }
    }

    @Test("gateways publish only to their own up topic and read only their own down topic")
    func gatewaysAreConfinedToTheirTopics() async throws {
        try await Self.withBroker { broker in
            let centre = try Client(broker, user: "centre", password: Self.passwords["centre"]!)
            let gw1 = try Client(broker, user: "gw-0001", password: Self.passwords["gw-0001"]!)
            for client in [centre, gw1] { try await client.connect() }
            _ = try await centre.mqtt.subscribe(["firewatch/v1/gateways/+/up"])
            // A wildcard a gateway may ask for; the broker filters each message by the ACL.
            _ = try await gw1.mqtt.subscribe(["firewatch/v1/gateways/+/down"])

            // Up: its own topic arrives, the other gateway's is dropped by the broker (MQTT 3.1.1
            // has no negative PUBACK); the last message is a marker that bounds the wait.
            for (topic, text) in [("gw-0001", "own"), ("gw-0002", "forged"), ("gw-0001", "end")] {
                try await gw1.mqtt.publish(topic: "firewatch/v1/gateways/\(topic)/up", payload: Array(text.utf8))
            }
            #expect(try await centre.received(upTo: "firewatch/v1/gateways/gw-0001/up end")
                    == ["firewatch/v1/gateways/gw-0001/up own", "firewatch/v1/gateways/gw-0001/up end"])

            // Down: the centre writes to both gateways; gw-0001 reads only its own.
            for (topic, text) in [("gw-0002", "not yours"), ("gw-0001", "yours")] {
                try await centre.mqtt.publish(topic: "firewatch/v1/gateways/\(topic)/down", payload: Array(text.utf8))
            }
            #expect(try await gw1.received(upTo: "firewatch/v1/gateways/gw-0001/down yours") == ["firewatch/v1/gateways/gw-0001/down yours"])

            // A gateway cannot pose as the centre on the down topics either.
            let gw2 = try Client(broker, user: "gw-0002", password: Self.passwords["gw-0002"]!)
            try await gw2.connect()
            _ = try await gw2.mqtt.subscribe(["firewatch/v1/gateways/gw-0002/down"])
            try await gw1.mqtt.publish(topic: "firewatch/v1/gateways/gw-0002/down", payload: Array("forged".utf8))
            try await centre.mqtt.publish(topic: "firewatch/v1/gateways/gw-0002/down", payload: Array("real".utf8))
            #expect(try await gw2.received(upTo: "firewatch/v1/gateways/gw-0002/down real") == ["firewatch/v1/gateways/gw-0002/down real"])
            for client in [centre, gw1, gw2] { await client.mqtt.shutdown() }
        }
    }

    @Test("a wrong password is refused at every attempt; the client keeps trying and shuts down cleanly")
    func wrongPasswordIsRefused() async throws {
        try await Self.withBroker { broker in
            let client = try Client(broker, user: "centre", password: "wrong")
            let events = client.mqtt.connectionEvents()
            try client.mqtt.start()
            // Bounded by the suite's time limit.
            var refusals: [MQTTError] = []
            for await event in events {
                if case .connected = event { break }
                if case .connectFailed(let error) = event {
                    refusals.append(error)
                    if refusals.count == 2 { break }
                }
            }
            #expect(refusals.count == 2, "\(refusals)")
            // CONNACK 5: not authorized.
            #expect(refusals.allSatisfy { $0 == .connectionRefused(5) }, "\(refusals)")
            #expect(client.mqtt.connectionState != .connected)
            await client.mqtt.shutdown()
        }
    }
}
