import Foundation

/// The command-line options both broker benchmarks share: where the broker is, how large the
/// simulated fleet is, and how the daemon runs. Each benchmark adds its own.
public struct FleetOptions: Sendable {
    public var host = "127.0.0.1"
    public var port = 1883
    public var prefix = "firewatch/v1"
    public var gateways = 1000
    public var connections = 4
    public var workdir = FileManager.default.temporaryDirectory.path
    public var brokerPid: Int32?
    public var pidsFile: String?
    /// Extra `KEY=VALUE` environment for the daemon (e.g. a group-size override).
    public var daemonEnv: [String: String] = [:]

    public init() {}

    /// Takes `flag` if it is one of these options (reading its argument with `value`); returns
    /// false for a flag that is not.
    public mutating func take(_ flag: String, value: () -> String) -> Bool {
        switch flag {
        case "--host": host = value()
        case "--port": port = number(value(), "--port")
        case "--prefix": prefix = value()
        case "--gateways": gateways = number(value(), "--gateways")
        case "--connections": connections = number(value(), "--connections")
        case "--workdir": workdir = value()
        case "--broker-pid": brokerPid = Int32(value())
        case "--pids-file": pidsFile = value()
        case "--daemon-env":
            let kv = value()
            guard let eq = kv.firstIndex(of: "=") else { fail("--daemon-env wants KEY=VALUE") }
            daemonEnv[String(kv[..<eq])] = String(kv[kv.index(after: eq)...])
        default: return false
        }
        return true
    }

    /// Fails unless 1 ≤ connections ≤ gateways ≤ 99999 (gateway ids have five digits).
    public func validate() {
        if gateways < 1 || gateways > 99_999 || connections < 1 || connections > gateways {
            fail("need 1 ≤ connections ≤ gateways ≤ 99999")
        }
    }

    /// The daemon's environment: ours, with its database, broker and topic prefix set, then
    /// `defaults` where ours does not set them, then `daemonEnv` over all.
    public func daemonEnvironment(database: String, defaults: KeyValuePairs<String, String>) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["FIREWATCH_DATABASE_PATH"] = database
        env["FIREWATCH_MQTT_HOST"] = host
        env["FIREWATCH_MQTT_PORT"] = String(port)
        env["FIREWATCH_MQTT_TOPIC_PREFIX"] = prefix
        for (k, v) in defaults { env[k] = env[k] ?? v }
        for (k, v) in daemonEnv { env[k] = v }
        return env
    }
}

extension FleetOptions: CustomStringConvertible {
    /// `1000 gateways over 4 MQTT connections to 127.0.0.1:1883`, for the first line of a report.
    public var description: String { "\(gateways) gateways over \(connections) MQTT connections to \(host):\(port)" }
}
