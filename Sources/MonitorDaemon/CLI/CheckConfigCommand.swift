import ArgumentParser
import Foundation

/// `firewatch check-config --config FILE`: validates the config and the registry it names.
struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration and the registry it names.",
        discussion: """
            Reads FILE with the FIREWATCH_* environment overrides applied, then the registry named by \
            registry.path. Prints every problem, one per line as "FILE: KEY: why", to standard error and \
            exits 1; otherwise prints a one-line summary and exits 0.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "file"))
    var config: String

    func run() async throws {
        do {
            let loaded = try LoadedConfiguration.load(configPath: config, environment: ProcessInfo.processInfo.environment)
            print("\(config): OK; registry \(loaded.configuration.registry.path): \(loaded.registry.summary)")
        } catch {
            var stderr = StandardError()
            for problem in error.problems {
                print(problem.description, to: &stderr)
            }
            throw ExitCode(1)
        }
    }
}

/// Unbuffered standard error, for `print(_:to:)`.
private struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
