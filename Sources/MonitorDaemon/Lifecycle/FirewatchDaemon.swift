import Alerting
import Foundation
import GRDB
import Logging
import MosquittoClient
import Prometheus
import ServiceLifecycle
import UnixSignals

/// The daemon assembled from its configuration: storage, the alerting runner, and the services
/// of its one `ServiceGroup`, in dependency order.
///
/// `firewatch run` builds one and runs it; the end-to-end tests build one in-process to reach
/// the alerting core's API (operator actions) while a real broker and a real SQLite file do the
/// rest.
struct FirewatchDaemon {
    let pool: DatabasePool
    let runner: AlertingRunner
    let accounts: AccountStore
    let group: ServiceGroup

    /// `signals`: what starts a graceful shutdown (tests running a daemon in-process pass none).
    /// `metrics`: the registry `/metrics` shows (the process's metrics factory writes into it).
    init(_ loaded: LoadedConfiguration, environment: [String: String], clock: any AlertingClock = SystemAlertingClock(),
         signals: [UnixSignal] = [.sigterm, .sigint], metrics: PrometheusCollectorRegistry? = nil, logger: Logger) throws {
        let settings = loaded.configuration
        let pool = try FirewatchDatabase.open(path: settings.database.path)
        let topics = GatewayTopics(prefix: settings.mqtt.topicPrefix)
        let queue = IngestQueue()
        let registry = RegistryStore(loaded.registry)
        let arrival = IngestArrival(intake: FrameIntake(topics: topics, maxPayloadBytes: settings.mqtt.maxPayloadBytes),
                                    registry: registry, queue: queue)
        let client = try MQTTClient(configuration: Self.mqttConfiguration(settings, topics: topics),
                                    logger: Logger(label: "firewatch.mqtt"),
                                    messageHandler: { arrival.receive($0) })
        let runner = AlertingRunner(core: AlertingCore(policy: settings.escalation), pool: pool, clock: clock,
                                    registry: registry, topics: topics, logger: Logger(label: "firewatch.alerting"))
        let publisher = MQTTReplyPublisher(client: client, logger: Logger(label: "firewatch.reply"))
        let writer = IngestWriter(
            pool: pool, queue: queue, topics: topics, observers: [GatewayLinkRecorder(), runner], publisher: publisher,
            maxGroup: settings.database.groupCommitMaxFrames,
            logger: Logger(label: "firewatch.ingest"), feed: runner.changes)
        // Each read's frames are committed on the network thread before anything is written back.
        try client.setAfterReading { writer.processQueued() }
        let notifier = SystemdNotifier(environment: environment)
        let readiness = Readiness()
        let accounts = AccountStore(pool: pool)
        let api = FirewatchAPI(
            readModel: MonitorReadModel(pool: pool, registry: registry, runner: runner,
                                        utcOffsetSeconds: settings.escalation.clock.utcOffsetSeconds),
            runner: runner, accounts: accounts, limiter: LoginRateLimiter(), readiness: readiness, metrics: metrics,
            sessionHours: settings.http.sessionHours, secureCookies: settings.http.isTLS, logger: Logger(label: "firewatch.http"))
        let http = try HTTPServer.application(api: api, settings: settings.http, logger: Logger(label: "firewatch.http"))

        // Started in this order, stopped in reverse: ingest stops first and drains into storage,
        // the HTTP server stops taking actions, the alerting services deliver what all that
        // created, and the broker connection closes last.
        let services: [any Service] = [
            BrokerConnectionService(client: client, topics: topics, runner: runner, logger: Logger(label: "firewatch.mqtt")),
            NoticeDispatcher(pool: pool, client: client, wake: runner.outboxChanged, clock: clock,
                             logger: Logger(label: "firewatch.notices")),
            AlertingScheduler(runner: runner, clock: clock, logger: Logger(label: "firewatch.alerting")),
            WatchdogService(notifier: notifier, queue: queue, writer: writer, client: client),
            RegistryReloadService(path: settings.registry.path, store: registry, runner: runner,
                                  logger: Logger(label: "firewatch.registry")),
            http,
            WALCheckpointService(path: settings.database.path, writer: writer, logger: Logger(label: "firewatch.storage")),
            StorageMonitorService(path: settings.database.path,
                                  watch: StorageWatch(minFreeBytes: Int64(settings.database.minFreeMegabytes) << 20),
                                  logger: Logger(label: "firewatch.storage")),
            IngestService(client: client, queue: queue, writer: writer, publisher: publisher, topics: topics,
                          notifier: notifier, readiness: readiness, logger: Logger(label: "firewatch.ingest")),
        ]
        var configuration = ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: signals,
            logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(settings.shutdown.timeoutSeconds)
        self.pool = pool
        self.runner = runner
        self.accounts = accounts
        self.group = ServiceGroup(configuration: configuration)
    }

    /// Loads the alerting state, then runs every service until SIGTERM/SIGINT (or
    /// `group.triggerGracefulShutdown()`).
    func run() async throws {
        try await runner.start()
        try await group.run()
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
