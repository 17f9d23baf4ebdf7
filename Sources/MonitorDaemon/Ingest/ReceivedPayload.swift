import Foundation

/// One MQTT message from a gateway's `up` topic, as received, with the centre's receive time.
struct ReceivedPayload: Sendable {
    var topic: String
    var payload: [UInt8]
    var receivedAt: Date
}
