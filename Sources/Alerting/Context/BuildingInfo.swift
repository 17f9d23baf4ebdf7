/// What the core must know about a building to address and word its notices: who is told
/// (unit, brigade, department ids) and how the building is named to a duty officer.
///
/// The registry lives in the daemon; the core keeps the last copy it was given in its state, so
/// a timer that fires hours later (or after a restart) can still write a complete notice.
public struct BuildingInfo: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var address: String
    public var unitId: String
    public var unitName: String
    public var brigadeId: String
    public var departmentId: String

    public init(id: String, name: String, address: String, unitId: String, unitName: String,
                brigadeId: String, departmentId: String) {
        self.id = id
        self.name = name
        self.address = address
        self.unitId = unitId
        self.unitName = unitName
        self.brigadeId = brigadeId
        self.departmentId = departmentId
    }

    /// The registry id of the organisation that `party` means for this building.
    public func recipient(for party: Party) -> String {
        switch party {
        case .unit: unitId
        case .brigade: brigadeId
        case .department: departmentId
        }
    }
}
