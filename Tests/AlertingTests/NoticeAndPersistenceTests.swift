import Alerting
import Foundation
import PanelProtocol
import Testing

/// Interfaces §4 (notices), §3 (`explain`), and row-wise persistence of the state.
@Suite("Notices, explanation log and persistence")
struct NoticeAndPersistenceTests {
    @Test func theWireDocumentHasTheFieldsOfInterfaces4() throws {
        var s = Scenario()
        s.receive([Obj.component(5, [.normal, .fault])], at: 50)
        s.receive([Obj.fire(1)], at: 100)
        let n = try #require(s.notices(kind: .fireAlarm).first)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(NoticeDocument(n, utcOffsetSeconds: 28_800))) as! [String: Any]
        for key in ["id", "party", "recipient", "kind", "severity", "building", "unit", "incident", "createdAt", "reason", "text",
                    "policyVersion", "confidence", "openHazards"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["createdAt"] as? String == "2026-11-23T08:01:40+08:00")
        #expect(json["kind"] as? String == "fireAlarm" && json["severity"] as? String == "critical")
        #expect(json["reason"] as? String == "firstAlarm" && json["party"] as? String == "unit")
        #expect((json["openHazards"] as? [String])?.count == 1)
        #expect(json["hazard"] == nil)
    }

    @Test func theDecisionsOfAnIncidentExplainEveryNoticeHoldAndSuppression() throws {
        var s = Scenario(policy: Scenario.policy { $0.fire.departmentEnabled = false })
        s.receive([Obj.fire(1)], at: 100)
        let id = try #require(s.openIncident?.id)
        s.receive([Obj.normal(1)], at: 120)
        s.act(.acknowledge(.id(id), by: "op1"), at: 130)
        s.run(until: 300)
        s.act(.confirm(.id(id), verdict: .falseAlarm(cause: .humanError), by: "op1"), at: 310)
        let story = s.log.filter { $0.decision.subject == id }.map { entry -> String in
            switch entry.decision {
            case .notice(let n): "notice \(n.party.rawValue) \(n.reason.rawValue)@\(entry.at)"
            case .withheld(let w): "held \(w.party.rawValue) \(w.reason.rawValue)@\(entry.at)"
            case .change(let c): "\(c.kind.rawValue) \(c.reason.rawValue)@\(entry.at)"
            default: "other"
            }
        }
        #expect(story == [
            "incidentOpened firstAlarm@100", "notice unit firstAlarm@100",
            "incidentPointRestored restoreDoesNotClose@120",
            "incidentAcknowledged acknowledged@130",
            "notice brigade unconfirmedAfter60s@160",
            "held department departmentForwardingOff@280",
            "notice unit confirmedFalse@310", "notice brigade confirmedFalse@310",
            "incidentClosed confirmedFalse@310",
        ])
    }

    @Test func aFrameChangesOnlyTheRowsItTouched() {
        var s = Scenario(buildings: 3)
        s.run(until: 100)
        _ = s.state.takeChanges()
        _ = s.core.step(&s.state, .events(AlertingEvent.events(
            from: PanelMessage(header: FrameHeader(serial: 9, timeLabel: .zero, source: .zero, destination: .zero, command: .send),
                               adu: ApplicationDataUnit(objects: [Obj.component(5, [.normal, .fault])])),
            gateway: s.gateways["gw-2-1"]!, receivedAt: s.t(100))), now: s.t(100))
        let c = s.state.takeChanges()
        #expect(c.buildings == ["bldg-0002"])
        #expect(c.points == ["bldg-0002": ["gw-2-1/1.1/42.5"]])
        #expect(c.gateways.isEmpty, "only the gateway's volatile liveness moved")
        #expect(s.state.gateways["gw-2-1"]?.lastFrameAt == s.t(100), "in memory it did")
        #expect(c.hazards.count == 1 && c.incidents.isEmpty)
        #expect(s.state.takeChanges().isEmpty, "taken once")
    }

    @Test func aRepeatWritesNoRowButTheNextChangeCarriesItsCounters() {
        var s = Scenario()
        s.receive([Obj.component(5, [.normal])], at: 100)
        let pid = "gw-0001/1.1/42.5"
        #expect(s.rows.points["bldg-0001|\(pid)"] != nil, "a new point is written")
        _ = s.state.takeChanges()
        for t in Int64(101)...Int64(105) {
            _ = s.core.step(&s.state, .events(AlertingEvent.events(
                from: PanelMessage(header: FrameHeader(serial: 9, timeLabel: .zero, source: .zero, destination: .zero, command: .send),
                                   adu: ApplicationDataUnit(objects: [Obj.component(5, [.normal])])),
                gateway: s.gateways["gw-0001"]!, receivedAt: s.t(t))), now: s.t(t))
            let c = s.state.takeChanges()
            #expect(c.points.isEmpty && c.gateways.isEmpty && c.buildings.isEmpty, "repeat at \(t) s: no row")
        }
        #expect(s.state.buildings["bldg-0001"]?.points[pid]?.repeatCount == 5)
        #expect(s.state.buildings["bldg-0001"]?.points[pid]?.lastReportAt == s.t(105))
        s.receive([Obj.component(5, [.normal, .fault])], at: 110)
        let row = s.rows.points["bldg-0001|\(pid)"].flatMap { try? JSONDecoder().decode(PointState.self, from: $0) }
        #expect(row?.status == ComponentStatusFlags([.normal, .fault]).rawValue && row?.lastReportAt == s.t(110),
                "the change is written with the current volatile fields")
    }

    @Test func closedIncidentsAndHazardsAreListedAsChangedAndAbsent() throws {
        var s = Scenario()
        s.receive([Obj.component(5, [.normal, .fault])], at: 100)
        let hazard = try #require(s.state.hazards.keys.first)
        _ = s.state.takeChanges()
        s.receive([Obj.component(5, [.normal])], at: 200)
        #expect(s.state.hazards[hazard] == nil)
        #expect(s.rows.hazards[hazard] == nil, "the row store deleted the row")
    }

    @Test func aGatewayLeavingTheRegistryTakesItsHazardsWithIt() {
        var s = Scenario(buildings: 2)
        s.receive([Obj.component(5, [.normal, .fault])], at: 100, gateway: "gw-2-1")
        #expect(s.state.hazards.count == 1)
        s.step(.registry([s.gateways["gw-1-1"]!]))
        #expect(s.state.hazards.isEmpty)
        s.run(until: 4 * .day)
        #expect(s.notices.count == 1, "no ladder for a device the centre no longer monitors")
    }
}
