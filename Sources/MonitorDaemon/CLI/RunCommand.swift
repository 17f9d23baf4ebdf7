import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus

/// `firewatch run --config FILE`: the daemon, as systemd starts it.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: ingest gateway frames from MQTT, persist, then acknowledge."
    )

    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "file"))
    var config: String

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let loaded = try LoadedConfiguration.loadOrExit(configPath: config, environment: environment)
        let settings = loaded.configuration
        let level = settings.log.level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let metrics = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(MetricsBuckets.factory(metrics))
        let logger = Logger(label: "firewatch")
        logger.info("starting", metadata: [
            "config.path": "\(config)", "database.path": "\(settings.database.path)",
            "registry.summary": "\(loaded.registry.summary)",
        ])

        try await FirewatchDaemon(loaded, environment: environment, metrics: metrics, logger: logger).run()
        logger.info("stopped")
    }
}
