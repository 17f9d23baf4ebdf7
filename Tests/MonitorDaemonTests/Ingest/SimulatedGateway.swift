import BrokerHarness
import Foundation
import Logging
import MosquittoClient
import PanelProtocol

/// A gateway as real devices behave: publishes frames on its `up` topic, reads 确认/否认 on its
/// `down` topic, and retransmits a frame until it is confirmed.
final class SimulatedGateway: @unchecked Sendable {
    // `@unchecked Sendable`: `replies` and `hook` are only touched under `lock`.
    let id: String
    let source: NodeAddress
    let client: MQTTClient
    private let lock = NSLock()
    private var replies: [(serial: UInt16, command: Command, payload: [UInt8])] = []
    /// Frames the centre sent on its own (查岗, clock sync), decoded.
    private var received: [PanelMessage] = []
    private var hook: (@Sendable (UInt16, Command) -> Void)?
    private var reader: Task<Void, Never>?

    init(id: String, source: NodeAddress, broker: TestBroker) async throws {
        self.id = id
        self.source = source
        client = try MQTTClient(configuration: MQTTClientConfiguration(
            host: broker.host, port: Int(broker.port), clientId: "sim-\(id)-\(UUID().uuidString.prefix(6))", cleanSession: true), logger: quietLogger)
        try client.start()
        try await client.waitUntilConnected()
        _ = try await client.subscribe(["firewatch/v1/gateways/\(id)/down"], qos: 1)
        reader = Task { [client, weak self] in
            for await m in client.messages {
                guard let self else { return }
                let (serial, command): (UInt16, Command)
                if m.payload.first == UInt8(ascii: "{"), let msg = try? JSONForm.decode(m.payload) {
                    (serial, command) = (msg.header.serial, msg.header.command)
                } else if let frame = FrameStreamDecoder.decodeAll(m.payload).first, case .success(let f) = frame {
                    (serial, command) = (f.header.serial, f.header.command)
                } else { continue }
                // Centre commands (查岗, clock sync) also arrive here; only replies answer a frame.
                guard command.isReply else {
                    if let message = GatewayPayload.decode(m.payload).first.flatMap({ try? $0.result.get() }) {
                        self.lock.withLock { self.received.append(message) }
                    }
                    continue
                }
                let hook = self.lock.withLock {
                    self.replies.append((serial, command, m.payload))
                    return self.hook
                }
                hook?(serial, command)
            }
        }
    }

    /// The centre's own commands received so far (not replies).
    var commands: [PanelMessage] { lock.withLock { received } }

    /// Called on the reader task for every reply, as it arrives.
    func onReply(_ body: @escaping @Sendable (UInt16, Command) -> Void) { lock.withLock { hook = body } }

    func replies(serial: UInt16) -> [Command] { lock.withLock { replies.filter { $0.serial == serial }.map(\.command) } }
    var replyCount: Int { lock.withLock { replies.count } }
    func lastReplyPayload(serial: UInt16) -> [UInt8]? { lock.withLock { replies.last { $0.serial == serial }?.payload } }

    /// A type-2 fire alarm from this gateway with the given serial.
    func fireAlarm(serial: UInt16, point: UInt32 = 1) -> [UInt8] {
        Self.fireAlarm(serial: serial, point: point, source: source)
    }

    /// A type-2 fire alarm (smoke detector `point` of system 1, "三层东侧走廊") from `source`.
    static func fireAlarm(serial: UInt16, point: UInt32 = 1, source: NodeAddress = .zero) -> [UInt8] {
        let now = DeviceTime(year: 2026, month: 11, day: 23, hour: 8, minute: Int(serial / 60 % 60), second: Int(serial % 60))
        let object = InformationObject.componentStatus(ComponentStatus(
            system: SystemTarget(systemType: .fireAlarmSystem, systemAddress: 1), componentType: .pointPhotoelectricSmokeDetector,
            componentAddress: point, status: [.fire], description: EncodedText("三层东侧走廊", width: 31), time: now))
        let header = FrameHeader(serial: serial, timeLabel: TimeLabel(now, format: .binary), source: source,
                                 destination: DaemonHarness.centre, command: .send)
        return PanelMessage(header: header, adu: ApplicationDataUnit(objects: [object])).encoded()
    }

    func publish(_ payload: [UInt8]) async throws {
        try await client.publish(topic: "firewatch/v1/gateways/\(id)/up", payload: payload, qos: 1)
    }

    /// Sends each frame in turn, retransmitting every `retransmit` until it is confirmed, as the
    /// standard asks of a sender (it gives up only after `deadline`).
    func sendUntilConfirmed(_ serials: Range<UInt16>, retransmit: Duration = .milliseconds(700), deadline: Duration = .seconds(60)) async throws {
        let end = ContinuousClock.now + deadline
        for serial in serials {
            let frame = fireAlarm(serial: serial)
            while !replies(serial: serial).contains(.confirm) {
                guard ContinuousClock.now < end else { throw HarnessError("serial \(serial) never confirmed") }
                try? await publish(frame)  // the broker may be down for a moment: just retry
                let wait = ContinuousClock.now + retransmit
                while ContinuousClock.now < wait, !replies(serial: serial).contains(.confirm) {
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
        }
    }

    func waitForReply(serial: UInt16, timeout: Duration = .seconds(10)) async throws -> [Command] {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            let r = replies(serial: serial)
            if !r.isEmpty { return r }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw HarnessError("no reply for serial \(serial) from \(id)")
    }

    func close() async {
        reader?.cancel()
        await client.shutdown()
    }
}

/// Test clients log nothing: the daemon's own log file is what the tests read.
let quietLogger = Logger(label: "firewatch.test", factory: { _ in SwiftLogNoOpLogHandler() })
