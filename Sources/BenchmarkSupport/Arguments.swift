import Foundation

/// The executable's name (`IngestBenchmark` …), so messages say which benchmark failed.
let programName = URL(fileURLWithPath: CommandLine.arguments.first ?? "benchmark").lastPathComponent

/// Stops the benchmark with a message on stderr and exit status 2 (a usage or setup error, not
/// a figure that missed its target).
public func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("\(programName): \(message)\n".utf8))
    exit(2)
}

/// The whole number `text` given for option `name`, or `fail`.
public func number(_ text: String, _ name: String) -> Int {
    guard let v = Int(text) else { fail("bad value \(text) for \(name)") }
    return v
}

/// The positive number `text` given for option `name` (or zero, where `allowZero`), or `fail`.
public func decimal(_ text: String, _ name: String, allowZero: Bool = false) -> Double {
    guard let v = Double(text), v > 0 || (allowZero && v == 0) else { fail("bad value \(text) for \(name)") }
    return v
}

/// Walks the command line: `take` gets each flag and a function that reads the flag's argument
/// (failing if there is none).
public func forEachFlag(in args: [String], _ take: (_ flag: String, _ value: () -> String) -> Void) {
    var i = 0
    func value() -> String {
        i += 1
        guard i < args.count else { fail("missing value after \(args[i - 1])") }
        return args[i]
    }
    while i < args.count {
        take(args[i], value)
        i += 1
    }
}
