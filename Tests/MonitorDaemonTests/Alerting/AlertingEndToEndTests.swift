import Alerting
import BrokerHarness
import Foundation
import GRDB
import Logging
@testable import MonitorDaemon
import PanelProtocol
import ServiceLifecycle
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Alerting through the real daemon: a real mosquitto on 127.0.0.1, a real SQLite file, notices
/// read off their topics the way the unit's, brigade's and department's systems read them. The
/// fire timers are shortened in the config (seconds, not minutes) so the ladder runs on the
/// real clock within a test.
@Suite("Alerting, end to end", .serialized, .timeLimit(.minutes(2)))
struct AlertingEndToEndTests {
    /// Brigade after 2 s, department after 4 s; no 查岗 (it would add commands to the traffic).
    static let fastFire = """
    escalation:
      fire:
        brigadeAfterSeconds: 2
        departmentAfterSeconds: 4
      patrol:
        enabled: false

    """

    @Test func aFireAlarmFrameReachesTheUnitAtOnceThenTheBrigadeAndDepartmentOnTime() async throws {
        let daemon = try DaemonHarness.running(extraConfiguration: Self.fastFire)
        let listener = try await NoticeListener(broker: daemon.broker)
        let gateway = try await daemon.gateway("gw-b")
        defer { Task { await gateway.close(); await listener.close() } }

        let sentAt = Date()
        try await gateway.sendUntilConfirmed(1..<2)
        let unit = try await listener.first { $0.party == "unit" }
        #expect(unit.topic == "firewatch/v1/notices/unit/unit-0001")
        #expect(unit.kind == "fireAlarm")
        #expect(unit.severity == "critical")
        #expect(unit.reason == "firstAlarm")
        #expect(unit.building == "bldg-0001" && unit.unit == "unit-0001")
        #expect(unit.text.contains("火警") && unit.text.contains("某某大厦") && unit.text.contains("三层东侧走廊"))
        #expect(unit.receivedAt.timeIntervalSince(sentAt) < 1.5, "the unit notice must not wait for anything")
        let incident = try #require(unit.incident)

        let brigade = try await listener.first { $0.party == "brigade" }
        #expect(brigade.topic == "firewatch/v1/notices/brigade/brig-01")
        #expect(brigade.reason == "unconfirmedAfter2s" && brigade.incident == incident && brigade.kind == "fireAlarm")
        let brigadeAfter = brigade.receivedAt.timeIntervalSince(sentAt)
        #expect(brigadeAfter >= 2 && brigadeAfter < 3.5, "brigade after \(brigadeAfter) s")

        let department = try await listener.first { $0.party == "department" }
        #expect(department.topic == "firewatch/v1/notices/department/dept-01")
        #expect(department.reason == "unconfirmedAfter4s" && department.incident == incident)
        let departmentAfter = department.receivedAt.timeIntervalSince(sentAt)
        #expect(departmentAfter >= 4 && departmentAfter < 5.5, "department after \(departmentAfter) s")

        // Committed with the state that caused them, and recorded as delivered.
        #expect(eventually(5) {
            (try? daemon.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM notice WHERE incident = ? AND deliveredAt IS NOT NULL", arguments: [incident])
            }) == 3
        })
        let open = try daemon.read { db in try String.fetchOne(db, sql: "SELECT status FROM incident WHERE id = ? AND closedAt IS NULL", arguments: [incident]) }
        #expect(open == "unconfirmed")
        #expect(listener.all.count == 3, "\(listener.all.map { "\($0.party)/\($0.reason)" })")
        #expect(listener.badPayloads.isEmpty)

        // `firewatch explain` reads the decision log while the daemon runs.
        let explained = try firewatch(["explain", "incident", incident, "--config", daemon.configFile.path])
        #expect(explained.status == 0, "\(explained.stderr)")
        for line in ["fireAlarm → unit unit-0001 [firstAlarm]; delivered", "fireAlarm → brigade brig-01 [unconfirmedAfter2s]; delivered",
                     "fireAlarm → department dept-01 [unconfirmedAfter4s]; delivered", "why: no verdict 2 s after the first alarm",
                     "incidentOpened [firstAlarm]"] {
            #expect(explained.stdout.contains(line), "\(explained.stdout)")
        }
        let unknown = try firewatch(["explain", "incident", "fire-999", "--config", daemon.configFile.path])
        #expect(unknown.status == 1 && unknown.stderr.contains("no incident fire-999"))

        // /metrics of the running daemon shows the counters that moved.
        let (status, metrics) = try await daemon.http("/metrics")
        #expect(status == 200)
        for line in [#"firewatch_frames_total{gateway="gw-b",result="accepted"} 1"#,
                     #"firewatch_notices_total{party="unit",kind="fireAlarm",state="created"} 1"#,
                     #"firewatch_notices_total{party="department",kind="fireAlarm",state="delivered"} 1"#,
                     "firewatch_open_incidents 1", "firewatch_broker_connected 1"] {
            #expect(metrics.contains(line), "\(line) not in:\n\(metrics.split(separator: "\n").filter { $0.hasPrefix("firewatch") }.joined(separator: "\n"))")
        }
        #expect(metrics.contains("firewatch_reply_seconds_count{command=\"confirm\"}"))
        // The ingest timers resolve below the 5 ms where swift-prometheus's defaults start.
        for timer in MetricsBuckets.ingestTimers {
            #expect(metrics.split(separator: "\n").contains { $0.hasPrefix("\(timer)_bucket{") && $0.contains("le=\"0.00025\"") },
                    "\(timer)")
        }
        #expect(try await daemon.http("/readyz").0 == 200)
    }

    @Test func anOperatorConfirmationSendsTheBrigadeAndDepartmentNoticesAtOnce() async throws {
        // In-process, to reach the core's API (the HTTP surface is a later issue); the broker,
        // the database and the daemon's services are the real ones.
        let files = try DaemonHarness(broker: try TestBroker.started())
        let loaded = try LoadedConfiguration.load(configPath: files.configFile.path, environment: [:])
        let daemon = try FirewatchDaemon(loaded, environment: [:], signals: [], logger: quietLogger)
        let running = Task { try await daemon.run() }
        let listener = try await NoticeListener(broker: files.broker)
        let gateway = try await files.gateway("gw-b")

        try await gateway.sendUntilConfirmed(1..<2)
        let unit = try await listener.first { $0.party == "unit" && $0.kind == "fireAlarm" }
        let incident = try #require(unit.incident)

        let decisions = try await daemon.runner.perform(
            .confirm(.building("bldg-0001"), verdict: .real(peopleAtRisk: false), by: "duty-officer-1"))
        #expect(decisions.compactMap(\.rejected).isEmpty)
        let confirmedAt = Date()

        let brigade = try await listener.first { $0.party == "brigade" }
        let department = try await listener.first { $0.party == "department" }
        for n in [brigade, department] {
            #expect(n.kind == "fireConfirmed" && n.reason == "confirmedReal" && n.incident == incident)
            #expect(n.receivedAt.timeIntervalSince(confirmedAt) < 1, "\(n.party) told \(n.receivedAt.timeIntervalSince(confirmedAt)) s after the verdict")
        }
        #expect(department.text.contains("确认"))
        // The unit, told first, hears the verdict too; nobody hears anything twice.
        _ = try await listener.first { $0.party == "unit" && $0.kind == "fireConfirmed" }
        let ids = listener.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        let status = try await daemon.pool.read { db in
            try String.fetchOne(db, sql: "SELECT status FROM incident WHERE id = ?", arguments: [incident])
        }
        #expect(status == "confirmedReal")

        await daemon.group.triggerGracefulShutdown()
        try await running.value
        await gateway.close()
        await listener.close()
    }

    @Test func aGatewayWithAWrongClockGetsAClockSyncFrameWithTheCentresTime() async throws {
        let daemon = try DaemonHarness.running(extraConfiguration: Self.fastFire)
        let gateway = try await daemon.gateway("gw-a", source: DaemonHarness.sourceA)
        defer { Task { await gateway.close() } }
        // The simulated gateway's frames carry 2026-11-23 08:xx, hours away from the real clock.
        try await gateway.sendUntilConfirmed(1..<2)
        #expect(try await eventuallyAsync { gateway.commands.count >= 1 })
        let sync = try #require(gateway.commands.first)
        #expect(sync.header.command == .control)
        #expect(sync.header.destination == DaemonHarness.sourceA && sync.header.source == DaemonHarness.centre)
        guard case .synchronizeClock(let time)? = sync.adu?.objects.first else {
            Issue.record("expected a type-90 clock sync, got \(String(describing: sync.adu))")
            return
        }
        // The centre's local time (Asia/Shanghai, +08:00), in the label and in the object.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let parts = DateComponents(calendar: calendar, year: time.year, month: time.month, day: time.day,
                                   hour: time.hour, minute: time.minute, second: time.second)
        let sent = try #require(parts.date)
        #expect(abs(sent.timeIntervalSinceNow) < 10, "clock sync says \(time)")
        // `sentAt` is written when the broker acknowledged the publish, which can be after the
        // gateway already has the frame: wait for it.
        #expect(try await eventuallyAsync {
            let row = try daemon.read { db in try Row.fetchOne(db, sql: "SELECT kind, sentAt FROM gateway_command WHERE gateway = 'gw-a'") }
            return row?["kind"] as String? == "synchronizeClock" && (row?["sentAt"] as Int64?) != nil
        })
        #expect(daemon.terminate() == 0)
    }

    @Test func anEscalationDueWhileTheDaemonWasDownGoesOutOnceAfterTheRestart() async throws {
        let daemon = try DaemonHarness.running(extraConfiguration: """
            escalation:
              fire:
                brigadeAfterSeconds: 3
                departmentAfterSeconds: 60
              patrol:
                enabled: false

            """)
        let listener = try await NoticeListener(broker: daemon.broker)
        let gateway = try await daemon.gateway("gw-b")
        defer { Task { await gateway.close(); await listener.close() } }

        let sentAt = Date()
        try await gateway.sendUntilConfirmed(1..<2)
        _ = try await listener.first { $0.party == "unit" }
        #expect(eventually(5) {
            (try? daemon.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM notice WHERE deliveredAt IS NOT NULL") }) == 1
        })
        daemon.signal(SIGKILL)
        #expect(daemon.waitForExit(timeout: 5) != nil)
        // Down past the brigade rung.
        try await Task.sleep(for: .seconds(max(0, 4 - Date().timeIntervalSince(sentAt))))
        try daemon.start()

        let brigade = try await listener.first { $0.party == "brigade" }
        #expect(brigade.reason == "unconfirmedAfter3s")
        try await Task.sleep(for: .seconds(1.5))
        let parties = listener.all.map(\.party).sorted()
        #expect(parties == ["brigade", "unit"], "\(listener.all.map { "\($0.party)/\($0.reason)" })")
        let rows = try daemon.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM notice") }
        #expect(rows == 2)
        #expect(daemon.terminate() == 0)
    }
}
