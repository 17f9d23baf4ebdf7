/// Why a decision was taken now: a stable, machine-readable code (Alertmanager's `needsUpdate`
/// returning a reason, not a bool).
///
/// Every notice, state change, withheld notice and rejected action carries one, so that
/// `firewatch explain` can say why each notice went out, was held or was suppressed. Ladder
/// reasons name the rung's actual duration (`unconfirmedAfter60s`, `openFor24h`): with the
/// default policy they are exactly the codes of policy-decisions §10, and with another policy
/// they still say the truth.
public struct ReasonCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    // Fire incidents
    /// The first alarm of an incident (unit notice).
    public static let firstAlarm = ReasonCode(rawValue: "firstAlarm")
    /// Corroborated by devices or a manual alarm: every party not yet told.
    public static let corroborated = ReasonCode(rawValue: "corroborated")
    public static let confirmedReal = ReasonCode(rawValue: "confirmedReal")
    public static let confirmedFalse = ReasonCode(rawValue: "confirmedFalse")
    /// A fire point joined an open incident.
    public static let joinedIncident = ReasonCode(rawValue: "joinedIncident")
    /// A fire point restored; an unconfirmed incident stays open (policy §4).
    public static let restoreDoesNotClose = ReasonCode(rawValue: "restoreDoesNotClose")
    /// A panel reset; the incident stays open (policy §4).
    public static let panelResetDoesNotClose = ReasonCode(rawValue: "panelResetDoesNotClose")
    /// A real incident closed itself after every fire point restored.
    public static let allPointsRestored = ReasonCode(rawValue: "allPointsRestored")
    public static let closedByOperator = ReasonCode(rawValue: "closedByOperator")
    public static let acknowledged = ReasonCode(rawValue: "acknowledged")
    /// A test-mode incident whose maintenance window ended with a fire point still active.
    public static let activeAfterMaintenance = ReasonCode(rawValue: "activeAfterMaintenance")
    /// A test-mode incident joined by an alarm from outside any maintenance window.
    public static let alarmOutsideMaintenance = ReasonCode(rawValue: "alarmOutsideMaintenance")
    /// A test-mode incident whose window ended with every point restored.
    public static let maintenanceEnded = ReasonCode(rawValue: "maintenanceEnded")
    /// More than the allowed false alarms in 24 h (C10).
    public static let falseAlarmRateExceeded = ReasonCode(rawValue: "falseAlarmRateExceeded")

    // Hazards
    /// A hazard registered (its unit notice, after any debounce).
    public static let opened = ReasonCode(rawValue: "opened")
    public static let rectified = ReasonCode(rawValue: "rectified")
    /// Rectified by an operator (the panel never reported the clear).
    public static let rectifiedByOperator = ReasonCode(rawValue: "rectifiedByOperator")
    /// Cleared within the transient window (closed as `transient`).
    public static let transient = ReasonCode(rawValue: "transient")
    /// The point keeps coming and going: one hazard with a count.
    public static let chattering = ReasonCode(rawValue: "chattering")
    /// A chattering point settled down.
    public static let chatterSettled = ReasonCode(rawValue: "chatterSettled")
    /// Another onset or repeat of a condition already registered.
    public static let repeated = ReasonCode(rawValue: "repeated")
    /// A link lost while the building has an open fire incident: brigade and department at once.
    public static let fireIncidentOpen = ReasonCode(rawValue: "fireIncidentOpen")

    // Link, patrol, clock
    public static let linkLost = ReasonCode(rawValue: "linkLost")
    public static let massOutage = ReasonCode(rawValue: "massOutage")
    public static let outageOver = ReasonCode(rawValue: "outageOver")
    public static let patrolDue = ReasonCode(rawValue: "patrolDue")
    public static let patrolAnswered = ReasonCode(rawValue: "patrolAnswered")
    public static let patrolTimedOut = ReasonCode(rawValue: "patrolTimedOut")
    public static let patrolSkippedLinkLost = ReasonCode(rawValue: "patrolSkippedLinkLost")
    public static let clockSkew = ReasonCode(rawValue: "clockSkew")
    public static let centreResumed = ReasonCode(rawValue: "centreResumed")
    public static let removedFromRegistry = ReasonCode(rawValue: "removedFromRegistry")

    // Why a notice was held or suppressed
    public static let maintenanceWindow = ReasonCode(rawValue: "maintenanceWindow")
    public static let massOutageHold = ReasonCode(rawValue: "massOutageHold")
    public static let departmentForwardingOff = ReasonCode(rawValue: "departmentForwardingOff")
    public static let clearedWithinDebounce = ReasonCode(rawValue: "clearedWithinDebounce")
    public static let chatterSuppressed = ReasonCode(rawValue: "chatterSuppressed")
    public static let maintenanceOpened = ReasonCode(rawValue: "maintenanceOpened")
    public static let maintenanceClosed = ReasonCode(rawValue: "maintenanceClosed")

    // Rejected operator actions
    public static let unknownIncident = ReasonCode(rawValue: "unknownIncident")
    public static let unknownHazard = ReasonCode(rawValue: "unknownHazard")
    public static let unknownWindow = ReasonCode(rawValue: "unknownWindow")
    public static let verdictRequired = ReasonCode(rawValue: "verdictRequired")
    public static let alreadyConfirmed = ReasonCode(rawValue: "alreadyConfirmed")
    public static let unknownBuilding = ReasonCode(rawValue: "unknownBuilding")
    public static let windowNotInFuture = ReasonCode(rawValue: "windowNotInFuture")

    /// `unconfirmedAfter60s`: no verdict within the fire ladder's rung.
    public static func unconfirmedAfter(seconds: Int) -> ReasonCode {
        ReasonCode(rawValue: "unconfirmedAfter\(seconds)s")
    }

    /// `openFor24h`, `openFor4h`, `openFor15m`: a hazard still open at a ladder rung.
    public static func openFor(seconds: Int) -> ReasonCode {
        ReasonCode(rawValue: "openFor" + compactDuration(seconds))
    }

    /// `24h`, `15m`, `90s`: the shortest exact spelling of a duration.
    static func compactDuration(_ seconds: Int) -> String {
        if seconds > 0, seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds > 0, seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    public var description: String { rawValue }
}
