import Alerting
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import MonitorDaemon
import PanelProtocol
import Testing
import Yams

/// Every route of the HTTP API with its refusals: no session → 401, a viewer acting → 403,
/// another brigade's building → 404, a bad body → 400 with a message, a refused action → 409
/// with the core's reason. In-process (Hummingbird's test client) over a real SQLite file and
/// the real alerting core.
@Suite("HTTP API")
struct APITests {
    @Test func healthReadinessAndMetricsNeedNoSession() async throws {
        let h = try await APIHarness()
        try await h.application().test(.router) { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .serviceUnavailable)
            h.readiness.markSubscribed()
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok && metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            let r = try await client.execute(uri: "/healthz", method: .get)
            #expect(r.headers[.xContentTypeOptions] == "nosniff" && r.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
        }
    }

    @Test func everyReadingRouteRefusesWithoutASession() async throws {
        let h = try await APIHarness()
        try await h.application().test(.router) { client in
            for uri in ["/api/v1/session", "/api/v1/incidents", "/api/v1/incidents/fire-1", "/api/v1/hazards", "/api/v1/hazards/h-1",
                        "/api/v1/notices", "/api/v1/gateways", "/api/v1/buildings", "/api/v1/buildings/bldg-0001", "/api/v1/frames",
                        "/api/v1/quarantine", "/api/v1/maintenance", "/api/v1/events"] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .unauthorized, "\(uri): \(r.status)")
            }
            for uri in ["/api/v1/incidents/fire-1/confirm", "/api/v1/incidents/fire-1/acknowledge", "/api/v1/incidents/fire-1/close",
                        "/api/v1/hazards/h-1/rectify", "/api/v1/notices/n/receipt", "/api/v1/maintenance"] {
                let r = try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: "{}"))
                #expect(r.status == .unauthorized, "\(uri): \(r.status)")
            }
            #expect(try await client.execute(uri: "/api/v1/maintenance/w-1", method: .delete).status == .unauthorized)
            let bad = try await client.execute(uri: "/api/v1/incidents", method: .get, headers: [.authorization: "Bearer fw_nope"])
            #expect(bad.status == .unauthorized)
        }
    }

    @Test func signInSetsAStrictHttpOnlyCookieAndSignOutEndsTheSession() async throws {
        let h = try await APIHarness()
        try await h.application().test(.router) { client in
            let r = try await client.execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                                             body: ByteBuffer(string: #"{"username":"op","password":"\#(APIHarness.password)"}"#))
            #expect(r.status == .ok)
            let cookie = try #require(r.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.hasPrefix("fw_session="))
            let session = try await client.signIn("op")
            let (status, me) = try await client.json("/api/v1/session", session)
            #expect(status == .ok && (me as? [String: Any])?["role"] as? String == "operator")
            #expect(try await client.execute(uri: "/api/v1/session", method: .delete, headers: session.headers).status == .noContent)
            #expect(try await client.json("/api/v1/session", session).0 == .unauthorized)
            let missing = try await client.execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                                                   body: ByteBuffer(string: #"{"username":"op"}"#))
            #expect(missing.status == .badRequest)
        }
        let outcomes = try h.auditRows().map { "\($0["action"] as String):\($0["outcome"] as String)" }
        #expect(outcomes.contains("signIn:ok"))
    }

    @Test func failedSignInsAreRateLimited() async throws {
        let h = try await APIHarness()
        try await h.application().test(.router) { client in
            for _ in 0..<5 {
                let r = try await client.execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                                                 body: ByteBuffer(string: #"{"username":"op","password":"guess"}"#))
                #expect(r.status == .unauthorized)
            }
            // Even the right password waits now.
            let r = try await client.execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                                             body: ByteBuffer(string: #"{"username":"op","password":"\#(APIHarness.password)"}"#))
            #expect(r.status == .tooManyRequests)
            #expect(Int(r.headers[.retryAfter] ?? "") ?? 0 > 0)
        }
        #expect(try h.auditRows().contains { ($0["outcome"] as String) == "rateLimited" })
    }

    @Test func anOperatorConfirmsAFireAndTheBrigadeAndDepartmentAreTold() async throws {
        let h = try await APIHarness()
        try await h.report("gw-a", status: [.fire])
        let incident = try #require(h.runner.state.openIncident(inBuilding: "bldg-0001")?.id)
        try await h.application().test(.router) { client in
            let op = try await client.signIn("op")
            let (listStatus, list) = try await client.json("/api/v1/incidents", op)
            #expect(listStatus == .ok && (list as? [[String: Any]])?.first?["id"] as? String == incident)

            // Without the CSRF token the cookie alone is not enough.
            let forged = try await client.execute(uri: "/api/v1/incidents/\(incident)/confirm", method: .post, headers: op.cookieOnly,
                                                  body: ByteBuffer(string: #"{"verdict":"real"}"#))
            #expect(forged.status == .forbidden)
            let (status, result) = try await client.post("/api/v1/incidents/\(incident)/confirm", op, body: #"{"verdict":"real"}"#)
            #expect(status == .ok)
            let told = (result["decisions"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "notice" }.compactMap { $0["party"] as? String }
            #expect(Set(told) == ["brigade", "department", "unit"])
            // A second verdict is refused by the core, with its reason.
            let (again, refusal) = try await client.post("/api/v1/incidents/\(incident)/confirm", op, body: #"{"verdict":"real"}"#)
            #expect(again == .conflict && (refusal["error"] as? [String: Any])?["reason"] as? String == "alreadyConfirmed")

            let (detailStatus, detail) = try await client.json("/api/v1/incidents/\(incident)", op)
            let d = try #require(detail as? [String: Any])
            #expect(detailStatus == .ok && (d["incident"] as? [String: Any])?["status"] as? String == "confirmedReal")
            // The unit's first alarm, then the verdict to all three.
            #expect(((d["notices"] as? [[String: Any]]) ?? []).map { "\($0["party"]!)/\($0["reason"]!)" }
                    == ["unit/firstAlarm", "unit/confirmedReal", "brigade/confirmedReal", "department/confirmedReal"])
            #expect(((d["timeline"] as? [[String: Any]]) ?? []).contains { $0["reason"] as? String == "confirmedReal" })
        }
        let audit = try #require(try h.auditRows().first { ($0["action"] as String) == "confirm" && ($0["outcome"] as String) == "ok" })
        #expect(audit["username"] as String == "op" && audit["target"] as String == incident)
    }

    @Test func viewersReadButCannotActAndBadBodiesGet400() async throws {
        let h = try await APIHarness()
        try await h.report("gw-a", status: [.fire])
        let incident = try #require(h.runner.state.openIncident(inBuilding: "bldg-0001")?.id)
        try await h.application().test(.router) { client in
            let viewer = try await client.signIn("viewer")
            #expect(try await client.json("/api/v1/incidents/\(incident)", viewer).0 == .ok)
            let (status, body) = try await client.post("/api/v1/incidents/\(incident)/confirm", viewer, body: #"{"verdict":"real"}"#)
            #expect(status == .forbidden && ((body["error"] as? [String: Any])?["message"] as? String)?.contains("viewer") == true)
            #expect(try await client.post("/api/v1/maintenance", viewer, body: #"{"building":"bldg-0001","minutes":30}"#).0 == .forbidden)

            let op = try await client.signIn("op")
            for (body, message) in [(#"{}"#, ""), (#"{"verdict":"maybe"}"#, "verdict must be"), (#"{"verdict":"false"}"#, "needs cause"),
                                    (#"{"verdict":"false","cause":"aliens"}"#, "needs cause"), ("not json", "")] {
                let (s, b) = try await client.post("/api/v1/incidents/\(incident)/confirm", op, body: body)
                #expect(s == .badRequest, "\(body)")
                let m = (b["error"] as? [String: Any])?["message"] as? String ?? ""
                #expect(!m.isEmpty && (message.isEmpty || m.contains(message)), "\(body): \(m)")
            }
            #expect(try await client.json("/api/v1/incidents?state=sideways", op).0 == .badRequest)
            #expect(try await client.json("/api/v1/hazards?minAgeSeconds=-1", op).0 == .badRequest)
            #expect(try await client.json("/api/v1/notices?after=x", op).0 == .badRequest)
            #expect(try await client.post("/api/v1/maintenance", op, body: #"{"building":"bldg-0001"}"#).0 == .badRequest)
            #expect(try await client.post("/api/v1/incidents/fire-999/acknowledge", op).0 == .notFound)
        }
    }

    @Test func aBrigadeViewerSeesOnlyItsOwnBrigade() async throws {
        let h = try await APIHarness()
        try await h.report("gw-a", status: [.fire])
        try await h.report("gw-c", status: [.fault], point: 7)
        let other = try #require(h.runner.state.openIncident(inBuilding: "bldg-0001")?.id)
        try await h.application().test(.router) { client in
            let v2 = try await client.signIn("viewer2")
            #expect(try await client.json("/api/v1/incidents/\(other)", v2).0 == .notFound)
            #expect(try await client.json("/api/v1/buildings/bldg-0001", v2).0 == .notFound)
            #expect(try await client.json("/api/v1/buildings/bldg-0002", v2).0 == .ok)
            let incidents = try await client.json("/api/v1/incidents", v2).1 as? [[String: Any]]
            #expect(incidents?.isEmpty == true)
            let buildings = (try await client.json("/api/v1/buildings", v2).1 as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(buildings == ["bldg-0002"])
            let gateways = (try await client.json("/api/v1/gateways", v2).1 as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(gateways == ["gw-c"])
            let hazards = try #require(try await client.json("/api/v1/hazards", v2).1 as? [[String: Any]])
            #expect(hazards.count == 1 && hazards.first?["building"] as? String == "bldg-0002")
            let notices = try #require(try await client.json("/api/v1/notices", v2).1 as? [String: Any])
            #expect((notices["notices"] as? [[String: Any]])?.allSatisfy { $0["building"] as? String == "bldg-0002" } == true)
            let hazardOfOther = try #require(h.runner.state.openHazards(inBuilding: "bldg-0002").first?.id)
            #expect(try await client.json("/api/v1/hazards/\(hazardOfOther)", v2).0 == .ok)
        }
    }

    @Test func theHazardRegisterFiltersAndAnOperatorRectifies() async throws {
        let h = try await APIHarness()
        try await h.report("gw-a", status: [.fault], point: 3)
        try await h.report("gw-c", status: [.disabled], point: 9)
        try await h.application().test(.router) { client in
            let op = try await client.signIn("op")
            let all = try #require(try await client.json("/api/v1/hazards", op).1 as? [[String: Any]])
            #expect(all.count == 2)
            let faults = try #require(try await client.json("/api/v1/hazards?kind=fault", op).1 as? [[String: Any]])
            #expect(faults.count == 1 && faults.first?["condition"] as? String == "deviceFault")
            let brig2 = try #require(try await client.json("/api/v1/hazards?brigade=brig-02", op).1 as? [[String: Any]])
            #expect(brig2.map { $0["kind"] as? String } == ["disabled"])
            #expect((try await client.json("/api/v1/hazards?minAgeSeconds=3600", op).1 as? [[String: Any]])?.isEmpty == true)
            let id = try #require(faults.first?["id"] as? String)
            #expect(try await client.json("/api/v1/hazards/\(id)", op).0 == .ok)
            let (status, _) = try await client.post("/api/v1/hazards/\(id)/rectify", op)
            #expect(status == .ok)
            #expect((try await client.json("/api/v1/hazards", op).1 as? [[String: Any]])?.count == 1)
            let closed = try #require(try await client.json("/api/v1/hazards?state=all", op).1 as? [[String: Any]])
            #expect(closed.contains { $0["id"] as? String == id && $0["open"] as? Bool == false })
            #expect(try await client.post("/api/v1/hazards/\(id)/rectify", op).0 == .conflict)
        }
    }

    @Test func aPullConsumerPagesNoticesWithTheCursorAndLeavesReceipts() async throws {
        let h = try await APIHarness()
        for point in 1...5 { try await h.report("gw-a", status: [.fault], point: UInt32(point)) }
        let token = try h.accounts.createToken(username: "viewer", name: "119-link")
        try await h.application().test(.router) { client in
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(token)"
            var after: Int64 = 0
            var seen: [String] = []
            var seqs: [Int64] = []
            for _ in 0..<4 {
                let r = try await client.execute(uri: "/api/v1/notices?after=\(after)&limit=2", method: .get, headers: headers)
                #expect(r.status == .ok)
                let page = try #require(try JSONSerialization.jsonObject(with: Data(bytesOf: r.body)) as? [String: Any])
                seen += (page["notices"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                seqs += (page["notices"] as? [[String: Any]] ?? []).compactMap { ($0["seq"] as? NSNumber)?.int64Value }
                after = (page["next"] as? NSNumber)?.int64Value ?? after
            }
            #expect(seen.count == 5 && Set(seen).count == 5)
            // A token is not a browser: no CSRF token needed.
            let receipt = try await client.execute(uri: "/api/v1/notices/\(seqs[0])/receipt", method: .post, headers: headers)
            #expect(receipt.status == .noContent)
            let unit = try await client.execute(uri: "/api/v1/notices?party=unit&limit=10", method: .get, headers: headers)
            let first = try #require((try JSONSerialization.jsonObject(with: Data(bytesOf: unit.body)) as? [String: Any])?["notices"] as? [[String: Any]])
            #expect(first.first?["receipts"] as? Int == 1)
            #expect(try await client.execute(uri: "/api/v1/notices/999999/receipt", method: .post, headers: headers).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/notices/nope/receipt", method: .post, headers: headers).status == .notFound)
        }
    }

    @Test func registryFramesQuarantineAndMaintenanceRoutes() async throws {
        let h = try await APIHarness()
        try await h.report("gw-a", status: [.fire])
        try await h.pool.write { db in
            try db.execute(sql: """
                INSERT INTO quarantine (gatewayId, topic, receivedAt, reason, message, byteOffset, bytes)
                VALUES ('gw-b', 'firewatch/v1/gateways/gw-b/up', '2026-11-23 00:00:00.000', 'checksumMismatch', 'bad sum', 27, X'4040')
                """)
            // Frames as the writer chains them (`previousId`: the gateway's previous frame).
            let frames: [(Int64, String, Int64?)] = [(1, "gw-a", nil), (2, "gw-b", nil), (3, "gw-a", 1), (4, "gw-a", 3), (5, "gw-b", 2)]
            for (id, gateway, previous) in frames {
                try db.execute(sql: """
                    INSERT INTO frame (id, gatewayId, topic, form, bytes, receivedAt, lastReceivedAt, serial, sourceAddress, command, deviceTime, previousId)
                    VALUES (?, ?, 't', 'binary', ?, '2026-11-23 00:00:00.000', '2026-11-23 00:00:00.000', ?, 'x', 2, ?, ?)
                    """, arguments: [id, gateway, Data([UInt8(id)]), id, "d\(id)", previous])
            }
            // Objects as the writer stores them since v10, and as rows of a frame stored before.
            try db.execute(sql: """
                UPDATE frame SET objects = '[{"kind":"componentStatus","flags":["normal","fire"],"description":"三层烟感"},{"kind":"uitdStatus","flags":["normal"]}]'
                WHERE id = 5
                """)
            try db.execute(sql: """
                INSERT INTO frame_object_before_v10 (frameId, position, kind, body)
                VALUES (1, 0, 'systemStatus', '{"kind":"systemStatus","flags":["fault"]}')
                """)
        }
        try await h.application().test(.router) { client in
            let op = try await client.signIn("op")
            let building = try #require(try await client.json("/api/v1/buildings/bldg-0001", op).1 as? [String: Any])
            #expect(building["name"] as? String == "某某大厦" && (building["contacts"] as? [[String: Any]])?.first?["phone"] as? String == "13800000000")
            #expect((building["openIncident"] as? [String: Any])?["status"] as? String == "unconfirmed")
            #expect((building["recentNotices"] as? [[String: Any]])?.first?["party"] as? String == "unit")
            #expect(try await client.json("/api/v1/buildings/bldg-9", op).0 == .notFound)
            let frames = try #require(try await client.json("/api/v1/frames", op).1 as? [[String: Any]])
            #expect(frames.map { $0["id"] as? Int } == [5, 4, 3, 2, 1])
            #expect(frames.map { $0["summary"] as? [String] ?? ["?"] }
                    == [["componentStatus fire 三层烟感", "uitdStatus"], [], [], [], ["systemStatus fault"]])
            let ofGatewayA = try #require(try await client.json("/api/v1/frames?gateway=gw-a&limit=2", op).1 as? [[String: Any]])
            #expect(ofGatewayA.map { $0["id"] as? Int } == [4, 3])
            #expect((try await client.json("/api/v1/frames?gateway=gw-x", op).1 as? [Any])?.isEmpty == true)
            let quarantine = try #require(try await client.json("/api/v1/quarantine", op).1 as? [[String: Any]])
            #expect(quarantine.first?["reason"] as? String == "checksumMismatch" && quarantine.first?["hex"] as? String == "4040")

            let (opened, result) = try await client.post("/api/v1/maintenance", op, body: #"{"building":"bldg-0002","minutes":60,"note":"检测"}"#)
            #expect(opened == .ok && result["accepted"] as? Bool == true)
            let windows = try #require(try await client.json("/api/v1/maintenance", op).1 as? [[String: Any]])
            let window = try #require(windows.first?["id"] as? String)
            #expect(windows.first?["target"] as? String == "bldg-0002")
            let closed = try await client.execute(uri: "/api/v1/maintenance/\(window)", method: .delete, headers: op.headers)
            #expect(closed.status == .ok)
            #expect((try await client.json("/api/v1/maintenance", op).1 as? [Any])?.isEmpty == true)
            #expect(try await client.execute(uri: "/api/v1/maintenance/\(window)", method: .delete, headers: op.headers).status == .notFound)
        }
    }

    @Test func disablingAnAccountOrChangingItsPasswordEndsItsSessions() async throws {
        let h = try await APIHarness()
        let token = try h.accounts.createToken(username: "viewer", name: "app")
        let other = try h.accounts.createToken(username: "viewer", name: "other")
        try await h.application().test(.router) { client in
            let op = try await client.signIn("op")
            try h.accounts.setPassword(username: "op", password: "another long passphrase")
            #expect(try await client.json("/api/v1/session", op).0 == .unauthorized)
            _ = try await client.signIn("op", password: "another long passphrase")

            #expect(try h.accounts.revokeToken(username: "viewer", name: "app") == 1)
            let revoked = try await client.execute(uri: "/api/v1/incidents", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(revoked.status == .unauthorized)
            let viewer = try await client.signIn("viewer")
            try h.accounts.disable(username: "viewer")
            #expect(try await client.json("/api/v1/session", viewer).0 == .unauthorized)
            let tokenOfDisabled = try await client.execute(uri: "/api/v1/incidents", method: .get, headers: [.authorization: "Bearer \(other)"])
            #expect(tokenOfDisabled.status == .unauthorized)
            let again = try await client.execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                                                 body: ByteBuffer(string: #"{"username":"viewer","password":"\#(APIHarness.password)"}"#))
            #expect(again.status == .unauthorized)
        }
        #expect(throws: AccountStore.Problem.weakPassword) { try h.accounts.setPassword(username: "op", password: "short") }
        #expect(throws: AccountStore.Problem.noSuchAccount("viewer")) { try h.accounts.disable(username: "viewer") }
    }

    /// The OpenAPI document names exactly the routes the server has (and the other way round).
    @Test func theOpenAPIDocumentMatchesTheRoutes() async throws {
        let h = try await APIHarness()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        let yaml = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(yaml["paths"] as? [String: Any])
        var documented = Set<String>()
        for (path, item) in paths {
            for method in ((item as? [String: Any]) ?? [:]).keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let served = Set(h.api.router().routes.compactMap { route -> String? in
            let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                .joined(separator: "/")
            let full = "/" + path
            guard full.hasPrefix("/api/") || ["/healthz", "/readyz", "/metrics"].contains(full) else { return nil }
            return "\(route.method.rawValue) \(full)"
        })
        #expect(served == documented, "undocumented: \(served.subtracting(documented).sorted()); not served: \(documented.subtracting(served).sorted())")
    }
}
