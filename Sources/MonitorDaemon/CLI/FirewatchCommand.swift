import ArgumentParser

/// The one executable: `firewatch run | check-config | decode | replay | explain | user | backup`.
@main
struct FirewatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firewatch",
        abstract: "Gateway daemon of a fire-alarm remote monitoring centre (GB/T 26875.3 over MQTT).",
        subcommands: [RunCommand.self, CheckConfigCommand.self, DecodeCommand.self, ReplayCommand.self, ExplainCommand.self, UserCommand.self,
                      BackupCommand.self]
    )
}
