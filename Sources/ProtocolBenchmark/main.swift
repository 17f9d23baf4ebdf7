// Release-mode benchmark of the PanelProtocol codec. Prints figures; it is not a test.
//
//   swift build -c release --product ProtocolBenchmark && .build/release/ProtocolBenchmark
//   scripts/bench.sh        (the same, with the malloc counter preloaded for allocations/frame)
//
// Every figure is the median of several timed runs after warm-up runs. Frames are the
// standard vectors of shared/protocol/vectors.json (also in Tests/PanelProtocolTests/Vectors), copied here as hex.

import PanelProtocol
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Inputs

/// `sf_comp_fire`: cmd 2, type 2 component status, one object with a GB 18030 description
/// ("Ａ区１层呷哺走廊", 16 bytes of two-byte codes in a 31-byte field). 78 bytes.
let compFireHex = "404000000101180D11160A140000000000000605040302013000020201010300D90006000200A3C1C7F8A3B1B2E3DFC8B2B8D7DFC0C8000000000000000000000000000000301213010814682323"

/// The mixed stream's frames (vectors.json ids), plus a synthesised type-28 frame below.
let mixHex: [(name: String, hex: String)] = [
    ("sf_comp_fire (2)", compFireHex),
    ("fm_sys_status (1)", "4040010001010D020E1606110100000000000000000000000C00020101CB0201090D0C0A160611852323"),
    ("der_analog_temp (3)", "404000000101180D11160A140000000000000605040302011200020301010228010203040320030400090207151F2323"),
    ("der_facility_op (4)", "404000000101180D11160A140000000000000605040302010C00020401010284FA040009020715402323"),
    ("fm_uitd_mainpower (21)", "404001000101203A091A090C790300000000385B01000000090002150108023A091A090C422323"),
    ("fm_uitd_op_patrol_reply (24)", "404001000101203A091A090C790300000000385B010000000A000218012001023A091A090C5F2323"),
    ("fm_ack (ack, L=0)", "404001000101233A091A090C385B01000000790300000000000003AB2323"),
    ("jv_ack (ack, L=0)", "4040000001012D1A101F0314000000000000F1FB09000000000003872323"),
    ("fm_vendor_cc (204, raw)", "404001000101203A091A090C790300000000385B01000000130002CC0100011100000001010000203A091A090C0A372323"),
    ("fb2024_vendor_96 (150, raw)", "4040000001010F220E190713010000000000FFFF00000000120002960100035B010000000200000F220E190713F12323"),
    ("py_vendor_be_1 (190, raw)", "4040010001052B350D1C041A8C0000000000000000000000030002BE0100FE2323"),
    ("sf_req_init (89)", "4040010000010500090207150504030201000B0A09080706030004590100D12323"),
    ("xp_req_sysstatus (61)", "4040030001061E04110D06170000000000000000000000000400043D010102B02323"),
]

func bytes(hex: String) -> [UInt8] {
    guard let b = HexCoding.bytes(hex) else { fatalError("bad hex constant") }
    return b
}

/// Type 28 (UITD system time), written with FrameEncoder: the vectors have none.
func uitdTimeFrame() -> [UInt8] {
    let header = FrameHeader(serial: 7, timeLabel: TimeLabel(second: 24, minute: 13, hour: 17, day: 22, month: 10, year: 20),
                             source: NodeAddress(1, 2, 3, 4, 5, 6), destination: .zero, command: .response)
    return FrameEncoder.encode(header, adu: [28, 1, 24, 13, 17, 22, 10, 20])
}

// MARK: - Measurement

@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

func nowNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// The malloc counter of scripts/malloc-count.c when it is preloaded, else nil.
let mallocCount: (@convention(c) () -> UInt64)? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "fw_malloc_count") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) () -> UInt64).self)
}()

struct Figure {
    var nsPerFrame: Double
    var spread: (min: Double, max: Double)
    var allocationsPerFrame: Double?
    var framesPerSecond: Double { 1e9 / nsPerFrame }
}

/// PROTOCOL_BENCHMARK_QUICK=1: 1/100 of the iterations and 1 + 3 runs, for valgrind/callgrind.
let quick = getenv("PROTOCOL_BENCHMARK_QUICK") != nil
let warmupRuns = quick ? 1 : 3
let timedRuns = quick ? 3 : 11
let scale = quick ? 100 : 1

/// Workloads named on the command line (a, a-string, a-notext, text, text-string, frame, adu, payload,
/// b, b-full); all when none.
/// One workload at a time is what a profiler wants: `perf record .build/release/ProtocolBenchmark a`.
/// A name that is no workload (`none`) runs the set-up alone: under callgrind, its count taken
/// from a workload's gives that workload's instructions (docs/benchmarks.md).
let selected = Set(CommandLine.arguments.dropFirst())
func enabled(_ name: String) -> Bool { selected.isEmpty || selected.contains(name) }

/// Times `body(n)`, which must process `n × framesPerIteration` frames, and counts its mallocs.
/// Returns the median ns/frame over `timedRuns` runs (after `warmupRuns`) and min/max.
func measure(_ name: String, iterations n: Int, framesPerIteration: Int = 1, _ body: (Int) -> Int) -> Figure? {
    guard enabled(name) else { return nil }
    let frames = Double(n * framesPerIteration)
    var sink = 0
    for _ in 0..<warmupRuns { sink &+= body(n) }
    var samples: [Double] = []
    for _ in 0..<timedRuns {
        let t0 = nowNanoseconds()
        sink &+= body(n)
        let t1 = nowNanoseconds()
        samples.append(Double(t1 - t0) / frames)
    }
    var allocations: Double?
    if let mallocCount {
        let before = mallocCount()
        sink &+= body(n)
        allocations = Double(mallocCount() - before) / frames
    }
    blackHole(sink)
    samples.sort()
    return Figure(nsPerFrame: samples[samples.count / 2], spread: (samples.first!, samples.last!),
                  allocationsPerFrame: allocations)
}

// MARK: - Workloads

/// (a) The whole path for one frame, as a caller that writes the description out as UTF-8
/// (JSON, SQLite) does it: stream-decode, `PanelMessage(frame:dialect:)`, the objects lent by
/// `forEachObject`, and the description's GB 18030 converted to UTF-8 by `withUTF8` (no `String`).
/// With `readText` false, the component address is read instead of the text.
@inline(never)
func decodeCompFire(_ frameBytes: [UInt8], iterations n: Int, readText: Bool) -> Int {
    var decoder = FrameStreamDecoder()
    let dialect = Dialect.gb2011  // the gateway's dialect, looked up once per connection
    var acc = 0
    for _ in 0..<n {
        decoder.append(frameBytes)
        guard case .success(let frame)? = decoder.next() else { fatalError("sf_comp_fire did not decode") }
        let message: PanelMessage
        do { message = try PanelMessage(frame: frame, dialect: dialect) } catch { fatalError("\(error)") }
        message.forEachObject { object in
            // A `switch` reads the payload of the lent object; `guard case` would copy the object.
            switch object {
            case .componentStatus(let status):
                if readText {
                    // The UTF-8 is observed: its length and its first byte.
                    acc &+= status.description?.withUTF8 { $0.count &+ Int($0[0]) } ?? 0
                } else {
                    acc &+= Int(status.componentAddress)
                }
            default:
                fatalError("not a component status")
            }
        }
    }
    return acc
}

/// (a) as the first two rounds measured it: `adu?.objects.first` and the text as a `String`
/// (`.description?.text`), what `firewatch decode` and the alerting events do.
@inline(never)
func decodeCompFireString(_ frameBytes: [UInt8], iterations n: Int) -> Int {
    var decoder = FrameStreamDecoder()
    let dialect = Dialect.gb2011
    var acc = 0
    for _ in 0..<n {
        decoder.append(frameBytes)
        guard case .success(let frame)? = decoder.next() else { fatalError("sf_comp_fire did not decode") }
        let message: PanelMessage
        do { message = try PanelMessage(frame: frame, dialect: dialect) } catch { fatalError("\(error)") }
        guard case .componentStatus(let status)? = message.adu?.objects.first else { fatalError("not a component status") }
        acc &+= status.description?.text.utf8.count ?? 0
    }
    return acc
}

/// (b) A stream of frames back to back: append all, then next() until nil.
@inline(never)
func decodeStream(_ stream: [UInt8], expectedFrames: Int, fullADU: Bool) -> Int {
    var decoder = FrameStreamDecoder()
    let dialect = Dialect.gb2011
    decoder.append(stream)
    var frames = 0, acc = 0
    while let step = decoder.next() {
        guard case .success(let frame) = step else { fatalError("stream frame rejected: \(step)") }
        frames += 1
        if fullADU {
            do { acc &+= try PanelMessage(frame: frame, dialect: dialect).adu?.count ?? 0 } catch { fatalError("\(error)") }
        } else {
            acc &+= Int(frame.header.command.rawValue)
        }
    }
    precondition(frames == expectedFrames, "decoded \(frames) of \(expectedFrames) frames")
    return acc
}

// MARK: - Main

let compFire = bytes(hex: compFireHex)
var mix = mixHex.map { (name: $0.name, bytes: bytes(hex: $0.hex)) }
mix.append((name: "synthesised (28)", bytes: uitdTimeFrame()))

// Every input must decode cleanly in gb26875-2011 before anything is timed.
for (name, frameBytes) in mix {
    let steps = FrameStreamDecoder.decodeAll(frameBytes)
    guard steps.count == 1, case .success(let frame) = steps[0] else { fatalError("\(name): \(steps)") }
    do { _ = try PanelMessage(frame: frame) } catch { fatalError("\(name): \(error)") }
}

let streamFrameCount = 10_000
var stream: [UInt8] = []
for i in 0..<streamFrameCount { stream.append(contentsOf: mix[i % mix.count].bytes) }

let compFireFrame: Frame = {
    guard case .success(let frame) = FrameStreamDecoder.decodeAll(compFire)[0] else { fatalError("sf_comp_fire") }
    return frame
}()

// The description field of sf_comp_fire, as PanelMessage hands it out.
let descriptionField: EncodedText = {
    guard case .success(let frame) = FrameStreamDecoder.decodeAll(compFire)[0],
          case .componentStatus(let status)? = try? PanelMessage(frame: frame).adu?.objects.first,
          let description = status.description else { fatalError("no description") }
    return description
}()

/// The first line of a /proc file, or nil (other systems).
func procLine(_ path: String) -> String? {
    guard let f = fopen(path, "r") else { return nil }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 512)
    guard fgets(&line, Int32(line.count), f) != nil else { return nil }
    return String(decoding: line.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
let cpuModel: String = {
    guard let f = fopen("/proc/cpuinfo", "r") else { return "unknown" }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 512)
    while fgets(&line, Int32(line.count), f) != nil {
        let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if s.hasPrefix("model name"), let colon = s.firstIndex(of: ":") {
            return s[s.index(after: colon)...].trimmingPrefix(" ").filter { $0 != "\n" }
        }
    }
    return "unknown"
}()

print("PanelProtocol benchmark — release build, one thread")
print("machine: \(cores) online cores, CPU \(cpuModel)")
print("load average before: \(procLine("/proc/loadavg") ?? "n/a") (other processes share the cores: figures are only meaningful when it is low)")
print("runs: \(warmupRuns) warm-up + \(timedRuns) timed per figure; figure = median (min…max in brackets)")
print("allocations: \(mallocCount == nil ? "n/a (run through scripts/bench.sh to preload the malloc counter)" : "counted by scripts/malloc-count.c (malloc/calloc/realloc/memalign calls)")")
print("sf_comp_fire: \(compFire.count) bytes; description \"\(descriptionField.text)\" (\(descriptionField.bytes.count)-byte GB 18030 field)")
let averageSize = Double(stream.count) / Double(streamFrameCount)
print("mixed stream: \(streamFrameCount) frames, \(stream.count) bytes (avg \(String(format1: averageSize)) B/frame), round-robin over \(mix.count) frames:")
print("  " + mix.map(\.name).joined(separator: ", "))
print()

let perFrame = 200_000 / scale
let figureA = measure("a", iterations: perFrame) { decodeCompFire(compFire, iterations: $0, readText: true) }
let figureAString = measure("a-string", iterations: perFrame) { decodeCompFireString(compFire, iterations: $0) }
let figureANoText = measure("a-notext", iterations: perFrame) { decodeCompFire(compFire, iterations: $0, readText: false) }
let figureText = measure("text", iterations: perFrame) { n in
    var acc = 0
    for _ in 0..<n { acc &+= descriptionField.withUTF8 { $0.count &+ Int($0[0]) } }
    return acc
}
let figureTextString = measure("text-string", iterations: perFrame) { n in
    var acc = 0
    for _ in 0..<n { acc &+= descriptionField.text.utf8.count }
    return acc
}
let figureFrameOnly = measure("frame", iterations: perFrame) { n in
    var decoder = FrameStreamDecoder()
    var acc = 0
    for _ in 0..<n {
        decoder.append(compFire)
        guard case .success(let frame)? = decoder.next() else { fatalError() }
        acc &+= frame.adu.count
    }
    return acc
}
let figureADU = measure("adu", iterations: perFrame) { n in
    var acc = 0
    let dialect = Dialect.gb2011
    for _ in 0..<n {
        do { acc &+= try ApplicationDataUnit.decode(compFireFrame.adu, dialect: dialect)?.count ?? 0 } catch { fatalError("\(error)") }
    }
    return acc
}
let figurePayload = measure("payload", iterations: perFrame / 2) { n in
    var acc = 0
    for _ in 0..<n {
        for item in GatewayPayload.decode(compFire) {
            if case .success(let m) = item.result, case .componentStatus(let s)? = m.adu?.objects.first {
                acc &+= s.description?.text.utf8.count ?? 0
            }
        }
    }
    return acc
}
let streamRepeats = max(2, 20 / scale)
let figureB = measure("b", iterations: streamRepeats, framesPerIteration: streamFrameCount) { n in
    var acc = 0
    for _ in 0..<n { acc &+= decodeStream(stream, expectedFrames: streamFrameCount, fullADU: false) }
    return acc
}
let figureBFull = measure("b-full", iterations: streamRepeats / 2, framesPerIteration: streamFrameCount) { n in
    var acc = 0
    for _ in 0..<n { acc &+= decodeStream(stream, expectedFrames: streamFrameCount, fullADU: true) }
    return acc
}

func row(_ label: String, _ figure: Figure?, target: (Figure) -> String = { _ in "" }) {
    guard let f = figure else { return }
    let ns = String(format1: f.nsPerFrame)
    let spread = "\(String(format1: f.spread.min))…\(String(format1: f.spread.max))"
    let fps = String(format2: f.framesPerSecond / 1e6)
    // Per-stream allocations spread over 10,000 frames need more digits than per-frame ones.
    let alloc = f.allocationsPerFrame.map { $0 > 0 && $0 < 0.01 ? String(format4: $0) : String(format2: $0) } ?? "n/a"
    print("| \(label) | \(ns) | \(spread) | \(fps) | \(alloc) | \(target(f)) |")
}

print("| workload | ns/frame | min…max | M frames/s | allocs/frame | target |")
print("|---|---:|---:|---:|---:|---|")
row("(a) sf_comp_fire: stream decode + PanelMessage + description as UTF-8 (forEachObject, withUTF8)", figureA) {
    $0.nsPerFrame <= 175 ? "≤ 175 ns: met" : "≤ 175 ns: MISSED"
}
row("(a-string) the same, text as a String (adu?.objects.first, .description?.text)", figureAString)
row("(a) the same without the text", figureANoText)
row("(a) GB 18030 conversion alone (.description?.withUTF8)", figureText)
row("    GB 18030 conversion alone as a String (.description?.text)", figureTextString)
row("    stream decode only (append + next, 1 frame)", figureFrameOnly)
row("    ApplicationDataUnit.decode alone (the ADU of sf_comp_fire)", figureADU)
row("    GatewayPayload.decode(payload) + text (fresh decoder per payload)", figurePayload)
row("(b) 10,000-frame mixed stream, FrameStreamDecoder", figureB) {
    $0.framesPerSecond >= 9e6 ? "≥ 9 M/s: met" : "≥ 9 M/s: MISSED"
}
row("(b') the same stream + PanelMessage for every frame", figureBFull)
print()
if let a = figureA, let noText = figureANoText, let text = figureText {
    print("GB 18030 share of (a): \(String(format1: text.nsPerFrame)) of \(String(format1: a.nsPerFrame)) ns = " +
          "\(String(format1: text.nsPerFrame / a.nsPerFrame * 100)) % (with text − without text = " +
          "\(String(format1: a.nsPerFrame - noText.nsPerFrame)) ns)")
}
if let a = figureAString, let text = figureTextString {
    print("GB 18030 share of (a-string): \(String(format1: text.nsPerFrame)) of \(String(format1: a.nsPerFrame)) ns = " +
          "\(String(format1: text.nsPerFrame / a.nsPerFrame * 100)) %")
}
print("load average after: \(procLine("/proc/loadavg") ?? "n/a")")
if let b = figureB {
    print("(b) throughput: \(String(format1: Double(stream.count) / Double(streamFrameCount) / b.nsPerFrame * 1e3)) MB/s")
}

extension String {
    init(format1 value: Double) { self = Self.fixed(value, digits: 1) }
    init(format2 value: Double) { self = Self.fixed(value, digits: 2) }
    init(format4 value: Double) { self = Self.fixed(value, digits: 4) }

    /// Fixed-point formatting without Foundation.
    static func fixed(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale), fraction = scaled % Int(scale)
        var f = String(fraction)
        while f.count < digits { f = "0" + f }
        return (value < 0 ? "-" : "") + "\(whole)." + f
    }
}
