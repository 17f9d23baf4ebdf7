/// One rung set of an escalation ladder: when the unit, the brigade and the department are told
/// about a condition that is still open.
///
/// Every rung is measured from the condition's onset (policy-decisions §6); the debounce only
/// delays the unit notice. A `nil` rung is "never" (`never` in the config).
public struct EscalationLadder: Hashable, Sendable, Codable {
    /// Delay before the unit notice; the condition must still hold then.
    public var unitDebounceSeconds: Int
    /// Still open after this long → brigade notice; nil: never.
    public var brigadeAfterSeconds: Int?
    /// Still open after this long → department notice; nil: never.
    public var departmentAfterSeconds: Int?

    public init(unitDebounceSeconds: Int = 0, brigadeAfterSeconds: Int?, departmentAfterSeconds: Int?) {
        self.unitDebounceSeconds = unitDebounceSeconds
        self.brigadeAfterSeconds = brigadeAfterSeconds
        self.departmentAfterSeconds = departmentAfterSeconds
    }

    /// Seconds after onset at which `party` is due, or nil when this ladder never tells it.
    public func rung(for party: Party) -> Int? {
        switch party {
        case .unit: unitDebounceSeconds
        case .brigade: brigadeAfterSeconds
        case .department: departmentAfterSeconds
        }
    }
}
