import Foundation
import PanelProtocol

/// What the intake decided for one frame (or one bad input) of a payload.
enum IntakeItem: Sendable {
    /// A frame from a registered gateway, decoded in its dialect: store it, then 确认.
    case accepted(AcceptedFrame)
    /// Bad input: store it in quarantine with its reason; 否认 if its header could be read.
    case quarantined(QuarantinedInput)

    var receivedAt: Date {
        switch self {
        case .accepted(let frame): frame.receivedAt
        case .quarantined(let input): input.receivedAt
        }
    }
}

struct AcceptedFrame: Sendable {
    var gateway: Registry.ResolvedGateway
    var topic: String
    var receivedAt: Date
    var form: GatewayPayload.Form
    /// The frame's bytes as received (the JSON document for the JSON form).
    var bytes: [UInt8]
    var message: PanelMessage
}

struct QuarantinedInput: Sendable {
    /// The gateway id named by the topic (known or not).
    var gatewayId: String?
    var topic: String
    var receivedAt: Date
    var form: GatewayPayload.Form
    var reason: QuarantineReason
    var message: String
    var offset: Int?
    var header: FrameHeader?
    /// What is kept for inspection: the whole payload (capped for oversize input).
    var bytes: [UInt8]
    var bytesTruncated: Bool
}

/// Why input was quarantined: a frame-level code, or a check of the ingest path.
enum QuarantineReason: Sendable, Hashable, CustomStringConvertible {
    case frame(FrameError.Code)
    /// The topic names a gateway that is not in the registry.
    case unknownGateway
    /// The frame's source address is not the gateway's registered `sourceAddress`.
    case sourceAddressMismatch
    /// The payload exceeds `mqtt.maxPayloadBytes`.
    case oversizePayload
    /// The topic is not `{prefix}/gateways/{id}/up`.
    case badTopic
    /// A decoded frame the database refused while it took other writes (its error is the message).
    case storageRejected

    var description: String {
        switch self {
        case .frame(let code): code.rawValue
        case .unknownGateway: "unknownGateway"
        case .sourceAddressMismatch: "sourceAddressMismatch"
        case .oversizePayload: "oversizePayload"
        case .badTopic: "badTopic"
        case .storageRejected: "storageRejected"
        }
    }
}
