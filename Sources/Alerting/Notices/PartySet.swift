/// A set of parties in one byte: who was told about an incident or hazard, which rungs are done.
///
/// Each open hazard and incident carries three of these. As `Set<Party>` each non-empty one was a
/// heap allocation of its own, and an alarm storm leaves tens of thousands of hazards open; as
/// bits it is stored inline. Encoded exactly as `Set<Party>` was (an array of names), so stored
/// rows read back unchanged.
public struct PartySet: OptionSet, Hashable, Sendable, Codable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public init(_ party: Party) { self.rawValue = 1 << UInt8(party.order) }

    public init(parties: [Party]) {
        self.init(rawValue: parties.reduce(0) { $0 | PartySet($1).rawValue })
    }

    public static let unit = PartySet(Party.unit)
    public static let brigade = PartySet(Party.brigade)
    public static let department = PartySet(Party.department)
    public static let all: PartySet = [.unit, .brigade, .department]

    /// Members in ladder order: unit, brigade, department.
    public var parties: [Party] { Party.allCases.filter { contains(PartySet($0)) } }

    public func contains(_ party: Party) -> Bool { contains(PartySet(party)) }

    @discardableResult
    public mutating func insert(_ party: Party) -> (inserted: Bool, memberAfterInsert: Party) {
        let inserted = !contains(party)
        formUnion(PartySet(party))
        return (inserted, party)
    }

    @discardableResult
    public mutating func remove(_ party: Party) -> Party? {
        guard contains(party) else { return nil }
        subtract(PartySet(party))
        return party
    }

    public init(from decoder: any Decoder) throws {
        self.init(parties: try decoder.singleValueContainer().decode([Party].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(parties)
    }
}
