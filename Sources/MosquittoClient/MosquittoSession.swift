import CMosquitto
import Foundation
import Logging

/// `mosquitto_lib_init` must run once per process before any `mosquitto_new`. A global `let` is
/// initialised lazily and exactly once (swift_once), which is the guard. `mosquitto_lib_cleanup`
/// is deliberately never called: other clients may still exist, and the process exit frees it all.
private let libraryInitialised: Void = {
    _ = mosquitto_lib_init()
}()

let mosqSuccess = MOSQ_ERR_SUCCESS.rawValue
let mosqNoConnection = MOSQ_ERR_NO_CONN.rawValue

/// Owns one `struct mosquitto *` and everything its C callbacks touch.
///
/// It is separate from ``MQTTClient`` so that the pointer given to libmosquitto as user data
/// (unretained) always refers to a live object: ``MQTTClient`` keeps the session alive and stops
/// the network thread, in `shutdown()` or at the latest in its `deinit`, before releasing it, so no
/// callback can run against a freed object. The handle itself is destroyed in this type's `deinit`.
///
/// Threading: callbacks run on the session's network thread (``runNetworkThread(firstAttempt:)``,
/// which drives libmosquitto's network loop and reconnects); the public API runs on arbitrary
/// Swift tasks.
/// All mutable state lives in `state`, behind a lock. Rule that keeps this deadlock-free: never
/// call into libmosquitto while holding the lock (the callbacks take it while libmosquitto holds
/// its own mutexes). Resuming continuations and yielding to streams under the lock is fine:
/// neither runs the awaiting code inline.
final class MosquittoSession: Sendable {
    enum Lifecycle: Sendable, Equatable {
        case created, running, stopping, stopped
    }

    /// What `shutdown()` has to do, decided under the lock.
    enum ShutdownStep: Sendable {
        case finishNow, stopNetworkThread, alreadyDone
    }

    struct SubscribeRequest: Sendable {
        var topics: [String]
        var continuation: CheckedContinuation<[Int32], any Error>
    }

    /// A SUBSCRIBE whose SUBACK we wait for: the topics and the QoS each was sent with.
    struct SentSubscribe: Sendable {
        var topics: [String]
        var qos: Int32
    }

    /// Who waits for a publish's acknowledgement: a suspended task, or a callback
    /// (``MQTTClient/publish(topic:payload:qos:retain:onAcknowledged:)``).
    enum PublishWaiter: Sendable {
        case task(CheckedContinuation<Void, any Error>)
        case callback(@Sendable (MQTTError?) -> Void)

        /// Call outside the state lock: a callback is the caller's code.
        func complete(_ error: (any Error)?) {
            switch self {
            case .task(let continuation):
                if let error { continuation.resume(throwing: error) } else { continuation.resume() }
            case .callback(let callback):
                callback(error.map { $0 as? MQTTError ?? .shutDown })
            }
        }
    }

    /// Where received messages go: the ``MQTTClient/messages`` stream, or a handler called on
    /// the network thread.
    enum MessageSink: Sendable {
        case stream(AsyncStream<MQTTMessage>.Continuation)
        case handler(@Sendable (MQTTMessage) -> Void)
    }

    struct State: Sendable {
        var lifecycle: Lifecycle = .created
        var connection: MQTTConnectionState = .idle
        /// Bumped on every disconnect; lets a caller that raced a disconnect tell that what it
        /// sent belongs to a dead connection.
        var generation: UInt64 = 0
        /// Bumped on every accepted CONNACK (the network thread resets its backoff).
        var connects: UInt64 = 0
        var nextToken: UInt64 = 0

        // Publishing. `on_publish` can fire on the network thread before `mosquitto_publish`
        // has returned the mid to the caller, hence `earlyPublishAcks`.
        var publishWaiters: [Int32: PublishWaiter] = [:]
        var earlyPublishAcks: Set<Int32> = []
        /// Acks nobody waits for any more (cancelled QoS 1/2 callers); libmosquitto still
        /// retries those messages until acknowledged, so each entry is eventually consumed.
        var ignoredPublishAcks: Set<Int32> = []
        /// QoS 0 mids (fire and forget). Cleared on disconnect because libmosquitto drops unsent
        /// QoS 0 packets then, and a stale entry could swallow the ack of a reused mid.
        var ignoredQoS0Acks: Set<Int32> = []

        // Subscriptions: what the application asked for survives reconnects; the rest is per
        // connection and reset on every disconnect.
        var desiredSubscriptions: [String: Int32] = [:]
        var subscriptionOrder: [String] = []
        var sentSubscriptions: [String: Int32] = [:]
        var grantedQoS: [String: Int32] = [:]
        var subacksAwaited: [Int32: SentSubscribe] = [:]
        var earlySubacks: [Int32: [Int32]] = [:]
        var ignoredSubacks: Set<Int32> = []
        var subscribeRequests: [UInt64: SubscribeRequest] = [:]

        var connectWaiters: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        /// Run by the network thread after each read (``MQTTClient/setAfterReading(_:)``).
        var afterReading: (@Sendable () -> Void)?
        /// Set by ``MosquittoSession/abandonConnection()`` during a turn: end the connection
        /// before the turn writes anything.
        var abandonRequested = false
        var eventSinks: [UInt64: AsyncStream<MQTTConnectionEvent>.Continuation] = [:]
        var shutdownWaiters: [CheckedContinuation<ShutdownStep, Never>] = []

        mutating func makeToken() -> UInt64 {
            nextToken &+= 1
            return nextToken
        }

        /// Yields under the lock so that every observer sees events in network-thread order.
        func emit(_ event: MQTTConnectionEvent) {
            for sink in eventSinks.values { sink.yield(event) }
        }

        mutating func applySuback(_ sent: SentSubscribe, granted: [Int32]) {
            for (index, topic) in sent.topics.enumerated() where sentSubscriptions[topic] == sent.qos {
                // A short SUBACK would be a broker bug; treat missing entries as refused.
                grantedQoS[topic] = index < granted.count ? granted[index] : 0x80
            }
            completeSubscribeRequests()
        }

        mutating func completeSubscribeRequests() {
            for (token, request) in subscribeRequests {
                let granted = request.topics.compactMap { grantedQoS[$0] }
                if granted.count == request.topics.count {
                    subscribeRequests[token] = nil
                    request.continuation.resume(returning: granted)
                }
            }
        }
    }

    /// The `struct mosquitto *`. `nonisolated(unsafe)` because `OpaquePointer` is not `Sendable`;
    /// sharing it is sound because libmosquitto's API is thread-safe once told that threads are in
    /// use (`mosquitto_threaded_set`; it locks internally), and the pointer is destroyed only in
    /// `deinit`, when nobody else can hold it.
    nonisolated(unsafe) let handle: OpaquePointer
    let configuration: MQTTClientConfiguration
    let logger: Logger
    let state = LockedState(State())
    let messageSink: MessageSink
    /// Entered when the network thread starts, left when it returns: shutdown waits on it.
    private let networkThreadExit = DispatchGroup()
    /// Wakes the network thread: its `poll` when another thread queued a packet, its wait
    /// between connection attempts at shutdown.
    private let wake: NetworkWake
    /// When the network thread's current turn began; nil while it waits (`poll`, backoff).
    let busySince = LockedState<ContinuousClock.Instant?>(nil)

    init(configuration: MQTTClientConfiguration, logger: Logger, messageSink: MessageSink) throws(MQTTError) {
        try configuration.validate()
        self.handle = try Self.makeHandle(configuration)
        do {
            self.wake = try NetworkWake()
        } catch {
            mosquitto_destroy(handle)
            throw error
        }
        self.configuration = configuration
        self.logger = logger
        self.messageSink = messageSink
        mosquitto_user_data_set(handle, Unmanaged.passUnretained(self).toOpaque())
        installCallbacks()
    }

    deinit {
        mosquitto_destroy(handle)
    }

    // MARK: - Set-up

    private static func makeHandle(_ configuration: MQTTClientConfiguration) throws(MQTTError) -> OpaquePointer {
        _ = libraryInitialised
        guard let mosq = mosquitto_new(configuration.clientId, configuration.cleanSession, nil) else {
            throw .library(code: MOSQ_ERR_ERRNO.rawValue, message: "mosquitto_new failed: \(String(cString: strerror(errno)))")
        }
        var configured = false
        defer { if !configured { mosquitto_destroy(mosq) } }

        func check(_ rc: Int32, _ what: String) throws(MQTTError) {
            if rc != mosqSuccess {
                throw .library(code: rc, message: "\(what): \(String(cString: mosquitto_strerror(rc)))")
            }
        }
        // Our own thread runs the network loop and other threads publish: libmosquitto must lock.
        try check(mosquitto_threaded_set(mosq, true), "threaded mode")
        // MQTT 3.1.1 is libmosquitto's default; set it explicitly so a library upgrade cannot
        // change the wire protocol under us.
        try check(mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311), "protocol version")
        // Alarms are small and latency matters more than packet count: disable Nagle.
        try check(mosquitto_int_option(mosq, MOSQ_OPT_TCP_NODELAY, 1), "TCP_NODELAY")
        // No cap on QoS 1 messages in flight (libmosquitto's default is 20; `0` = none, as the
        // header documents for MQTT 3.1.1). With the cap, the 确认s of a committed group queued
        // behind 20 unacknowledged ones and waited a broker round trip per 20; and libmosquitto's
        // bookkeeping of that queue cost CPU per PUBACK. Memory is the same either way: a message
        // past the cap is held in the same queue, only not sent yet.
        try check(mosquitto_max_inflight_messages_set(mosq, 0), "in-flight maximum")
        if let username = configuration.username {
            try check(mosquitto_username_pw_set(mosq, username, configuration.password), "username/password")
        }
        if let tls = configuration.tls {
            for file in [tls.caFile, tls.certificateFile, tls.keyFile].compactMap({ $0 })
            where !FileManager.default.isReadableFile(atPath: file) {
                throw .invalidArgument("TLS file \(file) is not readable")
            }
            try check(mosquitto_tls_set(mosq, tls.caFile, nil, tls.certificateFile, tls.keyFile, nil), "TLS files")
            try check(mosquitto_tls_insecure_set(mosq, tls.allowInsecure), "TLS insecure flag")
        }
        if let will = configuration.lastWill {
            let rc = will.payload.withUnsafeBytes { bytes in
                mosquitto_will_set(mosq, will.topic, Int32(clamping: bytes.count), bytes.baseAddress, will.qos, will.retain)
            }
            try check(rc, "last will")
        }
        configured = true
        return mosq
    }

    /// The callbacks are `@convention(c)` closures that capture nothing; they find the session
    /// again through the user-data pointer set in `init`.
    private func installCallbacks() {
        mosquitto_connect_with_flags_callback_set(handle) { _, userData, rc, flags in
            guard let userData else { return }
            Unmanaged<MosquittoSession>.fromOpaque(userData).takeUnretainedValue().handleConnect(rc: rc, flags: flags)
        }
        mosquitto_disconnect_callback_set(handle) { _, userData, rc in
            guard let userData else { return }
            Unmanaged<MosquittoSession>.fromOpaque(userData).takeUnretainedValue().handleDisconnect(rc: rc)
        }
        mosquitto_message_callback_set(handle) { _, userData, message in
            guard let userData, let message else { return }
            Unmanaged<MosquittoSession>.fromOpaque(userData).takeUnretainedValue().handleMessage(message.pointee)
        }
        mosquitto_publish_callback_set(handle) { _, userData, mid in
            guard let userData else { return }
            Unmanaged<MosquittoSession>.fromOpaque(userData).takeUnretainedValue().handlePublishAck(mid: mid)
        }
        mosquitto_subscribe_callback_set(handle) { _, userData, mid, count, granted in
            guard let userData else { return }
            let grantedQoS = granted.map { Array(UnsafeBufferPointer(start: $0, count: Int(max(0, count)))) } ?? []
            Unmanaged<MosquittoSession>.fromOpaque(userData).takeUnretainedValue().handleSuback(mid: mid, granted: grantedQoS)
        }
        mosquitto_log_callback_set(handle) { _, userData, level, text in
            guard let userData, let text else { return }
            Unmanaged<MosquittoSession>.fromOpaque(userData).takeUnretainedValue().handleLibraryLog(level: level, text: text)
        }
    }

    // MARK: - Network-thread callbacks

    private func handleConnect(rc: Int32, flags: Int32) {
        guard rc == 0 else {
            let error = MQTTError.connectionRefused(rc)
            logger.error("MQTT connection refused", metadata: ["mqtt.rc": "\(rc)", "mqtt.reason": "\(error)"])
            state.withLock { $0.emit(.connectFailed(error)) }
            return
        }
        let sessionPresent = flags & 1 != 0
        let outcome = state.withLock { s -> (stopping: Bool, groups: [(qos: Int32, topics: [String])], generation: UInt64) in
            guard s.lifecycle == .running else { return (true, [], s.generation) }
            s.connection = .connected
            s.connects &+= 1
            for waiter in s.connectWaiters.values { waiter.resume() }
            s.connectWaiters = [:]
            s.emit(.connected(sessionPresent: sessionPresent))
            // Re-subscribe everything on every connect: harmless with a kept session, and it
            // covers a broker that lost its state (restart without persistence, clean session).
            var byQoS: [Int32: [String]] = [:]
            for topic in s.subscriptionOrder {
                guard let qos = s.desiredSubscriptions[topic] else { continue }
                s.sentSubscriptions[topic] = qos
                byQoS[qos, default: []].append(topic)
            }
            return (false, byQoS.sorted { $0.key < $1.key }.map { (qos: $0.key, topics: $0.value) }, s.generation)
        }
        if outcome.stopping {
            // shutdown() raced a connection attempt the network thread had already begun.
            _ = mosquitto_disconnect(handle)
            return
        }
        logger.info("MQTT connected", metadata: ["mqtt.session_present": "\(sessionPresent)"])
        for group in outcome.groups {
            let rc = sendSubscribe(group.topics, qos: group.qos, generation: outcome.generation)
            if rc != mosqSuccess {
                logger.warning("MQTT re-subscribe failed", metadata: ["mqtt.rc": "\(rc)", "mqtt.error": "\(MQTTError.library(rc))"])
            }
        }
    }

    private func handleDisconnect(rc: Int32) {
        state.withLock { s in
            s.generation &+= 1
            s.sentSubscriptions = [:]
            s.grantedQoS = [:]
            s.subacksAwaited = [:]
            s.earlySubacks = [:]
            s.ignoredSubacks = []
            s.ignoredQoS0Acks = []
            if s.lifecycle != .stopped { s.connection = .disconnected(reasonCode: rc) }
            s.emit(.disconnected(reasonCode: rc))
        }
        if rc == 0 {
            logger.info("MQTT disconnected")
        } else {
            logger.warning("MQTT connection lost; reconnecting",
                           metadata: ["mqtt.rc": "\(rc)", "mqtt.error": "\(MQTTError.library(rc))"])
        }
    }

    private func handleMessage(_ message: mosquitto_message) {
        let receivedAt = ContinuousClock.now
        let receivedAtDate = Date()
        // Copy now: libmosquitto frees the buffer when this callback returns.
        let payload: [UInt8] = if let bytes = message.payload, message.payloadlen > 0 {
            Array(UnsafeRawBufferPointer(start: bytes, count: Int(message.payloadlen)))
        } else {
            []
        }
        let topic = message.topic.map { String(cString: $0) } ?? ""
        let received = MQTTMessage(
            topic: topic, payload: payload, qos: message.qos, retain: message.retain,
            receivedAt: receivedAt, receivedAtDate: receivedAtDate)
        guard case .stream(let stream) = messageSink else {
            if case .handler(let handler) = messageSink { handler(received) }
            return
        }
        let result = stream.yield(received)
        if case .terminated = result {
            // The broker already has its PUBACK; nobody will see this message.
            logger.error("MQTT message arrived after the message stream ended; dropped",
                         metadata: ["mqtt.topic": "\(topic)", "mqtt.mid": "\(message.mid)"])
        } else {
            logger.trace("MQTT message", metadata: ["mqtt.topic": "\(topic)", "mqtt.bytes": "\(payload.count)"])
        }
    }

    private func handlePublishAck(mid: Int32) {
        let waiter = state.withLock { s -> PublishWaiter? in
            if let waiter = s.publishWaiters.removeValue(forKey: mid) { return waiter }
            if s.ignoredPublishAcks.remove(mid) == nil, s.ignoredQoS0Acks.remove(mid) == nil {
                s.earlyPublishAcks.insert(mid)
            }
            return nil
        }
        waiter?.complete(nil)
    }

    private func handleSuback(mid: Int32, granted: [Int32]) {
        state.withLock { s in
            if let sent = s.subacksAwaited.removeValue(forKey: mid) {
                s.applySuback(sent, granted: granted)
            } else if s.ignoredSubacks.remove(mid) == nil {
                s.earlySubacks[mid] = granted
            }
        }
        if granted.contains(0x80) {
            logger.error("MQTT subscription refused by broker", metadata: ["mqtt.mid": "\(mid)", "mqtt.granted": "\(granted)"])
        }
    }

    private func handleLibraryLog(level: Int32, text: UnsafePointer<CChar>) {
        let swiftLevel: Logger.Level = switch level {
        case MOSQ_LOG_ERR: .error
        case MOSQ_LOG_WARNING: .warning
        case MOSQ_LOG_NOTICE, MOSQ_LOG_INFO: .debug
        default: .trace
        }
        // libmosquitto logs every packet at DEBUG; skip the String conversion when nobody listens.
        guard logger.logLevel <= swiftLevel else { return }
        logger.log(level: swiftLevel, "libmosquitto: \(String(cString: text))")
    }

    // MARK: - Subscribing

    /// Sends one SUBSCRIBE and records which topics its SUBACK will answer. Called without the
    /// lock held; the SUBACK may be processed before we get the lock back (`earlySubacks`).
    private func sendSubscribe(_ topics: [String], qos: Int32, generation: UInt64) -> Int32 {
        var mid: Int32 = 0
        let cStrings = topics.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        let rc = cStrings.withUnsafeBufferPointer { pointers in
            mosquitto_subscribe_multiple(handle, &mid, Int32(pointers.count), pointers.baseAddress, qos, 0, nil)
        }
        wake.signal()
        guard rc == mosqSuccess else { return rc }
        state.withLock { s in
            let early = s.earlySubacks.removeValue(forKey: mid)
            guard s.generation == generation else {
                // The connection died meanwhile; the next connect re-subscribes these topics.
                if early == nil { s.ignoredSubacks.insert(mid) }
                return
            }
            let sent = SentSubscribe(topics: topics, qos: qos)
            if let early {
                s.applySuback(sent, granted: early)
            } else {
                s.subacksAwaited[mid] = sent
            }
        }
        return mosqSuccess
    }

    func subscribe(_ topics: [String], qos: Int32) async throws -> [Int32] {
        guard !topics.isEmpty else { throw MQTTError.invalidArgument("no topics to subscribe to") }
        guard (0...2).contains(qos) else { throw MQTTError.invalidArgument("QoS \(qos) is not 0, 1 or 2") }
        for topic in topics {
            let rc = mosquitto_sub_topic_check(topic)
            if rc != mosqSuccess {
                throw MQTTError.library(code: rc, message: "topic filter \"\(topic)\": \(String(cString: mosquitto_strerror(rc)))")
            }
        }
        let token = state.withLock { $0.makeToken() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[Int32], any Error>) in
                let toSend = state.withLock { s -> (topics: [String], generation: UInt64)? in
                    switch s.lifecycle {
                    case .created:
                        continuation.resume(throwing: MQTTError.notStarted)
                        return nil
                    case .stopping, .stopped:
                        continuation.resume(throwing: MQTTError.shutDown)
                        return nil
                    case .running:
                        break
                    }
                    if Task.isCancelled {
                        continuation.resume(throwing: CancellationError())
                        return nil
                    }
                    for topic in topics {
                        if s.desiredSubscriptions[topic] == nil { s.subscriptionOrder.append(topic) }
                        s.desiredSubscriptions[topic] = qos
                    }
                    // While disconnected nothing is sent: the next connect subscribes to all
                    // desired topics and its SUBACK completes this request.
                    var toSend: [String] = []
                    if s.connection == .connected {
                        for topic in topics where s.sentSubscriptions[topic] != qos && !toSend.contains(topic) {
                            s.sentSubscriptions[topic] = qos
                            s.grantedQoS[topic] = nil
                            toSend.append(topic)
                        }
                    }
                    s.subscribeRequests[token] = SubscribeRequest(topics: topics, continuation: continuation)
                    s.completeSubscribeRequests()
                    return toSend.isEmpty ? nil : (toSend, s.generation)
                }
                guard let toSend else { return }
                let rc = sendSubscribe(toSend.topics, qos: qos, generation: toSend.generation)
                // NO_CONN: the connection just dropped; the re-subscribe on reconnect covers us.
                if rc != mosqSuccess && rc != mosqNoConnection {
                    state.withLock { s in
                        for topic in toSend.topics {
                            s.desiredSubscriptions[topic] = nil
                            s.sentSubscriptions[topic] = nil
                        }
                        s.subscriptionOrder.removeAll { s.desiredSubscriptions[$0] == nil }
                        s.subscribeRequests.removeValue(forKey: token)?.continuation.resume(throwing: MQTTError.library(rc))
                    }
                }
            }
        } onCancel: {
            state.withLock { s in
                s.subscribeRequests.removeValue(forKey: token)?.continuation.resume(throwing: CancellationError())
            }
        }
    }

    // MARK: - Publishing

    func publish(topic: String, payload: [UInt8], qos: Int32, retain: Bool) async throws {
        guard (0...2).contains(qos) else { throw MQTTError.invalidArgument("QoS \(qos) is not 0, 1 or 2") }
        guard payload.count <= Int(Int32.max) else { throw MQTTError.invalidArgument("payload too large") }
        var assignedMid: Int32 = 0
        var generation: UInt64 = 0
        while true {
            let admitted = state.withLock { s -> Result<(generation: UInt64, connected: Bool), MQTTError> in
                switch s.lifecycle {
                case .created: .failure(.notStarted)
                case .stopping, .stopped: .failure(.shutDown)
                case .running: .success((s.generation, s.connection == .connected))
                }
            }
            let attempt = try admitted.get()
            let rc = payload.withUnsafeBytes { bytes in
                mosquitto_publish(handle, &assignedMid, topic, Int32(bytes.count), bytes.baseAddress, qos, retain)
            }
            wake.signal()
            // While disconnected, libmosquitto 2.0 queues a QoS 1/2 message (mid assigned, sent
            // after the next CONNACK) but still returns MOSQ_ERR_NO_CONN from the attempt to
            // send it right away. Treating that as a failure and publishing again would
            // duplicate the message, so for QoS > 0 it counts as accepted.
            if rc == mosqSuccess || (rc == mosqNoConnection && qos > 0) {
                generation = attempt.generation
                break
            }
            guard rc == mosqNoConnection else { throw MQTTError.library(rc) }
            // QoS 0 while disconnected is dropped by libmosquitto: wait for the connection and
            // try again. If we still believe we are connected, libmosquitto noticed the loss
            // first and our on_disconnect is imminent: back off briefly instead of spinning.
            if attempt.connected {
                try await Task.sleep(for: .milliseconds(10))
            } else {
                try await waitUntilConnected()
            }
        }
        let mid = assignedMid

        if qos == 0 {
            // Fire and forget: there is no acknowledgement to wait for, only "written to socket".
            state.withLock { s in
                if s.earlyPublishAcks.remove(mid) == nil && s.generation == generation {
                    s.ignoredQoS0Acks.insert(mid)
                }
            }
            return
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                state.withLock { s in
                    if s.earlyPublishAcks.remove(mid) != nil {
                        continuation.resume()
                    } else if s.lifecycle == .stopped {
                        continuation.resume(throwing: MQTTError.shutDown)
                    } else if Task.isCancelled {
                        s.ignoredPublishAcks.insert(mid)
                        continuation.resume(throwing: CancellationError())
                    } else {
                        s.publishWaiters[mid] = .task(continuation)
                    }
                }
            }
        } onCancel: {
            let waiter = state.withLock { s -> PublishWaiter? in
                guard let waiter = s.publishWaiters.removeValue(forKey: mid) else { return nil }
                s.ignoredPublishAcks.insert(mid)
                return waiter
            }
            waiter?.complete(CancellationError())
        }
    }

    /// Hands a QoS 1/2 message to libmosquitto and registers `onAcknowledged` for its PUBACK
    /// (PUBCOMP); never waits. While disconnected the message is queued and sent after the
    /// next CONNACK, as with the waiting publish.
    func publish(topic: String, payload: [UInt8], qos: Int32, retain: Bool,
                 onAcknowledged: @escaping @Sendable (MQTTError?) -> Void) throws(MQTTError) {
        guard (1...2).contains(qos) else { throw .invalidArgument("QoS \(qos): only QoS 1 and 2 are acknowledged") }
        guard payload.count <= Int(Int32.max) else { throw .invalidArgument("payload too large") }
        let refusal = state.withLock { s -> MQTTError? in
            switch s.lifecycle {
            case .created: .notStarted
            case .stopping, .stopped: .shutDown
            case .running: nil
            }
        }
        if let refusal { throw refusal }
        var mid: Int32 = 0
        let rc = payload.withUnsafeBytes { bytes in
            mosquitto_publish(handle, &mid, topic, Int32(bytes.count), bytes.baseAddress, qos, retain)
        }
        wake.signal()
        // NO_CONN with QoS > 0: queued for the next connection (see the waiting publish).
        guard rc == mosqSuccess || rc == mosqNoConnection else { throw .library(rc) }
        let acknowledged = state.withLock { s -> MQTTError?? in
            if s.earlyPublishAcks.remove(mid) != nil { return .some(nil) }
            if s.lifecycle == .stopped { return .some(.shutDown) }
            s.publishWaiters[mid] = .callback(onAcknowledged)
            return .none
        }
        if case .some(let error) = acknowledged { onAcknowledged(error) }
    }

    // MARK: - Connection

    func setAfterReading(_ hook: @escaping @Sendable () -> Void) throws(MQTTError) {
        guard case .handler = messageSink else {
            throw .invalidArgument("afterReading needs a client made with a message handler")
        }
        let refusal = state.withLock { s -> MQTTError? in
            guard s.lifecycle == .created else { return .invalidArgument("afterReading must be set before start()") }
            s.afterReading = hook
            return nil
        }
        if let refusal { throw refusal }
    }

    func start() throws {
        let refusal = state.withLock { s -> MQTTError? in
            switch s.lifecycle {
            case .created: break
            case .running: return .invalidArgument("start() called twice")
            case .stopping, .stopped: return .shutDown
            }
            s.lifecycle = .running
            s.connection = .connecting
            s.emit(.connecting)
            // Under the lock, so that a shutdown that sees `.running` also waits for the thread.
            networkThreadExit.enter()
            return nil
        }
        if let refusal { throw refusal }
        logger.info("MQTT connecting")
        // The first attempt runs here so that settings libmosquitto refuses are the caller's
        // error; the network thread makes every attempt after it.
        let rc = mosquitto_connect_async(
            handle, configuration.host, Int32(configuration.port), configuration.keepAliveSeconds)
        switch rc {
        case MOSQ_ERR_INVAL.rawValue, MOSQ_ERR_NOMEM.rawValue, MOSQ_ERR_NOT_SUPPORTED.rawValue:
            networkThreadExit.leave()
            throw MQTTError.library(rc)
        default:
            break
        }
        let thread = Thread { [self] in
            // Its signals write no wake-up byte, and a deinit on it must not wait for it.
            wake.bindToCurrentThread()
            runNetworkThread(firstAttempt: rc)
            networkThreadExit.leave()
        }
        thread.name = "mqtt-network"
        thread.start()
    }

    /// See ``MQTTClient/abandonConnection()``.
    func abandonConnection() -> Bool {
        guard wake.isNetworkThread else { return false }
        state.withLock { $0.abandonRequested = true }
        return true
    }

    /// The network thread: runs the connection (``runConnection()``) and, whenever it ends,
    /// connects again after a growing delay, for as long as the client is not shut down.
    ///
    /// libmosquitto's own thread (`mosquitto_loop_start`) gives up for good on the errors it
    /// deems fatal. Under TLS that includes the "unexpected eof" OpenSSL reports when the
    /// broker dies without closing the session (a crash, a reboot, a reset connection): such a
    /// client never reconnects, and a monitoring centre would go deaf without knowing. It also
    /// never retried a first attempt that failed on the spot. Here every failure is retried,
    /// `min × n²` after the n-th failed attempt in a row (libmosquitto's backoff), capped, and
    /// back to `min` after each accepted CONNACK.
    private func runNetworkThread(firstAttempt: Int32) {
        let afterReading = state.withLock { $0.afterReading }
        var rc = firstAttempt
        var failures = 0
        while true {
            let attempt = state.withLock { s in (generation: s.generation, connects: s.connects) }
            if rc == mosqSuccess {
                rc = runConnection(afterReading: afterReading)
            }
            let outcome = state.withLock { s -> (running: Bool, reachedBroker: Bool, reported: Bool) in
                (s.lifecycle == .running, s.connects != attempt.connects, s.generation != attempt.generation)
            }
            guard outcome.running else { return }
            if outcome.reachedBroker {
                failures = 0
            } else {
                failures += 1
            }
            // A lost connection was reported by `on_disconnect`; an attempt that failed before
            // it had a connection (refused, unreachable, TLS handshake) is reported here.
            if !outcome.reported {
                reportConnectFailure(rc)
            }
            let minimum = Double(configuration.reconnectDelayMinSeconds)
            let delay = min(Double(configuration.reconnectDelayMaxSeconds), minimum * Double(failures * failures))
            // Publishes made meanwhile wake the wait too; only a shutdown ends it early.
            let deadline = ContinuousClock.now + .seconds(max(minimum, delay))
            while state.withLock({ $0.lifecycle == .running }), ContinuousClock.now < deadline {
                wake.rearm()
                wake.wait(until: deadline)
            }
            guard state.withLock({ $0.lifecycle == .running }) else { return }
            rc = mosquitto_reconnect_async(handle)
        }
    }

    /// One connection, until it ends (libmosquitto reports an error, or no connection after our
    /// DISCONNECT went out). Once a shutdown has begun, at most ``shutdownGrace`` more.
    ///
    /// A turn: wait (`poll`) for the socket or a ``NetworkWake``; read everything the socket
    /// holds (up to ``packetsPerTurn`` reads); run `afterReading`; write everything queued, the
    /// socket corked so that the turn's packets leave together; keep-alive. Against
    /// `mosquitto_loop` (one `pselect` turn per packet queued, whose byte on libmosquitto's
    /// socket pair it reads back one at a time, and the PUBACKs of a read written a turn later,
    /// each a TCP segment of its own) this took the daemon's network thread from ~2.4 turns
    /// and ~2 loopback transmissions per frame to a fraction of one (docs/benchmarks.md).
    private func runConnection(afterReading: (@Sendable () -> Void)?) -> Int32 {
        var stopSeen: ContinuousClock.Instant?
        var descriptors = [pollfd](repeating: pollfd(), count: 2)
        while true {
            let socket = mosquitto_socket(handle)
            guard socket >= 0 else { return mosqNoConnection }
            wake.rearm()
            let wantsWrite = mosquitto_want_write(handle)
            descriptors[0] = pollfd(fd: socket, events: Int16(POLLIN) | (wantsWrite ? Int16(POLLOUT) : 0), revents: 0)
            descriptors[1] = pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0)
            if poll(&descriptors, 2, 1000) < 0 {
                guard errno == EINTR else { return MOSQ_ERR_ERRNO.rawValue }
                continue
            }
            busySince.withLock { $0 = .now }
            defer { busySince.withLock { $0 = nil } }
            if descriptors[1].revents != 0 { wake.drain() }
            let socketEvents = descriptors[0].revents
            // Writable while the TLS handshake wants to write: reading is what drives the
            // handshake (`mosquitto_loop_read` resumes it; `mosquitto_loop_write` waits for it).
            let handshaking = socketEvents & Int16(POLLOUT) != 0 && state.withLock { $0.connection != .connected }
            if socketEvents & Int16(POLLIN | POLLHUP | POLLERR) != 0 || handshaking {
                let ended = readAvailable(socket)
                // Also when the connection just ended: what was read before is handled now,
                // not after the next reconnect (its replies wait in libmosquitto's queue).
                afterReading?()
                if state.withLock({ s in defer { s.abandonRequested = false }; return s.abandonRequested }) {
                    // Nothing queued may leave: shut the socket before anything writes, and let
                    // the reconnect (which discards libmosquitto's queued packets) begin.
                    #if canImport(Glibc)
                    _ = Glibc.shutdown(socket, Int32(SHUT_RDWR))
                    #else
                    _ = Darwin.shutdown(socket, SHUT_RDWR)
                    #endif
                    handleDisconnect(rc: MOSQ_ERR_CONN_LOST.rawValue)
                    return MOSQ_ERR_CONN_LOST.rawValue
                }
                if let rc = ended { return rc }
            }
            if mosquitto_want_write(handle) {
                corked(socket, true)
                let rc = mosquitto_loop_write(handle, 1)
                corked(socket, false)
                if rc != mosqSuccess || mosquitto_socket(handle) < 0 { return rc == mosqSuccess ? mosqNoConnection : rc }
            }
            let rc = mosquitto_loop_misc(handle)
            if rc != mosqSuccess { return rc }
            if state.withLock({ $0.lifecycle != .running }) {
                let now = ContinuousClock.now
                if let stopSeen, now - stopSeen > Self.shutdownGrace { return mosqNoConnection }
                stopSeen = stopSeen ?? now
            }
        }
    }

    /// Reads packets while the socket holds bytes, at most ``packetsPerTurn`` reads (so that a
    /// flood cannot hold back what waits to be written). nil while the connection is up, else
    /// why it ended (never `MOSQ_ERR_SUCCESS`).
    private func readAvailable(_ socket: Int32) -> Int32? {
        var unread: Int32 = 0
        for _ in 0..<Self.packetsPerTurn {
            let rc = mosquitto_loop_read(handle, 1)
            if rc != mosqSuccess { return rc }
            guard mosquitto_socket(handle) == socket else { return mosqNoConnection }
            guard ioctl(socket, UInt(FIONREAD), &unread) == 0, unread > 0 else { return nil }
        }
        return nil
    }

    /// TCP_CORK: the packets written while corked leave in as few segments as fit, when uncorked.
    /// Nagle is off (TCP_NODELAY) for latency, which without the cork made each packet of a
    /// turn a loopback transmission of its own, and a wake-up of the broker.
    private func corked(_ socket: Int32, _ on: Bool) {
        #if os(Linux)
        var value: Int32 = on ? 1 : 0
        _ = setsockopt(socket, Int32(IPPROTO_TCP), TCP_CORK, &value, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }

    /// Reads per turn before writing; each `mosquitto_loop_read` takes one packet or more.
    static let packetsPerTurn = 256

    /// How long a shutdown lets the network thread finish sending DISCONNECT (a broker that does
    /// not read, a connection still being made) before it leaves the socket to `deinit`.
    static let shutdownGrace = Duration.seconds(2)

    private func reportConnectFailure(_ rc: Int32) {
        let error = MQTTError.library(rc)
        logger.warning("MQTT connection attempt failed; will retry",
                       metadata: ["mqtt.rc": "\(rc)", "mqtt.error": "\(error)"])
        state.withLock { $0.emit(.connectFailed(error)) }
    }

    var connectionState: MQTTConnectionState {
        state.withLock { $0.connection }
    }

    func connectionEvents() -> AsyncStream<MQTTConnectionEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: MQTTConnectionEvent.self, bufferingPolicy: .unbounded)
        let token = state.withLock { s -> UInt64? in
            if s.lifecycle == .stopped { return nil }
            let token = s.makeToken()
            s.eventSinks[token] = continuation
            return token
        }
        guard let token else {
            continuation.yield(.shutDown)
            continuation.finish()
            return stream
        }
        // Never finish a sink while holding the lock: onTermination takes the lock.
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.eventSinks.removeValue(forKey: token) }
        }
        return stream
    }

    func waitUntilConnected() async throws {
        let token = state.withLock { $0.makeToken() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                state.withLock { s in
                    if s.lifecycle == .stopping || s.lifecycle == .stopped {
                        continuation.resume(throwing: MQTTError.shutDown)
                    } else if s.connection == .connected {
                        continuation.resume()
                    } else if Task.isCancelled {
                        continuation.resume(throwing: CancellationError())
                    } else {
                        s.connectWaiters[token] = continuation
                    }
                }
            }
        } onCancel: {
            state.withLock { s in
                s.connectWaiters.removeValue(forKey: token)?.resume(throwing: CancellationError())
            }
        }
    }

    // MARK: - Shutdown

    func shutdown() async {
        let step = await withCheckedContinuation { (continuation: CheckedContinuation<ShutdownStep, Never>) in
            state.withLock { s in
                switch s.lifecycle {
                case .created:
                    s.lifecycle = .stopping
                    continuation.resume(returning: .finishNow)
                case .running:
                    s.lifecycle = .stopping
                    continuation.resume(returning: .stopNetworkThread)
                case .stopping:
                    // Someone else is shutting down; wait for them instead of returning early.
                    s.shutdownWaiters.append(continuation)
                case .stopped:
                    continuation.resume(returning: .alreadyDone)
                }
            }
        }
        switch step {
        case .alreadyDone:
            return
        case .finishNow:
            finishShutdown()
        case .stopNetworkThread:
            logger.info("MQTT shutting down")
            requestNetworkThreadStop()
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                networkThreadExit.notify(queue: .global()) { continuation.resume() }
            }
            finishShutdown()
        }
    }

    /// Synchronous variant for `MQTTClient.deinit`, when nobody can await any more. If the last
    /// reference went away in a callback, this runs on the network thread itself: it cannot wait
    /// for its own end, and need not (the thread holds the session until it returns, which it
    /// does as soon as the callback is over).
    func shutdownFromDeinit() {
        let proceed = state.withLock { s -> Bool in
            guard s.lifecycle == .created || s.lifecycle == .running else { return false }
            s.lifecycle = .stopping
            return true
        }
        guard proceed else { return }
        requestNetworkThreadStop()
        if !wake.isNetworkThread { networkThreadExit.wait() }
        finishShutdown()
    }

    /// With the lifecycle already `.stopping`: DISCONNECT queued, and the network thread woken
    /// (once written, libmosquitto closes the socket, which ends ``runConnection()``; a thread
    /// waiting to reconnect sees the lifecycle and returns).
    private func requestNetworkThreadStop() {
        _ = mosquitto_disconnect(handle)
        wake.signal()
    }

    private func finishShutdown() {
        let (sinks, shutdownWaiters, publishWaiters) = state.withLock { s in
            s.lifecycle = .stopped
            s.connection = .shutDown
            let publishWaiters = Array(s.publishWaiters.values)
            for request in s.subscribeRequests.values { request.continuation.resume(throwing: MQTTError.shutDown) }
            for waiter in s.connectWaiters.values { waiter.resume(throwing: MQTTError.shutDown) }
            s.publishWaiters = [:]
            s.subscribeRequests = [:]
            s.connectWaiters = [:]
            s.earlyPublishAcks = []
            s.ignoredPublishAcks = []
            s.emit(.shutDown)
            let sinks = Array(s.eventSinks.values)
            s.eventSinks = [:]
            let waiters = s.shutdownWaiters
            s.shutdownWaiters = []
            return (sinks, waiters, publishWaiters)
        }
        for waiter in publishWaiters { waiter.complete(MQTTError.shutDown) }
        for sink in sinks { sink.finish() }
        if case .stream(let stream) = messageSink { stream.finish() }
        for waiter in shutdownWaiters { waiter.resume(returning: .alreadyDone) }
        logger.info("MQTT client shut down")
    }
}
