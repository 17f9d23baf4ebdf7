import Alerting
import Foundation
import GRDB
@testable import MonitorDaemon
import Testing

/// Gateway rows are not rewritten for every frame (`VolatileFields`): loading the state brings
/// each heard gateway's liveness up to its last frame (`GatewayLinks`: `gateway_link` and the
/// frames not folded into it yet).
@Suite("Alerting state load")
struct AlertingStoreLivenessTests {
    @Test func aHeardGatewaysLivenessComesFromItsLastFrame() throws {
        let database = try TemporaryDatabase()
        let pool = database.pool
        let heardAt = AlertingInstant(milliseconds: 1_795_392_000_000)  // 2026-11-23 00:00:00 UTC
        let lastFrame = AlertingInstant(milliseconds: 1_795_392_005_250)  // 5.25 s later
        let state = try pool.write { db -> AlertingState in
            try db.execute(sql: """
                INSERT INTO frame (id, gatewayId, topic, form, bytes, receivedAt, lastReceivedAt, serial, sourceAddress, command, deviceTime)
                VALUES (1, 'gw-1', 't', 'binary', x'4039', '2026-11-23 00:00:04.000', '2026-11-23 00:00:04.000', 1, 'x', 2, '2026-11-23T08:00:04'),
                       (2, 'gw-2', 't', 'binary', x'4041', '2026-11-23 00:00:07.000', '2026-11-23 00:00:07.000', 1, 'x', 2, '2026-11-23T08:00:07'),
                       (3, 'gw-1', 't', 'binary', x'4040', '2026-11-23 00:00:05.250', '2026-11-23 00:00:05.250', 1, 'x', 2, '2026-11-23T08:00:05')
                """)
            try db.execute(sql: """
                INSERT INTO gateway_link (gatewayId, lastFrameAt, lastFrameId, frameCount)
                VALUES ('gw-1', '2026-11-23 00:00:04.000', 1, 6), ('gw-2', '2026-11-23 00:00:07.000', 2, 1)
                """)
            // Folded up to frame 2: gw-1's row is older than its frame 3, the tail has it.
            try db.execute(sql: "UPDATE gateway_link_mark SET frameId = 2")
            try db.execute(sql: #"INSERT INTO alerting_global (id, body) VALUES (1, '{"maintenance":{},"registrySize":2,"serial":0}')"#)
            let ms = heardAt.milliseconds
            try db.execute(sql: "INSERT INTO alerting_gateway (id, body) VALUES (?, ?), (?, ?)", arguments: [
                "gw-1", #"{"id":"gw-1","building":"b-1","firstHeardAt":\#(ms),"lastFrameAt":\#(ms),"supervisionBase":\#(ms),"linkDown":false,"linkLossOnsets":[]}"#,
                // Registered but never heard: supervision has not started, a frame row does not start it.
                "gw-2", #"{"id":"gw-2","building":"b-1","linkDown":false,"linkLossOnsets":[]}"#,
            ])
            return try AlertingStore(utcOffsetSeconds: 28_800).loadState(db)
        }
        #expect(state.gateways["gw-1"]?.lastFrameAt == lastFrame)
        #expect(state.gateways["gw-1"]?.supervisionBase == lastFrame)
        #expect(state.gateways["gw-1"]?.firstHeardAt == heardAt, "durable fields as stored")
        #expect(state.gateways["gw-2"]?.lastFrameAt == nil && state.gateways["gw-2"]?.supervisionBase == nil)
    }
}
