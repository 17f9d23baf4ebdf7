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
    /// The up topic of each local gateway.
    public let topicsUp: [String]
    let prefix: String

    /// Shard `index` of `options.connections`; the client id is `clientIdPrefix-PID-index`.
    public init(index: Int, options: FleetOptions, clientIdPrefix: String, logger: Logger) throws {
        let stride = options.connections
        let count = (options.gateways - index + stride - 1) / stride
        self.index = index
        self.stride = stride
        self.count = count
        prefix = options.prefix
        topicsUp = (0..<count).map { "\(options.prefix)/gateways/\(SimulatedGateway.id($0 * stride + index))/up" }
        client = try MQTTClient(
            configuration: MQTTClientConfiguration(
                host: options.host, port: options.port, clientId: "\(clientIdPrefix)-\(getpid())-\(index)", cleanSession: true),
            logger: logger)
    }

    public func global(_ local: Int) -> Int { local * stride + index }

    /// Connects and subscribes (QoS 1) to the down topic of each of its gateways; fails the
    /// benchmark if the broker grants less.
    public func connect() async throws {
        try client.start()
        try await client.waitUntilConnected()
        let topics = (0..<count).map { "\(prefix)/gateways/\(SimulatedGateway.id(global($0)))/down" }
        let granted = try await client.subscribe(topics, qos: 1)
        guard granted.allSatisfy({ $0 == 1 }) else { fail("connection \(index): subscriptions not granted with QoS 1") }
    }
}
