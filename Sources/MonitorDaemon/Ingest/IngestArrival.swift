import MosquittoClient
import PanelProtocol

/// The first step of a payload's walk, on the MQTT client's network thread: classify it with the
/// registry as it stands (``FrameIntake``) and queue it, a fire alarm on the urgent lane.
///
/// Classifying here, once, keeps decoding off the one writer's path (the writer only stores and
/// acknowledges) and gives the urgent lane its answer for free: it used to take a second decode.
struct IngestArrival: Sendable {
    let intake: FrameIntake
    let registry: RegistryStore
    let queue: IngestQueue

    /// Queues one message; false once the queue is finished (it is then never acknowledged, and
    /// its gateway retransmits it).
    @discardableResult
    func receive(_ message: MQTTMessage) -> Bool {
        let received = ReceivedPayload(topic: message.topic, payload: message.payload, receivedAt: message.receivedAtDate)
        let payload = ClassifiedPayload(topic: received.topic, items: intake.classify(received, registry: registry.current))
        return queue.push(payload, urgent: payload.reportsFire)
    }
}

/// One received payload as the intake classified it: what the writer commits.
struct ClassifiedPayload: Sendable {
    var topic: String
    /// Its frames (or its bad input), in the order received.
    var items: [IntakeItem]

    /// Some accepted frame of it reports a fire: it takes the queue's urgent lane. A payload that
    /// could not be read is never urgent (it is quarantined in its turn).
    var reportsFire: Bool {
        items.contains { item in
            guard case .accepted(let frame) = item else { return false }
            return frame.message.reportsFire
        }
    }
}

extension PanelMessage {
    /// Some status object has its fire bit set (a restore object reports the fire bit cleared).
    var reportsFire: Bool {
        var fire = false
        forEachObject { object in
            switch object {
            case .componentStatus(let s): if s.restored == nil && s.status.contains(.fire) { fire = true }
            case .systemStatus(let s): if s.restored == nil && s.status.contains(.fire) { fire = true }
            case .uitdStatus(let s): if s.restored == nil && s.status.contains(.fire) { fire = true }
            default: break
            }
        }
        return fire
    }
}
