import Foundation
public import Logging
public import MosquittoClient

/// The simulated gateways `g` with `g % stride == index`, sharing one MQTT connection: a few
/// connections carry the whole fleet, as one per gateway would measure the broker's connection
/// handling rather than the daemon. Gateway `global(local)` is this shard's gateway `local`.
public final class GatewayShard: Sendable {
    public let index: Int
    public let stride: Int
    /// How many gateways the shard carries (local numbers `0..<count`).
    public let count: Int
    public let client: MQTTClient
    /// The topic prefixes its gateways publish under: the fleet's, then the `extraPrefixes` (a
    /// benchmark that keeps several responders running side by side gives each its own).
    public let prefixes: [String]
    /// The up topic of each local gateway under each prefix: `topicsUp[prefix][local]`.
    public let topicsUp: [[String]]

    /// Shard `index` of `options.connections`; the client id is `clientIdPrefix-PID-index`. With a
    /// `messageHandler`, replies are handed to it on the client's network thread (see
    /// `MQTTClient.init(configuration:logger:messageHandler:)`) instead of through `client.messages`:
    /// a load generator that spends less CPU per frame leaves more of the machine to what it measures.
    public init(index: Int, options: FleetOptions, clientIdPrefix: String, logger: Logger, extraPrefixes: [String] = [],
                messageHandler: (@Sendable (MQTTMessage) -> Void)? = nil) throws {
        let stride = options.connections
        let count = (options.gateways - index + stride - 1) / stride
        self.index = index
        self.stride = stride
        self.count = count
        let prefixes = [options.prefix] + extraPrefixes
        self.prefixes = prefixes
        topicsUp = prefixes.map { prefix in
            (0..<count).map { "\(prefix)/gateways/\(SimulatedGateway.id($0 * stride + index))/up" }
        }
        let configuration = MQTTClientConfiguration(
            host: options.host, port: options.port, clientId: "\(clientIdPrefix)-\(getpid())-\(index)", cleanSession: true)
        client = try messageHandler.map { try MQTTClient(configuration: configuration, logger: logger, messageHandler: $0) }
            ?? MQTTClient(configuration: configuration, logger: logger)
    }

    public func global(_ local: Int) -> Int { local * stride + index }

    /// Connects and subscribes (QoS 1) to the down topic of each of its gateways under each
    /// prefix; fails the benchmark if the broker grants less.
    public func connect() async throws {
        try client.start()
        try await client.waitUntilConnected()
        let topics = prefixes.flatMap { prefix in (0..<count).map { "\(prefix)/gateways/\(SimulatedGateway.id(global($0)))/down" } }
        let granted = try await client.subscribe(topics, qos: 1)
        guard granted.allSatisfy({ $0 == 1 }) else { fail("connection \(index): subscriptions not granted with QoS 1") }
    }
}
