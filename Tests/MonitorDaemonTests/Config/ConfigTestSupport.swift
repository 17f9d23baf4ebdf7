import Foundation
@testable import MonitorDaemon

/// The repository root, found from this file's path (Tests/MonitorDaemonTests/Config/…).
func repositoryRoot(_ file: String = #filePath) -> URL {
    URL(fileURLWithPath: file)
        .deletingLastPathComponent()  // Config
        .deletingLastPathComponent()  // MonitorDaemonTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()
}

/// The dialect names of the brief, independent of the codec's list.
let testDialects: Set<String> = [
    "gb26875-2011", "dahua-v1.03", "fubei-2018", "fubei-2024", "jk-gh2013g", "jd-f53", "fscn8001", "firemaster",
]

/// A fresh temporary folder, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("firewatch-config-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Decodes config text as the file `/etc/fw/firewatch.yaml`.
func decodeConfig(_ yaml: String, environment: [String: String] = [:]) -> (FirewatchConfiguration, [ConfigProblem]) {
    FirewatchConfiguration.decode(yaml: yaml, file: "/etc/fw/firewatch.yaml", baseDirectory: "/etc/fw", environment: environment)
}

/// Parses registry text, returning its problems (empty when it loads).
func registryProblems(_ yaml: String) -> [ConfigProblem] {
    do {
        _ = try Registry.parse(yaml: yaml, file: "registry.yaml", knownDialects: testDialects)
        return []
    } catch {
        return error.problems
    }
}

/// A valid registry head: one department, brigade, unit and building.
let registryHead = """
    departments: [{id: dept-01, name: 支队}]
    brigades: [{id: brig-01, name: 大队, department: dept-01}]
    units:
      - {id: unit-1, name: 单位, brigade: brig-01, contacts: [{role: controlRoom, phone: "0100000000"}]}
    buildings: [{id: bldg-1, name: 大厦, unit: unit-1, address: 某路1号}]

    """
