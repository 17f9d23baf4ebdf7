import CMosquitto

/// Errors raised by ``MQTTClient``.
///
/// Library failures keep libmosquitto's numeric `MOSQ_ERR_*` code next to the text from
/// `mosquitto_strerror`, so a log line or an operator message can be matched against the
/// libmosquitto documentation without guessing.
public enum MQTTError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A libmosquitto call failed; `code` is a `MOSQ_ERR_*` value.
    case library(code: Int32, message: String)
    /// The broker answered CONNECT with a non-zero CONNACK return code (bad credentials, client id
    /// rejected, server unavailable…). The client keeps retrying with backoff.
    case connectionRefused(code: Int32, reason: String)
    /// The arguments were rejected before reaching the broker (empty topic list, bad QoS, …).
    case invalidArgument(String)
    /// ``MQTTClient/start()`` has not been called yet, or was called twice.
    case notStarted
    /// The client was shut down; pending publishes and subscribes fail with this error. A QoS 1
    /// publish that fails this way may or may not have reached the broker.
    case shutDown

    /// Wraps a libmosquitto return code, resolving its text with `mosquitto_strerror`.
    public static func library(_ code: Int32) -> MQTTError {
        .library(code: code, message: String(cString: mosquitto_strerror(code)))
    }

    /// Wraps an MQTT 3.1.1 CONNACK return code, resolving its text with `mosquitto_connack_string`.
    public static func connectionRefused(_ code: Int32) -> MQTTError {
        .connectionRefused(code: code, reason: String(cString: mosquitto_connack_string(code)))
    }

    /// The numeric code carried by the error, if any (`MOSQ_ERR_*` or CONNACK return code).
    public var code: Int32? {
        switch self {
        case .library(let code, _), .connectionRefused(let code, _): code
        case .invalidArgument, .notStarted, .shutDown: nil
        }
    }

    public var description: String {
        switch self {
        case .library(let code, let message): "libmosquitto error \(code): \(message)"
        case .connectionRefused(let code, let reason): "connection refused by broker (\(code)): \(reason)"
        case .invalidArgument(let why): "invalid argument: \(why)"
        case .notStarted: "MQTT client not started"
        case .shutDown: "MQTT client shut down"
        }
    }
}
