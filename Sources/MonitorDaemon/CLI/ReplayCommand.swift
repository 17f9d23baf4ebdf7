import Alerting
import ArgumentParser
import Foundation

/// `firewatch replay`: recorded frames and operator actions through the real alerting core on a
/// virtual clock; prints the notice timeline. Touches no broker and no database.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Feed recorded frames and actions through correlation and escalation on a virtual clock.",
        discussion: """
            Input: JSON Lines in time order, e.g.
              {"at": "2026-11-23T08:00:00+08:00", "gateway": "gw-0001", "hex": "4040…2323"}
              {"at": "2026-11-23T08:00:05+08:00", "gateway": "gw-0002", "json": {…the JSON form…}}
              {"at": "2026-11-23T08:00:30+08:00", "action": "confirm", "building": "bldg-0001", "verdict": "real"}
            Output: one notice per line (interfaces §4) with "at", the virtual time it was created;
            with --decisions every decision (held and suppressed notices, state changes, commands).
            The registry and the escalation policy come from the config.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The configuration file (registry and escalation policy).", valueName: "file"))
    var config: String

    @Option(name: .long, help: ArgumentHelp("The recorded inputs (JSON Lines); - for standard input.", valueName: "file"))
    var input: String

    @Option(name: .long, help: ArgumentHelp("Run until this RFC 3339 time, or this ISO 8601 duration after the last input.", valueName: "time|duration"))
    var until = "PT6H"

    @Flag(help: "Print every decision, not only notices.")
    var decisions = false

    func run() throws {
        let loaded = try LoadedConfiguration.loadOrExit(configPath: config)
        let data = input == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: input)
        guard let data else { throw ValidationError("cannot read \(input)") }
        let inputs: [ReplayInput]
        do {
            inputs = try ReplayInput.parse(String(decoding: data, as: UTF8.self))
        } catch {
            FileHandle.standardError.write(Data("\(input): \(error)\n".utf8))
            throw ExitCode(65)
        }
        guard let last = inputs.last else { return }
        let end: AlertingInstant
        if let time = ReplayInput.parseTime(until) {
            end = time
        } else if let seconds = ReplayInput.parseDuration(until) {
            end = last.at.adding(seconds: seconds)
        } else {
            throw ValidationError("--until \(until) is neither an RFC 3339 time nor an ISO 8601 duration (PT6H)")
        }

        let settings = loaded.configuration
        var replay = AlertingReplay(core: AlertingCore(policy: settings.escalation), registry: loaded.registry,
                                    topics: GatewayTopics(prefix: settings.mqtt.topicPrefix),
                                    maxPayloadBytes: settings.mqtt.maxPayloadBytes)
        replay.run(inputs, until: end)
        for refusal in replay.refusals {
            FileHandle.standardError.write(Data(
                "\(input):\(refusal.line): \(refusal.gateway): quarantined (\(refusal.reason)): \(refusal.message)\n".utf8))
        }
        let printer = TimelinePrinter(utcOffsetSeconds: settings.escalation.clock.utcOffsetSeconds)
        for entry in replay.entries {
            if let line = decisions ? printer.decisionLine(entry.decision, at: entry.at) : printer.noticeLine(entry.decision, at: entry.at) {
                print(line)
            }
        }
    }
}
