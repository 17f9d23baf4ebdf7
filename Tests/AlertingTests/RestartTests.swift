import Alerting
import Foundation
import PanelProtocol
import Testing

/// Issue 4 item 7: after a crash or restart, open incidents, hazards and pending escalations carry
/// on from the stored state; no escalation is lost, none is sent twice.
@Suite("Restart safety (issue 4 item 7)")
struct RestartTests {
    /// What a notice is, apart from the run that produced it.
    static func fingerprint(_ s: Scenario) -> [String] {
        s.notices.map { "\($0.id)|\($0.createdAt)|\($0.recipient)|\($0.text)" }
    }

    @Test(arguments: [120, 159, 160, 170, 279, 280, 500] as [Int64])
    func aFireEscalationInterruptedByARestartSendsTheSameNoticesAndNoneTwice(restartAt: Int64) {
        var plain = Scenario()
        plain.receive([Obj.fire(1)], at: 100)
        plain.run(until: 1000)

        var restarted = Scenario()
        restarted.receive([Obj.fire(1)], at: 100)
        restarted.run(until: restartAt)
        restarted.restart()
        restarted.run(until: 1000)

        #expect(Self.fingerprint(restarted) == Self.fingerprint(plain))
        #expect(restarted.timeline() == ["unit:firstAlarm@100", "brigade:unconfirmedAfter60s@160", "department:unconfirmedAfter180s@280"])
    }

    @Test func aTickAfterALongOutageOfTheDaemonSendsWhatIsDueOnceEach() {
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.run(until: 130)
        s.skipWithoutTicking(to: 400)            // the daemon was down from 130 to 400
        s.restart()
        s.step(.centreResumed)
        #expect(s.timeline() == ["unit:firstAlarm@100", "brigade:unconfirmedAfter60s@400", "department:unconfirmedAfter180s@400"])
        s.run(until: 2000)
        #expect(s.notices.count == 3)
    }

    @Test func recomputingAStepFromTheSameStoredStateGivesTheSameNoticeIds() {
        // A crash between deciding and committing: the daemon runs the same step again.
        var s = Scenario()
        s.receive([Obj.fire(1)], at: 100)
        s.run(until: 159)
        let stored = s.state
        let first = s.core.step(stored, .tick, now: s.t(160)).1.compactMap(\.notice)
        let again = s.core.step(stored, .tick, now: s.t(160)).1.compactMap(\.notice)
        #expect(first.map(\.id) == ["fire-1/brigade/unconfirmedAfter60s"])
        #expect(first == again, "same ids, so the database's unique key makes a duplicate impossible")
    }

    @Test func aHazardLadderResumesAfterARestart() {
        var plain = Scenario()
        plain.receive([Obj.component(5, [.normal, .fault])], at: 100)
        plain.run(until: 4 * .day)

        var restarted = Scenario()
        restarted.receive([Obj.component(5, [.normal, .fault])], at: 100)
        restarted.run(until: .day + 200)
        restarted.restart()
        restarted.run(until: 4 * .day)
        #expect(Self.fingerprint(restarted) == Self.fingerprint(plain))
        #expect(restarted.timeline() == ["unit:opened@100", "brigade:openFor24h@86500", "department:openFor72h@259300"])
    }

    /// The building row leaves out its index of open hazards (it grew with every fault); the
    /// hazards' rows rebuild it, so after a restart a fault that clears closes the same hazard and
    /// a new fault elsewhere opens a new one.
    @Test func theHazardIndexIsRebuiltFromTheHazardsAfterARestart() throws {
        var s = Scenario()
        s.receive([Obj.component(5, [.normal, .fault]), Obj.component(6, [.normal, .fault])], at: 100)
        let open = s.state.openHazards(inBuilding: "bldg-0001").map(\.id)
        #expect(open.count == 2)
        #expect(try #require(s.state.buildingRecord("bldg-0001")).hazardIds.isEmpty)
        #expect(s.state.buildings["bldg-0001"]?.hazardIds.count == 2)
        s.restart()
        #expect(s.state.openHazards(inBuilding: "bldg-0001").map(\.id) == open)
        s.receive([Obj.component(5, [.normal])], at: 200)
        s.receive([Obj.component(7, [.normal, .fault])], at: 300)
        let after = s.state.openHazards(inBuilding: "bldg-0001").map(\.id)
        #expect(after.count == 2 && after.first == open[1] && !open.contains(after[1]))
    }

    @Test func aHeldOutageResumesAfterARestart() {
        func run(restartAt: Int64?) -> Scenario {
            var s = Scenario(buildings: 12)
            s.run(until: 1000)
            for g in s.gateways.keys.sorted().prefix(10) {
                s.beating.remove(g)
            }
            if let r = restartAt {
                s.run(until: r)
                s.restart()
            }
            s.run(until: 2 * .hour)
            return s
        }
        let plain = run(restartAt: nil)
        #expect(plain.notices(.unit, kind: .linkLost).count == 10)
        for r: Int64 in [1200, 3000, 4800] {
            #expect(Self.fingerprint(run(restartAt: r)) == Self.fingerprint(plain), "restart at \(r)")
        }
    }

    @Test func theStateIsPlainJSON() throws {
        var s = Scenario(policy: Scenario.policy { $0.patrol.enabled = true })
        s.receive([Obj.fire(1), Obj.component(5, [.normal, .fault])], at: 100)
        s.act(.openMaintenance(.gateway("gw-0001"), until: s.t(10_000), by: "op", note: "x"), at: 200)
        let json = try #require(String(data: try JSONEncoder().encode(s.state), encoding: .utf8))
        for key in ["\"incidents\"", "\"hazards\"", "\"gateways\"", "\"maintenance\"", "\"rungsDone\""] {
            #expect(json.contains(key))
        }
        let policy = try JSONDecoder().decode(EscalationPolicy.self, from: JSONEncoder().encode(s.core.policy))
        #expect(policy == s.core.policy)
    }
}
