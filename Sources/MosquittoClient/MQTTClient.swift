public import Logging

/// An MQTT 3.1.1 client over libmosquitto, shaped for the monitoring centre.
///
/// libmosquitto does the protocol work (keep-alive, in-flight QoS 1 retries) on a network thread
/// of the client's own, which also reconnects with backoff after every failure, for as long as
/// the client runs (libmosquitto's own thread gives up on errors it deems fatal, such as a TLS
/// session cut by a broker crash). This type bridges that thread into Swift concurrency:
///
/// * received messages arrive on ``messages``, an unbounded `AsyncStream`. Nothing is ever
///   dropped for back-pressure: losing a fire alarm is worse than using memory. Note that
///   libmosquitto sends the PUBACK for a QoS 1 message before handing it to us, so durability
///   is the consumer's job (persist, then answer at the application level);
/// * ``publish(topic:payload:qos:retain:)`` returns only when the broker acknowledged a QoS 1/2
///   message, however many reconnects that takes;
/// * QoS 1/2 publishes are not capped in flight (libmosquitto's default cap is 20): a message is
///   sent when handed over, not after the PUBACKs of the 20 before it;
/// * ``subscribe(_:qos:)`` returns the granted QoS from the SUBACK, and the subscription is
///   renewed on every reconnect;
/// * ``connectionEvents()`` and ``waitUntilConnected()`` expose the connection.
///
/// Lifecycle: `init` (configure) → ``start()`` → … → ``shutdown()``. A client cannot be
/// restarted; create a new one with the same client id to resume a persistent session.
public final class MQTTClient: Sendable {
    public let configuration: MQTTClientConfiguration

    /// Every message received, in the order libmosquitto delivered them. Single consumer. The
    /// stream finishes on ``shutdown()``. Messages of a persistent session queued by the broker
    /// arrive right after connecting, possibly before ``subscribe(_:qos:)`` returns; they are
    /// buffered here until read. QoS 1 is at least once: after a broker restart a message may
    /// arrive twice, so consumers must tolerate repeats.
    ///
    /// Iterate from one long-lived task: as with any `AsyncStream`, cancelling the iterating task
    /// terminates the stream, and messages arriving after that are logged as errors and lost.
    public let messages: AsyncStream<MQTTMessage>

    private let session: MosquittoSession

    /// Creates and configures the libmosquitto handle; does not connect yet.
    /// - Throws: ``MQTTError`` for invalid settings (unreadable TLS files, bad port, …).
    public convenience init(configuration: MQTTClientConfiguration, logger: Logger = Logger(label: "firewatch.mqtt")) throws {
        let (stream, continuation) = AsyncStream.makeStream(of: MQTTMessage.self, bufferingPolicy: .unbounded)
        try self.init(configuration: configuration, logger: logger, messages: stream, sink: .stream(continuation))
    }

    /// Creates a client that hands every received message to `messageHandler`, on
    /// libmosquitto's network thread, in order, instead of through ``messages`` (which is then
    /// finished from the start).
    ///
    /// For a consumer that only puts messages in a queue of its own: no hop through a stream
    /// and a reading task per message. The handler must return quickly and must not wait on this
    /// client (a waiting call would block the very thread that completes it); the publish with
    /// `onAcknowledged` never waits and may be called from it. As with ``messages``, the broker
    /// already has its PUBACK.
    public convenience init(configuration: MQTTClientConfiguration, logger: Logger = Logger(label: "firewatch.mqtt"),
                            messageHandler: @escaping @Sendable (MQTTMessage) -> Void) throws {
        let (stream, continuation) = AsyncStream.makeStream(of: MQTTMessage.self)
        continuation.finish()
        try self.init(configuration: configuration, logger: logger, messages: stream, sink: .handler(messageHandler))
    }

    private init(configuration: MQTTClientConfiguration, logger: Logger, messages: AsyncStream<MQTTMessage>,
                 sink: MosquittoSession.MessageSink) throws {
        var logger = logger
        logger[metadataKey: "mqtt.host"] = "\(configuration.host)"
        logger[metadataKey: "mqtt.port"] = "\(configuration.port)"
        logger[metadataKey: "mqtt.client_id"] = "\(configuration.clientId)"
        self.configuration = configuration
        self.messages = messages
        self.session = try MosquittoSession(configuration: configuration, logger: logger, messageSink: sink)
    }

    /// Stops the network thread if ``shutdown()`` was never called, so that no C callback can
    /// outlive the session it points to. Blocks briefly.
    deinit {
        session.shutdownFromDeinit()
    }

    /// Runs `hook` on the network thread after each read: once the messages read have been
    /// handed to the message handler, and before the packets queued meanwhile are written —
    /// among them the PUBACKs of those messages and whatever the hook published.
    ///
    /// For a consumer that persists what it received: committing the read's messages here
    /// gives their PUBACKs the meaning "committed" (libmosquitto otherwise acknowledges a
    /// message before handing it over), and replies published here leave with those PUBACKs in
    /// one write. While the hook runs, nothing is read or written: keep it to what must happen
    /// before the acknowledgements. Set before ``start()``, on a client made with a message
    /// handler.
    /// - Throws: ``MQTTError/invalidArgument(_:)`` after ``start()`` or without a message handler.
    public func setAfterReading(_ hook: @escaping @Sendable () -> Void) throws {
        try session.setAfterReading(hook)
    }

    /// From `afterReading` (on the network thread): ends the connection at once, without
    /// writing anything queued — the PUBACKs of the messages just read among it — and
    /// reconnects as after any lost connection. The broker, which holds a persistent session,
    /// then delivers again every QoS 1 message it has no PUBACK for.
    ///
    /// For a consumer that could not persist what it read (a full disk): the messages are handed
    /// back to the broker instead of being acknowledged and lost. Returns false, doing nothing,
    /// when called from another thread.
    @discardableResult
    public func abandonConnection() -> Bool {
        session.abandonConnection()
    }

    /// Starts connecting (`mosquitto_connect_async`) and starts the network thread.
    /// Returns immediately; a broker that is down is not an error: attempts continue with the
    /// configured backoff, reported as ``MQTTConnectionEvent/connectFailed(_:)`` /
    /// ``MQTTConnectionEvent/disconnected(reasonCode:)``. Host name resolution happens
    /// synchronously here (getaddrinfo).
    /// - Throws: ``MQTTError`` if called twice, after shutdown, or if libmosquitto cannot start.
    public func start() throws {
        try session.start()
    }

    /// When the network thread began the turn it is still in (reading, `afterReading`,
    /// writing); nil while it waits for the network or for its next connection attempt. A turn
    /// that lasts is a stuck consumer or a stuck disk: the daemon's watchdog looks here.
    public var busySince: ContinuousClock.Instant? {
        session.busySince.withLock { $0 }
    }

    /// The current connection state.
    public var connectionState: MQTTConnectionState {
        session.connectionState
    }

    /// A new stream of connection events from now on (no replay of the past: read
    /// ``connectionState`` for that). Any number of streams may exist; each buffers without
    /// limit until read, and all finish after ``MQTTConnectionEvent/shutDown``.
    public func connectionEvents() -> AsyncStream<MQTTConnectionEvent> {
        session.connectionEvents()
    }

    /// Returns once the broker has accepted the connection (immediately if it already has).
    /// Waits across reconnect attempts, also before ``start()`` is called.
    /// - Throws: ``MQTTError/shutDown`` on shutdown; `CancellationError` if the task is cancelled.
    public func waitUntilConnected() async throws {
        try await session.waitUntilConnected()
    }

    /// Subscribes and returns the granted QoS per topic, in order, from the SUBACK (`0x80` =
    /// refused by the broker). The topics are remembered and subscribed again on every
    /// (re)connect. If currently disconnected, this waits for the SUBACK of the next connection.
    /// - Throws: ``MQTTError`` (invalid filter, not started, shut down); `CancellationError` if the
    ///   task is cancelled (the subscription then stays registered).
    @discardableResult
    public func subscribe(_ topics: [String], qos: Int32 = 1) async throws -> [Int32] {
        try await session.subscribe(topics, qos: qos)
    }

    /// Publishes a message. For QoS 1 (and 2) returns only after the broker's PUBACK (PUBCOMP);
    /// if the connection drops meanwhile, libmosquitto re-sends after reconnecting and this keeps
    /// waiting. QoS 0 returns once queued (there is nothing to wait for). A QoS 1 message may be
    /// published while disconnected: it is queued in memory and sent after reconnecting.
    /// - Throws: ``MQTTError`` (libmosquitto rejected it, not started, or shut down before the
    ///   acknowledgement: the message may or may not have reached the broker);
    ///   `CancellationError` if the task is cancelled (libmosquitto still delivers the message).
    public func publish(topic: String, payload: [UInt8], qos: Int32 = 1, retain: Bool = false) async throws {
        try await session.publish(topic: topic, payload: payload, qos: qos, retain: retain)
    }

    /// Publishes a QoS 1 or 2 message without waiting: `onAcknowledged` runs once, on
    /// libmosquitto's network thread, with nil when the broker acknowledged it, or with
    /// ``MQTTError/shutDown`` if the client shut down first. As with the waiting publish, a
    /// message handed over while disconnected is sent after reconnecting.
    ///
    /// For senders that hand over many messages at once and only need to know when each was
    /// acknowledged (the 确认s of a committed group): no task and no suspension per message.
    /// Keep `onAcknowledged` short and do not call into this client from it.
    /// - Throws: ``MQTTError`` (QoS 0, not started, shut down, or libmosquitto refused the
    ///   message); `onAcknowledged` is then never called.
    public func publish(topic: String, payload: [UInt8], qos: Int32 = 1, retain: Bool = false,
                        onAcknowledged: @escaping @Sendable (MQTTError?) -> Void) throws {
        try session.publish(topic: topic, payload: payload, qos: qos, retain: retain, onAcknowledged: onAcknowledged)
    }

    /// Sends DISCONNECT (so the broker does not publish the last will), stops the network thread,
    /// fails pending publishes, subscribes and waits with ``MQTTError/shutDown``, and finishes
    /// ``messages`` and the event streams. Idempotent; concurrent callers all wait for the end.
    public func shutdown() async {
        await session.shutdown()
    }
}
