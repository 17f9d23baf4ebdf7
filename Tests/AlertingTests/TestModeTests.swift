import Alerting
import PanelProtocol
import Testing

/// Test state and maintenance windows (issue 4 item 2, operations §2.2 last paragraph, policy §1).
@Suite("Test state and maintenance windows (policy §1)")
struct TestModeTests {
    static let building = MaintenanceScope.building("bldg-0001")

    @Test func aFireInAMaintenanceWindowIsToldToTheUnitOnly() {
        var s = Scenario()
        s.act(.openMaintenance(Self.building, until: s.t(2000), by: "op1", note: "年检"), at: 50)
        s.receive([Obj.fire(1)], at: 100)
        s.receive([Obj.fire(2)], at: 110)
        s.run(until: 1999)
        #expect(s.timeline() == ["unit:firstAlarm@100"])
        #expect(s.notices.allSatisfy { $0.testMode && $0.text.contains("维保") })
        #expect(s.withheld.map { "\($0.party.rawValue):\($0.wouldBeReason.rawValue)@\(s.second(of: $0.at))" }
                == ["brigade:unconfirmedAfter60s@160", "department:unconfirmedAfter180s@280"])
        #expect(s.withheld.allSatisfy { $0.reason == .maintenanceWindow && !$0.final })
    }

    @Test func aFireStillActiveWhenTheWindowEndsGoesLiveAndItsLadderStartsThen() {
        var s = Scenario()
        s.act(.openMaintenance(Self.building, until: s.t(2000), by: "op1", note: nil), at: 50)
        s.receive([Obj.fire(1)], at: 100)
        s.run(until: 2180)
        #expect(s.timeline() == ["unit:firstAlarm@100", "unit:activeAfterMaintenance@2000",
                                 "brigade:unconfirmedAfter60s@2060", "department:unconfirmedAfter180s@2180"])
        #expect(s.notices.dropFirst().allSatisfy { !$0.testMode })
    }

    @Test func alarmsInsideAWindowCorroborateNothing() {
        var s = Scenario()
        s.act(.openMaintenance(Self.building, until: s.t(2000), by: "op1", note: nil), at: 50)
        s.receive([Obj.fire(1)], at: 100)
        s.receive([Obj.fire(2)], at: 110)
        s.receive([Obj.fire(3, type: .manualCallPoint)], at: 120)
        s.receive([Obj.component(50, [.normal, .started], type: .sprinklerPump)], at: 130)
        #expect(s.openIncident?.isCorroborated == false, "technicians walking the detectors and running the pump")
        s.run(until: 3000)
        #expect(s.timeline() == ["unit:firstAlarm@100", "unit:activeAfterMaintenance@2000",
                                 "brigade:unconfirmedAfter60s@2060", "department:unconfirmedAfter180s@2180"])
    }

    @Test func aTestIncidentWhosePointsRestoredClosesWithTheWindow() {
        var s = Scenario()
        s.act(.openMaintenance(Self.building, until: s.t(2000), by: "op1", note: nil), at: 50)
        s.receive([Obj.fire(1)], at: 100)
        s.receive([Obj.normal(1)], at: 200)
        s.run(until: 5000)
        #expect(s.timeline() == ["unit:firstAlarm@100"])
        #expect(s.openIncident == nil)
        #expect(s.changes.last { $0.kind == .incidentClosed }?.reason == .maintenanceEnded)
        #expect(s.state.falseAlarmCount(building: "bldg-0001", within: 86_400, at: s.now) == 0)
    }

    @Test func closingTheWindowEarlyEndsItNow() {
        var s = Scenario()
        s.act(.openMaintenance(Self.building, until: s.t(5000), by: "op1", note: nil), at: 50)
        s.receive([Obj.fire(1)], at: 100)
        let window = s.state.maintenance.keys.first!
        s.act(.closeMaintenance(window: window, by: "op1"), at: 300)
        s.run(until: 360)
        #expect(s.timeline() == ["unit:firstAlarm@100", "unit:activeAfterMaintenance@300", "brigade:unconfirmedAfter60s@360"])
        #expect(s.state.maintenance.isEmpty)
    }

    @Test func aRealVerdictDuringMaintenanceTellsEveryone() {
        var s = Scenario()
        s.act(.openMaintenance(Self.building, until: s.t(5000), by: "op1", note: nil), at: 50)
        s.receive([Obj.fire(1)], at: 100)
        s.act(.confirm(.building("bldg-0001"), verdict: .real(peopleAtRisk: false), by: "op1"), at: 150)
        #expect(s.timeline() == ["unit:firstAlarm@100", "unit:confirmedReal@150", "brigade:confirmedReal@150",
                                 "department:confirmedReal@150"])
    }

    @Test func aGatewayWindowDoesNotCoverTheBuildingsOtherGateway() {
        var s = Scenario(gatewaysPerBuilding: 2)
        s.act(.openMaintenance(.gateway("gw-1-2"), until: s.t(5000), by: "op1", note: nil), at: 50)
        s.receive([Obj.fire(1)], at: 100, gateway: "gw-1-2")
        #expect(s.notices.allSatisfy { $0.testMode })
        s.receive([Obj.fire(2)], at: 200, gateway: "gw-1-1")
        s.run(until: 260)
        #expect(s.timeline() == ["unit:firstAlarm@100", "unit:alarmOutsideMaintenance@200", "brigade:unconfirmedAfter60s@260"])
    }

    @Test func aFaultInAMaintenanceWindowReachesTheBrigadeOnlyAfterTheWindow() {
        var s = Scenario()
        s.act(.openMaintenance(Self.building, until: s.t(2 * .day), by: "op1", note: nil), at: 50)
        s.receive([Obj.component(5, [.normal, .fault])], at: 100)
        s.run(until: 2 * .day - 1)
        #expect(s.timeline() == ["unit:opened@100"])
        #expect(s.withheld.map { "\($0.party.rawValue):\($0.reason.rawValue)" } == ["brigade:maintenanceWindow"])
        s.run(until: 2 * .day)
        #expect(s.timeline() == ["unit:opened@100", "brigade:openFor24h@172800"])
    }

    @Test func aWindowMustEndInTheFuture() {
        var s = Scenario()
        s.act(.openMaintenance(Self.building, until: s.t(10), by: "op1", note: nil), at: 50)
        s.act(.openMaintenance(.building("nowhere"), until: s.t(100), by: "op1", note: nil), at: 50)
        s.act(.closeMaintenance(window: "maint-404", by: "op1"), at: 50)
        #expect(s.rejections.map(\.reason) == [.windowNotInFuture, .unknownBuilding, .unknownWindow])
    }
}

/// Point state (issue 4 item 2): restore = a bit that cleared, repeat = repeat, a reconnect
/// burst raises only what changed.
@Suite("Point state")
struct PointStateTests {
    @Test func aResynchronisationBurstRaisesOnlyWhatReallyChanged() {
        var s = Scenario()
        s.receive([Obj.component(5, [.normal, .fault]), Obj.component(6, [.normal, .disabled]), Obj.normal(7)], at: 100)
        #expect(s.notices.count == 2)
        // The gateway reconnects and resends everything it knows, plus one new fault.
        s.receive([Obj.component(5, [.normal, .fault]), Obj.component(6, [.normal, .disabled]), Obj.normal(7),
                   Obj.component(8, [.normal, .fault])], at: 1000)
        #expect(s.notices.count == 3)
        #expect(s.notices.last?.point?.componentAddress == 8)
        let b = s.state.buildings["bldg-0001"]!
        #expect(b.points["gw-0001/1.1/42.5"]?.repeatCount == 1 && b.points["gw-0001/1.1/42.7"]?.repeatCount == 1)
    }

    @Test func aVendorRestoreObjectClearsOnlyTheBitsItNames() {
        var s = Scenario()
        s.receive([Obj.component(5, [.normal, .fault, .disabled])], at: 100)
        s.receive([Obj.component(5, [], restored: [.fault])], at: 200)
        #expect(s.state.hazards.values.map(\.condition) == [.disabled])
        #expect(s.state.buildings["bldg-0001"]!.points["gw-0001/1.1/42.5"]?.status == ComponentStatusFlags([.normal, .disabled]).rawValue)
    }

    @Test func aDeviceSayingTestIsRecordedButEscalatesAnyway() {
        var s = Scenario()
        s.receive([Obj.component(5, [.fault])], at: 100)
        #expect(s.state.buildings["bldg-0001"]!.points["gw-0001/1.1/42.5"]?.deviceReportsTest == true)
        #expect(s.timeline() == ["unit:opened@100"])
    }

    @Test func frameObjectsBecomeObservationsAndEveryFrameIsTraffic() {
        let info = BuildingInfo(id: "b", name: "n", address: "a", unitId: "u", unitName: "un", brigadeId: "br", departmentId: "d")
        let ctx = GatewayContext(gatewayId: "g", building: info)
        let header = FrameHeader(serial: 1, timeLabel: .zero, source: .zero, destination: .zero, command: .send)
        let adu = ApplicationDataUnit(objects: [Obj.fire(3), Obj.component(4, [.normal], description: "")])
        let events = AlertingEvent.events(from: PanelMessage(header: header, adu: adu), gateway: ctx, receivedAt: Scenario.start)
        #expect(events.count == 3)
        guard case .traffic = events[0].observation else { Issue.record("first is traffic"); return }
        guard case .component(let key, let status, nil, let description, _) = events[1].observation else {
            Issue.record("component expected"); return
        }
        #expect(key.id == "g/1.1/42.3" && key.building == "b" && status == [.normal, .fire] && description == "A区3号探测器")
        guard case .component(_, _, _, nil, _) = events[2].observation else { Issue.record("empty description → nil"); return }
        let versions = ApplicationDataUnit(objects: [.uitdSoftwareVersion(SoftwareVersion(system: nil, major: 1, minor: 0))])
        #expect(AlertingEvent.events(from: PanelMessage(header: header, adu: versions), gateway: ctx, receivedAt: Scenario.start).count == 1)
    }
}
