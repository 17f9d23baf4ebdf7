import BrokerHarness
import Foundation
import MosquittoClient
import Synchronization
import Testing

/// The two task-free paths the ingest writer uses: a message handler on the network thread, and
/// publishes that report their PUBACK through a callback.
@Suite("MQTTClient handler and callback publishes")
struct MQTTClientCallbackTests {
    /// What a handler or callback collected, for a bounded wait.
    final class Collected: Sendable {
        let messages = Mutex<[MQTTMessage]>([])
        let acks = Mutex<[String: MQTTError?]>([:])
    }

    func waitUntil(_ seconds: Double, _ what: String, _ done: @escaping @Sendable () -> Bool) async throws {
        try await withTimeout(seconds, what) {
            while !done() { try await Task.sleep(for: .milliseconds(10)) }
        }
    }

    @Test("every message reaches the handler in order; messages is finished; callbacks fire once per PUBACK, across a broker restart")
    func handlerAndCallbacks() async throws {
        let broker = try TestBroker.started()
        let got = Collected()
        let receiver = try MQTTClient(
            configuration: MQTTClientConfiguration(host: broker.host, port: Int(broker.port), clientId: "cb-receiver",
                                                   cleanSession: false, keepAlive: .seconds(10),
                                                   reconnectDelayMin: .seconds(1), reconnectDelayMax: .seconds(2)),
            messageHandler: { m in got.messages.withLock { $0.append(m) } })
        var ended = 0
        for await _ in receiver.messages { ended += 1 }
        #expect(ended == 0, "the stream is finished from the start")
        let sender = try makeClient(broker)
        try await connect(receiver)
        try await connect(sender)
        try await withTimeout(5, "subscribe") { try await receiver.subscribe(["fw/cb"]) }

        // In order while the connection holds.
        for i in 0..<200 { try sender.publish(topic: "fw/cb", payload: bytes("o\(i)")) { _ in } }
        try await waitUntil(10, "the first 200") { got.messages.withLock { $0.count } >= 200 }
        #expect(got.messages.withLock { $0.map { String(decoding: $0.payload, as: UTF8.self) } } == (0..<200).map { "o\($0)" })
        got.messages.withLock { $0 = [] }

        let count = 2_000
        for i in 0..<count {
            let key = "m\(i)"
            try sender.publish(topic: "fw/cb", payload: bytes(key)) { error in
                got.acks.withLock { acks in
                    #expect(acks[key] == nil, "\(key) acknowledged twice")
                    acks[key] = error
                }
            }
            if i == count / 2 { try broker.restart() }  // half of them handed over while the broker restarts
        }
        try await waitUntil(30, "every callback") { got.acks.withLock { $0.count } == count }
        #expect(got.acks.withLock { $0.values.allSatisfy { $0 == nil } }, "all acknowledged, none failed")
        try await waitUntil(30, "every message delivered") {
            Set(got.messages.withLock { $0.map { String(decoding: $0.payload, as: UTF8.self) } }).count == count
        }
        #expect(throws: MQTTError.self) { try sender.publish(topic: "fw/cb", payload: [1], qos: 0) { _ in } }
        try await shutDown(sender, receiver)
        #expect(throws: MQTTError.shutDown) { try sender.publish(topic: "fw/cb", payload: [1]) { _ in } }
    }

    @Test("a callback whose PUBACK never came is told shutDown")
    func shutdownFailsPendingCallbacks() async throws {
        let broker = try TestBroker.started()
        let client = try makeClient(broker)
        try await connect(client)
        broker.stop()
        let got = Collected()
        try client.publish(topic: "fw/cb", payload: [1]) { error in got.acks.withLock { $0["only"] = error } }
        try await shutDown(client)
        #expect(got.acks.withLock { $0["only"] } == .some(.shutDown))
    }

    /// The ingest writer hands a whole group's 确认s over at once; none of them may wait for the
    /// PUBACK of another (libmosquitto's default is 20 in flight).
    @Test("100 QoS 1 publishes are all sent before any PUBACK: no in-flight cap")
    func noInFlightCap() async throws {
        let broker = try TestBroker.started()
        let client = try makeClient(broker)
        try await connect(client)
        broker.pause()
        let got = Collected()
        let payload = [UInt8](repeating: 0x41, count: 400)
        for i in 0..<100 {
            try client.publish(topic: "fw/inflight", payload: payload) { error in got.acks.withLock { $0["\(i)"] = error } }
        }
        // The paused broker acknowledges nothing, but its socket takes what is sent: about 40 KB
        // for 100 publishes, 8 KB if only 20 were let out.
        do {
            try await waitUntil(20, "100 publishes in the paused broker's receive buffer") {
                broker.unreadBytes() >= 100 * payload.count
            }
        } catch {
            Issue.record("only \(broker.unreadBytes()) bytes reached the paused broker: \(error)")
        }
        broker.resume()
        try await waitUntil(10, "every PUBACK after the broker resumed") { got.acks.withLock { $0.count } == 100 }
        #expect(got.acks.withLock { $0.values.allSatisfy { $0 == nil } })
        try await shutDown(client)
    }

    /// The ingest writer commits a read's frames in `afterReading`: the broker must not have the
    /// PUBACKs of those messages before it returns (they then mean "committed"), and what the
    /// hook publishes leaves after it too.
    @Test("the PUBACKs of a read, and what afterReading publishes, reach the broker only after afterReading returned")
    func pubacksWaitForAfterReading() async throws {
        let broker = try TestBroker.started(extraConfiguration: ["log_type debug"])
        let got = Collected()
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let blocked = Mutex(false)
        let receiver = try MQTTClient(
            configuration: MQTTClientConfiguration(host: broker.host, port: Int(broker.port), clientId: "cb-hook",
                                                   cleanSession: false, keepAlive: .seconds(10)),
            messageHandler: { m in got.messages.withLock { $0.append(m) } })
        let publisher = receiver
        try receiver.setAfterReading {
            // The first read that brought a message: reply, then hold the network thread.
            guard got.messages.withLock({ !$0.isEmpty }), blocked.withLock({ b in defer { b = true }; return !b }) else { return }
            try? publisher.publish(topic: "fw/hook-reply", payload: bytes("reply")) { error in
                got.acks.withLock { $0["reply"] = error }
            }
            entered.signal()
            release.wait()
        }
        let sender = try makeClient(broker, clientId: "cb-hook-sender")
        try await connect(receiver)
        try await connect(sender)
        try await withTimeout(5, "subscribe") { try await receiver.subscribe(["fw/hook"]) }
        #expect(throws: MQTTError.self) { try receiver.setAfterReading {} }

        for i in 0..<3 { try sender.publish(topic: "fw/hook", payload: bytes("m\(i)")) { _ in } }
        try await withTimeout(10, "afterReading holding the network thread") {
            while entered.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(10)) }
        }
        try await Task.sleep(for: .milliseconds(300))
        let busy = try #require(receiver.busySince, "the network thread is in a turn while afterReading runs")
        #expect(ContinuousClock.now - busy >= .milliseconds(300))
        let during = broker.log()
        #expect(during.contains("Sending PUBLISH to cb-hook"), "the broker delivered to the receiver")
        #expect(!during.contains("Received PUBACK from cb-hook ("), "a PUBACK left while afterReading ran")
        #expect(!during.contains("Received PUBLISH from cb-hook ("), "the reply left while afterReading ran")

        release.signal()
        try await waitUntil(10, "the PUBACKs and the reply after afterReading returned") {
            let log = broker.log()
            return log.contains("Received PUBACK from cb-hook (") && log.contains("Received PUBLISH from cb-hook (")
        }
        try await waitUntil(10, "every message and the reply's PUBACK") {
            got.messages.withLock { $0.count } == 3 && got.acks.withLock { $0["reply"] != nil }
        }
        #expect(got.acks.withLock { $0["reply"] } == .some(nil))
        try await waitUntil(5, "the network thread idle again") { receiver.busySince == nil }
        try await shutDown(sender, receiver)
    }

    @Test("a client released for the last time inside its own handler shuts down there without waiting for itself")
    func lastReferenceDroppedOnTheNetworkThread() async throws {
        let broker = try TestBroker.started()
        // Holds the only reference once set up; the handler takes it out, so the client's deinit
        // runs on the network thread, inside the callback.
        let holder = Mutex<MQTTClient?>(nil)
        let handlerReturned = Mutex(false)
        let client = try MQTTClient(
            configuration: MQTTClientConfiguration(host: broker.host, port: Int(broker.port), clientId: "cb-last-ref",
                                                   cleanSession: true, keepAlive: .seconds(10)),
            messageHandler: { _ in
                let last = holder.withLock { held -> MQTTClient? in
                    defer { held = nil }
                    return held
                }
                _ = consume last
                handlerReturned.withLock { $0 = true }
            })
        try await connect(client)
        try await withTimeout(5, "subscribe") { try await client.subscribe(["fw/last-ref"]) }
        holder.withLock { $0 = client }
        _ = consume client
        let sender = try makeClient(broker)
        try await connect(sender)
        try await withTimeout(5, "publish") { try await sender.publish(topic: "fw/last-ref", payload: bytes("bye")) }
        // Waiting for its own end there would never return: the handler would never finish.
        try await waitUntil(5, "the handler returned after the client's deinit") { handlerReturned.withLock { $0 } }
        #expect(holder.withLock { $0 == nil })
        try await shutDown(sender)
    }
}
