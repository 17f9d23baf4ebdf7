import Alerting
import Foundation
import GRDB
@testable import MonitorDaemon
import PanelProtocol
import Testing

/// `AlertingStore.persist` writes a row only when its body changed: a point that joins an
/// incident or repeats writes its own `incident_point` row, not the incident's row again.
@Suite("Alerting rows written")
struct AlertingStoreRowsTests {
    @Test func anIncidentRowIsRewrittenOnlyWhenTheIncidentChanged() throws {
        let building = BuildingInfo(id: "bldg-1", name: "大楼", address: "某路1号", unitId: "unit-1", unitName: "单位",
                                    brigadeId: "brig-1", departmentId: "dept-1")
        let gateway = GatewayContext(gatewayId: "gw-1", building: building)
        let core = AlertingCore()
        let store = AlertingStore(utcOffsetSeconds: 28_800)
        var state = AlertingState()
        var written = AlertingStore.WrittenRows()
        let database = try TemporaryDatabase()
        try database.pool.write { db in
            try db.execute(sql: """
                CREATE TEMP TABLE incident_write (point TEXT);
                CREATE TEMP TRIGGER incident_inserted AFTER INSERT ON main.incident BEGIN INSERT INTO incident_write VALUES (NULL); END;
                CREATE TEMP TRIGGER incident_updated AFTER UPDATE ON main.incident BEGIN INSERT INTO incident_write VALUES (NULL); END;
                """)
        }
        let start = AlertingInstant(milliseconds: 1_795_392_000_000)
        _ = core.step(&state, .registry([gateway]), now: start)
        var writes: [Int] = []
        // Point 7 opens the incident, 9 corroborates it, 11 joins, 7 repeats.
        for (n, point) in [UInt32(7), 9, 11, 7].enumerated() {
            let message = try GatewayPayload.decode(SimulatedGateway.fireAlarm(serial: UInt16(n + 1), point: point)).first!.result.get()
            let at = AlertingInstant(milliseconds: start.milliseconds + Int64(n + 1) * 1000)
            _ = core.step(&state, .events(AlertingEvent.events(from: message, gateway: gateway, receivedAt: at)), now: at)
            try database.pool.write { db in
                try store.persist(state.takeChanges(), of: state, at: at, in: db, written: &written)
                writes.append(try Int.fetchOne(db, sql: "SELECT count(*) FROM incident_write")!)
            }
        }
        #expect(writes == [1, 2, 2, 2], "opened, corroborated; a third point and a repeat change only their point rows")
        let incident = try #require(state.openIncident(inBuilding: "bldg-1"))
        try database.pool.read { db in
            let points = try AlertingStore.incidentPoints(db, where: "incident = ?", arguments: [incident.id])
            #expect(points[incident.id] == incident.points.storage, "the point rows hold the third point and the repeat")
            let body = try #require(try String.fetchOne(db, sql: "SELECT body FROM incident WHERE id = ?", arguments: [incident.id]))
            #expect(try JSONDecoder().decode(FireIncident.self, from: Data(body.utf8)) == state.incidentRecord(incident.id))
        }
    }
}
