import Alerting
import PanelProtocol
import Testing

/// Randomised scenarios (fixed seeds): hundreds of mixed frames and operator actions over days,
/// checked for the properties every run must have, and run twice — once straight, once with
/// JSON restarts at random points — which must produce exactly the same notices.
@Suite("Randomised scenarios")
struct SoakTests {
    /// SplitMix64: a tiny, stable generator so that a failing seed reproduces anywhere.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    nonisolated(unsafe) static var events = 400

    static func run(seed: UInt64, restarts: Bool) -> Scenario {
        var rng = Generator(state: seed)
        var restartRng = Generator(state: seed ^ 0xDEAD_BEEF)
        // Heartbeats every 10 minutes keep the run short; the link rules scale with the interval.
        var s = Scenario(policy: Scenario.policy { $0.patrol.enabled = true; $0.link.defaultHeartbeatSeconds = 600 },
                         buildings: 4, gatewaysPerBuilding: 2)
        s.heartbeatEvery = 600
        let gateways = s.gateways.keys.sorted()
        let types: [ComponentType] = [.pointPhotoelectricSmokeDetector, .pointPhotoelectricSmokeDetector, .pointHeatDetector,
                                      .manualCallPoint, .waterFlowIndicator, .sprinklerPump]
        var t: Int64 = 10
        for _ in 0..<Self.events {
            t += Int64.random(in: 5...900, using: &rng)
            let g = gateways.randomElement(using: &rng)!
            let b = s.gateways[g]!.building.id
            let address = UInt32.random(in: 1...6, using: &rng)
            let type = types.randomElement(using: &rng)!
            switch Int.random(in: 0..<22, using: &rng) {
            case 0...5: s.receive([Obj.component(address, [.normal, .fire], type: type)], at: t, gateway: g)
            case 6...8: s.receive([Obj.component(address, [.normal], type: type)], at: t, gateway: g)
            case 9...11:
                let flags: [ComponentStatusFlags] = [[.normal, .fault], [.normal, .disabled], [.normal, .powerFault], [.normal, .started]]
                s.receive([Obj.component(address, flags.randomElement(using: &rng)!, type: type)], at: t, gateway: g)
            case 12:
                let flags: [SystemStatusFlags] = [[.normal], [.normal, .mainPowerFault], [.normal, .mainPowerFault, .backupPowerFault],
                                                  [.normal, .manualMode], [.normal, .busFault], [.normal, .reset], [.normal, .fire]]
                s.receive([Obj.systemStatus(flags.randomElement(using: &rng)!)], at: t, gateway: g)
            case 13:
                let flags: [UITDStatusFlags] = [[.normal], [.normal, .channelFault], [.normal, .panelLinkFault], [.normal, .mainPowerFault]]
                s.receive([Obj.uitdStatus(flags.randomElement(using: &rng)!)], at: t, gateway: g)
            case 14: s.receive([Obj.facilityOperation(.reset)], at: t, gateway: g)
            case 15: s.receive([Obj.uitdOperation(.patrolReply)], at: t, gateway: g)
            case 16:
                let verdict: OperatorAction.Verdict = Bool.random(using: &rng)
                    ? .real(peopleAtRisk: Bool.random(using: &rng)) : .falseAlarm(cause: FalseAlarmCause.allCases.randomElement(using: &rng)!)
                s.act(.confirm(.building(b), verdict: verdict, by: "op"), at: t)
            case 17: s.act(Bool.random(using: &rng) ? .acknowledge(.building(b), by: "op") : .close(.building(b), by: "op"), at: t)
            case 18:
                let scope: MaintenanceScope = Bool.random(using: &rng) ? .building(b) : .gateway(g)
                s.act(.openMaintenance(scope, until: s.t(t + Int64.random(in: 600...7200, using: &rng)), by: "op", note: nil), at: t)
            case 19:
                if let h = s.state.hazards.keys.sorted().randomElement(using: &rng) { s.act(.rectify(hazard: h, by: "op"), at: t) }
            default:
                if s.beating.contains(g) { s.beating.remove(g) } else { s.beating.insert(g) }
                s.run(until: t)
            }
            if restarts, Int.random(in: 0..<25, using: &restartRng) == 0 { s.restart() }
        }
        for g in gateways { s.beating.insert(g) }
        s.run(until: t + 3 * .day)
        return s
    }

    @Test(arguments: [1, 2, 3, 42] as [UInt64])
    func restartsAnywhereChangeNothing(seed: UInt64) {
        let plain = Self.run(seed: seed, restarts: false)
        let restarted = Self.run(seed: seed, restarts: true)
        #expect(RestartTests.fingerprint(restarted) == RestartTests.fingerprint(plain))
        #expect(plain.notices.count > 50, "the scenario exercises something: \(plain.notices.count) notices")
    }

    @Test(arguments: [1, 2, 3, 42, 7, 99] as [UInt64])
    func everyRunKeepsTheRules(seed: UInt64) {
        let s = Self.run(seed: seed, restarts: false)
        var toldHazard: Set<String> = []
        var toldIncident: Set<String> = []
        var verdictAt: [String: AlertingInstant] = [:]
        for n in s.notices {
            #expect(n.policyVersion == "test-1" && !n.text.isEmpty && n.text.contains(s.buildings[n.building]!.name))
            if n.testMode, n.incident != nil { #expect(n.party == .unit, "test mode tells the unit only: \(n.id)") }
            if let h = n.hazard {
                if n.reason == .rectified || n.reason == .rectifiedByOperator {
                    #expect(toldHazard.contains("\(h)/\(n.party)"), "rectified only to whoever was told: \(n.id)")
                } else {
                    toldHazard.insert("\(h)/\(n.party)")
                }
            }
            if let i = n.incident {
                if n.reason == .confirmedFalse { #expect(toldIncident.contains("\(i)/\(n.party)"), "\(n.id)") }
                if n.reason == .confirmedReal || n.reason == .confirmedFalse { verdictAt[i] = verdictAt[i] ?? n.createdAt }
                if n.reason.rawValue.hasPrefix("unconfirmed") {
                    #expect(verdictAt[i] == nil, "no timer notice after a verdict: \(n.id)")
                }
                toldIncident.insert("\(i)/\(n.party)")
            }
        }
        // The register ends consistent with itself.
        for (id, h) in s.state.hazards {
            #expect(s.state.buildings[h.building]?.hazardIds[h.key] == id)
        }
        for (id, inc) in s.state.incidents { #expect(s.state.buildings[inc.building]?.openIncident == id) }
    }
}

@Suite("Time without Foundation")
struct TimeTests {
    @Test func civilTimeRoundTripsAndFormatsWithTheCentresOffset() {
        let t = Scenario.start
        #expect(t.secondsSinceEpoch == 1_795_392_000)
        #expect(t.rfc3339(utcOffsetSeconds: 28_800) == "2026-11-23T08:00:00+08:00")
        #expect(t.description == "2026-11-23T00:00:00Z")
        #expect(AlertingInstant(milliseconds: t.milliseconds + 250).rfc3339(utcOffsetSeconds: 0) == "2026-11-23T00:00:00.250Z")
        for days in stride(from: -800_000, through: 800_000, by: 7919) {
            let i = AlertingInstant(secondsSinceEpoch: Int64(days) * 86_400 + 12_345)
            #expect(CivilTime(instant: i, utcOffsetSeconds: 28_800).instant(utcOffsetSeconds: 28_800) == i)
        }
        let leap = CivilTime(year: 2028, month: 2, day: 29, hour: 23, minute: 59, second: 59).instant(utcOffsetSeconds: 28_800)
        #expect(CivilTime(instant: leap.adding(seconds: 1), utcOffsetSeconds: 28_800).displayText == "2028-03-01 00:00:00")
        #expect(CivilTime(DeviceTime(year: 2026, month: 2, day: 30, hour: 0, minute: 0, second: 0)) == nil)
    }

    @Test func reasonCodesNameTheRungTheyStandFor() {
        #expect(ReasonCode.unconfirmedAfter(seconds: 60) == ReasonCode(rawValue: "unconfirmedAfter60s"))
        #expect(ReasonCode.openFor(seconds: 86_400).rawValue == "openFor24h")
        #expect(ReasonCode.openFor(seconds: 900).rawValue == "openFor15m")
        #expect(ReasonCode.openFor(seconds: 90).rawValue == "openFor90s")
    }
}
