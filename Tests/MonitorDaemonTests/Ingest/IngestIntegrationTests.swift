import BrokerHarness
import Foundation
import Logging
import GRDB
import MosquittoClient
@testable import MonitorDaemon
import PanelProtocol
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The daemon end to end: a real mosquitto on 127.0.0.1 (free port), the real `firewatch`
/// executable, a real SQLite file; signals and restarts are real too.
@Suite("Ingest, end to end", .serialized, .timeLimit(.minutes(2)))
struct IngestIntegrationTests {
    @Test func aFrameIsConfirmedOnlyAfterItsRowExists() async throws {
        let daemon = try DaemonHarness.running()
        let gateway = try await daemon.gateway("gw-a", source: DaemonHarness.sourceA)
        defer { Task { await gateway.close() } }
        // The check runs in the ACK handler itself, the moment the 确认 arrives.
        let seenWithoutRow = Locked<[UInt16]>([])
        let checked = Locked(0)
        gateway.onReply { serial, command in
            guard command == .confirm else { return }
            let stored = (try? daemon.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM frame WHERE gatewayId = 'gw-a' AND serial = ?", arguments: [Int(serial)])
            }) ?? 0
            if stored != 1 { seenWithoutRow.withLock { $0.append(serial) } }
            checked.withLock { $0 += 1 }
        }
        for serial in UInt16(0)..<30 { try await gateway.publish(gateway.fireAlarm(serial: serial)) }
        #expect(try await eventuallyAsync { checked.value == 30 })
        #expect(seenWithoutRow.value.isEmpty, "confirmed before commit: \(seenWithoutRow.value)")
        #expect(try daemon.frameCount(gateway: "gw-a") == 30)
        let objects = try daemon.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM frame_object WHERE kind = 'componentStatus'") }
        #expect(objects == 30)
        #expect(daemon.terminate() == 0)
    }

    /// A database that takes no writes (here triggers on the live database make every frame insert
    /// and the writer's probe fail, as a full disk would): the frame is neither confirmed nor
    /// acknowledged to the broker, which delivers it again after the daemon drops the connection —
    /// the gateway sends it once and never again.
    @Test func aGroupThatCannotBeCommittedGoesBackToTheBrokerAndIsStoredOnceWritesWork() async throws {
        let daemon = try DaemonHarness.running()
        let gateway = try await daemon.gateway("gw-a", source: DaemonHarness.sourceA)
        defer { Task { await gateway.close() } }
        try daemon.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_frames BEFORE INSERT ON frame BEGIN SELECT RAISE(ABORT, 'database or disk is full (simulated)'); END;
                CREATE TRIGGER refuse_probe BEFORE INSERT ON storage_probe BEGIN SELECT RAISE(ABORT, 'database or disk is full (simulated)'); END;
                """)
        }
        try await gateway.publish(gateway.fireAlarm(serial: 7))  // once: this gateway never retransmits
        #expect(try await eventuallyAsync(.seconds(15)) { daemon.log().components(separatedBy: "handed back to the broker").count > 2 },
                "the broker must have delivered the frame again at least once:\n\(daemon.log())")
        #expect(gateway.replies(serial: 7).isEmpty, "nothing is confirmed while it cannot be stored")
        #expect(try daemon.frameCount(gateway: "gw-a") == 0)

        try daemon.write { db in try db.execute(sql: "DROP TRIGGER refuse_frames; DROP TRIGGER refuse_probe") }
        #expect(try await gateway.waitForReply(serial: 7, timeout: .seconds(20)) == [.confirm])
        #expect(try daemon.frameCount(gateway: "gw-a") == 1)
        #expect(daemon.terminate() == 0)
    }

    /// A frame that cannot be stored while the database takes other writes is not handed back
    /// (it would come again and again and hold up every gateway): it is kept in quarantine with
    /// the database's error and denied, and the next frame is served.
    @Test func aFrameThatAloneCannotBeStoredIsQuarantinedAndDoesNotHoldUpTheOthers() async throws {
        let daemon = try DaemonHarness.running()
        let a = try await daemon.gateway("gw-a", source: DaemonHarness.sourceA)
        defer { Task { await a.close() } }
        try daemon.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse_serial_7 BEFORE INSERT ON frame WHEN NEW.serial = 7 BEGIN SELECT RAISE(ABORT, 'cannot store this one'); END")
        }
        try await a.publish(a.fireAlarm(serial: 7))
        #expect(try await a.waitForReply(serial: 7) == [.deny])
        try await a.publish(a.fireAlarm(serial: 8, point: 2))
        #expect(try await a.waitForReply(serial: 8) == [.confirm])
        #expect(!daemon.log().contains("handed back to the broker"), "the database took writes: nothing to hand back")
        #expect(try daemon.frameCount(gateway: "gw-a") == 1)
        let kept = try daemon.read { db in
            try Row.fetchOne(db, sql: "SELECT reason, message, serial, length(bytes) AS n FROM quarantine WHERE gatewayId = 'gw-a'")
        }
        #expect(kept?["reason"] == "storageRejected")
        #expect((kept?["message"] as String?)?.contains("cannot store this one") == true, "\(String(describing: kept))")
        #expect(kept?["serial"] == 7)
        #expect((kept?["n"] as Int?) == a.fireAlarm(serial: 7).count, "the frame's bytes are kept for inspection")
        #expect(daemon.terminate() == 0)
    }

    @Test func badInputIsQuarantinedWithItsReasonAndTheNextGoodFrameIsServed() async throws {
        let daemon = try DaemonHarness.running(maxPayloadBytes: 2048)
        let a = try await daemon.gateway("gw-a", source: DaemonHarness.sourceA)
        let unknown = try await daemon.gateway("gw-unregistered", source: .zero)
        let json = try await daemon.gateway("gw-json", source: .zero)
        defer { Task { await a.close(); await unknown.close(); await json.close() } }

        var bad = a.fireAlarm(serial: 1)
        bad[bad.count - 3] &+= 1  // checksum
        try await a.publish(bad)
        #expect(try await a.waitForReply(serial: 1) == [.deny])

        try await unknown.publish(unknown.fireAlarm(serial: 2))
        #expect(try await unknown.waitForReply(serial: 2) == [.deny])

        try await a.publish(Array(repeating: 0x41, count: 3000))  // oversize
        try await a.publish(Array("this is not a frame".utf8))
        try await json.publish(Array("{\"serial\": 3, \"adu\": ".utf8))
        let wrongSource = try await daemon.gateway("gw-a", source: NodeAddress(9, 9, 9, 9, 9, 9))
        defer { Task { await wrongSource.close() } }
        try await wrongSource.publish(wrongSource.fireAlarm(serial: 4))
        #expect(try await wrongSource.waitForReply(serial: 4) == [.deny])

        // The daemon keeps serving: the next good frame, binary and JSON.
        try await a.publish(a.fireAlarm(serial: 5))
        #expect(try await a.waitForReply(serial: 5) == [.confirm])
        try await json.publish(Array(#"{"serial": 6, "adu": {"type": 21, "objects": [{"kind": "uitdStatus", "flags": ["normal"], "time": "2026-11-23T08:00:00"}]}}"#.utf8))
        #expect(try await json.waitForReply(serial: 6) == [.confirm])
        #expect(try JSONForm.decode(#require(json.lastReplyPayload(serial: 6))).header.command == .confirm)

        #expect(try eventually { try daemon.quarantineReasons().count == 6 })
        #expect(try Set(daemon.quarantineReasons()) == ["checksumMismatch", "unknownGateway", "oversizePayload", "badStartMarker",
                                                         "badJSON", "sourceAddressMismatch"])
        #expect(try daemon.frameCount() == 2)
        let log = daemon.log()
        #expect(log.contains("quarantine.reason=checksumMismatch") && log.contains("gateway.id=gw-a"))
        #expect(log.contains("quarantine.reason=unknownGateway") && log.contains("gateway.id=gw-unregistered"))
        #expect(daemon.terminate() == 0)
    }

    @Test func aRetransmittedFrameIsConfirmedTwiceAndStoredOnce() async throws {
        let daemon = try DaemonHarness.running()
        let b = try await daemon.gateway("gw-b", source: NodeAddress(2, 0, 0, 0, 0, 0))
        defer { Task { await b.close() } }
        let frame = b.fireAlarm(serial: 77)
        try await b.publish(frame)
        _ = try await b.waitForReply(serial: 77)
        try await b.publish(frame)
        #expect(try await eventuallyAsync { b.replies(serial: 77).count == 2 })
        #expect(b.replies(serial: 77) == [.confirm, .confirm])
        #expect(try daemon.frameCount(gateway: "gw-b") == 1)
        let repeats = try daemon.read { db in try Int.fetchOne(db, sql: "SELECT repeatCount FROM frame WHERE serial = 77") }
        #expect(repeats == 1)
        let objects = try daemon.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM frame_object") }
        #expect(objects == 1)
        #expect(daemon.terminate() == 0)
    }

    @Test func theBrokerRestartsMidStreamAndNothingResentIsLost() async throws {
        let daemon = try DaemonHarness.running()
        let broker = daemon.broker
        let b = try await daemon.gateway("gw-b", source: NodeAddress(2, 0, 0, 0, 0, 0))
        defer { Task { await b.close() } }
        let sender = Task { try await b.sendUntilConfirmed(0..<120) }
        #expect(try await eventuallyAsync { b.replyCount >= 40 })
        try broker.restart()
        try await sender.value
        #expect(try daemon.frameCount(gateway: "gw-b") == 120)
        #expect(try daemon.distinctSerials(gateway: "gw-b") == 120)
        #expect(daemon.log().contains("MQTT disconnected") || daemon.log().contains("MQTT connection lost"))
        #expect(daemon.terminate() == 0)
    }

    @Test func overTLSTheDaemonRidesOutABrokerCrash() async throws {
        // The daemon on a TLS listener (client certificate required), the gateway on a plain
        // one of the same broker. SIGKILL ends the TLS session without a close_notify: the
        // daemon must reconnect (libmosquitto's own thread gave up there for good).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("firewatch-tls-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificates = try TestCertificates.make(in: folder)
        let tlsPort = try TestBroker.freePort()
        let broker = try TestBroker.started(extraConfiguration: ["listener \(tlsPort) 127.0.0.1"] + certificates.brokerConfiguration)
        let daemon = try DaemonHarness(broker: broker, tls: (tlsPort, certificates))
        try daemon.start()
        let b = try await daemon.gateway("gw-b", source: NodeAddress(2, 0, 0, 0, 0, 0))
        defer { Task { await b.close() } }
        try await b.sendUntilConfirmed(0..<5)
        broker.kill()
        try broker.start()
        try await b.sendUntilConfirmed(5..<10, deadline: .seconds(30))
        #expect(try daemon.distinctSerials(gateway: "gw-b") == 10)
        #expect(daemon.log().contains("MQTT connection lost"))
        #expect(daemon.terminate() == 0)
    }

    @Test func killedWithSIGKILLMidStreamEveryConfirmedFrameIsStoredExactlyOnce() async throws {
        let daemon = try DaemonHarness.running()
        let b = try await daemon.gateway("gw-b", source: NodeAddress(2, 0, 0, 0, 0, 0))
        let a = try await daemon.gateway("gw-a", source: DaemonHarness.sourceA)
        defer { Task { await b.close(); await a.close() } }
        let sender = Task { try await b.sendUntilConfirmed(0..<200) }
        let other = Task { try await a.sendUntilConfirmed(0..<100) }
        #expect(try await eventuallyAsync { b.replyCount >= 60 })
        daemon.signal(SIGKILL)
        _ = daemon.waitForExit(timeout: 5)
        // Every frame confirmed so far must already be on disk.
        let confirmed = (UInt16(0)..<200).filter { b.replies(serial: $0).contains(.confirm) }
        let stored = Set(try daemon.read { db in try Int.fetchAll(db, sql: "SELECT serial FROM frame WHERE gatewayId = 'gw-b'") })
        #expect(confirmed.allSatisfy { stored.contains(Int($0)) }, "confirmed but not stored after SIGKILL")
        try daemon.start()
        try await sender.value
        try await other.value
        #expect(try daemon.frameCount(gateway: "gw-b") == 200)
        #expect(try daemon.distinctSerials(gateway: "gw-b") == 200)
        // Each gateway's chain (``FrameChain``), across the interleaving and the restart, holds
        // exactly its frames, newest first.
        for gateway in ["gw-a", "gw-b"] {
            let (chain, table) = try daemon.read { db in
                (try FrameChain.latestFrameIds(db, gateway: gateway, limit: 1_000),
                 try Int64.fetchAll(db, sql: "SELECT id FROM frame WHERE gatewayId = ? ORDER BY id DESC", arguments: [gateway]))
            }
            #expect(chain == table, "\(gateway)")
        }
        #expect(daemon.terminate() == 0)
    }

    @Test func sigtermDrainsAndExitsZeroWithinTheBound() async throws {
        let daemon = try DaemonHarness.running(shutdownSeconds: 5)
        let broker = daemon.broker
        let b = try await daemon.gateway("gw-b", source: NodeAddress(2, 0, 0, 0, 0, 0))
        defer { Task { await b.close() } }
        for serial in UInt16(0)..<300 { try await b.publish(b.fireAlarm(serial: serial)) }
        daemon.signal(SIGTERM)
        let started = Date()
        #expect(daemon.waitForExit(timeout: 8) == 0)
        #expect(Date().timeIntervalSince(started) < 6)
        // Whatever was confirmed is stored; what was not, the gateway would resend.
        let confirmed = (UInt16(0)..<300).filter { b.replies(serial: $0).contains(.confirm) }
        let stored = Set(try daemon.read { db in try Int.fetchAll(db, sql: "SELECT serial FROM frame") })
        #expect(confirmed.allSatisfy { stored.contains(Int($0)) })
        #expect(daemon.log().contains("ingest stopped"))
        // The centre announced itself offline (retained).
        let status = try await retainedMessage(broker: broker, topic: "firewatch/v1/centre/status")
        #expect(status == #"{"state":"offline"}"#)
    }

    @Test func sighupReloadsTheRegistryWithoutDroppingFrames() async throws {
        let daemon = try DaemonHarness.running()
        let newcomer = try await daemon.gateway("gw-new", source: .zero)
        defer { Task { await newcomer.close() } }
        try await newcomer.publish(newcomer.fireAlarm(serial: 1))
        #expect(try await newcomer.waitForReply(serial: 1) == [.deny])
        try daemon.writeRegistry(extraGateways: ["gw-new"])
        daemon.signal(SIGHUP)
        #expect(try await eventuallyAsync { daemon.log().contains("registry reloaded") })
        try await newcomer.publish(newcomer.fireAlarm(serial: 2))
        #expect(try await newcomer.waitForReply(serial: 2) == [.confirm])
        // A broken registry is refused whole; the running one stays.
        try "gateways: [{id: gw-x, building: nowhere}]\n".write(to: daemon.registryFile, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(try await eventuallyAsync { daemon.log().contains("registry reload refused") })
        try await newcomer.publish(newcomer.fireAlarm(serial: 3))
        #expect(try await newcomer.waitForReply(serial: 3) == [.confirm])
        #expect(daemon.terminate() == 0)
    }

    func retainedMessage(broker: TestBroker, topic: String) async throws -> String? {
        let client = try MQTTClient(configuration: MQTTClientConfiguration(host: broker.host, port: Int(broker.port),
                                                                           clientId: "probe-\(UUID().uuidString.prefix(6))", cleanSession: true), logger: quietLogger)
        try client.start()
        try await client.waitUntilConnected()
        _ = try await client.subscribe([topic], qos: 1)
        var iterator = client.messages.makeAsyncIterator()
        let first = await iterator.next()
        await client.shutdown()
        return first.map { String(decoding: $0.payload, as: UTF8.self) }
    }
}

/// A value behind a lock, for handlers that run on other tasks.
final class Locked<T: Sendable>: @unchecked Sendable {
    // `@unchecked Sendable`: `stored` is only touched under `lock`.
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T { lock.withLock { stored } }
    func withLock<R>(_ body: (inout T) -> R) -> R { lock.withLock { body(&stored) } }
}

func eventuallyAsync(_ timeout: Duration = .seconds(20), _ condition: () throws -> Bool) async throws -> Bool {
    let end = ContinuousClock.now + timeout
    while ContinuousClock.now < end {
        if try condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return try condition()
}
