import Foundation
import Synchronization
@testable import MonitorDaemon
import MosquittoClient
import PanelProtocol
import Testing

/// The ingest queue's two lanes (fire alarms first, one gateway's frames never reordered), the
/// wait for the end of intake, and the arrival step that classifies a payload and picks its lane.
@Suite("Ingest queue")
struct IngestQueueTests {
    /// A payload told apart by `n` (kept as quarantined bytes: the queue never looks inside).
    func payload(_ gateway: String, _ n: Int) -> ClassifiedPayload {
        let topic = "firewatch/v1/gateways/\(gateway)/up"
        return ClassifiedPayload(topic: topic, items: [.quarantined(QuarantinedInput(
            gatewayId: gateway, topic: topic, receivedAt: Date(), form: .binary, reason: .badTopic, message: "",
            offset: nil, header: nil, bytes: [UInt8(n)], bytesTruncated: false))])
    }

    func order(_ batch: [ClassifiedPayload]) -> [String] {
        batch.map { p in
            guard case .quarantined(let q) = p.items[0] else { return "?" }
            return "\(p.topic.split(separator: "/")[3]):\(q.bytes[0])"
        }
    }

    @Test func aFireAlarmOvertakesTheBacklogButTakesItsGatewaysEarlierFramesAlong() {
        let queue = IngestQueue()
        queue.push(payload("gw-a", 1))
        queue.push(payload("gw-b", 1))
        queue.push(payload("gw-a", 2))
        queue.push(payload("gw-c", 1))
        queue.push(payload("gw-a", 3), urgent: true)
        queue.push(payload("gw-b", 2))
        queue.push(payload("gw-d", 1), urgent: true)
        #expect(queue.depth == 7)
        let first = queue.nextBatch(max: 3)
        #expect(order(first) == ["gw-a:1", "gw-a:2", "gw-a:3"])
        let rest = queue.nextBatch(max: 10)
        #expect(order(rest) == ["gw-d:1", "gw-b:1", "gw-c:1", "gw-b:2"])
        #expect(queue.depth == 0)
        queue.finish()
        #expect(!queue.push(payload("gw-a", 4)))
        #expect(queue.refusedAfterFinish == 1)
        #expect(queue.nextBatch(max: 10).isEmpty)
    }

    /// The ingest service waits for the end of intake: released by finish, at once if it came first.
    @Test func waitingForTheEndIsReleasedByFinish() async {
        let queue = IngestQueue()
        let released = Mutex(false)
        let waiter = Task {
            await queue.waitUntilFinished()
            released.withLock { $0 = true }
        }
        try? await Task.sleep(for: .milliseconds(50))
        #expect(!released.withLock { $0 })
        queue.push(payload("gw-a", 1))
        #expect(!released.withLock { $0 })
        queue.finish()
        await waiter.value
        #expect(released.withLock { $0 })
        await queue.waitUntilFinished()
        #expect(order(queue.nextBatch(max: 10)) == ["gw-a:1"])
    }

    @Test func arrivalClassifiesInTheGatewaysDialectAndAFireTakesTheUrgentLane() throws {
        let registry = RegistryStore(try Registry.load(path: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/registry.example.yaml").path))
        let queue = IngestQueue()
        let arrival = IngestArrival(intake: FrameIntake(topics: GatewayTopics(prefix: "firewatch/v1"), maxPayloadBytes: 65_536),
                                    registry: registry, queue: queue)
        func message(_ gateway: String, _ payload: [UInt8]) -> MQTTMessage {
            MQTTMessage(topic: "firewatch/v1/gateways/\(gateway)/up", payload: payload, qos: 1, retain: false)
        }
        let fire = SimulatedGateway.fireAlarm(serial: 1)
        var fault = fire
        // Status word fault instead of fire (bytes 27… are the ADU: type, count, system, address, component type, address ×4, status).
        fault[27 + 2 + 2 + 1 + 4] = 0x04
        fault[fault.count - 3] = Checksum.compute(fault[2..<(fault.count - 3)])
        let decoded = try #require(try GatewayPayload.decode(fault).first?.result.get())
        guard case .componentStatus(let status)? = decoded.adu?.objects.first else { Issue.record("not a component status"); return }
        #expect(status.status == [.fault])

        #expect(arrival.receive(message("gw-0006", fault)))
        #expect(arrival.receive(message("nobody", fire)))            // unknown gateway: quarantined, not urgent
        #expect(arrival.receive(message("gw-0006", [0x40, 0x40, 0x01])))  // not a frame yet: quarantined, not urgent
        #expect(arrival.receive(message("gw-demo", fire)))
        let batch = queue.nextBatch(max: 10)
        #expect(batch.map { $0.topic.split(separator: "/")[3] } == ["gw-demo", "gw-0006", "nobody", "gw-0006"])
        #expect(batch.map(\.reportsFire) == [true, false, false, false])
        guard case .accepted(let accepted) = batch[0].items.first else { Issue.record("the fire was not accepted"); return }
        #expect(accepted.gateway.gateway.id == "gw-demo")
        guard case .quarantined(let unknown) = batch[2].items.first else { Issue.record("the unknown gateway was accepted"); return }
        #expect(unknown.reason == .unknownGateway)
        guard case .quarantined(let garbage) = batch[3].items.first else { Issue.record("garbage was accepted"); return }
        #expect(garbage.reason != .unknownGateway)
    }
}
