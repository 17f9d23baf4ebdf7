/// CPU seconds of a set of processes and of the machine over a measurement window: what each
/// process costs, and how much of the machine the rest took (other load skews the figures).
public struct CPUWindow: Sendable {
    var pids: [String: Int32]
    var start: [String: Double] = [:]
    var machineStart = (busy: 0.0, total: 0.0)

    /// Starts the window now.
    public init(_ pids: [String: Int32]) {
        self.pids = pids
        for (name, pid) in pids { start[name] = ProcStat.cpuSeconds(pid) }
        machineStart = ProcStat.machine()
    }

    /// CPU seconds used per process since `init` (a process that could not be read both times is
    /// left out), and the machine's busy fraction (of all cores).
    public func finish() -> (perProcess: [String: Double], machineBusy: Double) {
        var out: [String: Double] = [:]
        for (name, pid) in pids {
            if let a = start[name], let b = ProcStat.cpuSeconds(pid) { out[name] = b - a }
        }
        let m = ProcStat.machine()
        let total = m.total - machineStart.total
        return (out, total > 0 ? (m.busy - machineStart.busy) / total : 0)
    }
}
