import Alerting
import Foundation
import PanelProtocol
import Testing

/// operations.md §2.3 (correlation rules), policy-decisions §3–§5: corroboration sends every
/// party not yet told at once, and the pending timers then have nothing left to do.
@Suite("Corroboration (operations §2.3)")
struct CorroborationTests {
    /// Everyone told at once with `corroborated`; nothing more later.
    func expectAllToldAtOnce(_ s: inout Scenario, at t: Int64, unitFirst: Int64? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let first = unitFirst.map { ["unit:firstAlarm@\($0)"] } ?? ["unit:corroborated@\(t)"]
        #expect(s.timeline() == first + ["brigade:corroborated@\(t)", "department:corroborated@\(t)"], sourceLocation: sourceLocation)
        let before = s.notices.count
        s.run(until: t + 3600)
        #expect(s.notices.count == before, "the 60 s / 180 s timers send nothing after corroboration", sourceLocation: sourceLocation)
        #expect(s.openIncident?.confidence == 2, sourceLocation: sourceLocation)
    }

    @Test func aSecondDistinctDetectorWithin300sSkipsTheWait() throws {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.receive([Obj.fire(2)], at: 130)
        let evidence = try #require(s.notices(.brigade).first?.evidence.first)
        #expect(evidence.rule == .coincidence && evidence.points == ["gw-0001/1.1/42.1", "gw-0001/1.1/42.2"])
        #expect(s.notices(.department).first?.text.contains("印证") == true)
        expectAllToldAtOnce(&s, at: 130, unitFirst: 100)
    }

    @Test(arguments: [(gap: Int64(300), corroborated: true), (gap: 301, corroborated: false)])
    func theCoincidenceWindowIs300sInclusive(gap: Int64, corroborated: Bool) {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.receive([Obj.fire(2)], at: 100 + gap)
        #expect(s.changes.contains { $0.kind == .incidentCorroborated } == corroborated)
    }

    @Test func theSameDetectorAgainWithin60sOfItsRestoreIsADualKnock() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.receive([Obj.normal(1)], at: 105)
        s.receive([Obj.fire(1)], at: 130)
        #expect(s.notices(.brigade).first?.evidence.map(\.rule) == [.dualKnock])
        expectAllToldAtOnce(&s, at: 130, unitFirst: 100)
    }

    @Test(arguments: [(gap: Int64(60), corroborated: true), (gap: 61, corroborated: false)])
    func theDualKnockWindowIs60s(gap: Int64, corroborated: Bool) {
        var s = Scenario(policy: Scenario.policy { $0.fire.brigadeAfterSeconds = 600; $0.fire.departmentAfterSeconds = 900 })
        s.receive([Obj.fire(1)], at: 100)
        s.receive([Obj.normal(1)], at: 110)
        s.receive([Obj.fire(1)], at: 110 + gap)
        #expect(s.changes.contains { $0.kind == .incidentCorroborated } == corroborated)
    }

    @Test func theSameDetectorStillInAlarmAfterAPanelResetIsADualKnock() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.receive([Obj.facilityOperation(.reset)], at: 110)
        s.receive([Obj.fire(1)], at: 120)
        #expect(s.notices(.brigade).first?.evidence.map(\.rule) == [.dualKnock])
        expectAllToldAtOnce(&s, at: 120, unitFirst: 100)
    }

    @Test func aResetBitLeftSetInLaterStatusWordsIsOneReset() {
        var s = Scenario(policy: Scenario.policy { $0.fire.brigadeAfterSeconds = 3600; $0.fire.departmentAfterSeconds = 7200 })
        s.receive([Obj.systemStatus([.normal, .reset])], at: 50)
        s.receive([Obj.fire(1)], at: 100)
        s.receive([Obj.systemStatus([.normal, .reset])], at: 200)
        s.receive([Obj.fire(1)], at: 210)
        #expect(!s.changes.contains { $0.kind == .incidentCorroborated }, "a sticky bit 13 is not a new reset")
        s.receive([Obj.systemStatus([.normal])], at: 300)
        s.receive([Obj.systemStatus([.normal, .reset])], at: 400)
        s.receive([Obj.fire(1)], at: 430)
        #expect(s.changes.contains { $0.kind == .incidentCorroborated }, "bit 13 set anew is a reset")
    }

    @Test func aRepeatWithoutResetOrRestoreIsNotADualKnock() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.receive([Obj.fire(1)], at: 110)
        s.receive([Obj.fire(1)], at: 120)
        #expect(!s.changes.contains { $0.kind == .incidentCorroborated })
        #expect(s.openIncident?.points.values.first?.alarmCount == 3)
    }

    @Test(arguments: [ComponentType.manualCallPoint, .hydrantButton])
    func aManualCallPointOrHydrantButtonTellsEveryoneAtOnce(type: ComponentType) {
        var s = Scenario()
        s.receive([Obj.fire(9, type: type)], at: 100)
        #expect(s.notices.allSatisfy { $0.evidence.map(\.rule) == [.manualAlarm] })
        expectAllToldAtOnce(&s, at: 100)
    }

    @Test func theUITDsManualAlarmTellsEveryoneAtOnce() {
        var s = Scenario()
        s.receive([Obj.uitdOperation(.manualAlarm)], at: 100)
        expectAllToldAtOnce(&s, at: 100)
    }

    @Test func aManualAlarmOperationAtThePanelTellsEveryoneAtOnce() {
        var s = Scenario()
        s.receive([Obj.facilityOperation(.manualAlarm)], at: 100)
        expectAllToldAtOnce(&s, at: 100)
    }

    @Test func aManualAlarmOnAnOpenIncidentCorroboratesIt() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.receive([Obj.fire(2, type: .manualCallPoint)], at: 500)
        #expect(s.timeline() == ["unit:firstAlarm@100", "brigade:unconfirmedAfter60s@160", "department:unconfirmedAfter180s@280"],
                "everyone was told already: corroboration adds evidence, no duplicate notice")
        #expect(s.openIncident?.isCorroborated == true)
    }

    /// Each rule is shown once, by its first instance: later detectors join the incident's
    /// points, not its evidence (an alarm storm would otherwise carry one entry per point).
    @Test func evidenceKeepsTheFirstInstanceOfEachRule() throws {
        var s = Scenario()
        for (i, t) in [100, 110, 120, 130].enumerated() { s.receive([Obj.fire(UInt32(i + 1))], at: Int64(t)) }
        s.receive([Obj.fire(9, type: .manualCallPoint)], at: 140)
        let incident = try #require(s.openIncident)
        #expect(incident.points.count == 5)
        #expect(incident.evidence.map(\.rule) == [.coincidence, .manualAlarm])
        #expect(incident.evidence.first?.points == ["gw-0001/1.1/42.1", "gw-0001/1.1/42.2"])
    }

    /// The building row keeps the latest onset of a few points, not one per point: an alarm
    /// storm rewrote a row that grew with every alarm. Corroboration still finds another point.
    @Test func theBuildingRowDoesNotGrowWithEveryAlarmPoint() throws {
        var s = Scenario()
        var sizes: [Int] = []
        for i in 1...30 {
            s.receive([Obj.fire(UInt32(100 + i))], at: Int64(100 + i))
            sizes.append(try JSONEncoder().encode(try #require(s.state.buildingRecord("bldg-0001"))).count)
        }
        #expect(sizes[9] == sizes[29], "10 alarm points or 30: the same row")
        s.receive([Obj.fire(101)], at: 200)
        s.receive([Obj.normal(101)], at: 201)
        s.receive([Obj.fire(101)], at: 202)
        #expect(s.openIncident?.points.count == 30)
        #expect(s.openIncident?.evidence.map(\.rule) == [.coincidence, .dualKnock])
    }

    static let waterflowSignals: [(ComponentType, ComponentStatusFlags)] = [
        (.sprinklerPump, [.normal, .started]), (.sprinklerPump, [.normal, .feedback]),
        (.waterFlowIndicator, [.normal, .feedback]), (.alarmValve, [.normal, .started]),
        (.pressureSwitch, [.normal, .started]), (.pressureSwitch, [.normal, .feedback]),
    ]

    @Test(arguments: waterflowSignals)
    func waterflowAfterAFireAlarmCorroboratesIt(type: ComponentType, status: ComponentStatusFlags) {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.receive([Obj.component(50, status, type: type)], at: 140)
        #expect(s.notices(.brigade).first?.evidence.map(\.rule) == [.waterflow])
        expectAllToldAtOnce(&s, at: 140, unitFirst: 100)
    }

    @Test(arguments: waterflowSignals)
    func waterflowBeforeAFireAlarmCorroboratesIt(type: ComponentType, status: ComponentStatusFlags) {
        var s = Scenario()
        s.receive([Obj.component(50, status, type: type)], at: 100)
        #expect(s.notices.isEmpty && s.openIncident == nil, "waterflow alone opens nothing")
        s.receive([Obj.fire(1)], at: 350)
        expectAllToldAtOnce(&s, at: 350)
    }

    @Test func waterflowOutsideThe300sWindowDoesNotCorroborate() {
        var s = Scenario()
        s.receive([Obj.component(50, [.normal, .started], type: .sprinklerPump)], at: 100)
        s.receive([Obj.fire(1)], at: 401)
        #expect(s.openIncident?.isCorroborated == false)
    }

    @Test func aWaterFlowIndicatorInFireIsAFireAlarmAndADetectorCorroboratesIt() {
        var s = Scenario()
        s.receive([Obj.fire(50, type: .waterFlowIndicator)], at: 100)
        #expect(s.timeline() == ["unit:firstAlarm@100"], "a flow indicator's fire bit is a fire alarm, but one point is one point")
        s.receive([Obj.fire(1)], at: 120)
        expectAllToldAtOnce(&s, at: 120, unitFirst: 100)
    }

    @Test func aSystemFireBitIsNotASecondDetector() {
        var s = Scenario()
        s.receive([Obj.fire(1), Obj.systemStatus([.normal, .fire])], at: 100)
        s.receive([Obj.uitdStatus([.normal, .fire])], at: 101)
        #expect(s.openIncident?.isCorroborated == false)
        #expect(s.timeline() == ["unit:firstAlarm@100"])
    }

    @Test func aPointDeclaredFalseCorroboratesNothingLater() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.act(.confirm(.building("bldg-0001"), verdict: .falseAlarm(cause: .detectorContaminated), by: "op1"), at: 110)
        s.receive([Obj.normal(1)], at: 115)
        s.receive([Obj.fire(2)], at: 150)
        s.receive([Obj.fire(1)], at: 160)
        #expect(s.openIncident?.isCorroborated == false, "neither coincidence nor dual knock with a discredited point")
        #expect(s.openIncident?.points.count == 2, "but its alarm still joins the incident")
        s.run(until: 210)
        #expect(s.timeline() == ["unit:firstAlarm@100", "unit:confirmedFalse@110", "unit:firstAlarm@150",
                                 "brigade:unconfirmedAfter60s@210"])
    }

    @Test func differentBuildingsNeverCorroborateEachOther() {
        var s = Scenario(buildings: 2)
        s.receive([Obj.fire(1)], at: 100, gateway: "gw-1-1")
        s.receive([Obj.fire(1)], at: 110, gateway: "gw-2-1")
        #expect(s.state.incidents.count == 2)
        #expect(s.state.incidents.values.allSatisfy { !$0.isCorroborated })
    }
}
