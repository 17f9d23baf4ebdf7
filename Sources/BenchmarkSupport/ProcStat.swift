import Foundation

/// What the kernel says about CPU time and memory (/proc): the benchmarks report the daemon's
/// cost, not only its speed, and measure it from outside so the daemon needs no instrumentation.
public enum ProcStat {
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// utime + stime of a process, in seconds.
    static func cpuSeconds(_ pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let u = Double(fields[11]), let s = Double(fields[12]) else { return nil }
        return (u + s) / ticksPerSecond
    }

    /// A field of /proc/PID/status in kB (VmHWM, VmRSS).
    public static func statusKB(_ pid: Int32, _ key: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            return Int(line.dropFirst(key.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }

    /// (busy, total) jiffies of the whole machine.
    static func machine() -> (busy: Double, total: Double) {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first else { return (0, 0) }
        let v = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard v.count >= 5 else { return (0, 0) }
        let total = v.prefix(8).reduce(0, +)
        return (total - v[3] - v[4], total)
    }

    /// The 1, 5 and 15 minute load averages, e.g. `0.52 0.40 0.31` (`?` if unreadable): a busy
    /// machine explains odd figures.
    public static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }
}
