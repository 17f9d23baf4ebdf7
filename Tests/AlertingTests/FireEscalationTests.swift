import Alerting
import PanelProtocol
import Testing

/// operations.md §2.2 (fire alarm handling and escalation timers), policy-decisions §2, §4.
@Suite("Fire escalation (operations §2.2)")
struct FireEscalationTests {
    @Test func unconfirmedFireReachesTheBrigadeAtExactly60sAndNotAt59s() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        #expect(s.timeline() == ["unit:firstAlarm@100"])
        s.run(until: 159)
        #expect(s.notices(.brigade).isEmpty)
        s.run(until: 160)
        #expect(s.timeline() == ["unit:firstAlarm@100", "brigade:unconfirmedAfter60s@160"])
        #expect(s.notices(.brigade).first?.createdAt == s.t(160))
    }

    @Test func unconfirmedFireReachesTheDepartmentAtExactly180sAndNotAt179s() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.run(until: 279)
        #expect(s.notices(.department).isEmpty)
        s.run(until: 280)
        #expect(s.timeline() == ["unit:firstAlarm@100", "brigade:unconfirmedAfter60s@160", "department:unconfirmedAfter180s@280"])
        s.run(until: 100 + .day)
        #expect(s.notices.count == 3, "nothing more while it stays unconfirmed")
        #expect(s.openIncident != nil, "an unconfirmed incident never closes by itself")
    }

    @Test func unconfirmedNoticesCarryWhatTheReaderNeeds() throws {
        var s = Scenario()
        s.receive([Obj.component(7, [.normal, .fire], description: "三层东侧走廊")], at: 100)
        s.run(until: 280)
        let unit = try #require(s.notices(.unit).first)
        #expect(unit.kind == .fireAlarm && unit.severity == .critical && unit.confidence == 1)
        #expect(unit.recipient == "unit-0001" && unit.building == "bldg-0001" && unit.unit == "unit-0001")
        #expect(unit.incident == s.openIncident?.id && unit.hazard == nil)
        #expect(unit.policyVersion == "test-1")
        #expect(unit.topicSuffix == "notices/unit/unit-0001")
        for text in ["【火警】", "测试大厦1号楼", "某市某区某路1号", "三层东侧走廊", "2026-11-23 08:01:40", "60秒"] {
            #expect(unit.text.contains(text), "unit text lacks \(text): \(unit.text)")
        }
        let brigade = try #require(s.notices(.brigade).first)
        #expect(brigade.recipient == "brig-01" && brigade.text.contains("未确认"))
        let department = try #require(s.notices(.department).first)
        #expect(department.recipient == "dept-01" && department.text.contains("180秒内仍未确认"))
    }

    @Test func departmentForwardingOffKeepsUnconfirmedFiresFromTheDepartment() {
        var s = Scenario(policy: Scenario.policy { $0.fire.departmentEnabled = false })
        s.receive([Obj.fire(1)], at: 100)
        s.run(until: 1000)
        #expect(s.timeline() == ["unit:firstAlarm@100", "brigade:unconfirmedAfter60s@160"])
        let held = s.withheld.filter { $0.party == .department }
        #expect(held.map(\.reason) == [.departmentForwardingOff] && held.first?.final == true)
        #expect(held.first?.at == s.t(280))
        s.act(.confirm(.building("bldg-0001"), verdict: .real(peopleAtRisk: false), by: "op1"), at: 1010)
        #expect(s.notices(.department).map(\.reason) == [.confirmedReal], "a real verdict still reaches the department")
    }

    @Test(arguments: [(brigade: 90, department: 300), (brigade: 30, department: 120)])
    func timersFollowThePolicy(brigade: Int, department: Int) {
        var s = Scenario(policy: Scenario.policy {
            $0.fire.brigadeAfterSeconds = brigade
            $0.fire.departmentAfterSeconds = department
        })
        s.receive([Obj.fire(1)], at: 100)
        s.run(until: 100 + Int64(department) - 1)
        #expect(s.timeline() == ["unit:firstAlarm@100", "brigade:unconfirmedAfter\(brigade)s@\(100 + brigade)"])
        s.run(until: 100 + Int64(department))
        #expect(s.timeline().last == "department:unconfirmedAfter\(department)s@\(100 + department)")
    }

    @Test func confirmedRealAt30sTellsDepartmentAndBrigadeAtOnceAndNoTimerFollows() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.act(.confirm(.building("bldg-0001"), verdict: .real(peopleAtRisk: false), by: "op1"), at: 130)
        #expect(s.timeline() == ["unit:firstAlarm@100", "unit:confirmedReal@130", "brigade:confirmedReal@130",
                                 "department:confirmedReal@130"])
        #expect(s.notices(kind: .fireConfirmed).count == 3)
        #expect(s.notices(kind: .fireConfirmed).allSatisfy { $0.confidence == 3 && $0.severity == .critical })
        s.run(until: 1000)
        #expect(s.notices.count == 4, "no unconfirmed… notice after a verdict")
        #expect(!s.notices.contains { $0.reason.rawValue.hasPrefix("unconfirmed") })
    }

    @Test func confirmedRealWithPeopleAtRiskHasConfidenceFour() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.act(.confirm(.building("bldg-0001"), verdict: .real(peopleAtRisk: true), by: "op1"), at: 110)
        #expect(s.notices(kind: .fireConfirmed).allSatisfy { $0.confidence == 4 && $0.text.contains("人员") })
    }

    @Test func confirmedRealAfterTheBrigadeTimerStopsTheDepartmentTimer() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.act(.confirm(.building("bldg-0001"), verdict: .real(peopleAtRisk: false), by: "op1"), at: 190)
        s.run(until: 1000)
        #expect(s.timeline() == ["unit:firstAlarm@100", "brigade:unconfirmedAfter60s@160", "unit:confirmedReal@190",
                                 "brigade:confirmedReal@190", "department:confirmedReal@190"])
    }

    @Test func acknowledgeRecordsTheOperatorAndStopsNothing() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.act(.acknowledge(.building("bldg-0001"), by: "op7"), at: 110)
        #expect(s.openIncident?.acknowledgedBy == "op7")
        s.run(until: 280)
        #expect(s.timeline() == ["unit:firstAlarm@100", "brigade:unconfirmedAfter60s@160", "department:unconfirmedAfter180s@280"])
        #expect(s.changes.contains { $0.kind == .incidentAcknowledged && $0.reason == .acknowledged })
    }

    @Test func falseAlarmClosesAtOnceWithItsCauseAndTellsEveryoneWhoWasTold() throws {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        let id = try #require(s.openIncident?.id)
        s.act(.confirm(.id(id), verdict: .falseAlarm(cause: .cookingOrSmoking), by: "op1"), at: 170)
        #expect(s.timeline() == ["unit:firstAlarm@100", "brigade:unconfirmedAfter60s@160", "unit:confirmedFalse@170",
                                 "brigade:confirmedFalse@170"])
        #expect(s.notices(kind: .falseAlarm).allSatisfy { $0.cause == .cookingOrSmoking && $0.text.contains("油烟/吸烟") })
        #expect(s.openIncident == nil)
        #expect(s.changes.last { $0.subject == id }?.reason == .confirmedFalse)
        #expect(s.state.falseAlarmCount(building: "bldg-0001", within: 86_400, at: s.now) == 1)
        s.run(until: 1000)
        #expect(s.notices.count == 4, "the department is never told about a false alarm it never heard of")
    }

    @Test func theSixthFalseAlarmOfADayTellsUnitAndBrigadeToAgreeAHandlingMethod() {
        var s = Scenario()
        for i in 0..<7 {
            let t = Int64(i) * 3600 + 100
            s.receive([Obj.fire(UInt32(i + 1))], at: t)
            s.act(.confirm(.building("bldg-0001"), verdict: .falseAlarm(cause: .detectorContaminated), by: "op1"), at: t + 10)
            s.receive([Obj.normal(UInt32(i + 1))], at: t + 20)
            let rate = s.notices(kind: .falseAlarmRate)
            if i < 5 {
                #expect(rate.isEmpty, "\(i + 1) false alarms are not more than 5")
            } else {
                #expect(rate.map(\.party) == [.unit, .brigade], "the 6th tells unit and brigade, once a day")
            }
        }
        let rate = s.notices(kind: .falseAlarmRate)
        #expect(rate.allSatisfy { $0.reason == .falseAlarmRateExceeded && $0.text.contains("6次") })
        #expect(s.second(of: rate[0]) == 5 * 3600 + 110)
    }

    @Test func restoreAndPanelResetNeverCloseAnUnconfirmedIncident() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.receive([Obj.normal(1)], at: 110)
        s.receive([Obj.facilityOperation(.reset)], at: 120)
        s.receive([Obj.systemStatus([.normal, .reset])], at: 125)
        s.run(until: 100 + 2 * .day)
        #expect(s.openIncident != nil)
        #expect(s.timeline() == ["unit:firstAlarm@100", "brigade:unconfirmedAfter60s@160", "department:unconfirmedAfter180s@280"])
        #expect(s.changes.contains { $0.kind == .incidentPointRestored && $0.reason == .restoreDoesNotClose })
        #expect(s.changes.contains { $0.kind == .incidentPanelReset && $0.reason == .panelResetDoesNotClose })
    }

    @Test func aRealIncidentClosesItselfTenMinutesAfterEveryFirePointRestored() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.receive([Obj.fire(2)], at: 500)
        s.act(.confirm(.building("bldg-0001"), verdict: .real(peopleAtRisk: false), by: "op1"), at: 510)
        s.receive([Obj.normal(1)], at: 600)
        s.run(until: 2000)
        #expect(s.openIncident != nil, "one point still burns")
        s.receive([Obj.normal(2)], at: 2000)
        s.run(until: 2599)
        #expect(s.openIncident != nil)
        s.run(until: 2600)
        #expect(s.openIncident == nil)
        #expect(s.changes.last { $0.kind == .incidentClosed }?.reason == .allPointsRestored)
    }

    @Test func aReAlarmDuringTheCloseCountdownKeepsARealIncidentOpen() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.act(.confirm(.building("bldg-0001"), verdict: .real(peopleAtRisk: false), by: "op1"), at: 110)
        s.receive([Obj.normal(1)], at: 200)
        s.receive([Obj.fire(1)], at: 500)
        s.run(until: 1500)
        #expect(s.openIncident != nil)
        s.act(.close(.building("bldg-0001"), by: "op1"), at: 1600)
        #expect(s.openIncident == nil)
        #expect(s.changes.last?.reason == .closedByOperator)
    }

    @Test func closingAnUnconfirmedIncidentNeedsAVerdict() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.act(.close(.building("bldg-0001"), by: "op1"), at: 110)
        #expect(s.rejections.map(\.reason) == [.verdictRequired])
        #expect(s.openIncident != nil)
        s.act(.confirm(.id("fire-999"), verdict: .real(peopleAtRisk: false), by: "op1"), at: 120)
        #expect(s.rejections.map(\.reason) == [.verdictRequired, .unknownIncident])
    }

    @Test func oneIncidentPerBuildingLaterAlarmsJoinIt() throws {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.receive([Obj.fire(2)], at: 500)
        let inc = try #require(s.openIncident)
        #expect(s.state.incidents.count == 1 && inc.points.count == 2)
        #expect(!inc.isCorroborated, "400 s apart is outside the coincidence window")
        #expect(s.notices(.unit).count == 1, "the unit is told once per state")
    }

    @Test func anAlarmAfterACloseOpensANewIncident() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.act(.confirm(.building("bldg-0001"), verdict: .falseAlarm(cause: .steamOrDust), by: "op1"), at: 110)
        s.receive([Obj.normal(1)], at: 120)
        s.receive([Obj.fire(2)], at: 1000)
        #expect(s.state.incidents.count == 1)
        #expect(s.changes.filter { $0.kind == .incidentOpened }.count == 2)
        #expect(s.timeline().last == "unit:firstAlarm@1000")
    }

    @Test func aFireSentWithBit0ClearStillEscalates() {
        var s = Scenario()
        s.receive([Obj.component(1, [.fire])], at: 100)
        s.run(until: 280)
        #expect(s.timeline() == ["unit:firstAlarm@100", "brigade:unconfirmedAfter60s@160", "department:unconfirmedAfter180s@280"])
        #expect(s.notices.allSatisfy { !$0.testMode })
    }
}
