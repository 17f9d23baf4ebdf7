/// A change of an incident, hazard, outage, maintenance window or gateway, with the reason it
/// happened. The daemon mirrors these into its tables (for the API and the console) and keeps
/// them as the timeline `firewatch explain` prints.
public struct StateChange: Hashable, Sendable, Codable {
    /// What changed.
    public enum Kind: String, Hashable, Sendable, Codable {
        case incidentOpened
        case incidentJoined
        case incidentCorroborated
        case incidentAcknowledged
        case incidentConfirmed
        case incidentWentLive
        case incidentPointRestored
        case incidentPanelReset
        case incidentClosed
        case hazardOpened
        case hazardRepeated
        case hazardBecameChattering
        case hazardClosed
        case outageOpened
        case outageJoined
        case outageClosed
        case maintenanceOpened
        case maintenanceClosed
        case gatewayLinkRestored
        case patrolAnswered
        case clockSkewDetected
        case centreResumed
        case gatewayRemoved
    }

    public var at: AlertingInstant
    public var kind: Kind
    /// Id of the incident, hazard, outage, window or gateway.
    public var subject: String
    public var building: String?
    public var reason: ReasonCode
    /// A short human line for logs and `explain` (English; notices carry the Chinese).
    public var detail: String

    public init(at: AlertingInstant, kind: Kind, subject: String, building: String?, reason: ReasonCode, detail: String) {
        self.at = at
        self.kind = kind
        self.subject = subject
        self.building = building
        self.reason = reason
        self.detail = detail
    }
}
