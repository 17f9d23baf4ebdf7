/// Where the connection to the broker stands right now.
///
/// After a loss the state stays ``disconnected(reasonCode:)`` while the network thread keeps
/// retrying with backoff (each failed attempt is a ``MQTTConnectionEvent/connectFailed(_:)``
/// event), until the next CONNACK moves it to ``connected``.
public enum MQTTConnectionState: Sendable, Equatable {
    /// Created; ``MQTTClient/start()`` not called yet.
    case idle
    /// Started; no CONNACK received yet (attempts may be failing: see the events).
    case connecting
    /// The broker accepted the connection.
    case connected
    /// The connection was lost (or never came up); the client is retrying. `reasonCode` is the
    /// `MOSQ_ERR_*` value libmosquitto reported, 0 when we asked for the disconnect.
    case disconnected(reasonCode: Int32)
    /// ``MQTTClient/shutdown()`` completed; the client cannot be used again.
    case shutDown
}

/// A change of connection state, delivered in order by ``MQTTClient/connectionEvents()``.
public enum MQTTConnectionEvent: Sendable, Equatable {
    /// ``MQTTClient/start()`` began connecting.
    case connecting
    /// CONNACK accepted. `sessionPresent` tells whether the broker still held our persistent
    /// session (and therefore the subscriptions and the QoS 1 messages queued while we were away).
    case connected(sessionPresent: Bool)
    /// A connection attempt failed: TCP, DNS, the TLS handshake, or a CONNACK refusal. The client
    /// keeps retrying; this event is for logs and health reporting.
    case connectFailed(MQTTError)
    /// The connection ended. `reasonCode` is a `MOSQ_ERR_*` value, 0 when we asked for it.
    case disconnected(reasonCode: Int32)
    /// The client was shut down; the stream finishes after this event.
    case shutDown
}
