import Foundation
@testable import MonitorDaemon
import MosquittoClient
import PanelProtocol
import Testing

/// The ingest queue's two lanes (fire alarms first, one gateway's frames never reordered), the
/// writer's blocking wait, and the arrival step that classifies a payload and picks its lane.
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
        let first = queue.nextBatch(max: 3, linger: .zero)
        #expect(order(first) == ["gw-a:1", "gw-a:2", "gw-a:3"])
        let rest = queue.nextBatch(max: 10, linger: .zero)
        #expect(order(rest) == ["gw-d:1", "gw-b:1", "gw-c:1", "gw-b:2"])
        #expect(queue.depth == 0)
        queue.finish()
        #expect(!queue.push(payload("gw-a", 4)))
        #expect(queue.refusedAfterFinish == 1)
        #expect(queue.nextBatch(max: 10, linger: .zero).isEmpty)
    }

    /// The writer's thread sleeps on an empty queue, wakes for a push, and is released by finish.
    @Test func theWriterWaitsForAPushAndIsReleasedByFinish() async {
        let queue = IngestQueue()
        let batches = await withCheckedContinuation { (done: CheckedContinuation<[[String]], Never>) in
            let thread = Thread { [self] in
                var seen: [[String]] = []
                while true {
                    let batch = queue.nextBatch(max: 10, linger: .zero)
                    if batch.isEmpty { break }
                    seen.append(order(batch))
                }
                done.resume(returning: seen)
            }
            thread.start()
            Thread.sleep(forTimeInterval: 0.05)  // the writer is waiting on an empty queue now
            queue.push(payload("gw-a", 1))
            Thread.sleep(forTimeInterval: 0.05)
            queue.push(payload("gw-b", 1))
            queue.push(payload("gw-b", 2))
            Thread.sleep(forTimeInterval: 0.05)
            queue.finish()
        }
        #expect(batches.flatMap { $0 } == ["gw-a:1", "gw-b:1", "gw-b:2"])
        #expect(batches.first == ["gw-a:1"])
    }

    /// A group that is not full waits the linger once and takes what arrived meanwhile.
    @Test func aLingeringGroupTakesWhatArrivesDuringTheWait() async {
        let queue = IngestQueue()
        queue.push(payload("gw-a", 1))
        let batch = await withCheckedContinuation { (done: CheckedContinuation<[String], Never>) in
            Thread { [self] in done.resume(returning: order(queue.nextBatch(max: 10, linger: .milliseconds(300)))) }.start()
            Thread.sleep(forTimeInterval: 0.05)
            queue.push(payload("gw-b", 1))
        }
        #expect(batch == ["gw-a:1", "gw-b:1"])
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
        let batch = queue.nextBatch(max: 10, linger: .zero)
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
