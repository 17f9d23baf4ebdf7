// Release-mode benchmark of the alerting path under a fault storm (prints figures; never a test).
//
// Run it with `bash scripts/bench-alerting.sh`, which builds, starts a private mosquitto, writes a
// registry (1 department, 2 brigades, 100 units, N buildings with one gateway each) and calls this
// program with the paths. This program:
//
//   1. starts the release `firewatch run` on a fresh SQLite file and waits until it answers a
//      probe frame with a 确认 (that is "ready": subscribed, database migrated);
//   2. simulates N gateways (gw-00000 …) multiplexed over K MQTT connections and offers a fault
//      storm: F type-2 component status frames per minute, round-robin over the gateways, each
//      gateway alternating "fault set" / "fault cleared" on a new point per pair, so hazards open
//      and close and the core writes fault / rectified notices — real fault work;
//   3. mixes in fire alarms (one every --fire-interval s), each from a gateway of a building that
//      had no fire yet in this run, so each opens a new incident and a `fireAlarm` unit notice;
//   4. measures, per fire frame (t0 = just before the publish call):
//        - t(确认) − t0: the daemon sends the 确认 only after the transaction that stored the frame
//          and created the notice committed, so this is an upper bound of "unit notice committed";
//        - t(unit notice arrives on {prefix}/notices/unit/…) − t0: the daemon publishes with QoS 1
//          and marks delivered after the PUBACK; arrival here is that plus one broker hop, an
//          upper bound of "acknowledged by the broker";
//   5. samples the daemon's CPU and RSS, then cross-checks the `notice` table with the sqlite3 CLI
//      (exactly one unit `fireAlarm` notice per fire, none for other buildings, all delivered) and
//      the delivery order (no non-critical notice created after a fire notice reached the broker
//      before it).
import BenchmarkSupport
import Foundation
import Logging
import MosquittoClient
import PanelProtocol
import Synchronization

// MARK: - Options

struct Options: Sendable {
    /// Broker, fleet and daemon (`--host`, `--gateways`, `--daemon-env` …).
    var fleet = FleetOptions()
    var faultsPerMinute = 10_000.0
    var fireInterval = 0.5
    var warmup = 5.0
    var duration = 60.0
    var firewatch = ""
    var config = ""
    /// Targets of issue 4, in milliseconds.
    var committedTargetP99 = 50.0
    var deliveredTargetP99 = 100.0

    static func parse(_ args: [String]) -> Options {
        var o = Options()
        forEachFlag(in: args) { flag, value in
            if o.fleet.take(flag, value: value) { return }
            switch flag {
            case "--faults-per-minute": o.faultsPerMinute = decimal(value(), "--faults-per-minute", allowZero: true)
            case "--fire-interval": o.fireInterval = decimal(value(), "--fire-interval")
            case "--warmup": o.warmup = decimal(value(), "--warmup", allowZero: true)
            case "--duration": o.duration = decimal(value(), "--duration")
            case "--firewatch": o.firewatch = value()
            case "--config": o.config = value()
            case "-h", "--help":
                Swift.print("""
                    usage: AlertingBenchmark --port P --firewatch PATH --config FILE [options]
                      --host H  --prefix P  --gateways N (1000)  --connections K (4)
                      --faults-per-minute F (10000; 0 = fires only, the no-storm reference)
                      --fire-interval S (0.5)  --warmup S (5)  --duration S (60)
                      --workdir DIR  --broker-pid PID  --pids-file FILE  --daemon-env KEY=VALUE (repeatable)
                    Normally started by scripts/bench-alerting.sh.
                    """)
                exit(0)
            default: fail("unknown argument \(flag)")
            }
        }
        if o.firewatch.isEmpty || o.config.isEmpty { fail("give --firewatch PATH and --config FILE") }
        o.fleet.validate()
        return o
    }
}

// MARK: - Clock

func wallMs(_ ns: Int64) -> Int64 { Int64(BenchClock.epochWallMs + Double(ns) / 1e6) }

// MARK: - Frames

/// Frames as a device sends them: a type 2 component status in a header with the gateway's own
/// source address, a per-gateway serial and the current time label (Asia/Shanghai, UTC+8, so the
/// daemon sees no clock skew and sends no clock sync).
enum Frames {
    static let system = SystemTarget(systemType: .fireAlarmSystem, systemAddress: 1)
    static let faultText = EncodedText("３号楼５层东侧走廊感烟探测器", width: 31)
    static let fireText = EncodedText("三层东侧走廊", width: 31)
    /// The fire point of every building: away from the fault points (1, 2, 3 …).
    static let firePoint: UInt32 = 60_000
    /// The point of the readiness probe (a plain "normal" report: no hazard, no notice).
    static let probePoint: UInt32 = 65_000

    static func componentStatus(gateway g: Int, serial: UInt16, point: UInt32, status: ComponentStatusFlags) -> [UInt8] {
        let now = ShanghaiClock.now()
        let fire = status.contains(.fire)
        let object = InformationObject.componentStatus(ComponentStatus(
            system: system, componentType: fire ? .pointPhotoelectricSmokeDetector : .smokeDetector,
            componentAddress: point, status: status, description: fire ? fireText : faultText, time: now))
        let header = FrameHeader(serial: serial, timeLabel: TimeLabel(now, format: .binary),
                                 source: SimulatedGateway.sourceAddress(g), destination: .zero, command: .send)
        return PanelMessage(header: header, adu: ApplicationDataUnit(objects: [object])).encoded()
    }

    /// Decodes generated frames with the real codec: the benchmark must send what a device sends.
    static func selfCheck() {
        let cases: [(ComponentStatusFlags, UInt32)] = [([.normal, .fault], 7), ([.normal], 7), ([.normal, .fire], firePoint)]
        for (status, point) in cases {
            let bytes = componentStatus(gateway: 42, serial: 8, point: point, status: status)
            SimulatedGateway.selfCheck(bytes, status: status, point: point)
        }
    }
}

func buildingId(_ g: Int) -> String {
    let digits = String(g)
    return "bldg-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
}

// MARK: - Gateways over a few connections

enum FrameKind: Sendable { case fault, fire(Int), probe }

/// One frame waiting for its 确认.
struct InFlight {
    var kind: FrameKind
    var sentAt: Int64
}

struct ConnectionState {
    var serial: [UInt16]
    /// Per local gateway: the fault cycle (even: set the fault of point cycle/2+1, odd: clear it).
    var cycle: [Int]
    /// Outstanding frames by (local gateway, serial). Several per gateway may be outstanding (a
    /// fire frame does not wait for the gateway's previous fault frame's 确认).
    var inFlight: [Int: InFlight] = [:]
    var faultsSent = 0
    var faultAcks = 0
    var denied = 0
    var stray = 0
    var probeAcks = 0
    /// Fault frames sent in the window and their 确认 latency.
    var windowStart: Int64 = .max
    var windowEnd: Int64 = .max
    var faultsSentInWindow = 0
    var faultAcksInWindow = 0
    /// (sent at, 确认 latency) of the fault frames sent in the window.
    var faultLatencies: [(sentAt: Int64, latency: Int64)] = []

    init(count: Int) {
        serial = Array(repeating: 0, count: count)
        cycle = Array(repeating: 0, count: count)
        faultLatencies.reserveCapacity(1 << 16)
    }
}

final class GatewayConnection: Sendable {
    /// Its gateways and their MQTT connection.
    let shard: GatewayShard
    let state: Mutex<ConnectionState>
    let fires: FireLog
    let publishErrors = Atomic<Int>(0)

    init(index: Int, options: Options, fires: FireLog, logger: Logger) throws {
        let shard = try GatewayShard(index: index, options: options.fleet, clientIdPrefix: "bench-alert", logger: logger)
        self.shard = shard
        self.fires = fires
        state = Mutex(ConnectionState(count: shard.count))
    }

    func setWindow(start: Int64, end: Int64) {
        state.withLock { s in s.windowStart = start; s.windowEnd = end }
    }

    /// Sends one frame of `local` (serial allocated and t0 recorded just before the publish call).
    func send(_ local: Int, kind: FrameKind) {
        Task { [self] in
            let (serial, point, status): (UInt16, UInt32, ComponentStatusFlags) = state.withLock { s in
                s.serial[local] &+= 1
                switch kind {
                case .fault:
                    let c = s.cycle[local]
                    s.cycle[local] += 1
                    return (s.serial[local], UInt32(c / 2 + 1), c % 2 == 0 ? [.normal, .fault] : [.normal])
                case .fire: return (s.serial[local], Frames.firePoint, [.normal, .fire])
                case .probe: return (s.serial[local], Frames.probePoint, [.normal])
                }
            }
            let bytes = Frames.componentStatus(gateway: shard.global(local), serial: serial, point: point, status: status)
            let t0 = nowNs()
            state.withLock { s in
                s.inFlight[local << 16 | Int(serial)] = InFlight(kind: kind, sentAt: t0)
                if case .fault = kind {
                    s.faultsSent += 1
                    if t0 >= s.windowStart && t0 < s.windowEnd { s.faultsSentInWindow += 1 }
                }
            }
            if case .fire(let n) = kind { fires.sent(n, at: t0) }
            do {
                try await shard.client.publish(topic: shard.topicsUp[0][local], payload: bytes, qos: 1, retain: false)
            } catch {
                publishErrors.add(1, ordering: .relaxed)
            }
        }
    }

    var outstanding: Int { state.withLock { $0.inFlight.count } }

    /// Reads replies until the client shuts down.
    func consume() async {
        for await message in shard.client.messages { handle(message) }
    }

    private func handle(_ message: MQTTMessage) {
        let received = nanos(message.receivedAt)
        // gateway id from {prefix}/gateways/gw-NNNNN/down
        guard let range = message.topic.range(of: "/gateways/gw-"),
              let g = Int(message.topic[range.upperBound...].prefix { $0.isNumber }),
              g % shard.stride == shard.index, g / shard.stride < shard.count
        else { state.withLock { $0.stray += 1 }; return }
        let local = g / shard.stride
        // The down topic also carries the centre's own commands (clock sync, 查岗): only replies
        // answer a frame of ours.
        guard let step = FrameStreamDecoder.decodeAll(message.payload).first, case .success(let frame) = step,
              frame.header.command.isReply
        else { return }
        let serial = frame.header.serial
        let confirmed = frame.header.command == .confirm
        let done: InFlight? = state.withLock { s in
            guard let f = s.inFlight.removeValue(forKey: local << 16 | Int(serial)) else { s.stray += 1; return nil }
            if !confirmed { s.denied += 1 }
            switch f.kind {
            case .fault:
                s.faultAcks += 1
                if received >= s.windowStart && received < s.windowEnd { s.faultAcksInWindow += 1 }
                if f.sentAt >= s.windowStart && f.sentAt < s.windowEnd { s.faultLatencies.append((f.sentAt, received - f.sentAt)) }
            case .probe: s.probeAcks += 1
            case .fire: break
            }
            return f
        }
        if let done, case .fire(let n) = done.kind { fires.acknowledged(n, at: received, confirmed: confirmed) }
    }
}

// MARK: - Fires and notices

struct Fire {
    var building: String
    var gateway: Int
    var sentAt: Int64 = -1
    var ackAt: Int64 = -1
    var confirmed = false
    var noticeAt: Int64 = -1
    var noticeId: String?
    var notices = 0
}

/// A notice as it arrived on `{prefix}/notices/#` (the fields we need of NoticeDocument).
struct ArrivedNotice: Decodable {
    var id: String
    var party: String
    var kind: String
    var severity: String
    var building: String
    var reason: String
}

struct FireLogState {
    var fires: [Fire] = []
    var byBuilding: [String: Int] = [:]
    /// Every notice received, in arrival order (for the order check).
    var arrivals: [(id: String, severity: String, at: Int64)] = []
    var byPartyKind: [String: Int] = [:]
    var undecodable = 0
}

final class FireLog: Sendable {
    let state = Mutex(FireLogState())

    /// Registers fire `n` (before it is sent) and returns its gateway.
    func add(building: String, gateway: Int) -> Int {
        state.withLock { s in
            s.fires.append(Fire(building: building, gateway: gateway))
            s.byBuilding[building] = s.fires.count - 1
            return s.fires.count - 1
        }
    }

    func sent(_ n: Int, at t: Int64) { state.withLock { $0.fires[n].sentAt = t } }

    func acknowledged(_ n: Int, at t: Int64, confirmed: Bool) {
        state.withLock { s in
            s.fires[n].ackAt = t
            s.fires[n].confirmed = confirmed
        }
    }

    func notice(_ message: MQTTMessage) {
        let at = nanos(message.receivedAt)
        guard let n = try? JSONDecoder().decode(ArrivedNotice.self, from: Data(message.payload)) else {
            state.withLock { $0.undecodable += 1 }
            return
        }
        state.withLock { s in
            s.arrivals.append((n.id, n.severity, at))
            s.byPartyKind["\(n.party) \(n.kind)", default: 0] += 1
            guard n.party == "unit", n.kind == "fireAlarm", let i = s.byBuilding[n.building] else { return }
            s.fires[i].notices += 1
            if s.fires[i].noticeAt < 0 {
                s.fires[i].noticeAt = at
                s.fires[i].noticeId = n.id
            }
        }
    }

    var snapshot: FireLogState { state.withLock { $0 } }
}

/// Runs the sqlite3 CLI (read-only, list mode, `|` separated) and returns the rows.
func sqlite(_ db: String, _ sql: String) -> [[Substring]] {
    let result: (status: Int32, output: String)
    do { result = try shell(["sqlite3", "-batch", "-noheader", "-readonly", "-separator", "|", db, sql]) } catch {
        fail("cannot run sqlite3: \(error)")
    }
    guard result.status == 0 else { fail("sqlite3 failed (\(result.status)) on: \(sql)") }
    return result.output.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false) }
}

// MARK: - Formatting

/// Figures as they are (no thousands separators).
func f(_ v: Double, _ digits: Int = 0) -> String { Figure.text(v, digits) }

func mark(_ ok: Bool) -> String { ok ? "✓" : "✗" }

// MARK: - The load

/// Paces the storm on a dedicated thread in 1 ms ticks until `end`: fault frames round-robin
/// over all gateways at the offered rate, and a fire every fire interval from the next building
/// that had none (fire i comes from gateway (i·s + 1) mod N, s coprime to N: all distinct).
func startPacer(connections: [GatewayConnection], fires: FireLog, options: Options, start: Int64, end: Int64) -> Task<Void, Never> {
    let n = options.fleet.gateways, k = connections.count
    let faultRate = options.faultsPerMinute / 60, fireInterval = options.fireInterval
    func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
    var s = 7
    while gcd(s, n) != 1 { s += 1 }
    let fireStride = s
    return Task.detached {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                var faults = 0, g = 0, fireCount = 0
                while true {
                    let now = nowNs()
                    if now >= end { break }
                    let elapsed = Double(now - start) / 1e9
                    while faults < Int(elapsed * faultRate) {
                        connections[g % k].send(g / k, kind: .fault)
                        g = (g + 1) % n
                        faults += 1
                    }
                    if fireCount < n && fireCount <= Int(elapsed / fireInterval) {
                        let fg = (fireCount * fireStride + 1) % n
                        let id = fires.add(building: buildingId(fg), gateway: fg)
                        connections[fg % k].send(fg / k, kind: .fire(id))
                        fireCount += 1
                    }
                    usleep(1000)
                }
                done.resume()
            }
        }
    }
}

// MARK: - Main

_ = BenchClock.origin
let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
signal(SIGPIPE, SIG_IGN)
Frames.selfCheck()

var mqttLogger = Logger(label: "bench.mqtt")
mqttLogger.logLevel = .warning

let faultRate = options.faultsPerMinute / 60
say("Alerting benchmark: \(options.fleet); "
      + "fault storm \(f(options.faultsPerMinute)) frames/min (\(f(faultRate, 1))/s), a fire every \(f(options.fireInterval, 2)) s; "
      + "warm-up \(f(options.warmup, 1)) s, window \(f(options.duration, 1)) s")
say("  machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; load before the run: \(ProcStat.loadAverage())")

// The daemon: environment overrides on the given config (the script adds registry, HTTP port,
// patrol off, log level).
let dbPath = options.fleet.workdir + "/firewatch.sqlite"
let env = options.fleet.daemonEnvironment(
    database: dbPath, defaults: ["FIREWATCH_LOG_LEVEL": "warning", "FIREWATCH_ESCALATION_PATROL_ENABLED": "false"])
let daemon = try Child(name: "firewatch", executable: options.firewatch, arguments: ["run", "--config", options.config],
                       environment: env, logPath: options.fleet.workdir + "/firewatch.log", pidsFile: options.fleet.pidsFile)

let fires = FireLog()
let connections = try (0..<options.fleet.connections).map {
    try GatewayConnection(index: $0, options: options, fires: fires, logger: mqttLogger)
}
for c in connections { try await c.shard.connect() }
let consumers = connections.map { c in Task { await c.consume() } }

let noticeClient = try MQTTClient(
    configuration: MQTTClientConfiguration(host: options.fleet.host, port: options.fleet.port,
                                           clientId: "bench-alert-\(getpid())-notices", cleanSession: true),
    logger: mqttLogger)
try noticeClient.start()
try await noticeClient.waitUntilConnected()
guard try await noticeClient.subscribe(["\(options.fleet.prefix)/notices/#"], qos: 1) == [1] else {
    fail("notice subscription refused")
}
let noticeReader = Task { for await m in noticeClient.messages { fires.notice(m) } }

// Ready = the daemon answers a probe frame (a "normal" report of gateway 0: no hazard, no notice).
// Probes sent before its subscription reach nobody; we keep sending until one is confirmed.
do {
    let deadline = ContinuousClock.now + .seconds(60)
    while connections[0].state.withLock({ $0.probeAcks }) == 0 {
        if !daemon.process.isRunning { fail("firewatch exited (status \(daemon.process.terminationStatus)); log:\n\(daemon.log)") }
        if ContinuousClock.now > deadline { fail("firewatch did not answer a probe within 60 s; log:\n\(daemon.log)") }
        connections[0].send(0, kind: .probe)
        try? await Task.sleep(for: .milliseconds(250))
    }
    // Probes that went out before the daemon subscribed will never be answered.
    connections[0].state.withLock { s in s.inFlight = s.inFlight.filter { if case .probe = $0.value.kind { false } else { true } } }
}
say("  daemon ready (pid \(daemon.pid)); log \(daemon.logPath)")

// The load: a pacer thread issues fault frames round-robin over all gateways and, every
// fire interval, a fire from the next building that had none (a stride coprime to N spreads them).
let start = nowNs()
let ws = start + Int64(options.warmup * 1e9), we = ws + Int64(options.duration * 1e9)
for c in connections { c.setWindow(start: ws, end: we) }
let pacer = startPacer(connections: connections, fires: fires, options: options, start: start, end: we)

// Measure over the window: CPU of daemon, broker, benchmark and machine; RSS every 100 ms.
try? await Task.sleep(until: BenchClock.epoch + .nanoseconds(ws))
var pids: [String: Int32] = ["firewatch": daemon.pid, "benchmark": getpid()]
if let broker = options.fleet.brokerPid { pids["mosquitto"] = broker }
let cpuWindow = CPUWindow(pids)
let rssPeakKB = await RSSSampler(pid: daemon.pid).peakKB(until: we)
let usage = cpuWindow.finish()
// A process whose CPU time could not be read stays in the report, as n/a.
let cpuUsed = pids.mapValues { _ in Double.nan }.merging(usage.perProcess) { _, used in used }
let machineBusy = usage.machineBusy
let loadAtEnd = ProcStat.loadAverage()
await pacer.value

// Drain: every 确认 and every fire notice, or 20 s.
let drainDeadline = ContinuousClock.now + .seconds(20)
while ContinuousClock.now < drainDeadline {
    let left = connections.reduce(0) { $0 + $1.outstanding }
    let noticesMissing = fires.snapshot.fires.filter { $0.noticeAt < 0 }.count
    if left == 0 && noticesMissing == 0 { break }
    try? await Task.sleep(for: .milliseconds(20))
}
// A little longer for notices that follow (rectified, brigade), so the order check sees them.
try? await Task.sleep(for: .milliseconds(500))
let unacknowledged = connections.reduce(0) { $0 + $1.outstanding }
let hwmKB = ProcStat.statusKB(daemon.pid, "VmHWM")
let log = fires.snapshot

// MARK: - The database

// Every fire → exactly one unit fireAlarm notice; no other building has one; all delivered.
var dbProblems: [String] = []
let fireRows = sqlite(dbPath, "SELECT building, count(*), sum(deliveredAt IS NOT NULL) FROM notice WHERE party = 'unit' AND kind = 'fireAlarm' GROUP BY building;")
var unitFireRows: [String: (count: Int, delivered: Int)] = [:]
for r in fireRows where r.count == 3 { unitFireRows[String(r[0])] = (Int(r[1]) ?? 0, Int(r[2]) ?? 0) }
let fireBuildings = Set(log.fires.map(\.building))
let exactlyOne = log.fires.filter { unitFireRows[$0.building]?.count == 1 }.count
let missingRows = log.fires.filter { unitFireRows[$0.building] == nil }.count
let duplicateRows = log.fires.filter { (unitFireRows[$0.building]?.count ?? 0) > 1 }.count
let foreignRows = unitFireRows.keys.filter { !fireBuildings.contains($0) }.count
let undelivered = unitFireRows.values.reduce(0) { $0 + $1.count - $1.delivered }
let dbOK = exactlyOne == log.fires.count && foreignRows == 0 && undelivered == 0
if missingRows > 0 { dbProblems.append("\(missingRows) fires without a unit fireAlarm notice") }
if duplicateRows > 0 { dbProblems.append("\(duplicateRows) fires with more than one") }
if foreignRows > 0 { dbProblems.append("\(foreignRows) buildings without a fire have one") }
if undelivered > 0 { dbProblems.append("\(undelivered) not marked delivered") }

// Notices created in the window, per party and kind.
let wsMs = wallMs(ws), weMs = wallMs(we)
let created = sqlite(dbPath, """
    SELECT party, kind, severity, count(*) FROM notice WHERE createdAt >= \(wsMs) AND createdAt < \(weMs)
    GROUP BY party, kind, severity ORDER BY count(*) DESC;
    """)
let hazardsOpened = sqlite(dbPath, "SELECT count(*), coalesce(sum(closedAt IS NOT NULL), 0) FROM hazard;").first ?? []
let incidents = sqlite(dbPath, "SELECT count(*) FROM incident;").first?.first ?? "?"
let commands = sqlite(dbPath, "SELECT kind, count(*) FROM gateway_command GROUP BY kind;")
let frameRows = sqlite(dbPath, "SELECT count(*) FROM frame;").first?.first ?? "?"
let quarantined = sqlite(dbPath, "SELECT count(*) FROM quarantine;").first?.first ?? "?"
// The daemon's own view of the fire notices: createdAt → deliveredAt (ms, its clock).
let fireDispatch = sqlite(dbPath, """
    SELECT deliveredAt - createdAt FROM notice WHERE party = 'unit' AND kind = 'fireAlarm' AND deliveredAt IS NOT NULL
    AND createdAt >= \(wsMs) AND createdAt < \(weMs);
    """).compactMap { $0.first.flatMap { Int64($0) } }.map { $0 * 1_000_000 }
// Order check: seq (creation order) of every notice.
var seqOf: [String: Int64] = [:]
for r in sqlite(dbPath, "SELECT id, seq FROM notice;") where r.count == 2 { seqOf[String(r[0])] = Int64(r[1]) }

let stopped = await daemon.stop(timeout: .seconds(20))
let daemonLog = daemon.log

// MARK: - Figures

let window = log.fires.filter { $0.sentAt >= ws && $0.sentAt < we }
let committed = Percentiles(window.filter { $0.ackAt >= 0 }.map { $0.ackAt - $0.sentAt })
let delivered = Percentiles(window.filter { $0.noticeAt >= 0 }.map { $0.noticeAt - $0.sentAt })
let dispatch = Percentiles(window.filter { $0.noticeAt >= 0 && $0.ackAt >= 0 }.map { $0.noticeAt - $0.ackAt })
let daemonDispatch = Percentiles(fireDispatch)
let faultStats = connections.map { c in c.state.withLock { $0 } }
let faultSamples = faultStats.flatMap(\.faultLatencies).sorted { $0.sentAt < $1.sentAt }
let faultLatency = Percentiles(faultSamples.map(\.latency))
let earliest = Percentiles(window.filter { $0.noticeAt >= 0 && $0.ackAt >= 0 }.map { min($0.noticeAt, $0.ackAt) - $0.sentAt })
let faultsSentInWindow = faultStats.reduce(0) { $0 + $1.faultsSentInWindow }
let faultAcksInWindow = faultStats.reduce(0) { $0 + $1.faultAcksInWindow }
let denied = faultStats.reduce(0) { $0 + $1.denied }
let stray = faultStats.reduce(0) { $0 + $1.stray }
let publishErrors = connections.reduce(0) { $0 + $1.publishErrors.load(ordering: .relaxed) }

// Order: for each fire notice F, (a) non-critical notices created after F (higher seq) that
// reached us before F — fault work overtaking a fire: must be 0; (b) non-critical notices that
// reached us between F's 确认 (its commit) and F — fault work already in flight that F waited for.
var overtaken = 0, firesOvertaken = 0
var overtakeLead: Int64 = 0  // longest time by which such a notice arrived before the fire notice
var inFlightAhead: [Int] = []
let arrivals = log.arrivals
var arrivalIndex: [String: Int] = [:]
for (i, a) in arrivals.enumerated() where arrivalIndex[a.id] == nil { arrivalIndex[a.id] = i }
for fire in log.fires {
    guard let id = fire.noticeId, let fi = arrivalIndex[id], let fseq = seqOf[id] else { continue }
    var o = 0, ahead = 0
    for a in arrivals[..<fi] where a.severity != "critical" {
        if let s = seqOf[a.id], s > fseq {
            o += 1
            overtakeLead = max(overtakeLead, arrivals[fi].at - a.at)
        }
        if fire.ackAt >= 0 && a.at >= fire.ackAt { ahead += 1 }
    }
    overtaken += o
    if o > 0 { firesOvertaken += 1 }
    inFlightAhead.append(ahead)
}
inFlightAhead.sort()

say("\n== Fire alarms during the storm (\(window.count) fires sent in the window, \(log.fires.count) in all)")
say("  fire frame → 确认 (≤ unit notice committed)        \(committed.text)")
say("  fire frame → unit notice arrives (≤ broker ack + 1 hop) \(delivered.text)")
say("  fire frame → first of 确认/notice (tighter bound)   \(earliest.text)")
say("  of which 确认 → notice arrival (dispatch)          \(dispatch.text)")
say("  daemon's own createdAt → deliveredAt (ms clock)    \(daemonDispatch.text)")
let missingAcks = window.filter { $0.ackAt < 0 }.count, missingNotices = window.filter { $0.noticeAt < 0 }.count
let dupNotices = log.fires.filter { $0.notices > 1 }.count
if missingAcks + missingNotices + dupNotices > 0 {
    say("  ! \(missingAcks) fires without 确认, \(missingNotices) without a notice, \(dupNotices) with the notice received more than once")
}
if !inFlightAhead.isEmpty {
    say("  non-critical notices that arrived between a fire's 确认 and its notice: median \(inFlightAhead[inFlightAhead.count / 2]), "
          + "max \(inFlightAhead.last!) (fault work already in flight)")
}
say("  non-critical notices created after a fire notice but delivered before it: \(overtaken) (over \(firesOvertaken) fires"
      + (overtaken > 0 ? "; arrived at most \(f(Double(overtakeLead) / 1e6, 2)) ms ahead of it)" : ")"))
// The slowest fires next to the fault frames sent within ±100 ms of them: if those were as slow,
// the fire waited for the same thing they did (a commit, the CPU), not behind them.
let slowest = window.filter { $0.ackAt >= 0 }.sorted { $0.ackAt - $0.sentAt > $1.ackAt - $1.sentAt }.prefix(5)
if !slowest.isEmpty {
    say("  slowest fires (确认 ms, at s into the window) vs the fault frames sent within ±100 ms (their 确认 median / max ms):")
    for fire in slowest {
        let near = faultSamples.filter { abs($0.sentAt - fire.sentAt) <= 100_000_000 }.map(\.latency)
        let p = Percentiles(near)
        say("    \(fire.building): \(f(Double(fire.ackAt - fire.sentAt) / 1e6, 1)) ms at \(f(Double(fire.sentAt - ws) / 1e9, 1)) s; "
              + "faults nearby (n=\(p.count)): \(f(p.p50, 1)) / \(f(p.max, 1)) ms")
    }
}

say("\n== Fault storm")
say("  offered \(f(faultRate, 1)) frames/s; sent in the window \(f(Double(faultsSentInWindow) / options.duration, 1))/s, "
      + "acknowledged in the window \(f(Double(faultAcksInWindow) / options.duration, 1))/s")
say("  fault frame → 确认                                  \(faultLatency.text)")
var issues: [String] = []
if unacknowledged > 0 { issues.append("\(unacknowledged) frames never acknowledged") }
if denied > 0 { issues.append("\(denied) 否认") }
if stray > 0 { issues.append("\(stray) stray replies") }
if publishErrors > 0 { issues.append("\(publishErrors) publish errors") }
if log.undecodable > 0 { issues.append("\(log.undecodable) undecodable notices") }
if !issues.isEmpty { say("  ! " + issues.joined(separator: ", ")) }

say("\n== Notices created in the window (from the database), per second")
for r in created where r.count == 4 {
    say("  \(pad("\(r[0]) \(r[1])", 26)) \(pad(String(r[2]), 9)) \(pad(f((Double(r[3]) ?? 0) / options.duration, 2) + "/s", 10)) (\(r[3]))")
}
say("  received on \(options.fleet.prefix)/notices/# during the whole run: "
      + log.byPartyKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
say("  database: \(frameRows) frames, \(quarantined) quarantined, \(incidents) incidents, hazards \(hazardsOpened.first ?? "?") opened "
      + "/ \(hazardsOpened.dropFirst().first ?? "?") closed; centre commands: "
      + (commands.isEmpty ? "none" : commands.map { "\($0[0]) \($0.dropFirst().first ?? "?")" }.joined(separator: ", ")))
say("  cross-check: \(exactlyOne) of \(log.fires.count) fires have exactly one unit fireAlarm notice row, all delivered: "
      + (dbOK ? "OK" : "MISMATCH (" + dbProblems.joined(separator: ", ") + ")"))

say("\n== Resources over the window")
let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
let cpuText = cpuUsed.sorted { $0.key < $1.key }.map { "\($0.key) \(f($0.value / options.duration * 100)) %" }.joined(separator: ", ")
let others = machineBusy * cores - cpuUsed.values.filter(\.isFinite).reduce(0, +) / options.duration
say("  CPU (% of one core): \(cpuText); everything else on the machine \(f(max(0, others) * 100)) %; machine busy \(f(machineBusy * 100)) % of \(Int(cores)) cores")
say("  daemon RSS: peak (VmHWM) \(hwmKB.map { f(Double($0) / 1024, 1) } ?? "?") MB, sampled max \(f(Double(rssPeakKB) / 1024, 1)) MB")
say("  load average at the end of the window: \(loadAtEnd)")
say("  daemon: " + (stopped.status.map { "exit \($0) after SIGTERM in \(f(stopped.seconds, 2)) s" } ?? "did not stop within 20 s: killed"))
let warnings = daemonLog.split(separator: "\n").filter { $0.contains("warning") || $0.contains("error") }
if !warnings.isEmpty {
    say("  daemon log: \(warnings.count) warning/error lines, e.g.: \(warnings.prefix(3).joined(separator: " | "))")
}

let committedOK = committed.p99 <= options.committedTargetP99 && missingAcks == 0
let deliveredOK = delivered.p99 <= options.deliveredTargetP99 && missingNotices == 0
say("\n== Targets")
say("  \(mark(committedOK)) fire frame → unit notice committed p99 ≤ \(f(options.committedTargetP99)) ms: \(f(committed.p99, 2)) ms (upper bound)")
say("  \(mark(deliveredOK)) fire frame → notice acknowledged by the broker p99 ≤ \(f(options.deliveredTargetP99)) ms: \(f(delivered.p99, 2)) ms (upper bound)")
say("  \(mark(overtaken == 0)) no non-critical notice delivered ahead of an earlier-created fire notice (\(overtaken))")
say("  \(mark(dbOK)) database: one unit fireAlarm notice per fire, delivered")

for c in connections { await c.shard.client.shutdown() }
await noticeClient.shutdown()
for t in consumers { await t.value }
await noticeReader.value
exit(dbOK ? 0 : 1)
