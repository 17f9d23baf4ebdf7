import Alerting
import PanelProtocol
import Testing

/// operations.md §2.4 (faults, shields, manual mode: the hazard ladder), policy-decisions §6–§8.
@Suite("Hazard register (operations §2.4)")
struct HazardRegisterTests {
    /// Raises a condition at 100 and checks every rung of its ladder, one second early and on time.
    func expectLadder(_ raise: [InformationObject], condition: HazardCondition, kind: NoticeKind,
                      unit: Int64, brigade: Int64?, department: Int64?, horizon: Int64 = 4 * .day,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        var s = Scenario()
        s.receive(raise, at: 100)
        var expected: [String] = []
        let rungs: [(Party, Int64?, String)] = [
            (.unit, unit, "opened"),
            (.brigade, brigade, brigade.map { "openFor\(Self.compact($0))" } ?? ""),
            (.department, department, department.map { "openFor\(Self.compact($0))" } ?? ""),
        ]
        for (party, rung, reason) in rungs {
            guard let rung else { continue }
            if rung > 0 {
                s.run(until: 100 + rung - 1)
                #expect(s.notices(party).isEmpty, "\(party) told before \(rung) s", sourceLocation: sourceLocation)
            }
            s.run(until: 100 + rung)
            expected.append("\(party.rawValue):\(reason)@\(100 + rung)")
            #expect(s.timeline() == expected, sourceLocation: sourceLocation)
        }
        s.run(until: horizon)
        #expect(s.timeline() == expected, "nothing beyond the ladder", sourceLocation: sourceLocation)
        #expect(s.state.hazards.values.map(\.condition) == [condition], sourceLocation: sourceLocation)
        #expect(s.notices.allSatisfy { $0.kind == kind && $0.hazard != nil && $0.incident == nil }, sourceLocation: sourceLocation)
    }

    static func compact(_ s: Int64) -> String { s % 3600 == 0 ? "\(s / 3600)h" : s % 60 == 0 ? "\(s / 60)m" : "\(s)s" }

    @Test func anOrdinaryDeviceFaultClimbsTo24hAnd72h() {
        expectLadder([Obj.component(5, [.normal, .fault])], condition: .deviceFault, kind: .fault,
                     unit: 0, brigade: .day, department: 3 * .day)
    }

    @Test func aComponentPowerFaultIsAnOrdinaryDeviceFault() {
        expectLadder([Obj.component(5, [.normal, .powerFault])], condition: .deviceFault, kind: .fault,
                     unit: 0, brigade: .day, department: 3 * .day)
    }

    static let systemLevel: [(String, [InformationObject], HazardCondition, NoticeKind)] = [
        ("bus fault", [Obj.systemStatus([.normal, .busFault])], .busFault, .fault),
        ("controller fault", [Obj.component(0, [.normal, .fault], type: .fireAlarmControlPanel)], .controllerFault, .fault),
        ("main and backup power", [Obj.systemStatus([.normal, .mainPowerFault, .backupPowerFault])], .powerLost, .powerFault),
        ("UITD main and backup power", [Obj.uitdStatus([.normal, .mainPowerFault, .backupPowerFault])], .powerLost, .powerFault),
        ("UITD channel fault", [Obj.uitdStatus([.normal, .channelFault])], .channelFault, .fault),
        ("UITD panel-link fault", [Obj.uitdStatus([.normal, .panelLinkFault])], .panelLinkFault, .fault),
    ]

    @Test(arguments: systemLevel)
    func aSystemLevelFaultClimbsTo4hAnd8h(name: String, raise: [InformationObject], condition: HazardCondition, kind: NoticeKind) {
        expectLadder(raise, condition: condition, kind: kind, unit: 0, brigade: 4 * .hour, department: 8 * .hour, horizon: 2 * .day)
    }

    @Test(arguments: [[Obj.systemStatus([.normal, .mainPowerFault])], [Obj.uitdStatus([.normal, .mainPowerFault])]])
    func mainPowerAloneIsDebounced15MinutesThenBrigadeAt24hNeverDepartment(raise: [InformationObject]) {
        expectLadder(raise, condition: .mainPowerFault, kind: .powerFault, unit: 15 * .minute, brigade: .day, department: nil,
                     horizon: 5 * .day)
    }

    @Test func aMainPowerFaultThatClearsWithinTheDebounceTellsNobody() {
        var s = Scenario()
        s.receive([Obj.systemStatus([.normal, .mainPowerFault])], at: 100)
        s.receive([Obj.systemStatus([.normal])], at: 100 + 14 * .minute)
        s.run(until: 2 * .day)
        #expect(s.notices.isEmpty)
        #expect(s.withheld.map(\.reason) == [.clearedWithinDebounce] && s.withheld.first?.final == true)
        #expect(s.state.hazards.isEmpty)
    }

    @Test func mainThenBackupFailingIsOneSystemLevelHazardAndMainKeepsItsOnset() {
        var s = Scenario()
        s.receive([Obj.systemStatus([.normal, .mainPowerFault])], at: 100)
        s.receive([Obj.systemStatus([.normal, .mainPowerFault, .backupPowerFault])], at: 200)
        #expect(s.state.hazards.values.map(\.condition) == [.powerLost])
        #expect(s.timeline() == ["unit:opened@200"], "the main-power hazard was still inside its debounce")
        s.receive([Obj.systemStatus([.normal, .mainPowerFault])], at: 1200)
        #expect(s.state.hazards.values.map(\.condition) == [.mainPowerFault])
        #expect(s.state.hazards.values.first?.onset == s.t(100), "main power has been off since 100")
        #expect(s.timeline() == ["unit:opened@200", "unit:rectified@1200", "unit:opened@1200"],
                "debounce from the onset at 100 had passed: the unit hears of main power at once")
        #expect(s.notices.first?.severity == .major)
    }

    @Test func backupPowerAloneClimbsLikeADeviceFault() {
        expectLadder([Obj.systemStatus([.normal, .backupPowerFault])], condition: .backupPowerFault, kind: .powerFault,
                     unit: 0, brigade: .day, department: 3 * .day)
    }

    @Test(arguments: [[Obj.component(5, [.normal, .disabled])], [Obj.systemStatus([.normal, .disabled])]])
    func aDisabledPointClimbsTo24hAnd72h(raise: [InformationObject]) {
        expectLadder(raise, condition: .disabled, kind: .disabled, unit: 0, brigade: .day, department: 3 * .day)
    }

    @Test func manualModeClimbsTo8hAnd24h() {
        expectLadder([Obj.systemStatus([.normal, .manualMode])], condition: .manualMode, kind: .manualMode,
                     unit: 0, brigade: 8 * .hour, department: .day, horizon: 3 * .day)
    }

    @Test func aFaultThatClearsIn30sProducesNoBrigadeNoticeAndClosesAsTransient() {
        var s = Scenario()
        s.receive([Obj.component(5, [.normal, .fault])], at: 100)
        s.receive([Obj.component(5, [.normal])], at: 130)
        s.run(until: 3 * .day + 200)
        #expect(s.timeline() == ["unit:opened@100", "unit:rectified@130"])
        #expect(s.changes.last { $0.kind == .hazardClosed }?.reason == .transient)
        #expect(s.state.hazards.isEmpty)
    }

    @Test func theRectifiedNoticeGoesToEveryoneWhoWasTold() {
        var s = Scenario()
        s.receive([Obj.component(5, [.normal, .fault])], at: 100)
        s.run(until: 100 + .day + 50)
        s.receive([Obj.component(5, [.normal])], at: 100 + .day + 100)
        #expect(s.timeline() == ["unit:opened@100", "brigade:openFor24h@86500", "unit:rectified@86600", "brigade:rectified@86600"])
        #expect(s.notices.suffix(2).allSatisfy { $0.severity == .info && $0.text.contains("销号") })
        s.run(until: 4 * .day)
        #expect(s.notices.count == 4)
    }

    @Test func aHazardIsOpenedOncePerPointAndRepeatsAreCounted() {
        var s = Scenario()
        for i in 0..<10 { s.receive([Obj.component(5, [.normal, .fault])], at: 100 + Int64(i) * 5) }
        #expect(s.state.hazards.count == 1)
        #expect(s.state.hazards.values.first?.repeatCount == 9)
        #expect(s.notices.count == 1)
    }

    @Test func aPointWithTwoConditionsHasTwoHazards() {
        var s = Scenario()
        s.receive([Obj.component(5, [.normal, .fault, .disabled])], at: 100)
        #expect(Set(s.state.hazards.values.map(\.condition)) == [.deviceFault, .disabled])
        s.receive([Obj.component(5, [.normal, .disabled])], at: 200)
        #expect(s.state.hazards.values.map(\.condition) == [.disabled])
    }

    @Test func aChatteringPointBecomesOneHazardWithACountAndOneNotice() throws {
        var s = Scenario()
        // fault, clear, fault, clear, fault… every minute for 10 minutes
        for i in 0..<10 {
            s.receive([Obj.component(5, i % 2 == 0 ? [.normal, .fault] : [.normal])], at: 100 + Int64(i) * 60)
        }
        #expect(s.timeline() == ["unit:opened@100", "unit:rectified@160", "unit:opened@220", "unit:rectified@280",
                                 "unit:chattering@340"])
        let h = try #require(s.state.hazards.values.first)
        #expect(h.chattering && h.onsetCount == 5 && !h.active)
        #expect(s.notices.last?.text.contains("反复出现") == true)
        // it settles once fewer than 3 onsets in 10 min and fewer than 5 in 24 h remain
        s.run(until: 100 + .day + 1000)
        #expect(s.state.hazards.isEmpty)
        #expect(s.timeline().last == "unit:rectified@86500", "24 h after the first of the last five onsets")
        #expect(s.changes.last { $0.kind == .hazardClosed }?.reason == .chatterSettled)
    }

    @Test func fiveOnsetsInADayAlsoMakeAPointChatter() {
        var s = Scenario()
        for i in 0..<5 {
            let t = 100 + Int64(i) * 2 * .hour
            s.receive([Obj.component(5, [.normal, .fault])], at: t)
            s.receive([Obj.component(5, [.normal])], at: t + 600)
        }
        #expect(s.notices.filter { $0.reason == .opened }.count == 4)
        #expect(s.notices.filter { $0.reason == .chattering }.count == 1)
    }

    @Test func aChatteringPointThatKeepsFlappingReachesTheBrigadeAfter24h() {
        var s = Scenario()
        for i in 0..<60 {
            let t = 100 + Int64(i) * 30 * .minute
            s.receive([Obj.component(5, [.normal, .fault])], at: t)
            s.receive([Obj.component(5, [.normal])], at: t + 60)
        }
        let chatterOnset = 100 + 4 * 30 * Int64.minute
        #expect(s.notices(.brigade).map { "\($0.reason.rawValue)@\(s.second(of: $0))" } == ["openFor24h@\(chatterOnset + .day)"])
        #expect(s.notices(.unit).filter { $0.reason == .chattering }.count == 1)
        #expect(s.notices.count == 8 + 1 + 1, "four opened/rectified pairs, one chattering, one brigade: \(s.timeline())")
    }

    @Test func everyFireNoticeListsTheBuildingsOpenHazards() throws {
        var s = Scenario()
        s.receive([Obj.component(5, [.normal, .fault])], at: 100)
        s.receive([Obj.component(6, [.normal, .disabled])], at: 110)
        s.receive([Obj.fire(1)], at: 200)
        s.run(until: 380)
        let fire = s.notices(kind: .fireAlarm)
        #expect(fire.count == 3)
        let ids = s.state.openHazards(inBuilding: "bldg-0001").map(\.id)
        #expect(ids.count == 2)
        for n in fire {
            #expect(n.openHazards == ids)
            #expect(n.text.contains("未销号隐患2项") && n.text.contains("屏蔽"))
        }
    }

    @Test func anOperatorCanRectifyAndThePanelCanReopen() throws {
        var s = Scenario()
        s.receive([Obj.component(5, [.normal, .fault])], at: 100)
        let id = try #require(s.state.hazards.keys.first)
        s.act(.rectify(hazard: id, by: "op3"), at: 200)
        #expect(s.timeline() == ["unit:opened@100", "unit:rectifiedByOperator@200"])
        #expect(s.notices.last?.text.contains("op3") == true)
        s.receive([Obj.component(5, [.normal, .fault])], at: 300)
        #expect(s.state.hazards.count == 1 && s.state.hazards.keys.first != id, "the panel still says fault: a new hazard")
        s.act(.rectify(hazard: "hazard-999", by: "op3"), at: 310)
        #expect(s.rejections.map(\.reason) == [.unknownHazard])
    }
}
