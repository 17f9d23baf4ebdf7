import Foundation

/// Runs a command found on PATH (the sqlite3 CLI, for the database cross-checks: the benchmark
/// reads the daemon's database the way an operator would, not through the daemon's code) and
/// returns its exit status and standard output.
public func shell(_ args: [String]) throws -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = args
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}
