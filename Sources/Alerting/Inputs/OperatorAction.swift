/// What a duty operator (or the unit, through the operator) does to an incident, a hazard or a
/// maintenance window. Each names who did it, so the record says who decided what.
public enum OperatorAction: Hashable, Sendable, Codable {
    /// The verdict: the only thing that stops the 60 s / 180 s fire escalations (policy §2).
    case confirm(IncidentRef, verdict: Verdict, by: String)
    /// An operator takes the incident: recorded, stops nothing (policy §2).
    case acknowledge(IncidentRef, by: String)
    /// Closes an incident confirmed `real` (an unconfirmed one needs a verdict first).
    case close(IncidentRef, by: String)
    /// Declares a hazard rectified when the panel never reported the clear. If the panel
    /// reports the condition again, a new hazard opens.
    case rectify(hazard: String, by: String)
    /// Puts a building or one gateway in test/maintenance until `until`: events inside are
    /// recorded and told to the unit only (policy §1).
    case openMaintenance(MaintenanceScope, until: AlertingInstant, by: String, note: String?)
    /// Ends a maintenance window early.
    case closeMaintenance(window: String, by: String)

    /// The verdict on a fire incident.
    public enum Verdict: Hashable, Sendable, Codable {
        /// A real fire; `peopleAtRisk` raises the confidence to 4.
        case real(peopleAtRisk: Bool)
        /// A false alarm, with its cause (policy §11).
        case falseAlarm(cause: FalseAlarmCause)
    }
}

/// How an action names an incident: by id, or by building ("its open incident"), as
/// `firewatch replay` inputs do before the id is known.
public enum IncidentRef: Hashable, Sendable, Codable, CustomStringConvertible {
    case id(String)
    case building(String)

    public var description: String {
        switch self {
        case .id(let id): id
        case .building(let b): "building:\(b)"
        }
    }
}

/// What a maintenance window covers.
public enum MaintenanceScope: Hashable, Sendable, Codable {
    case building(String)
    case gateway(String)
}
