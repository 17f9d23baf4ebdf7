import Alerting
import Foundation
import GRDB
@testable import MonitorDaemon
import PanelProtocol
import Testing

/// The core's global row (outage, maintenance, serial, deadline hint) is written when a step
/// changed it, not on every step: a gateway's routine frames leave it as it was.
@Suite("Alerting global row")
struct AlertingGlobalRowTests {
    /// Counts the writer connection's updates of `alerting_global` (a temporary trigger lives on
    /// the connection that made it: the pool's one writer).
    func countWrites(_ h: APIHarness) async throws {
        try await h.pool.write { db in
            try db.execute(sql: """
                CREATE TEMP TABLE global_writes (n INTEGER);
                CREATE TEMP TRIGGER global_updated AFTER UPDATE ON main.alerting_global BEGIN INSERT INTO global_writes VALUES (1); END;
                """)
        }
    }

    func writes(_ h: APIHarness) async throws -> Int {
        try await h.pool.write { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM temp.global_writes") ?? 0 }
    }

    func stored(_ h: APIHarness) async throws -> AlertingState.Global? {
        try await h.pool.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM alerting_global WHERE id = 1")
                .map { try JSONDecoder().decode(AlertingState.Global.self, from: Data($0.utf8)) }
        }
    }

    @Test func writtenWhenChangedOnlyAndAlwaysWhatIsInMemory() async throws {
        let h = try await APIHarness()
        try await h.report("gw-a", status: [.normal, .fire])
        try await countWrites(h)
        #expect(try await stored(h) == h.runner.state.global)

        // Repeats of the same alarm: a write exactly when the step changed the global row.
        for _ in 0..<3 {
            let before = h.runner.state.global
            let writesBefore = try await writes(h)
            h.clock.advance(seconds: 1)
            try await h.report("gw-a", status: [.normal, .fire])
            let changed = h.runner.state.global != before
            #expect(try await writes(h) == writesBefore + (changed ? 1 : 0))
            #expect(try await stored(h) == h.runner.state.global)
        }

        // A step that rolls back: its global row is gone with it, and so must be the memory of
        // having written it. The same fault then reported for real leads to the same global row,
        // which must be written (an old "written" memory would skip it and leave the stored row
        // behind the state).
        let events = try h.events("gw-c", status: [.normal, .fault], point: 5)
        let beforeAbandoned = h.runner.state.global
        struct Abandoned: Error {}
        await #expect(throws: Abandoned.self) {
            try await h.pool.write { db in
                try h.runner.step(.events(events), in: db)
                throw Abandoned()
            }
        }
        #expect(try await stored(h) == beforeAbandoned)
        try await h.pool.write { db in _ = try h.runner.step(.events(events), in: db) }
        #expect(try await stored(h) == h.runner.state.global)
    }
}
