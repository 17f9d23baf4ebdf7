import Alerting
import Foundation
import GRDB
import Logging
import Metrics
import PanelProtocol
import Synchronization

/// The daemon's half of the alerting core: feeds it frames, operator actions, time and registry
/// changes, and commits what it decided in the same transaction as what caused it.
///
/// Every step runs inside a database write (the ingest group's transaction, or one of its own),
/// and GRDB runs writes one at a time, so the core sees one input at a time in commit order.
/// The in-memory state is the committed state plus the current step: when a transaction rolls
/// back, the state is reloaded from the database before the next step, so memory never runs
/// ahead of the disk. After the commit the notice dispatcher and the scheduler are woken.
final class AlertingRunner: IngestObserver {
    let core: AlertingCore
    private let pool: DatabasePool
    private let clock: any AlertingClock
    private let store: AlertingStore
    private let registry: RegistryStore
    private let topics: GatewayTopics
    private let commands: GatewayCommandEncoder
    private let logger: Logger
    private let memory = Mutex(Memory())

    private struct Memory {
        var state = AlertingState()
        /// Memory may be ahead of the database (a rolled-back step): reload before the next one.
        var needsReload = true
        /// Rows as last written (``AlertingStore/persist(_:of:at:in:written:)``).
        var written = AlertingStore.WrittenRows()
    }

    /// Signalled after a commit that created notices or gateway commands.
    let outboxChanged = WakeSignal()
    /// Signalled after a committed step that moved the core's next deadline. A step that left it
    /// where it was (a gateway's routine frame: its liveness only moves its own deadline later)
    /// does not wake the scheduler, whose wait already ends at that deadline.
    let deadlineChanged = WakeSignal()
    /// What each committed step changed, for live views.
    let changes = ChangeFeed()
    /// Made once: looking a metric up in the registry on every step showed in the writer's profile.
    private let openIncidents = Gauge(label: "firewatch_open_incidents")
    private let openHazards = Gauge(label: "firewatch_open_hazards")

    init(core: AlertingCore, pool: DatabasePool, clock: any AlertingClock, registry: RegistryStore,
         topics: GatewayTopics, logger: Logger) {
        self.core = core
        self.pool = pool
        self.clock = clock
        self.registry = registry
        self.topics = topics
        self.store = AlertingStore(utcOffsetSeconds: core.policy.clock.utcOffsetSeconds)
        self.commands = GatewayCommandEncoder(utcOffsetSeconds: core.policy.clock.utcOffsetSeconds)
        self.logger = logger
    }

    // MARK: - Inputs

    /// Loads the committed state, hands the core the registry, and tells it the centre was not
    /// listening until now (gateways are not blamed for the daemon's own downtime). Run once,
    /// before ingest starts.
    func start() async throws {
        let contexts = registry.current.alertingContexts
        try await pool.write { db in
            try self.step(.registry(contexts), in: db)
            try self.step(.centreResumed, in: db)
        }
        let state = self.state
        logger.info("alerting state loaded", metadata: [
            "incidents.open": "\(state.incidents.count)", "hazards.open": "\(state.hazards.count)",
            "gateways.supervised": "\(state.gateways.count)", "policy.version": "\(core.policy.version)",
        ])
    }

    /// Runs what is due now (escalation rungs, debounces, link loss, 查岗, window ends).
    func tick() async throws {
        try await run(.tick)
    }

    /// An operator action; returns the decisions (a refusal is a `.rejected` decision).
    @discardableResult
    func perform(_ action: OperatorAction) async throws -> [AlertingDecision] {
        try await run(.action(action))
    }

    /// The registry was reloaded.
    func registryChanged(_ registry: Registry) async throws {
        try await run(.registry(registry.alertingContexts))
    }

    /// The broker connection came back: silence while it was down is the centre's, not the gateways'.
    func centreResumed() async throws {
        try await run(.centreResumed)
    }

    private func run(_ input: AlertingInput) async throws -> [AlertingDecision] {
        try await pool.write { db in try self.step(input, in: db) }
    }

    /// The group's new frames, inside the ingest transaction.
    func ingested(_ frames: [IngestStore.StoredFrame], in db: Database) throws {
        var events: [AlertingEvent] = []
        for f in frames {
            events += AlertingEvent.events(from: f.frame.message, gateway: f.frame.gateway.alertingContext,
                                           receivedAt: AlertingInstant(f.frame.receivedAt))
        }
        try step(.events(events), in: db)
    }

    // MARK: - Reading

    /// The committed state (plus a step in progress, if any). A cheap copy.
    var state: AlertingState { memory.withLock { $0.state } }

    /// When the scheduler must tick next; nil: nothing is pending. Now, while the state in memory
    /// holds a rolled-back step: its deadline may be later than the committed one, and the tick
    /// reloads the state.
    var nextDeadline: AlertingInstant? {
        memory.withLock { $0.needsReload ? clock.now() : core.nextDeadline($0.state) }
    }

    // MARK: - The step

    /// One input through the core inside the caller's transaction: the state rows it changed,
    /// its decisions, its notices and its commands are written there.
    @discardableResult
    func step(_ input: AlertingInput, in db: Database) throws -> [AlertingDecision] {
        let now = clock.now()
        let outbox = Mutex(false)
        let deadlineMoved = Mutex(true)
        let committed = Mutex<[ChangeEvent]>([])
        db.afterNextTransaction { _ in
            if outbox.withLock({ $0 }) { self.outboxChanged.signal() }
            if deadlineMoved.withLock({ $0 }) { self.deadlineChanged.signal() }
            self.changes.publish(committed.withLock { $0 })
            self.updateGauges()
        } onRollback: { _ in
            self.memory.withLock { $0.needsReload = true }
            self.deadlineChanged.signal()
        }
        let decisions = try memory.withLock { m throws -> [AlertingDecision] in
            // After a rollback the scheduler may have read the rolled-back step's deadline before
            // the rollback woke it: the step that reloads the state wakes it again.
            let reloaded = m.needsReload
            if m.needsReload {
                m.state = try store.loadState(db)
                m.written = AlertingStore.WrittenRows()
                m.needsReload = false
            }
            let deadlineBefore = core.nextDeadline(m.state)
            let decisions = core.step(&m.state, input, now: now)
            // The scheduler waits for the deadline it last read, and every step that moved it
            // signalled: a step that did not move it has nothing to tell. (Frames fold their
            // building's deadlines into a hint that is never later than the earliest one, so a
            // deadline that falls due sooner always moves it.)
            let moved = reloaded || core.nextDeadline(m.state) != deadlineBefore
            deadlineMoved.withLock { $0 = moved }
            try store.persist(m.state.takeChanges(), of: m.state, at: now, in: db, written: &m.written)
            return decisions
        }
        let created = try store.record(decisions, topicPrefix: topics.prefix, in: db)
        var queued = 0
        for case .command(let command) in decisions {
            try queue(command, in: db)
            queued += 1
        }
        outbox.withLock { $0 = !created.isEmpty || queued > 0 }
        committed.withLock { $0 = Self.changeEvents(decisions) }
        for notice in created {
            Counter(label: "firewatch_notices_total", dimensions: [
                ("party", notice.party.rawValue), ("kind", notice.kind.rawValue), ("state", "created"),
            ]).increment()
            logger.notice("notice created", metadata: [
                "notice.id": "\(notice.id)", "notice.party": "\(notice.party.rawValue)", "notice.recipient": "\(notice.recipient)",
                "notice.kind": "\(notice.kind.rawValue)", "notice.reason": "\(notice.reason.rawValue)", "building.id": "\(notice.building)",
            ])
        }
        for case .rejected(let r) in decisions {
            logger.notice("operator action refused", metadata: ["action.target": "\(r.target)", "reason": "\(r.reason.rawValue)"])
        }
        return decisions
    }

    /// Refresh hints for live views: what each decision touched.
    static func changeEvents(_ decisions: [AlertingDecision]) -> [ChangeEvent] {
        var out: [ChangeEvent] = []
        for d in decisions {
            switch d {
            case .notice(let n):
                out.append(ChangeEvent(kind: "notice", subject: n.id, building: n.building))
            case .change(let c):
                let kind = switch c.kind {
                case .incidentOpened, .incidentJoined, .incidentCorroborated, .incidentAcknowledged, .incidentConfirmed,
                     .incidentWentLive, .incidentPointRestored, .incidentPanelReset, .incidentClosed: "incident"
                case .hazardOpened, .hazardRepeated, .hazardBecameChattering, .hazardClosed: "hazard"
                case .outageOpened, .outageJoined, .outageClosed: "outage"
                case .maintenanceOpened, .maintenanceClosed: "maintenance"
                case .gatewayLinkRestored, .patrolAnswered, .clockSkewDetected, .centreResumed, .gatewayRemoved: "gateway"
                }
                out.append(ChangeEvent(kind: kind, subject: c.subject, building: c.building))
            case .withheld, .command, .rejected:
                continue
            }
        }
        return out
    }

    /// Open incidents and hazards as gauges (`/metrics`).
    private func updateGauges() {
        let (incidents, hazards) = memory.withLock { ($0.state.incidents.count, $0.state.hazards.count) }
        openIncidents.record(incidents)
        openHazards.record(hazards)
    }

    private func queue(_ command: GatewayCommand, in db: Database) throws {
        let serial = try store.nextCommandSerial(db)
        // The form of the gateway's last frame.
        let form = try GatewayLinks.lastFrameId(db, gateway: command.gateway).flatMap { id in
            try String.fetchOne(db, sql: "SELECT form FROM frame WHERE id = ?", arguments: [id])
        }.flatMap(GatewayPayload.Form.init(rawValue:))
        let payload = commands.payload(command, serial: serial, gateway: registry.current.gateway(id: command.gateway), form: form)
        try store.queueCommand(command, topic: topics.down(command.gateway), serial: serial, payload: payload, in: db)
    }
}
