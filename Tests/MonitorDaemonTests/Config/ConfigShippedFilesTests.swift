import Foundation
import Testing
@testable import MonitorDaemon

@Suite("Shipped configuration")
struct ConfigShippedFilesTests {
    let root = repositoryRoot()

    @Test func checkConfigPassesOnTheShippedFiles() throws {
        let path = root.appendingPathComponent("config/firewatch.yaml").path
        let loaded = try LoadedConfiguration.load(configPath: path, environment: [:], knownDialects: testDialects)
        #expect(loaded.registry.gateway(id: "gw-demo")?.building.id == "bldg-0001")
        #expect(loaded.configuration.registry.path == root.appendingPathComponent("config/registry.example.yaml").standardizedFileURL.path)
        #expect(loaded.configuration.database.path == root.appendingPathComponent("run/firewatch.sqlite").standardizedFileURL.path)
    }

    @Test func checkConfigReportsConfigAndRegistryProblemsTogether() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("mqtt: {port: 0}\n".utf8).write(to: dir.appendingPathComponent("firewatch.yaml"))
        try Data((registryHead + "gateways: [{id: gw-1, building: nowhere}]\n").utf8).write(to: dir.appendingPathComponent("registry.yaml"))
        let error = #expect(throws: ConfigErrors.self) {
            try LoadedConfiguration.load(configPath: dir.appendingPathComponent("firewatch.yaml").path, environment: [:],
                                         knownDialects: testDialects)
        }
        #expect(error?.problems.map(\.key) == ["mqtt.port", "gateways[0].building"])
    }

    @Test func shippedConfigSpellsOutTheDefaults() throws {
        let path = root.appendingPathComponent("config/firewatch.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let (config, problems) = FirewatchConfiguration.decode(yaml: text, file: path, baseDirectory: "/x", environment: [:])
        #expect(problems.isEmpty)
        var expected = FirewatchConfiguration()
        // The three deliberate differences, each commented in the file.
        expected.mqtt.username = "centre"
        expected.database.path = "/run/firewatch.sqlite"
        expected.registry.path = "/x/registry.example.yaml"
        expected.deriveEscalationFields()
        #expect(config == expected)
    }

    @Test func shippedConfigAndDocsNameEveryKey() throws {
        let yaml = try String(contentsOf: root.appendingPathComponent("config/firewatch.yaml"), encoding: .utf8)
        let docs = try String(contentsOf: root.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        for key in ConfigKey.all {
            let leaf = String(key.path.split(separator: ".").last!)
            #expect(yaml.contains("\(leaf):"), "config/firewatch.yaml lacks \(key.path)")
            #expect(docs.contains("`\(key.path)`"), "docs/configuration.md lacks \(key.path)")
            #expect(docs.contains(key.environmentVariable), "docs/configuration.md lacks \(key.environmentVariable)")
        }
    }

    @Test func systemdConfigIsValidApartFromItsFiles() throws {
        let path = root.appendingPathComponent("config/firewatch.systemd.yaml").path
        let (config, problems) = FirewatchConfiguration.decode(path: path, environment: [:])
        #expect(problems.isEmpty)
        #expect(config.database.path == "/var/lib/firewatch/firewatch.sqlite")
        #expect(config.registry.path == "/etc/firewatch/registry.yaml")
    }
}
