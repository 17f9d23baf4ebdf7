import Alerting
import Foundation
import Logging

/// One documented configuration key: its path, type, default, environment variable and how
/// its text becomes a value. ``all`` is the single list the loader, the docs and the tests use.
struct ConfigKey: Sendable {
    /// Dotted path, e.g. `mqtt.topicPrefix`.
    let path: String
    /// `FIREWATCH_` + the path in upper snake case, e.g. `FIREWATCH_MQTT_TOPIC_PREFIX`.
    let environmentVariable: String
    /// What the value is, for docs ("integer 1–65535", "seconds or never", …).
    let typeDescription: String
    /// The default as written in the config.
    let defaultText: String
    /// What the key does.
    let summary: String
    /// Parses `text` into the configuration; returns why it could not.
    let assign: @Sendable (_ text: String, _ config: inout FirewatchConfiguration) -> String?

    init<T>(
        _ path: String,
        _ keyPath: WritableKeyPath<FirewatchConfiguration, T>,
        _ type: ValueType<T>,
        _ summary: String
    ) {
        self.path = path
        self.environmentVariable = KeyNames.environmentVariable(for: path)
        self.typeDescription = type.name
        self.defaultText = type.show(FirewatchConfiguration()[keyPath: keyPath])
        self.summary = summary
        // Key paths are immutable values; this one is only ever read.
        nonisolated(unsafe) let keyPath = keyPath
        self.assign = { text, config in
            switch type.parse(text) {
            case .success(let value):
                config[keyPath: keyPath] = value
                return nil
            case .failure(let why):
                return why.message
            }
        }
    }
}

/// Why a value was rejected.
struct Why: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// How text becomes a value of one type, and back for the docs.
struct ValueType<T>: Sendable {
    let name: String
    let parse: @Sendable (String) -> Result<T, Why>
    let show: @Sendable (T) -> String
}

extension ValueType where T == Int {
    static func integer(_ range: ClosedRange<Int>, unit: String = "", noun: String? = nil) -> Self {
        let u = unit.isEmpty ? "" : " \(unit)"
        return ValueType(name: "integer \(range.lowerBound)–\(range.upperBound)\(u)", parse: { text in
            guard let v = Int(text.trimmingCharacters(in: .whitespaces)) else {
                return .failure(Why("\"\(text)\" is not an integer"))
            }
            guard range.contains(v) else {
                if let noun { return .failure(Why("\(v) is not \(noun) (\(range.lowerBound)–\(range.upperBound))")) }
                return .failure(Why("\(v)\(u) is out of range (\(range.lowerBound)–\(range.upperBound)\(u))"))
            }
            return .success(v)
        }, show: { String($0) })
    }

    static func seconds(_ range: ClosedRange<Int>) -> Self { .integer(range, unit: "s") }
    static var port: Self { integer(1...65535, noun: "a port") }
}

extension ValueType where T == Int? {
    /// A ladder rung: seconds, or `never`.
    static func rung(_ range: ClosedRange<Int>) -> Self {
        let seconds = ValueType<Int>.seconds(range)
        return ValueType(name: "seconds \(range.lowerBound)–\(range.upperBound), or never", parse: { text in
            if text.trimmingCharacters(in: .whitespaces).lowercased() == "never" { return .success(nil) }
            return seconds.parse(text).map { Optional($0) }.mapError { Why($0.message + " (or never)") }
        }, show: { $0.map(String.init) ?? "never" })
    }
}

extension ValueType where T == Double {
    /// A fraction in (0, 1].
    static var fraction: Self { ValueType(name: "number > 0 and ≤ 1", parse: { text in
        guard let v = Double(text.trimmingCharacters(in: .whitespaces)), v.isFinite else {
            return .failure(Why("\"\(text)\" is not a number"))
        }
        guard v > 0, v <= 1 else { return .failure(Why("\(text) is not a fraction (more than 0, at most 1)")) }
        return .success(v)
    }, show: { String($0) }) }
}

extension ValueType where T == Bool {
    static var boolean: Self { ValueType(name: "true or false", parse: { text in
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on", "1": .success(true)
        case "false", "no", "off", "0": .success(false)
        default: .failure(Why("\"\(text)\" is not true or false"))
        }
    }, show: { String($0) }) }
}

extension ValueType where T == String {
    /// Non-empty text, optionally checked further.
    static func text(_ name: String = "text", check: @escaping @Sendable (String) -> String? = { _ in nil }) -> Self {
        ValueType(name: name, parse: { text in
            guard !text.isEmpty else { return .failure(Why("must not be empty")) }
            if let why = check(text) { return .failure(Why(why)) }
            return .success(text)
        }, show: { $0 })
    }

    static var host: Self { text("host name or IP address") { text in
        text.contains(where: { $0.isWhitespace || $0 == "/" }) ? "\"\(text)\" is not a host name or address" : nil
    } }

    static var identifier: Self { text("id ([A-Za-z0-9._-]{1,64})") { text in
        RegistryID.isValid(text) ? nil : "\"\(text)\" is not an id (1–64 of A–Z a–z 0–9 . _ -)"
    } }

    static var topicPrefix: Self { text("MQTT topic prefix") { text in
        if text.contains("+") || text.contains("#") { return "\"\(text)\" must not contain the wildcards + or #" }
        if text.hasPrefix("/") || text.hasSuffix("/") { return "\"\(text)\" must not start or end with /" }
        if text.contains("//") { return "\"\(text)\" has an empty topic level" }
        return nil
    } }
}

extension ValueType where T == String? {
    /// Optional text: empty or null is "not set".
    static func optionalText(_ name: String = "text") -> Self {
        ValueType(name: "\(name) (optional)", parse: { .success($0.isEmpty ? nil : $0) }, show: { $0 ?? "not set" })
    }
}

extension ValueType where T == TimeZone {
    static var timeZone: Self { ValueType(name: "IANA time zone", parse: { text in
        guard let zone = TimeZone(identifier: text) else {
            return .failure(Why("\"\(text)\" is not a known time zone (IANA name, e.g. Asia/Shanghai)"))
        }
        return .success(zone)
    }, show: { $0.identifier }) }
}

extension ValueType where T == Logger.Level {
    static var logLevel: Self { ValueType(name: "trace, debug, info, notice, warning, error or critical", parse: { text in
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            return .failure(Why("\"\(text)\" is not a log level (trace, debug, info, notice, warning, error, critical)"))
        }
        return .success(level)
    }, show: { $0.rawValue }) }
}

extension ConfigKey {
    /// Every key, in the order of `config/firewatch.yaml`.
    static let all: [ConfigKey] = centre + mqtt + storage + escalationFire + escalationHazards + escalationLink

    private static let centre: [ConfigKey] = [
        ConfigKey("centre.id", \.centre.id, .identifier, "This centre's id, in logs and status messages."),
        ConfigKey("centre.timeZone", \.centre.timeZone, .timeZone, "Zone of the devices' time labels (IANA name)."),
    ]

    private static let mqtt: [ConfigKey] = [
        ConfigKey("mqtt.host", \.mqtt.host, .host, "Broker host."),
        ConfigKey("mqtt.port", \.mqtt.port, .port, "Broker port (8883 is usual with TLS)."),
        ConfigKey("mqtt.username", \.mqtt.username, .optionalText(), "Broker user name of the centre."),
        ConfigKey("mqtt.password", \.mqtt.password, .optionalText(), "Broker password; prefer the environment variable."),
        ConfigKey("mqtt.clientId", \.mqtt.clientId, .text("MQTT client id"), "Fixed client id, so the broker keeps the persistent session."),
        ConfigKey("mqtt.topicPrefix", \.mqtt.topicPrefix, .topicPrefix, "Prefix of every topic, without a trailing slash."),
        ConfigKey("mqtt.keepAliveSeconds", \.mqtt.keepAliveSeconds, .seconds(5...65535), "MQTT keep-alive interval."),
        ConfigKey("mqtt.maxPayloadBytes", \.mqtt.maxPayloadBytes, .integer(1024...268_435_455, unit: "bytes"),
                  "Largest payload decoded; a larger one is stored and quarantined as oversizePayload."),
        ConfigKey("mqtt.tls.caFile", \.mqtt.tls.caFile, .optionalText("file path"), "CA certificate(s) (PEM) to verify the broker; setting it turns TLS on."),
        ConfigKey("mqtt.tls.certFile", \.mqtt.tls.certFile, .optionalText("file path"), "Client certificate (PEM); needs mqtt.tls.keyFile."),
        ConfigKey("mqtt.tls.keyFile", \.mqtt.tls.keyFile, .optionalText("file path"), "Client private key (PEM); needs mqtt.tls.certFile."),
    ]

    private static let storage: [ConfigKey] = [
        ConfigKey("database.path", \.database.path, .text("file path"), "SQLite database file."),
        ConfigKey("database.groupCommitMaxFrames", \.database.groupCommitMaxFrames, .integer(1...100_000),
                  "Most frames committed in one transaction."),
        ConfigKey("database.minFreeMegabytes", \.database.minFreeMegabytes, .integer(0...100_000_000, unit: "MB"),
                  "Warn while the database's file system has less free space than this (0: never); a full disk makes every commit fail."),
        ConfigKey("http.host", \.http.host, .host, "Address the HTTP API and console listen on."),
        ConfigKey("http.port", \.http.port, .port, "HTTP port."),
        ConfigKey("http.tls.certFile", \.http.tlsCertFile, .optionalText("file path"), "Server certificate chain (PEM); with http.tls.keyFile turns HTTPS on."),
        ConfigKey("http.tls.keyFile", \.http.tlsKeyFile, .optionalText("file path"), "Server private key (PEM)."),
        ConfigKey("http.sessionHours", \.http.sessionHours, .integer(1...72, unit: "h"), "Longest a console session lasts (one shift)."),
        ConfigKey("registry.path", \.registry.path, .text("file path"), "The registry (departments … gateways), reloaded on SIGHUP."),
        ConfigKey("shutdown.timeoutSeconds", \.shutdown.timeoutSeconds, .seconds(1...300),
                  "Time given to finish work after SIGTERM before exiting anyway."),
        ConfigKey("log.level", \.log.level, .logLevel, "Least severe level logged."),
    ]

    private static let escalationFire: [ConfigKey] = [
        ConfigKey("escalation.fire.brigadeAfterSeconds", \.escalation.fire.brigadeAfterSeconds, .seconds(1...86_400),
                  "No verdict on a fire alarm after this long → brigade notice."),
        ConfigKey("escalation.fire.departmentAfterSeconds", \.escalation.fire.departmentAfterSeconds, .seconds(1...86_400),
                  "No verdict after this long → department (119) notice; must be later than the brigade's."),
        ConfigKey("escalation.fire.departmentEnabled", \.escalation.fire.departmentEnabled, .boolean,
                  "false: unconfirmed fires never go to the department by timer (confirmed-only 支队)."),
        ConfigKey("escalation.fire.corroborationWindowSeconds", \.escalation.fire.corroborationWindowSeconds, .seconds(1...3600),
                  "Two distinct fire points of one building within this window → corroborated."),
        ConfigKey("escalation.fire.waterflowWindowSeconds", \.escalation.fire.waterflowWindowSeconds, .seconds(1...3600),
                  "Sprinkler pump / flow / alarm valve / pressure switch within this window of a fire alarm → corroborated."),
        ConfigKey("escalation.fire.dualKnockWindowSeconds", \.escalation.fire.dualKnockWindowSeconds, .seconds(1...3600),
                  "Same point alarms again within this window after clearing or a panel reset → corroborated."),
        ConfigKey("escalation.fire.autoCloseAfterRestoreSeconds", \.escalation.fire.autoCloseAfterRestoreSeconds, .seconds(0...86_400),
                  "A fire confirmed real closes itself this long after its last fire point restored."),
        ConfigKey("escalation.dedup.windowSeconds", \.escalation.dedup.windowSeconds, .seconds(1...3600),
                  "Identical events within this window count as one (with a repeat count)."),
        ConfigKey("escalation.falseAlarms.perDayThreshold", \.escalation.falseAlarms.perDayThreshold, .integer(1...1000),
                  "More than this many false fire alarms of a building in 24 h → unit and brigade notice."),
        ConfigKey("escalation.falseAlarms.rateWindowDays", \.escalation.falseAlarms.rateWindowDays, .integer(1...366, unit: "days"),
                  "Window of the per-building false-alarm rate."),
        ConfigKey("escalation.fire.discreditedForSeconds", \.escalation.fire.discreditedForSeconds, .seconds(0...2_592_000),
                  "A point whose alarm was declared false corroborates nothing for this long."),
    ]

    private static func ladder(
        _ name: String, _ kp: WritableKeyPath<EscalationPolicy.Hazards, EscalationLadder>, _ what: String
    ) -> [ConfigKey] {
        let hazards: WritableKeyPath<FirewatchConfiguration, EscalationPolicy.Hazards> = \.escalation.hazards
        let base = hazards.appending(path: kp)
        return [
            ConfigKey("escalation.hazards.\(name).unitDebounceSeconds", base.appending(path: \.unitDebounceSeconds), .seconds(0...86_400),
                      "\(what): delay before the unit notice."),
            ConfigKey("escalation.hazards.\(name).brigadeAfterSeconds", base.appending(path: \.brigadeAfterSeconds), .rung(1...31_536_000),
                      "\(what): still open after this long → brigade notice."),
            ConfigKey("escalation.hazards.\(name).departmentAfterSeconds", base.appending(path: \.departmentAfterSeconds), .rung(1...31_536_000),
                      "\(what): still open after this long → department notice."),
        ]
    }

    private static let escalationHazards: [ConfigKey] =
        ladder("deviceFault", \.deviceFault, "Ordinary device fault")
        + ladder("systemFault", \.systemFault, "System-level fault (controller, bus, both powers, UITD channel or panel link)")
        + ladder("mainPowerFault", \.mainPowerFault, "Main power fault alone")
        + ladder("disabled", \.disabled, "Disabled (屏蔽) point")
        + ladder("manualMode", \.manualMode, "Linkage in manual mode")
        + ladder("chattering", \.chattering, "Chattering point")
        + ladder("backupPowerFault", \.backupPowerFault, "Backup power fault alone")
        + ladder("patrolUnanswered", \.patrolUnanswered, "查岗 unanswered (control room unattended)")
        + [
            ConfigKey("escalation.flapping.transientSeconds", \.escalation.flapping.transientSeconds, .seconds(0...3600),
                      "A fault that clears within this long is transient (no notice)."),
            ConfigKey("escalation.flapping.chatterTransitions", \.escalation.flapping.chatterTransitions, .integer(2...1000),
                      "This many transitions of one point within chatterWindowSeconds → chattering."),
            ConfigKey("escalation.flapping.chatterWindowSeconds", \.escalation.flapping.chatterWindowSeconds, .seconds(1...86_400),
                      "Window for chatterTransitions."),
            ConfigKey("escalation.flapping.chatterDailyTransitions", \.escalation.flapping.chatterDailyTransitions, .integer(2...10_000),
                      "This many transitions of one point within 24 h → chattering."),
        ]

    private static let escalationLink: [ConfigKey] = [
        ConfigKey("escalation.link.defaultHeartbeatSeconds", \.escalation.link.defaultHeartbeatSeconds, .seconds(10...3600),
                  "Heartbeat interval of a gateway whose registry entry gives none."),
        ConfigKey("escalation.link.missedHeartbeats", \.escalation.link.missedHeartbeats, .integer(1...100),
                  "Missed intervals before a link is lost (unit notice)."),
        ConfigKey("escalation.link.brigadeAfterSeconds", \.escalation.link.brigadeAfterSeconds, .rung(1...31_536_000),
                  "Link lost this long → brigade notice."),
        ConfigKey("escalation.link.departmentAfterSeconds", \.escalation.link.departmentAfterSeconds, .rung(1...31_536_000),
                  "Link lost this long → department notice (at once while the building has an open fire)."),
        ConfigKey("escalation.massOutage.minGateways", \.escalation.massOutage.minGateways, .integer(1...1_000_000),
                  "At least this many links lost within windowSeconds → one centre-level outage incident."),
        ConfigKey("escalation.massOutage.windowSeconds", \.escalation.massOutage.windowSeconds, .seconds(1...3600),
                  "Window for counting lost links."),
        ConfigKey("escalation.massOutage.fraction", \.escalation.massOutage.fraction, .fraction,
                  "… or at least this fraction of all gateways, when the registry has fractionMinRegistry or more."),
        ConfigKey("escalation.massOutage.fractionMinRegistry", \.escalation.massOutage.fractionMinRegistry, .integer(1...1_000_000),
                  "Registry size from which the fraction rule applies."),
        ConfigKey("escalation.massOutage.holdSeconds", \.escalation.massOutage.holdSeconds, .seconds(0...86_400),
                  "Per-building link notices are held until an outage has lasted this long."),
        ConfigKey("escalation.patrol.enabled", \.escalation.patrol.enabled, .boolean, "Run 查岗 (patrol) of the gateways."),
        ConfigKey("escalation.patrol.periodSeconds", \.escalation.patrol.periodSeconds,
                  ValueType(name: "integer 60–7200 s", parse: { text in
                      guard let v = Int(text.trimmingCharacters(in: .whitespaces)) else { return .failure(Why("\"\(text)\" is not an integer")) }
                      if v > 7200 { return .failure(Why("\(v) s is more than 7200 s: GB 50440 asks for a patrol at least every 2 h")) }
                      if v < 60 { return .failure(Why("\(v) s is out of range (60–7200 s)")) }
                      return .success(v)
                  }, show: { String($0) }),
                  "Time between two patrols of a gateway (at most 2 h)."),
        ConfigKey("escalation.patrol.replyTimeoutMinutes", \.escalation.patrol.replyTimeoutMinutes, .integer(1...120, unit: "min"),
                  "No answer to a patrol within this many minutes → patrolUnanswered."),
        ConfigKey("escalation.clock.maxSkewSeconds", \.escalation.clock.maxSkewSeconds, .seconds(1...86_400),
                  "Device clock off by more than this → clock sync (type 90)."),
        ConfigKey("escalation.clock.syncCooldownSeconds", \.escalation.clock.syncCooldownSeconds, .seconds(60...86_400),
                  "At most one clock sync per gateway this often."),
    ]
}

extension ConfigKey {
    /// The key reference as a Markdown table (the source of the table in `docs/configuration.md`).
    static var markdownTable: String {
        var lines = ["| key | default | type | environment variable | meaning |", "|---|---|---|---|---|"]
        for key in all {
            let value = key.defaultText == "not set" ? "not set" : "`\(key.defaultText)`"
            let cells = ["`\(key.path)`", value, key.typeDescription, "`\(key.environmentVariable)`", key.summary]
            lines.append("| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
