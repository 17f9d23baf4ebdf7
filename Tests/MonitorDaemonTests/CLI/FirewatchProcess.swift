import Foundation

/// What a run of the real `firewatch` executable printed and returned.
struct FirewatchRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `firewatch` with `arguments` (and `stdin`), as an operator would.
func firewatch(_ arguments: [String], stdin: [UInt8]? = nil) throws -> FirewatchRun {
    let p = Process()
    p.executableURL = DaemonHarness.executable
    p.arguments = arguments
    let out = Pipe(), err = Pipe(), input = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin)) }
    try input.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return FirewatchRun(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}
