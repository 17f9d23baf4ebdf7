import Alerting
import Foundation
import Yams

extension FirewatchConfiguration {
    /// Loads the YAML file at `path`, applies `FIREWATCH_*` overrides from `environment`, checks
    /// everything, and resolves relative paths against the folder of `path`.
    ///
    /// - Throws: ``ConfigErrors`` with every problem found (never just the first).
    static func load(path: String, environment: [String: String]) throws(ConfigErrors) -> FirewatchConfiguration {
        let (config, problems) = decode(path: path, environment: environment)
        guard problems.isEmpty else { throw ConfigErrors(problems) }
        return config
    }

    /// Best effort: the configuration with every good value applied (defaults elsewhere), and
    /// every problem found.
    static func decode(path: String, environment: [String: String]) -> (FirewatchConfiguration, [ConfigProblem]) {
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        switch YAMLFile.read(path: path, displayName: path) {
        case .failure(let problem):
            var (config, problems) = decode(root: nil, file: path, baseDirectory: base, environment: environment)
            problems.insert(problem, at: 0)
            config.resolvePaths(against: base)
            return (config, problems)
        case .success(let root):
            return decode(root: root, file: path, baseDirectory: base, environment: environment)
        }
    }

    /// Decodes YAML text as if it were the file `file` in `baseDirectory` (for tests and tools).
    static func decode(
        yaml: String, file: String, baseDirectory: String, environment: [String: String]
    ) -> (FirewatchConfiguration, [ConfigProblem]) {
        switch YAMLFile.compose(yaml, file: file) {
        case .failure(let problem): (FirewatchConfiguration(), [problem])
        case .success(let root): decode(root: root, file: file, baseDirectory: baseDirectory, environment: environment)
        }
    }

    private static func decode(
        root: Node?, file: String, baseDirectory: String, environment: [String: String]
    ) -> (FirewatchConfiguration, [ConfigProblem]) {
        var decoder = ConfigDecoder(file: file)
        if let root { decoder.walk(root, prefix: "") }
        var config = FirewatchConfiguration()
        for key in ConfigKey.all {
            decoder.apply(key, environment: environment, to: &config)
        }
        config.resolvePaths(against: baseDirectory)
        config.deriveEscalationFields()
        decoder.validate(config)
        return (config, decoder.problems.inReadingOrder())
    }

    /// Sets what the escalation policy derives rather than reads: the centre's UTC offset (device
    /// labels and notice times are in `centre.timeZone`) and the policy version stamped on every
    /// notice — a digest of the timers, so a changed timer shows in the notices it produced.
    mutating func deriveEscalationFields() {
        escalation.clock.utcOffsetSeconds = centre.timeZone.secondsFromGMT()
        escalation.version = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let bytes = (try? encoder.encode(escalation)) ?? Data()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: stable across runs and machines
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        escalation.version = "policy-" + String(hash, radix: 16).leftPadded(to: 16)
    }

    /// Makes `database.path`, `registry.path` and the TLS files absolute.
    fileprivate mutating func resolvePaths(against base: String) {
        func resolve(_ path: String) -> String {
            if path == ":memory:" { return path }
            let baseURL = URL(fileURLWithPath: base, isDirectory: true)
            return URL(fileURLWithPath: path, relativeTo: baseURL).standardizedFileURL.path
        }
        database.path = resolve(database.path)
        registry.path = resolve(registry.path)
        mqtt.tls.caFile = mqtt.tls.caFile.map(resolve)
        mqtt.tls.certFile = mqtt.tls.certFile.map(resolve)
        mqtt.tls.keyFile = mqtt.tls.keyFile.map(resolve)
        http.tlsCertFile = http.tlsCertFile.map(resolve)
        http.tlsKeyFile = http.tlsKeyFile.map(resolve)
    }
}

/// The YAML tree is walked once against the key list; each key then takes its value from the
/// environment, else the file, else its default.
private struct ConfigDecoder {
    /// Where a key's value came from: problems are reported there.
    enum Origin {
        case file(line: Int?)
        case environment(String)
    }

    /// Keys that existed once, with what to do about them (more useful than "unknown key").
    static let retiredKeys = [
        "database.groupCommitMaxWaitMilliseconds":
            "no longer exists (since 2026-11-24 a group is what arrived during the previous commit, see docs/ingest.md); delete this line",
    ]

    static let schema: (leaves: Set<String>, children: [String: [String]]) = {
        var leaves = Set<String>()
        var children: [String: [String]] = [:]
        for key in ConfigKey.all {
            leaves.insert(key.path)
            var prefix = ""
            for part in key.path.split(separator: ".").map(String.init) {
                if !(children[prefix] ?? []).contains(part) { children[prefix, default: []].append(part) }
                prefix = prefix.isEmpty ? part : "\(prefix).\(part)"
            }
        }
        return (leaves, children)
    }()

    let file: String
    var problems: [ConfigProblem] = []
    var leaves: [String: Node] = [:]
    var origins: [String: Origin] = [:]
    /// Keys whose value was rejected: cross-key checks skip them.
    var rejected: Set<String> = []

    init(file: String) { self.file = file }

    mutating func walk(_ node: Node, prefix: String) {
        let known = Self.schema.children[prefix] ?? []
        guard case .mapping(let mapping) = node else {
            if node.isNull { return }
            let what = prefix.isEmpty ? "the file" : prefix
            problems.append(ConfigProblem(
                file: file, key: prefix,
                message: "expected a mapping for \(what) (keys: \(known.joined(separator: ", "))), found \(node.kindDescription)",
                line: node.line))
            return
        }
        for (keyNode, value) in mapping {
            guard let name = keyNode.text else {
                problems.append(ConfigProblem(file: file, key: prefix, message: "a key must be plain text, found \(keyNode.kindDescription)", line: keyNode.line))
                continue
            }
            let path = prefix.isEmpty ? name : "\(prefix).\(name)"
            if Self.schema.leaves.contains(path) {
                leaves[path] = value
            } else if Self.schema.children[path] != nil {
                walk(value, prefix: path)
            } else if let why = Self.retiredKeys[path] {
                problems.append(ConfigProblem(file: file, key: path, message: why, line: keyNode.line))
            } else {
                var hint = KeyNames.suggestion(for: name, among: known)
                if hint.isEmpty { hint = " (known keys here: \(known.joined(separator: ", ")))" }
                problems.append(ConfigProblem(file: file, key: path, message: "unknown key\(hint)", line: keyNode.line))
            }
        }
    }

    mutating func apply(_ key: ConfigKey, environment: [String: String], to config: inout FirewatchConfiguration) {
        let text: String
        if let value = environment[key.environmentVariable] {
            origins[key.path] = .environment(key.environmentVariable)
            text = value
        } else if let node = leaves[key.path] {
            origins[key.path] = .file(line: node.line)
            if node.isNull { return }
            guard let value = node.text else {
                report(key.path, "expected \(key.typeDescription), found \(node.kindDescription)")
                rejected.insert(key.path)
                return
            }
            text = value
        } else {
            return
        }
        if let why = key.assign(text, &config) {
            report(key.path, why)
            rejected.insert(key.path)
        }
    }

    /// A problem with the value of `path`, reported where that value came from.
    mutating func report(_ path: String, _ message: String) {
        switch origins[path] {
        case .environment(let variable):
            problems.append(ConfigProblem(file: "environment", key: variable, message: "\(message) (overrides \(path))"))
        case .file(let line):
            problems.append(ConfigProblem(file: file, key: path, message: message, line: line))
        case nil:
            problems.append(ConfigProblem(file: file, key: path, message: message))
        }
    }

    /// A problem between two keys, reported at `later` if it was set, else at `earlier`; skipped
    /// when either value was already rejected.
    mutating func report(between later: String, and earlier: String, _ message: String) {
        guard !rejected.contains(later), !rejected.contains(earlier) else { return }
        report(origins[later] == nil && origins[earlier] != nil ? earlier : later, message)
    }

    mutating func validate(_ c: FirewatchConfiguration) {
        let fire = c.escalation.fire
        if fire.departmentEnabled, fire.departmentAfterSeconds <= fire.brigadeAfterSeconds {
            report(between: "escalation.fire.departmentAfterSeconds", and: "escalation.fire.brigadeAfterSeconds",
                   "department escalation (\(fire.departmentAfterSeconds) s) must come after brigade escalation "
                   + "(escalation.fire.brigadeAfterSeconds = \(fire.brigadeAfterSeconds) s)")
        }

        let h = c.escalation.hazards
        let ladders: [(String, EscalationLadder)] = [
            ("deviceFault", h.deviceFault), ("systemFault", h.systemFault), ("mainPowerFault", h.mainPowerFault),
            ("disabled", h.disabled), ("manualMode", h.manualMode), ("chattering", h.chattering),
            ("backupPowerFault", h.backupPowerFault), ("patrolUnanswered", h.patrolUnanswered),
        ]
        for (name, ladder) in ladders {
            let p = "escalation.hazards.\(name)"
            checkLadder(brigade: ladder.brigadeAfterSeconds, department: ladder.departmentAfterSeconds, prefix: p)
            if let b = ladder.brigadeAfterSeconds, ladder.unitDebounceSeconds >= b {
                report(between: "\(p).unitDebounceSeconds", and: "\(p).brigadeAfterSeconds",
                       "unit debounce (\(ladder.unitDebounceSeconds) s) must be shorter than brigade escalation (\(p).brigadeAfterSeconds = \(b) s)")
            }
        }
        let link = c.escalation.link
        checkLadder(brigade: link.brigadeAfterSeconds, department: link.departmentAfterSeconds, prefix: "escalation.link")

        let patrol = c.escalation.patrol
        if patrol.replyTimeoutMinutes * 60 >= patrol.periodSeconds {
            report(between: "escalation.patrol.replyTimeoutMinutes", and: "escalation.patrol.periodSeconds",
                   "reply timeout (\(patrol.replyTimeoutMinutes) min) must be shorter than the patrol period "
                   + "(escalation.patrol.periodSeconds = \(patrol.periodSeconds) s)")
        }

        let flapping = c.escalation.flapping
        if flapping.transientSeconds >= flapping.chatterWindowSeconds {
            report(between: "escalation.flapping.transientSeconds", and: "escalation.flapping.chatterWindowSeconds",
                   "transient time (\(flapping.transientSeconds) s) must be shorter than the chatter window "
                   + "(escalation.flapping.chatterWindowSeconds = \(flapping.chatterWindowSeconds) s)")
        }

        let tls = c.mqtt.tls
        if tls.certFile != nil, tls.keyFile == nil {
            report("mqtt.tls.certFile", "a client certificate needs its key: set mqtt.tls.keyFile too")
        }
        if tls.keyFile != nil, tls.certFile == nil {
            report("mqtt.tls.keyFile", "a client key needs its certificate: set mqtt.tls.certFile too")
        }
        // libmosquitto verifies the broker against a CA file and has no "system CAs" default;
        // without this check a client certificate alone left the connection in plain TCP.
        if tls.certFile != nil, tls.caFile == nil {
            report("mqtt.tls.certFile", "TLS needs the CA certificate that signed the broker's: set mqtt.tls.caFile too")
        }
        if (c.http.tlsCertFile == nil) != (c.http.tlsKeyFile == nil) {
            report(c.http.tlsCertFile == nil ? "http.tls.keyFile" : "http.tls.certFile",
                   "HTTPS needs both http.tls.certFile and http.tls.keyFile")
        }
        for (key, path) in [("mqtt.tls.caFile", tls.caFile), ("mqtt.tls.certFile", tls.certFile), ("mqtt.tls.keyFile", tls.keyFile),
                            ("http.tls.certFile", c.http.tlsCertFile), ("http.tls.keyFile", c.http.tlsKeyFile)] {
            guard let path, !rejected.contains(key) else { continue }
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                report(key, "cannot read \(path): no such file")
            } else if isDirectory.boolValue {
                report(key, "cannot read \(path): it is a directory")
            } else if !FileManager.default.isReadableFile(atPath: path) {
                report(key, "cannot read \(path): permission denied")
            }
        }
    }

    private mutating func checkLadder(brigade: Int?, department: Int?, prefix p: String) {
        if let b = brigade, let d = department, d <= b {
            report(between: "\(p).departmentAfterSeconds", and: "\(p).brigadeAfterSeconds",
                   "department escalation (\(d) s) must come after brigade escalation (\(p).brigadeAfterSeconds = \(b) s)")
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
