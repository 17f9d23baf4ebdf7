import BrokerHarness
import Foundation
import MosquittoClient

/// A notice as a recipient's system receives it on `{prefix}/notices/{party}/{recipient}`.
struct ReceivedNotice: Decodable, Sendable {
    var id: String
    var party: String
    var recipient: String
    var kind: String
    var severity: String
    var building: String
    var unit: String
    var incident: String?
    var hazard: String?
    var createdAt: String
    var reason: String
    var text: String
    var policyVersion: String
    var openHazards: [String]?
    /// Set by the listener.
    var topic = ""
    var receivedAt = Date()

    enum CodingKeys: String, CodingKey {
        case id, party, recipient, kind, severity, building, unit, incident, hazard, createdAt, reason, text, policyVersion, openHazards
    }
}

/// Subscribes to every notice topic of the broker, as the unit's, brigade's and department's
/// systems would, and keeps what arrives.
final class NoticeListener: @unchecked Sendable {
    // `@unchecked Sendable`: `received` is only touched under `lock`.
    let client: MQTTClient
    private let lock = NSLock()
    private var received: [ReceivedNotice] = []
    private var undecodable: [String] = []

    init(broker: TestBroker) async throws {
        client = try MQTTClient(configuration: MQTTClientConfiguration(
            host: broker.host, port: Int(broker.port), clientId: "notices-\(UUID().uuidString.prefix(6))", cleanSession: true),
            logger: quietLogger)
        try client.start()
        try await client.waitUntilConnected()
        _ = try await client.subscribe(["firewatch/v1/notices/#"], qos: 1)
        Task { [client, weak self] in
            for await m in client.messages {
                guard let self else { return }
                if var notice = try? JSONDecoder().decode(ReceivedNotice.self, from: Data(m.payload)) {
                    notice.topic = m.topic
                    lock.withLock { received.append(notice) }
                } else {
                    lock.withLock { undecodable.append(String(decoding: m.payload, as: UTF8.self)) }
                }
            }
        }
    }

    var all: [ReceivedNotice] { lock.withLock { received } }
    var badPayloads: [String] { lock.withLock { undecodable } }

    /// The first notice matching `predicate`, waiting up to `timeout`.
    func first(timeout: TimeInterval = 10, where predicate: (ReceivedNotice) -> Bool) async throws -> ReceivedNotice {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let n = all.first(where: predicate) { return n }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw HarnessError("no such notice within \(timeout) s; received: \(all.map { "\($0.party)/\($0.kind)/\($0.reason)" })")
    }

    func close() async { await client.shutdown() }
}
