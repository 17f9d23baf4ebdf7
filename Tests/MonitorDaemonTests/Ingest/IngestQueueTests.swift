import Foundation
@testable import MonitorDaemon
import PanelProtocol
import Testing

/// The ingest queue's two lanes: fire alarms first, one gateway's frames never reordered.
@Suite("Ingest queue")
struct IngestQueueTests {
    func payload(_ gateway: String, _ n: Int) -> ReceivedPayload {
        ReceivedPayload(topic: "firewatch/v1/gateways/\(gateway)/up", payload: [UInt8(n)], receivedAt: Date())
    }

    func order(_ batch: [ReceivedPayload]) -> [String] {
        batch.map { "\($0.topic.split(separator: "/")[3]):\($0.payload[0])" }
    }

    @Test func aFireAlarmOvertakesTheBacklogButTakesItsGatewaysEarlierFramesAlong() async {
        let queue = IngestQueue()
        queue.push(payload("gw-a", 1))
        queue.push(payload("gw-b", 1))
        queue.push(payload("gw-a", 2))
        queue.push(payload("gw-c", 1))
        queue.push(payload("gw-a", 3), urgent: true)
        queue.push(payload("gw-b", 2))
        queue.push(payload("gw-d", 1), urgent: true)
        #expect(queue.depth == 7)
        let first = await queue.nextBatch(max: 3, linger: .zero)
        #expect(order(first) == ["gw-a:1", "gw-a:2", "gw-a:3"])
        let rest = await queue.nextBatch(max: 10, linger: .zero)
        #expect(order(rest) == ["gw-d:1", "gw-b:1", "gw-c:1", "gw-b:2"])
        #expect(queue.depth == 0)
        queue.finish()
        #expect(!queue.push(payload("gw-a", 4)))
        #expect(await queue.nextBatch(max: 10, linger: .zero).isEmpty)
    }

    @Test func theScreenFindsFireBitsInTheGatewaysOwnDialect() throws {
        let registry = RegistryStore(try Registry.load(path: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/registry.example.yaml").path))
        let screen = FireScreen(topics: GatewayTopics(prefix: "firewatch/v1"), registry: registry)
        let fire = SimulatedGateway.fireAlarm(serial: 1)
        #expect(screen.isUrgent(topic: "firewatch/v1/gateways/gw-demo/up", payload: fire))
        var restoredOrFault = fire
        // Status word fault instead of fire (bytes 27… are the ADU: type, count, system, address, component type, address ×4, status).
        restoredOrFault[27 + 2 + 2 + 1 + 4] = 0x04
        restoredOrFault[restoredOrFault.count - 3] = Checksum.compute(restoredOrFault[2..<(restoredOrFault.count - 3)])
        let decoded = try #require(try GatewayPayload.decode(restoredOrFault).first?.result.get())
        guard case .componentStatus(let status)? = decoded.adu?.objects.first else { Issue.record("not a component status"); return }
        #expect(status.status == [.fault])
        #expect(!screen.isUrgent(topic: "firewatch/v1/gateways/gw-demo/up", payload: restoredOrFault))
        #expect(!screen.isUrgent(topic: "firewatch/v1/gateways/nobody/up", payload: fire))
        #expect(!screen.isUrgent(topic: "firewatch/v1/gateways/gw-demo/up", payload: [0x40, 0x40, 0x01]))
    }
}
