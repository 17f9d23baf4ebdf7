import ArgumentParser
import Foundation

extension LoadedConfiguration {
    /// For subcommands that need a valid configuration: loads it with the process's `FIREWATCH_*`
    /// overrides, or prints every problem (`FILE: KEY: why`) to standard error and exits 1.
    static func loadOrExit(configPath: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LoadedConfiguration {
        do {
            return try load(configPath: configPath, environment: environment)
        } catch {
            for problem in error.problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            throw ExitCode(1)
        }
    }
}
