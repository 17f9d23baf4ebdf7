import Alerting
import Foundation
import PanelProtocol
import Testing

/// A scenario of the alerting core on a test clock, driven the way the daemon drives it: frames
/// go through `AlertingEvent.events(from:)`, and time only moves by ticking at every
/// `nextDeadline` on the way (so a notice's `createdAt` is exactly when it fell due).
///
/// Times are seconds after `start` (2026-11-23 08:00:00 +08:00). Every step checks that the
/// core's deadline hint is never later than the exact next deadline, and every notice id is
/// checked for uniqueness across the whole scenario (a notice is never sent twice).
struct Scenario {
    var core: AlertingCore
    var state = AlertingState()
    /// Seconds since `start`.
    private(set) var clock: Int64 = 0
    /// Everything decided, with the step time.
    private(set) var log: [(at: Int64, decision: AlertingDecision)] = []
    /// Gateways that send a heartbeat every `heartbeatEvery` seconds while time runs.
    var beating: Set<String> = []
    var heartbeatEvery = 60
    private var serial: UInt16 = 0
    /// Receive time of each gateway's last frame, as the daemon keeps it (`gateway_link`).
    private(set) var lastFrames: [String: AlertingInstant] = [:]
    private var noticeIds: Set<String> = []
    var buildings: [String: BuildingInfo] = [:]
    var gateways: [String: GatewayContext] = [:]

    static let start = CivilTime(year: 2026, month: 11, day: 23, hour: 8, minute: 0, second: 0)
        .instant(utcOffsetSeconds: 28_800)

    /// Patrol off by default so that fire and hazard scenarios see only what they test.
    static func policy(_ edit: (inout EscalationPolicy) -> Void = { _ in }) -> EscalationPolicy {
        var p = EscalationPolicy(version: "test-1")
        p.patrol.enabled = false
        edit(&p)
        return p
    }

    /// One building (`bldg-0001`) with one gateway (`gw-0001`) that keeps sending heartbeats.
    init(policy: EscalationPolicy = Scenario.policy(), buildings count: Int = 1, gatewaysPerBuilding: Int = 1,
         heartbeats: Bool = true) {
        core = AlertingCore(policy: policy)
        for b in 1...count {
            let bid = String(format: "bldg-%04d", b)
            let info = BuildingInfo(id: bid, name: "测试大厦\(b)号楼", address: "某市某区某路\(b)号", unitId: String(format: "unit-%04d", b),
                                    unitName: "某某物业\(b)", brigadeId: "brig-01", departmentId: "dept-01")
            buildings[bid] = info
            for g in 1...gatewaysPerBuilding {
                let gid = count == 1 && gatewaysPerBuilding == 1 ? "gw-0001" : "gw-\(b)-\(g)"
                gateways[gid] = GatewayContext(gatewayId: gid, building: info)
                if heartbeats { beating.insert(gid) }
            }
        }
        step(.registry(gateways.values.sorted { $0.gatewayId < $1.gatewayId }))
        for gid in gateways.keys.sorted() { receive([], at: 0, gateway: gid) }
    }

    func t(_ seconds: Int64) -> AlertingInstant { Scenario.start.adding(seconds: Int(seconds)) }
    var now: AlertingInstant { t(clock) }

    // MARK: - Driving

    @discardableResult
    mutating func step(_ input: AlertingInput) -> [AlertingDecision] {
        let decisions = core.step(&state, input, now: now)
        rows.apply(state.takeChanges(), from: state)
        for d in decisions {
            log.append((clock, d))
            if let n = d.notice {
                #expect(!noticeIds.contains(n.id), "notice \(n.id) issued twice")
                noticeIds.insert(n.id)
            }
        }
        checkInvariants()
        return decisions
    }

    /// Lets time run to `seconds`, ticking at every deadline and sending heartbeats on the way.
    mutating func run(until seconds: Int64) {
        precondition(seconds >= clock, "time only moves forward")
        while true {
            let deadline = core.nextDeadline(state).map { max($0.milliseconds(since: Scenario.start) / 1000, clock) }
            let nextBeat = beating.isEmpty ? nil : (clock / Int64(heartbeatEvery) + 1) * Int64(heartbeatEvery)
            let next = [deadline, nextBeat].compactMap { $0 }.filter { $0 <= seconds }.min()
            guard let next else { break }
            if let d = deadline, d == next, d <= seconds {
                clock = next
                step(.tick)
                if core.nextDeadline(state).map({ $0 <= now }) ?? false {
                    Issue.record("deadline still due after a tick at \(clock) s")
                    break
                }
            }
            if let b = nextBeat, b == next {
                clock = next
                for g in beating.sorted() { receive([], at: next, gateway: g) }
            }
        }
        clock = seconds
        step(.tick)
    }

    /// A frame with these objects from `gateway`, received at `seconds` (time runs there first).
    @discardableResult
    mutating func receive(_ objects: [InformationObject], at seconds: Int64, gateway: String = "gw-0001",
                          deviceClockOffset: Int = 0) -> [AlertingDecision] {
        if seconds > clock { run(until: seconds) }
        serial &+= 1
        let local = CivilTime(instant: t(seconds).adding(seconds: deviceClockOffset), utcOffsetSeconds: 28_800)
        let label = TimeLabel(DeviceTime(year: local.year, month: local.month, day: local.day, hour: local.hour,
                                         minute: local.minute, second: local.second), format: .binary)
        let header = FrameHeader(serial: serial, timeLabel: label, source: .zero, destination: .zero, command: .send)
        var grouped: [[InformationObject]] = []
        for o in objects {
            if let last = grouped.last?.last, last.dataType == o.dataType { grouped[grouped.count - 1].append(o) } else { grouped.append([o]) }
        }
        let messages = grouped.isEmpty
            ? [PanelMessage(header: header, adu: nil)]
            : grouped.map { PanelMessage(header: header, adu: ApplicationDataUnit(objects: $0)) }
        lastFrames[gateway] = max(lastFrames[gateway] ?? t(seconds), t(seconds))
        var events: [AlertingEvent] = []
        for m in messages {
            events += AlertingEvent.events(from: m, gateway: gateways[gateway]!, receivedAt: t(seconds))
        }
        return step(.events(events))
    }

    @discardableResult
    mutating func act(_ action: OperatorAction, at seconds: Int64) -> [AlertingDecision] {
        if seconds > clock { run(until: seconds) }
        return step(.action(action))
    }

    /// The daemon is not running until `seconds`: no ticks, no frames (then `restart()` and/or
    /// step `.centreResumed`).
    mutating func skipWithoutTicking(to seconds: Int64) {
        precondition(seconds >= clock)
        clock = seconds
    }

    /// Restarts as a daemon would: the state comes back from the rows persisted step by step
    /// (``AlertingState/takeChanges()``), each through JSON, and the gateways' liveness from
    /// their last frames; it must equal the state in memory but for the volatile fields
    /// (``VolatileFields``), and the scenario goes on with what was reloaded.
    mutating func restart() {
        let whole = try! JSONDecoder().decode(AlertingState.self, from: JSONEncoder().encode(state))
        #expect(whole == state, "state survives a JSON round trip unchanged")
        var reloaded = rows.load()
        var unchanged = reloaded
        #expect(unchanged.takeChanges().isEmpty, "a loaded state has no rows to write")
        reloaded.restoreLiveness(lastFrames: lastFrames)
        #expect(reloaded.durablePart == state.durablePart, "the rows written step by step add up to the state")
        for (id, g) in state.gateways {
            #expect(reloaded.gateways[id]?.lastFrameAt == g.lastFrameAt && reloaded.gateways[id]?.supervisionBase == g.supervisionBase,
                    "gateway \(id): liveness restored from its last frame")
        }
        state = reloaded
        core = AlertingCore(policy: core.policy)
    }

    /// What the daemon's tables would hold: one JSON row per changed entity, written after each step.
    var rows = RowStore()

    // MARK: - Reading the log

    var notices: [Notice] { log.compactMap { $0.decision.notice } }
    func notices(_ party: Party) -> [Notice] { notices.filter { $0.party == party } }
    func notices(kind: NoticeKind) -> [Notice] { notices.filter { $0.kind == kind } }
    func notices(_ party: Party, kind: NoticeKind) -> [Notice] { notices.filter { $0.party == party && $0.kind == kind } }
    var changes: [StateChange] { log.compactMap { $0.decision.change } }
    var withheld: [WithheldNotice] { log.compactMap { $0.decision.withheld } }
    var commands: [GatewayCommand] { log.compactMap { $0.decision.command } }
    var rejections: [RejectedAction] { log.compactMap { $0.decision.rejected } }

    /// Seconds after start at which a notice was created.
    func second(of n: Notice) -> Int64 { second(of: n.createdAt) }
    func second(of t: AlertingInstant) -> Int64 { t.milliseconds(since: Scenario.start) / 1000 }

    /// `party:reason@second` lines, a compact timeline for expectations.
    func timeline(kind: NoticeKind? = nil) -> [String] {
        notices.filter { kind == nil || $0.kind == kind }.map { "\($0.party.rawValue):\($0.reason.rawValue)@\(second(of: $0))" }
    }

    var openIncident: FireIncident? { state.openIncident(inBuilding: "bldg-0001") }

    private func checkInvariants() {
        if let hint = core.nextDeadline(state), let exact = core.exactNextDeadline(state, now: now) {
            #expect(hint <= exact, "deadline hint \(hint) is later than the exact deadline \(exact)")
        } else if core.nextDeadline(state) == nil, let exact = core.exactNextDeadline(state, now: now) {
            Issue.record("no deadline hint, but a deadline at \(exact)")
        }
    }
}

// MARK: - Frame objects

enum Obj {
    static let system = SystemTarget(systemType: .fireAlarmSystem, systemAddress: 1)
    static let time = DeviceTime(year: 2026, month: 11, day: 23, hour: 8, minute: 0, second: 0)

    /// A component status object (default: a photoelectric smoke detector, bit 0 normal set).
    static func component(_ address: UInt32, _ status: ComponentStatusFlags, type: ComponentType = .pointPhotoelectricSmokeDetector,
                          description: String? = nil, restored: ComponentStatusFlags? = nil) -> InformationObject {
        .componentStatus(ComponentStatus(system: system, componentType: type, componentAddress: address, status: status,
                                         restored: restored, description: EncodedText(description ?? "A区\(address)号探测器", width: 31),
                                         time: time))
    }

    static func fire(_ address: UInt32, type: ComponentType = .pointPhotoelectricSmokeDetector) -> InformationObject {
        component(address, [.normal, .fire], type: type)
    }

    static func normal(_ address: UInt32, type: ComponentType = .pointPhotoelectricSmokeDetector) -> InformationObject {
        component(address, [.normal], type: type)
    }

    static func systemStatus(_ status: SystemStatusFlags) -> InformationObject {
        .systemStatus(SystemStatus(system: system, status: status, time: time))
    }

    static func uitdStatus(_ status: UITDStatusFlags) -> InformationObject {
        .uitdStatus(UITDStatus(status: status, time: time))
    }

    static func uitdOperation(_ op: UITDOperationFlags) -> InformationObject {
        .uitdOperation(UITDOperation(operation: op, operatorNumber: 1, time: time))
    }

    static func facilityOperation(_ op: OperationFlags) -> InformationObject {
        .facilityOperation(FacilityOperation(system: system, operation: op, operatorNumber: 1, time: time))
    }
}

extension Int64 {
    static let minute: Int64 = 60
    static let hour: Int64 = 3600
    static let day: Int64 = 86_400
}

/// A stand-in for the daemon's tables: rows keyed by id, each stored as JSON.
struct RowStore {
    var global = Data()
    var buildings: [String: Data] = [:]
    var points: [String: Data] = [:]
    var gateways: [String: Data] = [:]
    var incidents: [String: Data] = [:]
    /// Incident point rows by incident id → point id.
    var incidentPoints: [String: [String: Data]] = [:]
    var hazards: [String: Data] = [:]

    static func put<T: Encodable>(_ value: T?, _ key: String, into table: inout [String: Data]) {
        if let value { table[key] = try! JSONEncoder().encode(value) } else { table[key] = nil }
    }

    mutating func apply(_ c: AlertingState.Changes, from s: AlertingState) {
        global = try! JSONEncoder().encode(s.global)
        for id in c.buildings { Self.put(s.buildingRecord(id), id, into: &buildings) }
        for (b, ids) in c.points { for p in ids { Self.put(s.buildings[b]?.points[p], "\(b)|\(p)", into: &points) } }
        for id in c.gateways { Self.put(s.gateways[id], id, into: &gateways) }
        for id in c.incidents { Self.put(s.incidentRecord(id), id, into: &incidents) }
        for (i, ids) in c.incidentPoints { for p in ids { Self.put(s.incidents[i]?.points[p], p, into: &incidentPoints[i, default: [:]]) } }
        for id in c.hazards { Self.put(s.hazards[id], id, into: &hazards) }
    }

    func load() -> AlertingState {
        let d = JSONDecoder()
        func each<T: Decodable>(_ t: [String: Data], _ add: (T) -> Void) { for row in t.values { add(try! d.decode(T.self, from: row)) } }
        var loader = AlertingStateLoader(global: try! d.decode(AlertingState.Global.self, from: global))
        each(buildings) { loader.add($0 as BuildingState) }
        each(points) { loader.add($0 as PointState) }
        each(gateways) { loader.add($0 as GatewayState) }
        each(incidents) { loader.add($0 as FireIncident) }
        for (incident, rows) in incidentPoints {
            for (id, row) in rows { loader.add(try! d.decode(FireIncident.Point.self, from: row), id: id, incident: incident) }
        }
        each(hazards) { loader.add($0 as Hazard) }
        return loader.finish()
    }
}
