// Release-mode benchmark of the ingest path through a real broker (prints figures; never a test).
//
// Run it with `bash scripts/bench-ingest.sh`, which builds, starts a private mosquitto, writes a
// registry of N gateways and calls this program with the paths. This program:
//
//   1. simulates N gateways (gw-00000 …) multiplexed over K MQTT connections: gateway g belongs to
//      connection g % K, which subscribes (QoS 1) to the exact down topic of each of its gateways;
//   2. each gateway sends real GB/T 26875.3 frames (type 2 component status, fire/fault, valid
//      time labels, incrementing serial) with QoS 1 and keeps ONE frame outstanding: publish, wait
//      for the 确认 with the same serial on its down topic, then the next frame;
//   3. against the C responder (Benchmarks/responder.c, the broker-only floor) and then against
//      `firewatch run` (fresh SQLite file), measures closed-loop throughput; then the frame → 确认
//      latency at a fixed open-loop offered load (half the broker-only throughput), in rounds that
//      alternate between the responder, the durable floor and the daemon. Each answers on a topic
//      prefix of its own and runs for the whole benchmark, so a round only changes where the
//      frames go: a minutes-long slow phase of the host falls on all of them alike;
//   4. samples the daemon's RSS and CPU time, stops it with SIGTERM, and checks with the sqlite3
//      CLI that every acknowledged (gateway, serial) is a row of `frame`.
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
    var warmup = 2.0
    var duration = 10.0
    var responder: String?
    var firewatch: String?
    var config: String?
    /// Fixed offered load; default: half the broker-only closed-loop throughput.
    var rate: Double?
    /// Skip the broker-only phases (needs --rate): for profiling the daemon.
    var skipBaseline = false
    /// Only the broker-only phases.
    var baselineOnly = false
    /// After the broker-only phases, the fixed load again against the responder in `--sync` mode:
    /// every frame written to a file, the 确认s of a group only after one `fdatasync` — the floor
    /// of any persist-before-确认 design on this disk, with no decoding and no database.
    var durableFloor = false
    /// `routine`: every frame reports its point normal (a gateway's steady traffic: the alerting
    /// core sees repeats); `alarms` (default): fire and fault onsets on 250 points per gateway
    /// (the alerting core's worst case: every frame is a new alarm).
    var routine = false
    /// Print, for each fixed-load phase, the slowest 确认 per 250 ms of send time: shows whether a
    /// p99 comes from steady queueing or from a few stalls.
    var timeline = false
    /// Fixed-load rounds per answering process (each: warm-up `warmup / rounds`, window
    /// `duration / rounds`: together the one warm-up and window a side had before rounds, so the
    /// daemon gets as many frames as then); the figures pool the rounds.
    var rounds = 4

    static func parse(_ args: [String]) -> Options {
        var o = Options()
        forEachFlag(in: args) { flag, value in
            if o.fleet.take(flag, value: value) { return }
            switch flag {
            case "--warmup": o.warmup = decimal(value(), "--warmup")
            case "--duration": o.duration = decimal(value(), "--duration")
            case "--responder": o.responder = value()
            case "--firewatch": o.firewatch = value()
            case "--config": o.config = value()
            case "--rate": o.rate = decimal(value(), "--rate")
            case "--no-baseline": o.skipBaseline = true
            case "--baseline-only": o.baselineOnly = true
            case "--durable-floor": o.durableFloor = true
            case "--timeline": o.timeline = true
            case "--rounds": o.rounds = Int(decimal(value(), "--rounds"))
            case "--frames":
                switch value() {
                case "routine": o.routine = true
                case "alarms": o.routine = false
                default: fail("--frames is routine or alarms")
                }
            case "-h", "--help":
                Swift.print("""
                    usage: IngestBenchmark --port P (--responder PATH) (--firewatch PATH --config FILE) [options]
                      --host H  --prefix P  --gateways N (1000)  --connections K (4)
                      --warmup S (2)  --duration S (10)  --rate FRAMES_PER_S (default: half the broker-only rate)
                      --workdir DIR  --broker-pid PID  --pids-file FILE  --daemon-env KEY=VALUE (repeatable)
                      --no-baseline (with --rate: skip the broker-only phases, e.g. to profile the daemon)
                      --baseline-only (only the broker-only phases)
                      --durable-floor (also the fixed load against the responder with --sync: write + fdatasync per group)
                      --frames alarms|routine (alarms: fire/fault onsets, the default; routine: points reporting normal)
                      --timeline (fixed load: the slowest 确认 per 250 ms of send time)
                      --rounds N (4: fixed-load rounds per answering process, alternating; figures pool them)
                    Normally started by scripts/bench-ingest.sh.
                    """)
                exit(0)
            default: fail("unknown argument \(flag)")
            }
        }
        if o.skipBaseline { o.responder = nil }
        if o.baselineOnly { o.firewatch = nil }
        if o.responder == nil && o.firewatch == nil { fail("nothing to measure: give --responder and/or --firewatch") }
        if o.firewatch != nil && o.config == nil { fail("--firewatch needs --config") }
        if o.responder == nil && o.rate == nil && o.firewatch != nil { fail("without --responder, give --rate") }
        if o.rounds < 1 { fail("--rounds must be at least 1") }
        o.fleet.validate()
        return o
    }
}

// MARK: - Frames

/// Builds the frames of one gateway: a type 2 component status (fire or fault of a smoke detector)
/// whose component address, status and time vary per frame, in a header with the gateway's own
/// source address, the serial, and the current time label (Asia/Shanghai, UTC+8, as devices send it).
struct FrameFactory: Sendable {
    static let aduTemplate: [UInt8] = ApplicationDataUnit(objects: [
        .componentStatus(ComponentStatus(
            system: SystemTarget(systemType: .fireAlarmSystem, systemAddress: 1),
            componentType: .smokeDetector, componentAddress: 1, status: [.normal, .fire],
            description: EncodedText("３号楼５层东侧走廊感烟探测器", width: 31),
            time: DeviceTime(year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0))),
    ]).encoded()
    // Offsets in the ADU: type, count, system type, system address, component type, address (4),
    // status (2), description (31), time (6).
    static let addressOffset = 5, statusOffset = 9, timeOffset = 42

    /// The 6 time-label bytes (s, min, h, d, mon, yy) of the current second in Asia/Shanghai.
    static func timeLabelNow() -> [UInt8] {
        let t = ShanghaiClock.now()
        return [UInt8(t.second), UInt8(t.minute), UInt8(t.hour), UInt8(t.day), UInt8(t.month), UInt8(t.year % 100)]
    }

    static func frame(gateway g: Int, serial: UInt16, time: [UInt8], routine: Bool = false) -> [UInt8] {
        var adu = aduTemplate
        let address = routine ? UInt32(serial % 8) + 1 : UInt32(serial % 250) + 1
        adu[addressOffset] = UInt8(truncatingIfNeeded: address)
        adu[addressOffset + 1] = UInt8(truncatingIfNeeded: address >> 8)
        let status: UInt16 = routine ? 0x0001 : (serial % 2 == 0 ? 0x0003 : 0x0005)  // normal; normal|fire, normal|fault
        adu[statusOffset] = UInt8(status & 0xFF)
        adu[statusOffset + 1] = UInt8(status >> 8)
        adu.replaceSubrange(timeOffset..<(timeOffset + 6), with: time)
        let header = FrameHeader(
            serial: serial, timeLabel: TimeLabel(second: time[0], minute: time[1], hour: time[2], day: time[3], month: time[4], year: time[5]),
            source: SimulatedGateway.sourceAddress(g), destination: .zero, command: .send)
        return FrameEncoder.encode(header, adu: adu)
    }

    /// Decodes a generated frame with the real codec: the benchmark must send what a device sends.
    static func selfCheck() {
        SimulatedGateway.selfCheck(frame(gateway: 42, serial: 8, time: timeLabelNow()), status: [.normal, .fire], point: 9)
    }
}

// MARK: - Gateways over a few connections

enum Mode: Sendable { case idle, closedLoop, openLoop, draining }

/// Who answers the frames. Each listens on a topic prefix of its own (the raw value indexes
/// `GatewayShard.topicsUp`: the fleet's prefix, then the other cases' in case order), so all of
/// them can run for the whole benchmark and the fixed-load rounds alternate between them by
/// sending to another prefix.
enum Target: Int, CaseIterable, Sendable {
    /// The fleet's prefix, which the daemon is configured with.
    case firewatch = 0
    /// The C responder: the broker-only floor.
    case responder
    /// The C responder with `--sync`: the durable floor.
    case durableFloor

    func prefix(_ fleetPrefix: String) -> String {
        switch self {
        case .firewatch: fleetPrefix
        case .responder: fleetPrefix + "-responder"
        case .durableFloor: fleetPrefix + "-durable"
        }
    }
}

struct ConnectionState {
    var mode = Mode.idle
    var windowStart: Int64 = .max
    var windowEnd: Int64 = .max
    var trackSerials = false

    var serial: [UInt16]
    var outstanding: [Bool]
    var sentAt: [Int64]
    /// Open loop: sends that fell due while the gateway still waited for a 确认.
    var owed: [Int]
    var outstandingCount = 0

    var sent = 0
    var acks = 0
    var acksInWindow = 0
    var deferred = 0
    var stray = 0
    var denied = 0
    var malformed = 0
    var latencies: [Int64] = []
    /// The send time of each latency (same order), with `--timeline` only.
    var sentTimes: [Int64] = []
    /// Serials acknowledged per local gateway, while `trackSerials` (the firewatch phases).
    var acked: [[UInt16]]

    init(count: Int) {
        serial = Array(repeating: 0, count: count)
        outstanding = Array(repeating: false, count: count)
        sentAt = Array(repeating: 0, count: count)
        owed = Array(repeating: 0, count: count)
        acked = Array(repeating: [], count: count)
        latencies.reserveCapacity(1 << 18)
    }
}

struct PhaseCounters: Sendable {
    var sent = 0, acks = 0, acksInWindow = 0, deferred = 0, stray = 0, denied = 0, malformed = 0, outstanding = 0
    var latencies: [Int64] = []
    var sentTimes: [Int64] = []
    static func + (a: Self, b: Self) -> Self {
        PhaseCounters(sent: a.sent + b.sent, acks: a.acks + b.acks, acksInWindow: a.acksInWindow + b.acksInWindow,
                      deferred: a.deferred + b.deferred, stray: a.stray + b.stray, denied: a.denied + b.denied,
                      malformed: a.malformed + b.malformed, outstanding: a.outstanding + b.outstanding,
                      latencies: a.latencies + b.latencies, sentTimes: a.sentTimes + b.sentTimes)
    }
}

final class GatewayConnection: Sendable {
    /// Its gateways and their MQTT connection.
    let shard: GatewayShard
    /// Where frames go now (a ``Target`` raw value), set between phases.
    private let target = Atomic<Int>(0)
    /// Frames report points normal (see `Options.routine`).
    let routine: Bool
    /// Keep each latency's send time (`--timeline`).
    let timeline: Bool
    let state: Mutex<ConnectionState>
    let publishErrors = Atomic<Int>(0)

    /// Replies are handled on the client's network thread, and frames are published without a
    /// task or a suspension each: the generator's own CPU per frame competes with the daemon's.
    init(index: Int, options: Options, logger: Logger) throws {
        routine = options.routine
        timeline = options.timeline
        let target = ReplyTarget()
        let shard = try GatewayShard(index: index, options: options.fleet, clientIdPrefix: "bench-gw", logger: logger,
                                     extraPrefixes: Target.allCases.dropFirst().map { $0.prefix(options.fleet.prefix) },
                                     messageHandler: { target.connection?.handle($0) })
        self.shard = shard
        state = Mutex(ConnectionState(count: shard.count))
        target.connection = self
    }

    /// The connection that handles the shard's replies: set in `init`, before the client starts
    /// (which orders the write before any read on the network thread); never changed after.
    private final class ReplyTarget: @unchecked Sendable {
        var connection: GatewayConnection?
    }

    /// Sets the phase: mode and the measurement window (by send time for latencies, by receive
    /// time for throughput). Resets the per-phase counters.
    func configure(mode: Mode, target: Target, windowStart: Int64, windowEnd: Int64, trackSerials: Bool) {
        self.target.store(target.rawValue, ordering: .relaxed)
        state.withLock { s in
            s.mode = mode
            s.windowStart = windowStart
            s.windowEnd = windowEnd
            s.trackSerials = trackSerials
            s.sent = 0; s.acks = 0; s.acksInWindow = 0; s.deferred = 0; s.stray = 0; s.denied = 0; s.malformed = 0
            s.latencies.removeAll(keepingCapacity: true)
            s.sentTimes.removeAll(keepingCapacity: true)
            for i in 0..<s.owed.count { s.owed[i] = 0 }
        }
    }

    func setMode(_ mode: Mode) {
        state.withLock { s in
            s.mode = mode
            if mode == .draining { for i in 0..<s.owed.count { s.owed[i] = 0 } }
        }
    }

    func counters() -> PhaseCounters {
        state.withLock { s in
            PhaseCounters(sent: s.sent, acks: s.acks, acksInWindow: s.acksInWindow, deferred: s.deferred, stray: s.stray,
                          denied: s.denied, malformed: s.malformed, outstanding: s.outstandingCount, latencies: s.latencies,
                          sentTimes: s.sentTimes)
        }
    }

    var outstandingCount: Int { state.withLock { $0.outstandingCount } }

    func ackedSerials() -> [(gateway: Int, serials: [UInt16])] {
        state.withLock { s in (0..<shard.count).map { (shard.global($0), s.acked[$0]) } }
    }

    /// Marks the next frame of `local` as outstanding (under the lock) and returns its serial.
    @inline(__always)
    private static func begin(_ s: inout ConnectionState, _ local: Int, at now: Int64) -> UInt16 {
        s.serial[local] &+= 1
        s.outstanding[local] = true
        s.outstandingCount += 1
        s.sentAt[local] = now
        s.sent += 1
        return s.serial[local]
    }

    private func send(_ local: Int, serial: UInt16) {
        let bytes = FrameFactory.frame(gateway: shard.global(local), serial: serial, time: FrameFactory.timeLabelNow(),
                                       routine: routine)
        let topic = shard.topicsUp[target.load(ordering: .relaxed)][local]
        do {
            try shard.client.publish(topic: topic, payload: bytes, qos: 1, retain: false) { [self] error in
                if error != nil { publishErrors.add(1, ordering: .relaxed) }
            }
        } catch {
            publishErrors.add(1, ordering: .relaxed)
        }
    }

    /// Closed loop: every gateway sends its first frame; each 确认 triggers the next.
    func startClosedLoop() {
        let now = nowNs()
        let first: [(Int, UInt16)] = state.withLock { s in
            (0..<shard.count).compactMap { local in s.outstanding[local] ? nil : (local, Self.begin(&s, local, at: now)) }
        }
        for (local, serial) in first { send(local, serial: serial) }
    }

    /// Open loop: a frame of `local` falls due now.
    func due(_ local: Int) {
        let now = nowNs()
        let serial: UInt16? = state.withLock { s in
            guard s.mode == .openLoop else { return nil }
            if s.outstanding[local] {
                s.owed[local] += 1
                s.deferred += 1
                return nil
            }
            return Self.begin(&s, local, at: now)
        }
        if let serial { send(local, serial: serial) }
    }

    fileprivate func handle(_ message: MQTTMessage) {
        let received = nanos(message.receivedAt)
        let p = message.payload
        // gateway id from {prefix}/gateways/gw-NNNNN/down, read backwards (the prefix depends on
        // who answered)
        var g = 0, digits = 0, scale = 1
        for byte in message.topic.utf8.reversed().dropFirst("/down".utf8.count) {
            guard byte >= 0x30 && byte <= 0x39 else { break }
            g += Int(byte - 0x30) * scale
            scale *= 10
            digits += 1
        }
        let local = g / shard.stride
        var valid = digits > 0 && g % shard.stride == shard.index && local < shard.count
            && p.count >= 30 && p[0] == 0x40 && p[1] == 0x40 && p[p.count - 1] == 0x23 && p[p.count - 2] == 0x23
        if valid {
            var sum: UInt8 = 0
            for i in 2..<(p.count - 3) { sum &+= p[i] }
            let src = SimulatedGateway.sourceAddress(g)
            valid = sum == p[p.count - 3] && p[18] == src.b0 && p[19] == src.b1 && p[20] == src.b2 && p[21] == src.b3
                && p[22] == src.b4 && p[23] == src.b5
        }
        let command = valid ? p[26] : 0
        let serial = valid ? UInt16(p[2]) | UInt16(p[3]) << 8 : 0
        let next: UInt16? = state.withLock { s in
            guard valid else { s.malformed += 1; return nil }
            guard s.outstanding[local], s.serial[local] == serial else { s.stray += 1; return nil }
            if command != 3 {
                s.denied += 1  // 否认: the frame stays outstanding, as a device would retransmit (we don't)
                return nil
            }
            s.outstanding[local] = false
            s.outstandingCount -= 1
            s.acks += 1
            if s.trackSerials { s.acked[local].append(serial) }
            let sentAt = s.sentAt[local]
            if received >= s.windowStart && received < s.windowEnd { s.acksInWindow += 1 }
            if sentAt >= s.windowStart && sentAt < s.windowEnd {
                s.latencies.append(received - sentAt)
                if timeline { s.sentTimes.append(sentAt) }
            }
            switch s.mode {
            case .closedLoop:
                return Self.begin(&s, local, at: nowNs())
            case .openLoop where s.owed[local] > 0:
                s.owed[local] -= 1
                return Self.begin(&s, local, at: nowNs())
            default:
                return nil
            }
        }
        if let next { send(local, serial: next) }
    }
}

// MARK: - The load

struct Fleet: Sendable {
    let options: Options
    let connections: [GatewayConnection]

    var gatewayCount: Int { options.fleet.gateways }

    func configure(_ mode: Mode, target: Target, windowStart: Int64, windowEnd: Int64, track: Bool) {
        for c in connections {
            c.configure(mode: mode, target: target, windowStart: windowStart, windowEnd: windowEnd, trackSerials: track)
        }
    }

    func counters() -> PhaseCounters { connections.map { $0.counters() }.reduce(PhaseCounters(), +) }

    /// Stops new sends and waits for every outstanding frame's 确认. Returns the frames still
    /// unacknowledged at the deadline.
    func drain(timeout: Duration) async -> Int {
        for c in connections { c.setMode(.draining) }
        let deadline = ContinuousClock.now + timeout
        while true {
            let left = connections.reduce(0) { $0 + $1.outstandingCount }
            if left == 0 || ContinuousClock.now >= deadline { return left }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Closed loop over warm-up + window.
    func closedLoop(_ target: Target, track: Bool, cpu: [String: Int32]) async -> PhaseResult {
        let start = nowNs()
        let ws = start + Int64(options.warmup * 1e9), we = ws + Int64(options.duration * 1e9)
        configure(.closedLoop, target: target, windowStart: ws, windowEnd: we, track: track)
        for c in connections { c.startClosedLoop() }
        try? await Task.sleep(until: BenchClock.epoch + .nanoseconds(ws))
        let window = CPUWindow(cpu)
        let rssPeakKB = await RSSSampler(pid: cpu["firewatch"]).peakKB(until: we)
        let usage = window.finish()
        let left = await drain(timeout: .seconds(20))
        return PhaseResult(counters: counters(), windowSeconds: options.duration, cpu: usage.perProcess,
                           machineBusy: usage.machineBusy, unacknowledged: left, offered: nil, rssPeakKB: rssPeakKB)
    }

    /// Open loop at `rate` frames/s, paced on a dedicated thread, round-robin over all gateways:
    /// one round of the fixed load (warm-up `warmup / rounds`, window `duration / rounds`).
    func openLoop(_ target: Target, rate: Double, track: Bool, cpu: [String: Int32]) async -> PhaseResult {
        let seconds = options.duration / Double(options.rounds)
        let start = nowNs()
        let ws = start + Int64(options.warmup / Double(options.rounds) * 1e9), we = ws + Int64(seconds * 1e9)
        configure(.openLoop, target: target, windowStart: ws, windowEnd: we, track: track)
        let connections = self.connections, k = connections.count, n = gatewayCount
        let pacer = Task.detached {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                Thread.detachNewThread {
                    var issued = 0, g = 0
                    while true {
                        let now = nowNs()
                        if now >= we { break }
                        let dueCount = Int(Double(now - start) * rate / 1e9)
                        while issued < dueCount {
                            connections[g % k].due(g / k)
                            g = (g + 1) % n
                            issued += 1
                        }
                        usleep(1000)
                    }
                    done.resume()
                }
            }
        }
        try? await Task.sleep(until: BenchClock.epoch + .nanoseconds(ws))
        let window = CPUWindow(cpu)
        let rssPeakKB = await RSSSampler(pid: cpu["firewatch"]).peakKB(until: we)
        let usage = window.finish()
        await pacer.value
        let left = await drain(timeout: .seconds(20))
        var result = PhaseResult(counters: counters(), windowSeconds: seconds, cpu: usage.perProcess,
                                 machineBusy: usage.machineBusy, unacknowledged: left, offered: rate, rssPeakKB: rssPeakKB)
        if options.timeline { result.timeline = PhaseResult.slowestPerSlice(result.counters) }
        return result
    }
}

struct PhaseResult {
    var counters: PhaseCounters
    var windowSeconds: Double
    var cpu: [String: Double]
    var machineBusy: Double
    var unacknowledged: Int
    var offered: Double?
    var rssPeakKB: Int
    /// Frame → 确认 latency of the frames sent inside the window, milliseconds.
    var p50 = Double.nan, p99 = Double.nan, max = Double.nan

    init(counters: PhaseCounters, windowSeconds: Double, cpu: [String: Double], machineBusy: Double,
         unacknowledged: Int, offered: Double?, rssPeakKB: Int) {
        self.counters = counters
        self.windowSeconds = windowSeconds
        self.cpu = cpu
        self.machineBusy = machineBusy
        self.unacknowledged = unacknowledged
        self.offered = offered
        self.rssPeakKB = rssPeakKB
        let latency = Percentiles(counters.latencies)
        p50 = latency.p50
        p99 = latency.p99
        max = latency.max
        samplesCount = latency.count
    }
    private(set) var samplesCount = 0
    /// `--timeline`: the slowest 确认 (ms) per 250 ms of send time, from the window's start.
    var timeline: [Double] = []

    /// The rounds of one answering process as one result: latencies pooled, windows and CPU
    /// times added, the busiest RSS.
    static func pooled(_ rounds: [PhaseResult]) -> PhaseResult {
        let seconds = rounds.reduce(0) { $0 + $1.windowSeconds }
        var pooled = PhaseResult(
            counters: rounds.map(\.counters).reduce(PhaseCounters(), +), windowSeconds: seconds,
            cpu: rounds.reduce(into: [:]) { sum, r in sum.merge(r.cpu, uniquingKeysWith: +) },
            machineBusy: rounds.reduce(0) { $0 + $1.machineBusy * $1.windowSeconds } / seconds,
            unacknowledged: rounds.reduce(0) { $0 + $1.unacknowledged }, offered: rounds.first?.offered,
            rssPeakKB: rounds.map(\.rssPeakKB).max() ?? 0)
        let p99s = rounds.map(\.p99).sorted()
        if !p99s.isEmpty { pooled.medianRoundP99 = (p99s[(p99s.count - 1) / 2] + p99s[p99s.count / 2]) / 2 }
        return pooled
    }
    /// Pooled rounds: the median of the rounds' p99. A host stall of a few hundred milliseconds
    /// (seen here in broker-only rounds too) decides the pooled p99 of whichever side it hits;
    /// it moves this figure by one rank at most.
    var medianRoundP99 = Double.nan

    static func slowestPerSlice(_ c: PhaseCounters) -> [Double] {
        guard let first = c.sentTimes.min() else { return [] }
        let slice: Int64 = 250_000_000
        var worst = [Int64](repeating: 0, count: Int((c.sentTimes.max()! - first) / slice) + 1)
        for (sent, latency) in zip(c.sentTimes, c.latencies) {
            let i = Int((sent - first) / slice)
            worst[i] = Swift.max(worst[i], latency)
        }
        return worst.map { Double($0) / 1e6 }
    }

    var throughput: Double { Double(counters.acksInWindow) / windowSeconds }

    /// CPU microseconds per frame acknowledged in the window.
    func cpuPerFrame(_ name: String) -> Double? {
        guard let s = cpu[name], counters.acksInWindow > 0 else { return nil }
        return s / Double(counters.acksInWindow) * 1e6
    }
}

// MARK: - Formatting

/// Whole numbers with thousands separators: throughputs run to tens of thousands of frames/s.
func f(_ v: Double, _ digits: Int = 0) -> String { Figure.text(v, digits, grouped: true) }

func describe(_ name: String, _ r: PhaseResult) {
    let c = r.counters
    var line = "  \(pad(name, 26)) \(pad(f(r.throughput) + " frames/s", 18))"
    if let offered = r.offered { line += " offered \(f(offered))/s" }
    line += "  p50 \(f(r.p50, 2)) p99 \(f(r.p99, 2)) max \(f(r.max, 2)) ms (n=\(r.samplesCount))"
    line += "  machine CPU \(f(r.machineBusy * 100)) %"
    say(line)
    var notes: [String] = []
    for (who, v) in r.cpu.sorted(by: { $0.key < $1.key }) {
        if let per = r.cpuPerFrame(who) { notes.append("\(who) \(f(per, 1)) µs/frame (\(f(v / r.windowSeconds * 100)) % of a core)") }
    }
    let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
    let others = r.machineBusy * cores - r.cpu.values.reduce(0, +) / r.windowSeconds
    notes.append("everything else on the machine \(f(Swift.max(0, others) * 100)) % of a core")
    say("      CPU: " + notes.joined(separator: ", "))
    var issues: [String] = []
    if c.deferred > 0 { issues.append("\(c.deferred) sends deferred (the gateway still awaited its previous 确认: load not sustained)") }
    if c.denied > 0 { issues.append("\(c.denied) 否认") }
    if c.stray > 0 { issues.append("\(c.stray) stray replies") }
    if c.malformed > 0 { issues.append("\(c.malformed) malformed replies") }
    if r.unacknowledged > 0 { issues.append("\(r.unacknowledged) frames never acknowledged") }
    say("      sent \(c.sent), acknowledged \(c.acks)" + (issues.isEmpty ? "" : "; " + issues.joined(separator: ", ")))
}

// MARK: - Main

let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
signal(SIGPIPE, SIG_IGN)
FrameFactory.selfCheck()

var mqttLogger = Logger(label: "bench.mqtt")
mqttLogger.logLevel = .warning

var baseCPU: [String: Int32] = ["benchmark": getpid()]
if let broker = options.fleet.brokerPid { baseCPU["mosquitto"] = broker }

say("Ingest benchmark: \(options.fleet); "
      + "warm-up \(f(options.warmup, 1)) s, window \(f(options.duration, 1)) s per measurement; "
      + (options.routine ? "routine frames (points reporting normal)" : "alarm frames (fire/fault onsets on 250 points per gateway)"))
say("  machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; load before the run: "
      + ProcStat.loadAverage())

let fleet = Fleet(options: options, connections: try (0..<options.fleet.connections).map {
    try GatewayConnection(index: $0, options: options, logger: mqttLogger)
})
for c in fleet.connections { try await c.shard.connect() }

var brokerClosed: PhaseResult?
var brokerOpen: PhaseResult?
var floorOpen: PhaseResult?
var fwClosed: PhaseResult?
var fwOpen: PhaseResult?
var rate = options.rate
/// The answering processes, each on its own prefix (``Target``), running until the fixed load is done.
var answering: [(target: Target, child: Child)] = []

if let responderPath = options.responder {
    /// The C responder on `target`'s prefix, started and subscribed (`extra`: `--sync FILE`).
    func startResponder(_ target: Target, _ extra: [String] = [], log: String) async throws -> Child {
        let child = try Child(name: "responder", executable: responderPath,
                              arguments: [options.fleet.host, String(options.fleet.port), target.prefix(options.fleet.prefix)] + extra,
                              logPath: options.fleet.workdir + "/" + log, pidsFile: options.fleet.pidsFile)
        await child.waitFor("ready", timeout: .seconds(10))
        answering.append((target, child))
        return child
    }
    let responder = try await startResponder(.responder, log: "responder.log")
    say("\n[1] broker only (C responder answers every frame at once)")
    let closed = await fleet.closedLoop(.responder, track: false, cpu: baseCPU.merging(["responder": responder.pid]) { $1 })
    describe("closed loop", closed)
    brokerClosed = closed
    if rate == nil { rate = (closed.throughput / 2).rounded() }
    if options.durableFloor {
        _ = try await startResponder(.durableFloor, ["--sync", options.fleet.workdir + "/durable-floor.bin"], log: "responder-sync.log")
    }
}

var daemon: Child?
var dbPath = ""
if let firewatch = options.firewatch, let config = options.config, rate != nil {
    dbPath = options.fleet.workdir + "/firewatch.sqlite"
    let env = options.fleet.daemonEnvironment(database: dbPath, defaults: ["FIREWATCH_LOG_LEVEL": "info"])
    let child = try Child(name: "firewatch", executable: firewatch, arguments: ["run", "--config", config], environment: env,
                          logPath: options.fleet.workdir + "/firewatch.log", pidsFile: options.fleet.pidsFile)
    await child.waitFor("] ready", timeout: .seconds(60))
    daemon = child
    answering.append((.firewatch, child))
    let overrides = options.fleet.daemonEnv.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
    say("\n[2] firewatch run (release, fresh SQLite file, synchronous=FULL)" + (overrides.isEmpty ? "" : "; env \(overrides)"))
    let closed = await fleet.closedLoop(.firewatch, track: true, cpu: baseCPU.merging(["firewatch": child.pid]) { $1 })
    describe("closed loop", closed)
    fwClosed = closed
}

if let rate {
    func name(_ target: Target) -> String {
        switch target {
        case .responder: "broker only"
        case .durableFloor: "durable floor"
        case .firewatch: "firewatch"
        }
    }
    say("\n[3] fixed load \(f(rate))/s: \(options.rounds) rounds of "
          + answering.map { name($0.target) }.joined(separator: ", then ")
          + " (each round: warm-up \(f(options.warmup / Double(options.rounds), 2)) s, window \(f(options.duration / Double(options.rounds), 2)) s)"
          + (answering.contains { $0.target == .durableFloor }
              ? "; the durable floor is the C responder writing every frame to a file, the 确认s of a group after one fdatasync" : ""))
    var rounds: [Int: [PhaseResult]] = [:]
    for round in 1...options.rounds {
        for (target, child) in answering {
            let who = target == .firewatch ? "firewatch" : "responder"
            let r = await fleet.openLoop(target, rate: rate, track: target == .firewatch,
                                         cpu: baseCPU.merging([who: child.pid]) { $1 })
            var line = "    round \(round), \(pad(name(target), 14)) p50 \(f(r.p50, 2)) p99 \(f(r.p99, 2)) max \(f(r.max, 1)) ms"
            line += ", machine CPU \(f(r.machineBusy * 100)) %" + (r.cpuPerFrame(who).map { ", \(who) \(f($0, 1)) µs/frame" } ?? "")
            say(line)
            if !r.timeline.isEmpty { say("      slowest 确认 per 250 ms, ms: " + r.timeline.map { f($0, 1) }.joined(separator: " ")) }
            rounds[target.rawValue, default: []].append(r)
        }
    }
    for (target, _) in answering {
        let pooled = PhaseResult.pooled(rounds[target.rawValue] ?? [])
        describe("fixed load, " + name(target), pooled)
        switch target {
        case .responder: brokerOpen = pooled
        case .durableFloor: floorOpen = pooled
        case .firewatch: fwOpen = pooled
        }
    }
}
for (target, child) in answering where target != .firewatch { _ = await child.stop(timeout: .seconds(5)) }

var hwmKB: Int?
var rssSampledKB = 0
var dbCheck: String?
var dbOK = false
var shutdownNote = ""

if let daemon {
    hwmKB = ProcStat.statusKB(daemon.pid, "VmHWM")
    rssSampledKB = max(fwClosed?.rssPeakKB ?? 0, fwOpen?.rssPeakKB ?? 0)
    let stopped = await daemon.stop(timeout: .seconds(20))
    shutdownNote = stopped.status.map { "exit \($0) after SIGTERM in \(f(stopped.seconds, 2)) s" } ?? "did not stop within 20 s: killed"

    // Every acknowledged (gateway, serial) must be a committed row.
    var acked: [String: Set<UInt16>] = [:]
    var ackTotal = 0
    for c in fleet.connections {
        for (g, serials) in c.ackedSerials() {
            acked[SimulatedGateway.id(g)] = Set(serials)
            ackTotal += serials.count
        }
    }
    let query = try shell(["sqlite3", "-batch", "-noheader", "-separator", "|", dbPath,
                           "SELECT gatewayId, serial, repeatCount FROM frame;"])
    var rows = 0, repeats = 0, extra = 0
    var found: [String: Set<UInt16>] = [:]
    for line in query.output.split(separator: "\n") {
        let parts = line.split(separator: "|")
        guard parts.count == 3, let serial = UInt16(parts[1]), let rc = Int(parts[2]) else { continue }
        rows += 1
        repeats += rc
        found[String(parts[0]), default: []].insert(serial)
    }
    var missing = 0
    for (gateway, serials) in acked {
        let stored = found[gateway] ?? []
        missing += serials.subtracting(stored).count
        extra += stored.subtracting(serials).count
    }
    let quarantined = (try? shell(["sqlite3", "-batch", dbPath, "SELECT count(*) FROM quarantine;"]))?.output
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
    dbOK = query.status == 0 && rows == ackTotal && missing == 0 && extra == 0
    dbCheck = "frame rows \(rows) vs 确认 received \(ackTotal): \(dbOK ? "match" : "MISMATCH") "
        + "(acknowledged but missing \(missing), stored but unacknowledged \(extra), repeats \(repeats), quarantine rows \(quarantined))"
}

for c in fleet.connections { await c.shard.client.shutdown() }
let publishErrors = fleet.connections.reduce(0) { $0 + $1.publishErrors.load(ordering: .relaxed) }

// MARK: - Summary table

say("\n== Summary (\(options.fleet.gateways) gateways, \(options.fleet.connections) connections, "
      + "fixed load = \(rate.map { f($0) } ?? "n/a") frames/s)")
func row(_ label: String, _ a: String, _ b: String, _ verdict: String = "") {
    say("  \(pad(label, 32)) \(pad(a, 22)) \(pad(b, 22)) \(verdict)")
}
func latencies(_ r: PhaseResult?) -> String { r.map { "\(f($0.p50, 2)) / \(f($0.p99, 2)) / \(f($0.max, 1))" } ?? "—" }
row("", "broker only", "firewatch")
row("closed loop, frames/s", brokerClosed.map { f($0.throughput) } ?? "—", fwClosed.map { f($0.throughput) } ?? "—",
    { () -> String in
        guard let b = brokerClosed, let w = fwClosed else { return "" }
        let ratio = w.throughput / b.throughput
        return "ratio \(f(ratio * 100)) % (target ≥ 60 %) " + (ratio >= 0.6 ? "OK" : "MISS")
    }())
// The throughput ratio moves with whatever else runs on the machine; the CPU each path costs per
// frame (generator + broker + responder vs. generator + broker + daemon) does much less, and on an
// otherwise idle, CPU-bound machine the throughput ratio tends to the ratio of those costs.
if let b = brokerClosed, let w = fwClosed {
    let base = ["benchmark", "mosquitto", "responder"].compactMap { b.cpuPerFrame($0) }
    let full = ["benchmark", "mosquitto", "firewatch"].compactMap { w.cpuPerFrame($0) }
    if base.count == 3 && full.count == 3 {
        let (x, y) = (base.reduce(0, +), full.reduce(0, +))
        row("CPU per frame, all processes", "\(f(x)) µs", "\(f(y)) µs", "cost ratio \(f(x / y * 100)) % (idle-machine estimate of the ratio)")
    }
}
row("closed loop p50 / p99 / max, ms", latencies(brokerClosed), latencies(fwClosed))
row("fixed load achieved, frames/s", brokerOpen.map { f($0.throughput) } ?? "—", fwOpen.map { f($0.throughput) } ?? "—")
row("fixed load p50 / p99 / max, ms", latencies(brokerOpen), latencies(fwOpen),
    { () -> String in
        guard let b = brokerOpen, let w = fwOpen else { return "" }
        return "p99 target ≤ \(f(b.p99 + 3, 2)) ms " + (w.p99 <= b.p99 + 3 ? "OK" : "MISS")
    }())
if let b = brokerOpen, let w = fwOpen, b.medianRoundP99.isFinite, w.medianRoundP99.isFinite {
    row("  p99, median of the rounds", f(b.medianRoundP99, 2), f(w.medianRoundP99, 2),
        "firewatch − broker only: \(f(w.medianRoundP99 - b.medianRoundP99, 2)) ms (the pooled p99 above is the verdict)")
}
if let floorOpen {
    row("  durable floor at the same load", latencies(floorOpen), "",
        "responder with write + fdatasync per group: \(floorOpen.cpuPerFrame("responder").map { f($0, 1) } ?? "n/a") µs/frame")
}
if let hwmKB {
    row("daemon peak RSS (VmHWM)", "", "\(f(Double(hwmKB) / 1024, 1)) MB",
        "target ≤ 150 MB " + (hwmKB <= 150 * 1024 ? "OK" : "MISS") + " (VmRSS sampled every 100 ms: max \(f(Double(rssSampledKB) / 1024, 1)) MB)")
}
if let fc = fwClosed, let fo = fwOpen {
    row("daemon CPU µs/frame closed/fixed", "",
        "\(fc.cpuPerFrame("firewatch").map { f($0, 1) } ?? "n/a") / \(fo.cpuPerFrame("firewatch").map { f($0, 1) } ?? "n/a")")
}
if let dbCheck { say("  database: \(dbCheck)") }
if !shutdownNote.isEmpty { say("  daemon: \(shutdownNote)") }
if publishErrors > 0 { say("  benchmark publish errors: \(publishErrors)") }
exit(dbCheck == nil || dbOK ? 0 : 1)
