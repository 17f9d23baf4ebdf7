import Alerting
import Foundation
import GRDB
@testable import MonitorDaemon
import PanelProtocol
import Testing

/// Migration v5 moves an incident's points out of its body into `incident_point` rows.
@Suite("Incident point migration v5")
struct IncidentPointMigrationTests {
    /// A real incident of two fire points, made by the alerting core from two frames.
    static func incidentOfTwoPoints() throws -> FireIncident {
        let building = BuildingInfo(id: "bldg-1", name: "大楼", address: "某路1号", unitId: "unit-1", unitName: "单位",
                                    brigadeId: "brig-1", departmentId: "dept-1")
        let gateway = GatewayContext(gatewayId: "gw-1", building: building)
        let core = AlertingCore()
        var state = AlertingState()
        let start = AlertingInstant(milliseconds: 1_795_392_000_000)
        _ = core.step(&state, .registry([gateway]), now: start)
        for (n, point) in [(1, UInt32(7)), (2, UInt32(9))] {
            let message = try GatewayPayload.decode(SimulatedGateway.fireAlarm(serial: UInt16(n), point: point)).first!.result.get()
            let at = AlertingInstant(milliseconds: start.milliseconds + Int64(n) * 1000)
            _ = core.step(&state, .events(AlertingEvent.events(from: message, gateway: gateway, receivedAt: at)), now: at)
        }
        return try #require(state.openIncident(inBuilding: "bldg-1"))
    }

    @Test func theBodysPointsBecomeRowsAndLoadAsBefore() throws {
        let incident = try Self.incidentOfTwoPoints()
        #expect(incident.points.count == 2)
        let database = try MigrationTestDatabase(migratedUpTo: "v4: frame identity keyed by device time first; one per-gateway index")
        let pool = database.pool
        try pool.write { db in
            // The body as v4 stored it: the whole incident, points included.
            let body = String(decoding: try JSONEncoder().encode(incident), as: UTF8.self)
            #expect(body.contains("\"points\":{\""))
            try db.execute(sql: "INSERT INTO incident (id, building, status, openedAt, body) VALUES (?, 'bldg-1', 'unconfirmed', ?, ?)",
                           arguments: [incident.id, incident.openedAt.milliseconds, body])
        }
        try database.migrateToLatest()
        try pool.read { db in
            let body = try #require(try String.fetchOne(db, sql: "SELECT body FROM incident WHERE id = ?", arguments: [incident.id]))
            let stored = try JSONDecoder().decode(FireIncident.self, from: Data(body.utf8))
            #expect(stored.points.isEmpty)
            let points = try AlertingStore.incidentPoints(db, where: "incident = ?", arguments: [incident.id])
            #expect(points[incident.id] == incident.points.storage)
            var reassembled = stored
            for (id, point) in points[incident.id] ?? [:] { reassembled.points[id] = point }
            #expect(reassembled == incident)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
        }
    }
}
