public import Foundation

/// One message received from the broker.
///
/// The payload is copied out of libmosquitto's buffer inside the C callback, because libmosquitto
/// frees that buffer as soon as the callback returns. Both clocks are captured at that moment: the
/// monotonic instant for measuring latency inside the process, the wall-clock date because the
/// receive time is stored next to every frame (§2 of the interface contract).
public struct MQTTMessage: Sendable, Equatable {
    public var topic: String
    public var payload: [UInt8]
    /// QoS the message was delivered with (the minimum of publish and subscription QoS).
    public var qos: Int32
    /// True when the broker delivered a retained message on subscription.
    public var retain: Bool
    /// Monotonic time of receipt, for latency measurements.
    public var receivedAt: ContinuousClock.Instant
    /// Wall-clock time of receipt, for storage and display.
    public var receivedAtDate: Date

    public init(
        topic: String,
        payload: [UInt8],
        qos: Int32,
        retain: Bool,
        receivedAt: ContinuousClock.Instant = .now,
        receivedAtDate: Date = Date()
    ) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.receivedAt = receivedAt
        self.receivedAtDate = receivedAtDate
    }
}
