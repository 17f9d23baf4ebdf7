import Alerting
import BrokerHarness
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
@testable import MonitorDaemon
import PanelProtocol
import Synchronization
import Testing

/// A clock the test moves by hand.
final class TestAlertingClock: AlertingClock {
    private let value: Mutex<AlertingInstant>
    init(_ start: AlertingInstant = AlertingInstant(Date())) { value = Mutex(start) }
    func now() -> AlertingInstant { value.withLock { $0 } }
    func advance(seconds: Int) { value.withLock { $0 = $0.adding(seconds: seconds) } }
}

/// The daemon's HTTP surface in-process: a real SQLite file, the real alerting runner on a test
/// clock, real accounts (bcrypt at its lowest cost, to keep tests fast), and a city of two
/// brigades. Requests go through Hummingbird's test client, without a socket.
struct APIHarness {
    let directory: URL
    let pool: DatabasePool
    let registry: RegistryStore
    let runner: AlertingRunner
    let accounts: AccountStore
    let readiness = Readiness()
    let clock = TestAlertingClock()
    let api: FirewatchAPI

    static let password = "correct horse battery"

    /// brig-01: unit-0001 → bldg-0001 (gw-a, gw-b); brig-02: unit-0002 → bldg-0002 (gw-c).
    static let registryYAML = """
        departments:
          - {id: dept-01, name: 某市消防救援支队}
        brigades:
          - {id: brig-01, name: 城区大队, department: dept-01}
          - {id: brig-02, name: 新区大队, department: dept-01}
        units:
          - id: unit-0001
            name: 某某大厦物业管理有限公司
            brigade: brig-01
            contacts:
              - {role: fireSafetyManager, name: 张三, phone: "13800000000"}
          - {id: unit-0002, name: 新区医院, brigade: brig-02}
        buildings:
          - {id: bldg-0001, name: 某某大厦, unit: unit-0001, address: 某市某区某路1号}
          - {id: bldg-0002, name: 新区医院住院楼, unit: unit-0002, address: 某市新区某路2号}
        gateways:
          - {id: gw-a, building: bldg-0001}
          - {id: gw-b, building: bldg-0001}
          - {id: gw-c, building: bldg-0002}
        """

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("firewatch-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let registryFile = directory.appendingPathComponent("registry.yaml")
        try Self.registryYAML.write(to: registryFile, atomically: true, encoding: .utf8)
        let loaded = try Registry.load(path: registryFile.path)
        pool = try FirewatchDatabase.open(path: directory.appendingPathComponent("firewatch.sqlite").path)
        registry = RegistryStore(loaded)
        var policy = EscalationPolicy()
        policy.patrol.enabled = false
        runner = AlertingRunner(core: AlertingCore(policy: policy), pool: pool, clock: clock, registry: registry,
                                topics: GatewayTopics(prefix: "firewatch/v1"), logger: quietLogger)
        try await runner.start()
        accounts = AccountStore(pool: pool, bcryptCost: 4)
        for (name, role, brigade) in [("admin", Role.admin, nil), ("op", .operator, nil), ("viewer", .viewer, nil),
                                      ("viewer2", .viewer, "brig-02")] as [(String, Role, String?)] {
            _ = try accounts.create(username: name, password: Self.password, role: role, brigade: brigade)
        }
        api = FirewatchAPI(
            readModel: MonitorReadModel(pool: pool, registry: registry, runner: runner, utcOffsetSeconds: 28_800),
            runner: runner, accounts: accounts, limiter: LoginRateLimiter(), readiness: readiness, metrics: nil,
            sessionHours: 12, secureCookies: false, logger: quietLogger)
    }

    func application() -> some ApplicationProtocol { Application(router: api.router(), logger: quietLogger) }

    /// A component-status frame from `gateway` through the core, as ingest would hand it over.
    @discardableResult
    func report(_ gateway: String, status: ComponentStatusFlags, point: UInt32 = 1, description: String = "三层东侧走廊") async throws -> [AlertingDecision] {
        let events = try events(gateway, status: status, point: point, description: description)
        return try await pool.write { db in try runner.step(.events(events), in: db) }
    }

    /// The alerting events of one component-status frame from `gateway`: what ``report(_:status:point:description:)``
    /// steps, for a test that steps them itself (inside a transaction it rolls back, say).
    func events(_ gateway: String, status: ComponentStatusFlags, point: UInt32 = 1, description: String = "三层东侧走廊") throws -> [AlertingEvent] {
        let now = DeviceTime(year: 2026, month: 11, day: 23, hour: 8, minute: 0, second: 0)
        let object = InformationObject.componentStatus(ComponentStatus(
            system: SystemTarget(systemType: .fireAlarmSystem, systemAddress: 1), componentType: .pointPhotoelectricSmokeDetector,
            componentAddress: point, status: status, description: EncodedText(description, width: 31), time: now))
        let message = PanelMessage(header: FrameHeader(serial: 1, timeLabel: TimeLabel(now, format: .binary), source: .zero,
                                                       destination: .zero, command: .send),
                                   adu: ApplicationDataUnit(objects: [object]))
        let context = try #require(registry.current.gateway(id: gateway)).alertingContext
        return AlertingEvent.events(from: message, gateway: context, receivedAt: clock.now())
    }

    func auditRows() throws -> [Row] {
        try pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY seq") }
    }
}

/// A signed-in console session: its cookie and CSRF token.
struct TestSession {
    var cookie: String
    var csrf: String

    var headers: HTTPFields {
        var h = HTTPFields()
        h[.cookie] = cookie
        h[AuthMiddleware.csrfHeader] = csrf
        h[.contentType] = "application/json"
        return h
    }

    /// Without the CSRF token, as a cross-site form would send it.
    var cookieOnly: HTTPFields {
        var h = HTTPFields()
        h[.cookie] = cookie
        h[.contentType] = "application/json"
        return h
    }
}

extension TestClientProtocol {
    /// Signs in through the API.
    func signIn(_ username: String, password: String = APIHarness.password) async throws -> TestSession {
        let response = try await execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                                         body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
        guard response.status == .ok, let setCookie = response.headers[.setCookie],
              let json = try JSONSerialization.jsonObject(with: Data(bytesOf: response.body)) as? [String: Any],
              let csrf = json["csrfToken"] as? String else {
            throw HarnessError("sign-in of \(username) failed: \(response.status) \(String(buffer: response.body))")
        }
        return TestSession(cookie: String(setCookie.split(separator: ";")[0]), csrf: csrf)
    }

    func json(_ uri: String, _ session: TestSession) async throws -> (HTTPResponse.Status, Any?) {
        let r = try await execute(uri: uri, method: .get, headers: session.headers)
        return (r.status, try? JSONSerialization.jsonObject(with: Data(bytesOf: r.body)))
    }

    func post(_ uri: String, _ session: TestSession, body: String = "{}") async throws -> (HTTPResponse.Status, [String: Any]) {
        let r = try await execute(uri: uri, method: .post, headers: session.headers, body: ByteBuffer(string: body))
        return (r.status, (try? JSONSerialization.jsonObject(with: Data(bytesOf: r.body))) as? [String: Any] ?? [:])
    }
}

extension Data {
    /// The readable bytes of a response body.
    init(bytesOf buffer: ByteBuffer) { self.init(buffer.readableBytesView) }
}
