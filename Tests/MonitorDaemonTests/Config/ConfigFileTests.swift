import Alerting
import Foundation
import Testing
@testable import MonitorDaemon

@Suite("Configuration")
struct ConfigFileTests {
    @Test func minimalFileTakesEveryDefault() throws {
        let (config, problems) = decodeConfig("mqtt: {host: broker.local}\n")
        #expect(problems.isEmpty)
        var expected = FirewatchConfiguration()
        expected.mqtt.host = "broker.local"
        expected.database.path = "/etc/fw/firewatch.sqlite"
        expected.registry.path = "/etc/fw/registry.yaml"
        expected.deriveEscalationFields()
        #expect(config == expected)
        #expect(config.escalation.version.hasPrefix("policy-") && config.escalation.clock.utcOffsetSeconds == 28_800)
        #expect(config.centre.timeZone.identifier == "Asia/Shanghai")
        #expect(config.mqtt.port == 1883)
        #expect(config.mqtt.topicPrefix == "firewatch/v1")
        #expect(config.mqtt.maxPayloadBytes == 65536)
        #expect(config.escalation.fire.brigadeAfterSeconds == 60)
        #expect(config.escalation.fire.departmentAfterSeconds == 180)
        #expect(config.escalation.patrol.periodSeconds == 7200)
        #expect(config.escalation.hazards.mainPowerFault.departmentAfterSeconds == nil)
        #expect(String(describing: config.log.level) == "info")
    }

    @Test func emptyFileAndNullValuesMeanDefaults() {
        let (empty, p1) = decodeConfig("")
        #expect(p1.isEmpty)
        #expect(empty.mqtt.port == 1883)
        let (nulls, p2) = decodeConfig("mqtt:\n  port: ~\n  password:\nhttp:\n")
        #expect(p2.isEmpty)
        #expect(nulls.mqtt.port == 1883)
        #expect(nulls.mqtt.password == nil)
    }

    @Test func relativePathsResolveAgainstTheConfigFolder() {
        let (config, problems) = decodeConfig("""
            database: {path: ../run/db.sqlite}
            registry: {path: /srv/registry.yaml}
            """)
        #expect(problems.isEmpty)
        #expect(config.database.path == "/etc/run/db.sqlite")
        #expect(config.registry.path == "/srv/registry.yaml")
    }

    @Test func environmentOverridesFileValues() {
        let (config, problems) = decodeConfig(
            "mqtt: {port: 1999, topicPrefix: file/v1}\nescalation: {fire: {brigadeAfterSeconds: 90, departmentAfterSeconds: 300}}\n",
            environment: [
                "FIREWATCH_MQTT_PORT": "1884",
                "FIREWATCH_MQTT_TOPIC_PREFIX": "city-a/v1",
                "FIREWATCH_ESCALATION_FIRE_BRIGADE_AFTER_SECONDS": "45",
                "FIREWATCH_ESCALATION_HAZARDS_MAIN_POWER_FAULT_DEPARTMENT_AFTER_SECONDS": "172800",
                "FIREWATCH_ESCALATION_PATROL_ENABLED": "false",
                "FIREWATCH_MQTT_PASSWORD": "s3cret",
                "UNRELATED": "x",
            ])
        #expect(problems.isEmpty)
        #expect(config.mqtt.port == 1884)
        #expect(config.mqtt.topicPrefix == "city-a/v1")
        #expect(config.escalation.fire.brigadeAfterSeconds == 45)
        #expect(config.escalation.fire.departmentAfterSeconds == 300)
        #expect(config.escalation.hazards.mainPowerFault.departmentAfterSeconds == 172_800)
        #expect(config.escalation.patrol.enabled == false)
        #expect(config.mqtt.password == "s3cret")
    }

    @Test func badEnvironmentValueIsReportedWithTheVariableName() {
        let (_, problems) = decodeConfig("", environment: [
            "FIREWATCH_MQTT_PORT": "eighty",
            "FIREWATCH_ESCALATION_FIRE_DEPARTMENT_AFTER_SECONDS": "30",
        ])
        #expect(problems.map(\.description) == [
            "environment: FIREWATCH_MQTT_PORT: \"eighty\" is not an integer (overrides mqtt.port)",
            "environment: FIREWATCH_ESCALATION_FIRE_DEPARTMENT_AFTER_SECONDS: department escalation (30 s) must come after "
                + "brigade escalation (escalation.fire.brigadeAfterSeconds = 60 s) (overrides escalation.fire.departmentAfterSeconds)",
        ])
    }

    /// A key that was removed says so, and what to do, instead of "unknown key".
    @Test func aRetiredKeySaysItWasRemoved() {
        let (_, problems) = decodeConfig("""
            database:
              groupCommitMaxFrames: 128
              groupCommitMaxWaitMilliseconds: 2
            """)
        #expect(problems.map(\.description) == [
            "/etc/fw/firewatch.yaml: database.groupCommitMaxWaitMilliseconds: no longer exists (since 2026-11-24 a group is what "
                + "arrived during the previous commit, see docs/ingest.md); delete this line (line 3)",
        ])
    }

    @Test func everyProblemIsCollectedInOnePass() {
        let (_, problems) = decodeConfig("""
            centre:
              timeZone: Mars/Olympus_Mons
            mqtt:
              port: 70000
              topicprefix: city/v1
              tls:
                certFile: /nonexistent/centre.crt
            escalation:
              fire:
                brigadeAfterSeconds: 200
              patrol:
                periodSeconds: 9000
            """)
        #expect(problems.map(\.description) == [
            "/etc/fw/firewatch.yaml: centre.timeZone: \"Mars/Olympus_Mons\" is not a known time zone (IANA name, e.g. Asia/Shanghai) (line 2)",
            "/etc/fw/firewatch.yaml: mqtt.port: 70000 is not a port (1–65535) (line 4)",
            "/etc/fw/firewatch.yaml: mqtt.topicprefix: unknown key (did you mean \"topicPrefix\"?) (line 5)",
            "/etc/fw/firewatch.yaml: mqtt.tls.certFile: a client certificate needs its key: set mqtt.tls.keyFile too (line 7)",
            "/etc/fw/firewatch.yaml: mqtt.tls.certFile: TLS needs the CA certificate that signed the broker's: set mqtt.tls.caFile too (line 7)",
            "/etc/fw/firewatch.yaml: mqtt.tls.certFile: cannot read /nonexistent/centre.crt: no such file (line 7)",
            "/etc/fw/firewatch.yaml: escalation.fire.brigadeAfterSeconds: department escalation (180 s) must come after brigade escalation "
                + "(escalation.fire.brigadeAfterSeconds = 200 s) (line 10)",
            "/etc/fw/firewatch.yaml: escalation.patrol.periodSeconds: 9000 s is more than 7200 s: GB 50440 asks for a patrol at least every 2 h (line 12)",
        ])
    }

    @Test func wrongTypesAndShapesAreReported() {
        let (_, problems) = decodeConfig("""
            mqtt: 5
            http:
              port: [8080]
            log: {level: loud}
            escalation:
              fire: {departmentEnabled: maybe}
              massOutage: {fraction: 1.5}
            """)
        #expect(problems.map(\.key) == ["mqtt", "http.port", "log.level", "escalation.fire.departmentEnabled", "escalation.massOutage.fraction"])
        #expect(problems[0].message.hasPrefix("expected a mapping for mqtt"))
        #expect(problems[1].message == "expected integer 1–65535, found a list")
    }

    @Test func ladderRungsAcceptNeverAndMustRise() {
        let (config, problems) = decodeConfig("""
            escalation:
              hazards:
                deviceFault: {brigadeAfterSeconds: never, departmentAfterSeconds: 3600}
                systemFault: {brigadeAfterSeconds: 7200, departmentAfterSeconds: 3600}
            """)
        #expect(config.escalation.hazards.deviceFault.brigadeAfterSeconds == nil)
        #expect(config.escalation.hazards.deviceFault.departmentAfterSeconds == 3600)
        #expect(problems.map(\.key) == ["escalation.hazards.systemFault.departmentAfterSeconds"])
    }

    @Test func tlsFilesMustBeReadable() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("pem".utf8).write(to: dir.appendingPathComponent("ca.crt"))
        let file = dir.appendingPathComponent("firewatch.yaml").path
        try Data("mqtt: {tls: {caFile: ca.crt, certFile: c.crt, keyFile: c.key}}\n".utf8).write(to: URL(fileURLWithPath: file))
        let (config, problems) = FirewatchConfiguration.decode(path: file, environment: [:])
        #expect(config.mqtt.tls.caFile == dir.appendingPathComponent("ca.crt").standardizedFileURL.path)
        #expect(problems.map(\.key) == ["mqtt.tls.certFile", "mqtt.tls.keyFile"])
        #expect(problems.allSatisfy { $0.message.contains("no such file") })
    }

    @Test func syntaxErrorsAndMissingFilesAreProblems() {
        let (_, syntax) = decodeConfig("mqtt:\n  port: 1\n port: 2\n")
        #expect(syntax.count == 1)
        #expect(syntax.first?.line != nil)
        #expect(syntax.first?.message.hasPrefix("not valid YAML") == true)

        #expect(throws: ConfigErrors.self) {
            try FirewatchConfiguration.load(path: "/nonexistent/firewatch.yaml", environment: [:])
        }
    }

    @Test func environmentVariableNamesFollowTheRule() {
        #expect(KeyNames.environmentVariable(for: "mqtt.port") == "FIREWATCH_MQTT_PORT")
        #expect(KeyNames.environmentVariable(for: "mqtt.topicPrefix") == "FIREWATCH_MQTT_TOPIC_PREFIX")
        #expect(KeyNames.environmentVariable(for: "escalation.fire.brigadeAfterSeconds")
            == "FIREWATCH_ESCALATION_FIRE_BRIGADE_AFTER_SECONDS")
        #expect(KeyNames.environmentVariable(for: "mqtt.tls.caFile") == "FIREWATCH_MQTT_TLS_CA_FILE")
        let names = ConfigKey.all.map(\.environmentVariable)
        #expect(Set(names).count == names.count)
        #expect(Set(ConfigKey.all.map(\.path)).count == ConfigKey.all.count)
    }

    @Test func requiredKeysOfTheInterfaceExist() {
        let paths = Set(ConfigKey.all.map(\.path))
        for key in ["mqtt.host", "mqtt.port", "mqtt.username", "mqtt.password", "mqtt.topicPrefix", "database.path",
                    "http.host", "http.port", "registry.path", "centre.timeZone"] {
            #expect(paths.contains(key), "\(key)")
        }
    }
}
