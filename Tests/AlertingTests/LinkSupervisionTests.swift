import Alerting
import PanelProtocol
import Testing

/// operations.md §2.5 (link supervision), policy-decisions §6, §9.
@Suite("Link supervision and mass outage (operations §2.5)")
struct LinkSupervisionTests {
    @Test func aLinkIsLostAfterThreeMissedHeartbeatsThenClimbsTo1hAnd24h() {
        var s = Scenario(heartbeats: false)      // last frame at 0
        s.run(until: 179)
        #expect(s.notices.isEmpty)
        s.run(until: 180)
        #expect(s.timeline() == ["unit:opened@180"])
        #expect(s.notices.first?.kind == .linkLost && s.notices.first?.text.contains("通信中断") == true)
        s.run(until: 3599)
        #expect(s.notices.count == 1)
        s.run(until: 3600)
        #expect(s.timeline().last == "brigade:openFor1h@3600", "measured from the last frame (policy §6)")
        s.run(until: .day)
        #expect(s.timeline() == ["unit:opened@180", "brigade:openFor1h@3600", "department:openFor24h@86400"])
    }

    @Test func aSupervisedGatewayThatKeepsTalkingIsNeverLost() {
        var s = Scenario()
        s.run(until: 2 * .day)
        #expect(s.notices.isEmpty && s.state.hazards.isEmpty)
    }

    @Test func trafficAgainClosesTheLinkHazardWithLinkRestoredToEveryoneTold() {
        var s = Scenario(heartbeats: false)
        s.run(until: 4000)
        s.receive([], at: 4100)
        #expect(s.timeline() == ["unit:opened@180", "brigade:openFor1h@3600", "unit:rectified@4100", "brigade:rectified@4100"])
        #expect(s.notices.suffix(2).allSatisfy { $0.kind == .linkRestored })
        #expect(s.state.hazards.isEmpty)
        s.run(until: 4100 + 179)
        #expect(s.notices.count == 4)
        s.run(until: 4100 + 180)
        #expect(s.notices.count == 5, "supervision goes on: silent again → lost again")
    }

    @Test func aFlappingLinkBecomesOneChatteringHazard() {
        var s = Scenario(heartbeats: false)
        for k in 0..<6 { s.receive([], at: 200 * Int64(k + 1)) }     // silent 200 s at a time: lost at 180, back at 200
        #expect(s.timeline() == ["unit:opened@180", "unit:rectified@200", "unit:opened@380", "unit:rectified@400",
                                 "unit:chattering@580"])
        #expect(s.state.hazards.values.first?.onsetCount == 6 && s.state.hazards.values.first?.chattering == true)
        s.beating = ["gw-0001"]
        s.run(until: 2 * .day)
        #expect(s.timeline().last == "unit:rectified@\(380 + .day)", "settles 24 h after the first of the last five losses")
        #expect(s.state.hazards.isEmpty)
    }

    @Test func aGatewaysOwnHeartbeatIntervalIsRespected() {
        var s = Scenario(heartbeats: false)
        s.gateways["gw-0001"]!.heartbeatSeconds = 300
        s.step(.registry(Array(s.gateways.values)))
        s.run(until: 899)
        #expect(s.notices.isEmpty)
        s.run(until: 900)
        #expect(s.timeline() == ["unit:opened@900"])
    }

    @Test func aLostLinkInABuildingWithAnOpenFireGoesToBrigadeAndDepartmentAtOnce() {
        var s = Scenario(gatewaysPerBuilding: 2)
        s.beating = ["gw-1-1"]                   // gw-1-2 falls silent after its frame at 0
        s.receive([Obj.fire(1)], at: 100, gateway: "gw-1-1")
        s.act(.confirm(.building("bldg-0001"), verdict: .real(peopleAtRisk: false), by: "op"), at: 110)
        s.run(until: 180)
        #expect(s.timeline(kind: .linkLost) == ["unit:opened@180", "brigade:fireIncidentOpen@180", "department:fireIncidentOpen@180"])
        #expect(s.notices(kind: .linkLost).last?.text.contains("火警期间") == true)
    }

    @Test func aFireInABuildingWhoseOtherLinkIsLostEscalatesThatLinkAtOnce() {
        var s = Scenario(gatewaysPerBuilding: 2)
        s.beating = ["gw-1-1"]
        s.run(until: 300)
        #expect(s.timeline(kind: .linkLost) == ["unit:opened@180"])
        s.receive([Obj.fire(1)], at: 400, gateway: "gw-1-1")
        #expect(s.timeline(kind: .linkLost) == ["unit:opened@180", "brigade:fireIncidentOpen@400", "department:fireIncidentOpen@400"])
    }

    /// `count` buildings with one gateway each, all beating until 1000; then `silent` of them stop,
    /// one every 5 s.
    func outage(count: Int, silent: Int, policy: EscalationPolicy = Scenario.policy()) -> Scenario {
        var s = Scenario(policy: policy, buildings: count)
        s.run(until: 1000)
        let ids = s.gateways.keys.sorted()
        for (i, g) in ids.prefix(silent).enumerated() {
            s.beating.remove(g)
            s.receive([], at: 1000 + Int64(i) * 5, gateway: g)
        }
        return s
    }

    @Test func tenGatewaysSilentWithin2MinutesAreOneCentreLevelOutageAndLinkNoticesWaitAnHour() throws {
        var s = outage(count: 12, silent: 10)
        s.run(until: 1300)
        let opened = s.changes.filter { $0.kind == .outageOpened }
        #expect(opened.count == 1)
        #expect(s.notices.isEmpty, "no per-building notice during the first hour: \(s.timeline())")
        #expect(s.state.hazards.count == 10 && s.state.hazards.values.allSatisfy { $0.outage == s.state.outage?.id })
        #expect(s.withheld.allSatisfy { $0.reason == .massOutageHold })
        let openedAt = try #require(s.state.outage?.openedAt).milliseconds(since: Scenario.start) / 1000
        s.run(until: openedAt + 3599)
        #expect(s.notices.isEmpty)
        s.run(until: openedAt + 3600)
        #expect(s.notices(.unit, kind: .linkLost).count == 10)
        #expect(s.notices(.brigade, kind: .linkLost).count == 10, "lost for over an hour by then")
    }

    @Test func nineSilentGatewaysAreNineSeparateLinkHazards() {
        var s = outage(count: 12, silent: 9)
        s.run(until: 1300)
        #expect(s.state.outage == nil)
        #expect(s.notices(.unit, kind: .linkLost).count == 9)
    }

    @Test(arguments: [(silent: 12, outage: true), (silent: 11, outage: false)])
    func twentyPercentOfARegistryOf50OrMoreIsAnOutage(silent: Int, outage expected: Bool) {
        let s0 = Scenario.policy { $0.massOutage.minGateways = 1000 }
        var s = outage(count: 60, silent: silent, policy: s0)
        s.run(until: 1300)
        #expect((s.state.outage != nil) == expected)
    }

    @Test func gatewaysBackWithinTheHoldWereNeverNoticedAndTheOutageCloses() {
        var s = outage(count: 12, silent: 10)
        s.run(until: 2000)
        for g in s.gateways.keys.sorted() { s.beating.insert(g) }
        s.run(until: 2100)
        #expect(s.state.outage == nil)
        #expect(s.changes.filter { $0.kind == .outageClosed }.count == 1)
        s.run(until: 3 * .hour)
        #expect(s.notices.isEmpty, "nobody was told, nothing to rectify")
        #expect(s.withheld.filter { $0.final }.count == 10)
    }

    @Test func theCentresOwnDowntimeIsNotBlamedOnTheGateways() {
        var s = Scenario(buildings: 3)
        s.run(until: 500)
        s.skipWithoutTicking(to: 2000)           // the daemon was down
        s.step(.centreResumed)
        s.run(until: 2100)                        // gateways reconnect and talk again
        #expect(s.notices.isEmpty && s.state.hazards.isEmpty)
    }

    @Test func withoutResumingADownCentreWouldSeeEveryGatewayLost() {
        var s = Scenario(buildings: 3)
        s.run(until: 500)
        s.skipWithoutTicking(to: 2000)
        s.step(.tick)
        #expect(s.notices(kind: .linkLost).count == 3)
    }

    @Test func aGatewayNeverHeardIsNotSupervised() {
        var s = Scenario(heartbeats: false)
        s.gateways["gw-new"] = GatewayContext(gatewayId: "gw-new", building: s.buildings["bldg-0001"]!)
        s.step(.registry(Array(s.gateways.values)))
        s.beating = ["gw-0001"]
        s.run(until: .day)
        #expect(s.notices.isEmpty)
    }

    @Test func aGatewayLeavingTheRegistryStopsBeingSupervised() {
        var s = Scenario(buildings: 2, heartbeats: false)
        s.run(until: 200)
        #expect(s.state.hazards.count == 2)
        s.step(.registry([s.gateways["gw-1-1"]!]))
        #expect(s.state.hazards.count == 1 && s.state.gateways.count == 1 && s.state.registrySize == 1)
        #expect(s.changes.contains { $0.kind == .gatewayRemoved && $0.subject == "gw-2-1" })
    }
}

/// 查岗 (C4, G6, K9) and the clock check (operations §2.5).
@Suite("Patrol (查岗) and clock sync")
struct PatrolAndClockTests {
    static let patrolOn = Scenario.policy { $0.patrol.enabled = true }

    /// Runs minute by minute until the first 查岗 goes out; returns its second.
    func untilFirstPatrol(_ s: inout Scenario) -> Int64 {
        while s.commands.isEmpty, s.clock < 3 * .hour { s.run(until: s.clock + 60) }
        return s.commands.first!.at.milliseconds(since: Scenario.start) / 1000
    }

    @Test func eachGatewayIsPatrolledOnAStaggeredScheduleEveryTwoHoursAtMost() throws {
        var s = Scenario(policy: Self.patrolOn, buildings: 3)
        s.run(until: 6 * .hour + 10)
        for g in s.gateways.keys {
            let sent = s.commands.filter { $0.gateway == g }
            #expect(sent.count == 3, "\(g): \(sent.count) patrols in 6 h")
            let times = sent.map { $0.at.milliseconds(since: Scenario.start) / 1000 }
            #expect(times.first! < 2 * .hour)
            #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 == 2 * .hour })
            #expect(sent.allSatisfy { $0.kind == .patrol(replyTimeoutMinutes: 10) && $0.reason == .patrolDue })
        }
        let firsts = Set(s.commands.map { $0.at })
        #expect(firsts.count > 3, "not all gateways in the same second")
    }

    @Test func anAnsweredPatrolRaisesNothing() throws {
        var s = Scenario(policy: Self.patrolOn)
        let sent = untilFirstPatrol(&s)
        s.receive([Obj.uitdOperation(.patrolReply)], at: sent + 120)
        s.run(until: sent + 2 * .hour - 1)
        #expect(s.notices.isEmpty && s.state.hazards.isEmpty)
        #expect(s.changes.contains { $0.kind == .patrolAnswered })
    }

    @Test func anUnansweredPatrolIsAHazardUntilTheNextAnswer() throws {
        var s = Scenario(policy: Self.patrolOn)
        let sent = untilFirstPatrol(&s)
        s.run(until: sent + 599)
        #expect(s.notices.isEmpty)
        s.run(until: sent + 600)
        #expect(s.timeline() == ["unit:opened@\(sent + 600)"])
        #expect(s.notices.first?.kind == .patrolUnanswered && s.notices.first?.text.contains("查岗") == true)
        s.run(until: sent + 2 * .hour + 60)     // the next patrol goes out too
        #expect(s.commands.count == 2)
        s.receive([Obj.uitdOperation(.patrolReply)], at: sent + 2 * .hour + 120)
        #expect(s.timeline() == ["unit:opened@\(sent + 600)", "unit:rectified@\(sent + 2 * .hour + 120)"])
    }

    @Test func aControlRoomUnattendedForTwoHoursIsToldToTheBrigade() throws {
        var s = Scenario(policy: Self.patrolOn)
        let sent = untilFirstPatrol(&s)
        s.run(until: sent + 600 + 2 * .hour)
        #expect(s.timeline() == ["unit:opened@\(sent + 600)", "brigade:openFor2h@\(sent + 600 + 2 * .hour)"])
        #expect(s.state.hazards.values.first?.onsetCount == 2, "the second patrol was not answered either")
    }

    @Test func noPatrolGoesToAGatewayWhoseLinkIsLost() {
        var s = Scenario(policy: Self.patrolOn, heartbeats: false)
        s.run(until: 6 * .hour)
        #expect(s.commands.isEmpty || s.commands.allSatisfy { $0.at < s.t(180) })
    }

    @Test(arguments: [(offset: 61, sync: true), (offset: -61, sync: true), (offset: 60, sync: false), (offset: -30, sync: false)])
    func aDeviceClockOffByMoreThan60sGetsAClockSync(offset: Int, sync: Bool) throws {
        var s = Scenario()
        s.receive([], at: 100, deviceClockOffset: offset)
        #expect(s.commands.contains { $0.kind == .synchronizeClock } == sync)
        if sync {
            let c = try #require(s.commands.first)
            #expect(c.reason == .clockSkew && c.gateway == "gw-0001")
            let object = c.informationObject(sendTime: s.t(100), utcOffsetSeconds: 28_800)
            #expect(object == .synchronizeClock(DeviceTime(year: 2026, month: 11, day: 23, hour: 8, minute: 1, second: 40)))
            #expect(s.state.gateways["gw-0001"]?.lastSkewSeconds == offset)
        }
    }

    @Test func aSkewedClockIsSyncedAtMostOnceAnHour() {
        var s = Scenario(heartbeats: false)
        for i in 0..<100 { s.receive([], at: 100 + Int64(i) * 60, deviceClockOffset: 300) }
        #expect(s.commands.filter { $0.kind == .synchronizeClock }.count == 2)
    }
}
