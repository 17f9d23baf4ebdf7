/// The configuration and the registry it names, both checked: what `run` starts from and what
/// `check-config` verifies.
struct LoadedConfiguration: Sendable {
    var configuration: FirewatchConfiguration
    var registry: Registry

    /// Loads the config at `configPath` (with `FIREWATCH_*` overrides from `environment`) and the
    /// registry at its `registry.path`.
    ///
    /// - Throws: ``ConfigErrors`` with every problem of both files. The registry is checked even
    ///   when the config has problems, as long as `registry.path` itself is fine.
    static func load(
        configPath: String,
        environment: [String: String],
        knownDialects: Set<String> = Registry.codecDialectNames
    ) throws(ConfigErrors) -> LoadedConfiguration {
        let (configuration, configProblems) = FirewatchConfiguration.decode(path: configPath, environment: environment)
        var problems = configProblems
        let configUnreadable = configProblems.contains { $0.file == configPath && $0.key.isEmpty }
        let registryPathBad = configProblems.contains {
            $0.key == "registry.path" || $0.key == KeyNames.environmentVariable(for: "registry.path")
        }
        var registry = Registry()
        if !configUnreadable, !registryPathBad {
            do {
                registry = try Registry.load(path: configuration.registry.path, knownDialects: knownDialects)
            } catch {
                problems += error.problems
            }
        }
        guard problems.isEmpty else { throw ConfigErrors(problems) }
        return LoadedConfiguration(configuration: configuration, registry: registry)
    }
}
