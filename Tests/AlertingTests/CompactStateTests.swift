import Alerting
import Foundation
import Testing

/// The compact forms of a point's small maps and of a party set hold what the standard
/// collections held and encode exactly as they did, so state rows written by an earlier
/// release read back unchanged.
@Suite("Compact state values")
struct CompactStateTests {
    @Test func aSmallMapKeepsTheLastValueOfEachKeyAndForgetsRemovedOnes() {
        var m = SmallMap<Int, AlertingInstant>()
        m[7] = AlertingInstant(milliseconds: 7)
        m[1] = AlertingInstant(milliseconds: 1)
        m[7] = AlertingInstant(milliseconds: 70)
        m[3] = AlertingInstant(milliseconds: 3)
        m[3] = nil
        m[5] = nil
        #expect(m.keys == [1, 7])
        #expect(m[7] == AlertingInstant(milliseconds: 70) && m[3] == nil && m.count == 2)
        var other: SmallMap<Int, AlertingInstant> = [7: AlertingInstant(milliseconds: 70)]
        other[1] = AlertingInstant(milliseconds: 1)
        #expect(m == other, "the order of writes does not make two maps differ")
    }

    @Test func aSmallMapEncodesAsTheDictionaryItReplaced() throws {
        let dictionary: [Int: AlertingInstant] = [1: AlertingInstant(milliseconds: 1_000), 12: AlertingInstant(milliseconds: 5)]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let old = try encoder.encode(dictionary)
        let map = try JSONDecoder().decode(SmallMap<Int, AlertingInstant>.self, from: old)
        #expect(map.keys == [1, 12] && map[12] == AlertingInstant(milliseconds: 5))
        #expect(try encoder.encode(map) == old)

        let onsets: [String: [AlertingInstant]] = ["fault": [AlertingInstant(milliseconds: 1), AlertingInstant(milliseconds: 2)]]
        let oldOnsets = try encoder.encode(onsets)
        let onsetMap = try JSONDecoder().decode(SmallMap<String, [AlertingInstant]>.self, from: oldOnsets)
        #expect(onsetMap["fault"]?.count == 2 && onsetMap["disabled"] == nil)
        #expect(try encoder.encode(onsetMap) == oldOnsets)
    }

    @Test func aPartySetReadsWhatASetOfPartiesWrote() throws {
        let old = try JSONEncoder().encode(Set<Party>([.department, .unit]))
        let parties = try JSONDecoder().decode(PartySet.self, from: old)
        #expect(parties == [.unit, .department])
        #expect(parties.parties == [.unit, .department], "listed in ladder order")
        #expect(String(decoding: try JSONEncoder().encode(parties), as: UTF8.self) == #"["unit","department"]"#)
        #expect(try JSONDecoder().decode(PartySet.self, from: Data("[]".utf8)).isEmpty)
    }

    @Test func aPartySetInsertsAndRemovesOneParty() {
        var told: PartySet = []
        #expect(told.insert(.brigade).inserted)
        #expect(!told.insert(.brigade).inserted)
        #expect(told.contains(.brigade) && !told.contains(.unit))
        #expect(told.remove(.brigade) == .brigade && told.remove(.brigade) == nil && told.isEmpty)
        #expect(PartySet.all.parties == Party.allCases)
    }
}
