import ArgumentParser
import Foundation
import Logging
import MosquittoClient
import ServiceLifecycle
import UnixSignals

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
        let loaded: LoadedConfiguration
        do {
            loaded = try LoadedConfiguration.load(configPath: config, environment: environment)
        } catch {
            for problem in error.problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            throw ExitCode(1)
        }
        let settings = loaded.configuration
        let level = settings.log.level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "firewatch")
        logger.info("starting", metadata: [
            "config.path": "\(config)", "database.path": "\(settings.database.path)",
            "registry.summary": "\(loaded.registry.summary)",
        ])

        let pool = try FirewatchDatabase.open(path: settings.database.path)
        let topics = GatewayTopics(prefix: settings.mqtt.topicPrefix)
        let client = try MQTTClient(configuration: Self.mqttConfiguration(settings, topics: topics),
                                    logger: Logger(label: "firewatch.mqtt"))
        let queue = IngestQueue()
        let registry = RegistryStore(loaded.registry)
        let publisher = MQTTReplyPublisher(client: client, logger: Logger(label: "firewatch.reply"))
        let writer = IngestWriter(
            pool: pool, queue: queue,
            intake: FrameIntake(topics: topics, maxPayloadBytes: settings.mqtt.maxPayloadBytes),
            registry: registry, observers: [GatewayLinkRecorder()], publisher: publisher,
            maxGroup: settings.database.groupCommitMaxFrames,
            linger: .milliseconds(settings.database.groupCommitMaxWaitMilliseconds),
            logger: Logger(label: "firewatch.ingest"))
        let notifier = SystemdNotifier(environment: environment)
        let readiness = Readiness()

        // Started in this order, stopped in reverse: ingest stops first and drains into storage.
        let services: [any Service] = [
            WatchdogService(notifier: notifier, queue: queue, writer: writer),
            RegistryReloadService(path: settings.registry.path, store: registry, logger: Logger(label: "firewatch.registry")),
            IngestService(client: client, queue: queue, writer: writer, publisher: publisher, topics: topics,
                          notifier: notifier, readiness: readiness, logger: Logger(label: "firewatch.ingest")),
        ]
        var groupConfiguration = ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(settings.shutdown.timeoutSeconds)
        try await ServiceGroup(configuration: groupConfiguration).run()
        logger.info("stopped")
    }

    static func mqttConfiguration(_ settings: FirewatchConfiguration, topics: GatewayTopics) -> MQTTClientConfiguration {
        let tls: MQTTClientConfiguration.TLS? = settings.mqtt.tls.caFile.map {
            MQTTClientConfiguration.TLS(caFile: $0, certificateFile: settings.mqtt.tls.certFile, keyFile: settings.mqtt.tls.keyFile)
        }
        return MQTTClientConfiguration(
            host: settings.mqtt.host, port: settings.mqtt.port, clientId: settings.mqtt.clientId, cleanSession: false,
            keepAlive: .seconds(settings.mqtt.keepAliveSeconds), username: settings.mqtt.username, password: settings.mqtt.password,
            tls: tls,
            lastWill: .init(topic: topics.centreStatus, payload: Array(#"{"state":"offline"}"#.utf8), qos: 1, retain: true))
    }
}
