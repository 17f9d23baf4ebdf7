import Alerting
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import MonitorDaemon
import PanelProtocol
import Testing

/// The duty officer's console, in-process over the same harness as the API tests: sign-in by
/// form, redirects without a session, the fire block with its action forms, CSRF and roles on
/// every form post, escaping of device text, the language switch and the CSP-clean markup.
@Suite("Console")
struct ConsoleTests {
    @Test func theLoginPageRendersWithItsFormToken() async throws {
        let h = try await APIHarness()
        try await h.application().test(.router) { client in
            let r = try await client.execute(uri: "/login", method: .get)
            let html = String(buffer: r.body)
            #expect(r.status == .ok && r.headers[.contentType] == "text/html; charset=utf-8")
            #expect(html.contains(#"<html lang="zh-CN">"#) && html.contains(#"action="/login""#) && html.contains("用户名"))
            #expect(html.contains(#"<label for="password">"#))
            let token = try #require(Self.loginToken(html))
            #expect(r.headers[.setCookie]?.contains("fw_login=\(token)") == true)
            #expect(r.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'self'") == true)
        }
    }

    @Test func aWrongPasswordShowsTheFormAgainWithAMessageAndTheRightOneSignsIn() async throws {
        let h = try await APIHarness()
        try await h.application().test(.router) { client in
            let wrong = try await client.formSignIn("op", password: "guess")
            #expect(wrong.status == .unauthorized && String(buffer: wrong.body).contains("用户名或密码错误"))
            #expect(String(buffer: wrong.body).contains(#"value="op""#))

            let right = try await client.formSignIn("op")
            #expect(right.status == .seeOther && right.headers[.location] == "/")
            #expect(right.headers[values: .setCookie].contains { $0.hasPrefix("fw_session=") && $0.contains("HttpOnly") })

            // A form posted without the token the login page set (e.g. from another site).
            let forged = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                  body: ByteBuffer(string: "username=op&password=x"))
            #expect(forged.status == .badRequest && String(buffer: forged.body).contains("登录表单已过期"))
        }
    }

    @Test func repeatedFailuresSayTooManyAttempts() async throws {
        let h = try await APIHarness()
        try await h.application().test(.router) { client in
            for _ in 0..<5 { _ = try await client.formSignIn("op", password: "guess") }
            let r = try await client.formSignIn("op")
            #expect(r.status == .tooManyRequests && String(buffer: r.body).contains("登录失败次数过多"))
            #expect(Int(r.headers[.retryAfter] ?? "") ?? 0 > 0)
        }
    }

    @Test func pagesRedirectToLoginWithoutASession() async throws {
        let h = try await APIHarness()
        try await h.application().test(.router) { client in
            for uri in ["/", "/hazards", "/quarantine", "/buildings/bldg-0001", "/?lang=en"] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .seeOther && r.headers[.location] == "/login", "\(uri): \(r.status)")
            }
            for uri in ["/fragments/dashboard", "/fragments/buildings/bldg-0001"] {
                #expect(try await client.execute(uri: uri, method: .get).status == .unauthorized, "\(uri)")
            }
            let post = try await client.execute(uri: "/incidents/fire-1/confirm", method: .post,
                                                headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "verdict=real"))
            #expect(post.status == .unauthorized)
        }
    }

    @Test func theDashboardShowsAnOpenFireFirstWithItsActions() async throws {
        let h = try await APIHarness()
        try await h.report("gw-a", status: [.fire])
        try await h.report("gw-c", status: [.fault], point: 7)
        let incident = try #require(h.runner.state.openIncident(inBuilding: "bldg-0001")?.id)
        try await h.application().test(.router) { client in
            let op = try await client.signIn("op")
            for uri in ["/", "/fragments/dashboard"] {
                let html = try await client.page(uri, op)
                #expect(html.contains(#"data-incident="\#(incident)""#) && html.contains("某某大厦") && html.contains("三层东侧走廊"))
                #expect(html.contains(#"data-action="confirm-real""#) && html.contains("确认真实火警") && html.contains("已接警"))
                #expect(html.contains(#"name="_csrf" value="\#(op.csrf)""#) && html.contains(#"<option value="cookingOrSmoking">油烟/吸烟</option>"#))
                // The fire block comes before the hazards.
                let fire = try #require(html.range(of: "data-incident=")), hazards = try #require(html.range(of: "hazards-h"))
                #expect(fire.lowerBound < hazards.lowerBound)
                #expect(html.contains("新区医院住院楼") && html.contains("设备故障"))
            }
            let page = try await client.page("/", op)
            #expect(page.contains(#"data-fragment="/fragments/dashboard""#) && page.contains(#"<script src="/console.js" defer></script>"#))
        }
    }

    @Test func anOperatorConfirmsByFormAndTheBuildingPageListsTheNotices() async throws {
        let h = try await APIHarness()
        try await h.report("gw-a", status: [.fire])
        let incident = try #require(h.runner.state.openIncident(inBuilding: "bldg-0001")?.id)
        try await h.application().test(.router) { client in
            let op = try await client.signIn("op")
            let uri = "/incidents/\(incident)/confirm"
            let forged = try await client.form(uri, op, ["verdict": "real", "next": "/"], csrf: false)
            #expect(forged.status == .forbidden)
            #expect(h.runner.state.openIncident(inBuilding: "bldg-0001")?.status.rawValue == "unconfirmed")

            let noCause = try await client.form(uri, op, ["verdict": "false", "next": "/"])
            #expect(noCause.status == .badRequest)

            let r = try await client.form(uri, op, ["verdict": "real", "next": "/buildings/bldg-0001"])
            #expect(r.status == .seeOther && r.headers[.location] == "/buildings/bldg-0001?result=ok&action=confirm")
            #expect(h.runner.state.openIncident(inBuilding: "bldg-0001")?.status.rawValue == "confirmedReal")

            let building = try await client.page("/buildings/bldg-0001?result=ok&action=confirm", op)
            #expect(building.contains("已执行：确认火警结论") && building.contains("已确认真实火警"))
            for party in ["department", "brigade", "unit"] {
                let group = try #require(building.range(of: #"data-party="\#(party)""#))
                #expect(building[group.upperBound...].prefix(400).contains("data-notice="), "no \(party) notice listed")
            }
            #expect(building.contains("某市消防救援支队") && building.contains("城区大队") && building.contains("13800000000"))
            #expect(building.contains("confirmedReal") && building.contains(#"action="/incidents/\#(incident)/close""#))

            // A second verdict is refused by the core; the page says why.
            let again = try await client.form(uri, op, ["verdict": "real", "next": "/"])
            #expect(again.headers[.location] == "/?result=refused&reason=alreadyConfirmed")
            #expect(try await client.page("/?result=refused&reason=alreadyConfirmed", op).contains("该火警已有结论"))

            // `next` must be a path of ours.
            let offsite = try await client.form("/incidents/\(incident)/acknowledge", op, ["next": "//evil.example/x"])
            #expect(offsite.headers[.location] == "/?result=ok&action=acknowledge")
        }
        let audit = try #require(try h.auditRows().first { ($0["action"] as String) == "confirm" && ($0["outcome"] as String) == "ok" })
        #expect(audit["username"] as String == "op" && (audit["detail"] as String?)?.contains("via=console") == true)
    }

    @Test func aViewerSeesNoButtonsAndItsPostsAreRefused() async throws {
        let h = try await APIHarness()
        try await h.report("gw-a", status: [.fire])
        try await h.report("gw-a", status: [.fault], point: 3)
        let incident = try #require(h.runner.state.openIncident(inBuilding: "bldg-0001")?.id)
        let hazard = try #require(h.runner.state.openHazards(inBuilding: "bldg-0001").first?.id)
        try await h.application().test(.router) { client in
            let viewer = try await client.signIn("viewer")
            for uri in ["/", "/buildings/bldg-0001", "/hazards"] {
                let html = try await client.page(uri, viewer)
                #expect(html.contains("某某大厦"), "\(uri)")
                #expect(!html.contains("data-action="), "\(uri) shows an action to a viewer")
            }
            #expect(try await client.form("/incidents/\(incident)/confirm", viewer, ["verdict": "real"]).status == .forbidden)
            #expect(try await client.form("/hazards/\(hazard)/rectify", viewer, [:]).status == .forbidden)
            #expect(h.runner.state.openIncident(inBuilding: "bldg-0001")?.status.rawValue == "unconfirmed")

            // A viewer of brig-02 does not even learn that brig-01's building exists.
            let scoped = try await client.signIn("viewer2")
            let other = try await client.execute(uri: "/buildings/bldg-0001", method: .get, headers: scoped.headers)
            #expect(other.status == .notFound && !String(buffer: other.body).contains("某某大厦"))
            #expect(!(try await client.page("/", scoped)).contains("某某大厦"))
        }
    }

    @Test func theHazardRegisterFiltersAndAnOperatorRectifies() async throws {
        let h = try await APIHarness()
        try await h.report("gw-a", status: [.fault], point: 3)
        try await h.report("gw-c", status: [.disabled], point: 9)
        let hazard = try #require(h.runner.state.openHazards(inBuilding: "bldg-0001").first?.id)
        try await h.application().test(.router) { client in
            let op = try await client.signIn("op")
            let all = try await client.page("/hazards", op)
            #expect(all.contains("某某大厦") && all.contains("新区医院住院楼") && all.contains("2 条"))
            let brig2 = try await client.page("/hazards?brigade=brig-02", op)
            #expect(!brig2.contains(#"data-hazard="\#(hazard)""#) && brig2.contains("新区医院住院楼"))
            #expect(brig2.contains(#"<option value="brig-02" selected>"#))
            let disabled = try await client.page("/hazards?kind=disabled", op)
            #expect(disabled.contains("新区医院住院楼") && !disabled.contains(#"data-hazard="\#(hazard)""#))
            #expect(try await client.page("/hazards?minAgeHours=24", op).contains("0 条"))

            let r = try await client.form("/hazards/\(hazard)/rectify", op, ["next": "/hazards"])
            #expect(r.status == .seeOther && r.headers[.location] == "/hazards?result=ok&action=rectify")
            #expect(h.runner.state.openHazards(inBuilding: "bldg-0001").isEmpty)
            #expect(try await client.page("/hazards?state=all", op).contains(#"<div class="sub">已消除 "#))
        }
    }

    @Test func anOperatorOpensAndEndsAMaintenanceWindowFromTheBuildingPage() async throws {
        let h = try await APIHarness()
        try await h.application().test(.router) { client in
            let op = try await client.signIn("op")
            let before = try await client.page("/buildings/bldg-0001", op)
            #expect(before.contains(#"action="/buildings/bldg-0001/maintenance""#) && before.contains("开始维保/测试"))
            #expect(before.contains(#"<option value="30">30 分钟</option>"#) && before.contains(#"<option value="480">8 小时</option>"#))
            #expect(before.contains("无进行中的维保/测试") && !before.contains("badge-maint"))

            // Without the form's token: refused before the route runs.
            let forged = try await client.form("/buildings/bldg-0001/maintenance", op, ["minutes": "60", "next": "/buildings/bldg-0001"],
                                               csrf: false)
            #expect(forged.status == .forbidden && h.runner.state.maintenance.isEmpty)

            // A duration out of range: back to the page with why, nothing opened.
            for minutes in ["0", "10081", "x", ""] {
                let bad = try await client.form("/buildings/bldg-0001/maintenance", op, ["minutes": minutes, "next": "/buildings/bldg-0001"])
                #expect(bad.status == .seeOther && bad.headers[.location] == "/buildings/bldg-0001?result=refused&reason=badMinutes", "\(minutes)")
            }
            #expect(h.runner.state.maintenance.isEmpty)
            #expect(try await client.page("/buildings/bldg-0001?result=refused&reason=badMinutes", op).contains("维保/测试时长须为 1–10080 分钟"))

            // Another brigade's building is not found; an unknown one neither.
            #expect(try await client.form("/buildings/nope/maintenance", op, ["minutes": "60"]).status == .notFound)

            let r = try await client.form("/buildings/bldg-0001/maintenance", op,
                                          ["minutes": "120", "note": "<i>年检</i>", "next": "/buildings/bldg-0001"])
            #expect(r.status == .seeOther && r.headers[.location] == "/buildings/bldg-0001?result=ok&action=openMaintenance")
            let window = try #require(h.runner.state.maintenance.values.first)
            #expect(h.runner.state.maintenance.count == 1 && window.scope == .building("bldg-0001") && window.openedBy == "op")
            #expect(window.note == "<i>年检</i>")
            let minutes = (window.until.milliseconds - AlertingInstant(Date()).milliseconds) / 60_000
            #expect((118...120).contains(minutes))

            let page = try await client.page("/buildings/bldg-0001?result=ok&action=openMaintenance", op)
            #expect(page.contains("已执行：开始维保/测试") && page.contains(#"data-maintenance="\#(window.id)""#))
            #expect(page.contains("维保中") && page.contains("只通知联网单位") && page.contains("开启人 op"))
            #expect(page.contains("&lt;i&gt;年检&lt;/i&gt;") && !page.contains("<i>年检</i>"))
            #expect(page.contains(#"action="/maintenance/\#(window.id)/close""#))
            #expect(try await client.page("/fragments/buildings/bldg-0001", op).contains(#"data-maintenance="\#(window.id)""#))
            // The other building is not in maintenance.
            #expect(!(try await client.page("/buildings/bldg-0002", op)).contains("data-maintenance="))
            // The dashboard lists it by building, with the badge.
            let dashboard = try await client.page("/", op)
            #expect(dashboard.contains(#"data-maintenance="\#(window.id)""#) && dashboard.contains(#"维保中</span> <a href="/buildings/bldg-0001">某某大厦</a>"#))

            let english = try await client.page("/buildings/bldg-0001?lang=en", op)
            #expect(english.contains("Start maintenance/test") && english.contains(">End<") && english.contains("unit only"))

            let closed = try await client.form("/maintenance/\(window.id)/close", op, ["next": "/buildings/bldg-0001"])
            #expect(closed.status == .seeOther && closed.headers[.location] == "/buildings/bldg-0001?result=ok&action=closeMaintenance")
            #expect(h.runner.state.maintenance.isEmpty)
            #expect(!(try await client.page("/buildings/bldg-0001", op)).contains("data-maintenance="))

            // Ending it twice: the page says there is no such window.
            let again = try await client.form("/maintenance/\(window.id)/close", op, ["next": "/buildings/bldg-0001"])
            #expect(again.headers[.location] == "/buildings/bldg-0001?result=refused&reason=unknownWindow")
        }
        let actions = try h.auditRows().filter { ($0["outcome"] as String) == "ok" }.map { $0["action"] as String }
        #expect(actions.contains("openMaintenance") && actions.contains("closeMaintenance"))
        let audit = try #require(try h.auditRows().first { ($0["action"] as String) == "openMaintenance" })
        #expect((audit["detail"] as String?)?.contains("via=console") == true && audit["target"] as String == "bldg-0001")
    }

    @Test func aViewerSeesMaintenanceWindowsButNoFormsAndItsPostsAreRefused() async throws {
        let h = try await APIHarness()
        try await h.application().test(.router) { client in
            let op = try await client.signIn("op")
            #expect(try await client.form("/buildings/bldg-0001/maintenance", op, ["minutes": "30", "next": "/buildings/bldg-0001"])
                .headers[.location] == "/buildings/bldg-0001?result=ok&action=openMaintenance")
            let window = try #require(h.runner.state.maintenance.values.first?.id)

            let viewer = try await client.signIn("viewer")
            let html = try await client.page("/buildings/bldg-0001", viewer)
            #expect(html.contains(#"data-maintenance="\#(window)""#) && html.contains("维保中"))
            #expect(!html.contains("/maintenance\"") && !html.contains("/close\"") && !html.contains("data-action="))
            #expect(try await client.form("/buildings/bldg-0001/maintenance", viewer, ["minutes": "30"]).status == .forbidden)
            #expect(try await client.form("/maintenance/\(window)/close", viewer, [:]).status == .forbidden)
            #expect(h.runner.state.maintenance.count == 1)

            // A viewer of brig-02 sees neither the building nor its window.
            let scoped = try await client.signIn("viewer2")
            #expect(!(try await client.page("/", scoped)).contains("data-maintenance="))
        }
    }

    @Test func theQuarantineShowsReasonHexAndDecodedFrame() async throws {
        let h = try await APIHarness()
        let frame = "404001000101180d11160a140000000000000605040302013000020201010300d90006000200a3c1c7f8a3b1b2e3dfc8b2b8d7dfc0c8000000000000000000000000000000301213010814692323"
        try await h.pool.write { db in
            try db.execute(sql: """
                INSERT INTO quarantine (gatewayId, topic, receivedAt, reason, message, byteOffset, bytes)
                VALUES ('gw-b', 'firewatch/v1/gateways/gw-b/up', '2026-11-23 00:00:00.000', 'sourceAddressMismatch', 'source <0605>', NULL, X'\(frame)')
                """)
        }
        try await h.application().test(.router) { client in
            let html = try await client.page("/quarantine", try await client.signIn("viewer"))
            #expect(html.contains("源地址不符") && html.contains("sourceAddressMismatch") && html.contains(frame))
            #expect(html.contains("source &lt;0605&gt;") && html.contains("&quot;componentStatus&quot;"))
        }
    }

    @Test func deviceTextIsEscaped() async throws {
        let h = try await APIHarness()
        try await h.report("gw-a", status: [.fire], description: "<b>x</b>&'\"")
        try await h.application().test(.router) { client in
            let html = try await client.page("/", try await client.signIn("op"))
            #expect(html.contains("&lt;b&gt;x&lt;/b&gt;&amp;&#39;&quot;") && !html.contains("<b>x</b>"))
        }
    }

    @Test func theLanguageSwitchShowsEnglishAndIsRemembered() async throws {
        let h = try await APIHarness()
        try await h.report("gw-a", status: [.fire])
        try await h.application().test(.router) { client in
            let op = try await client.signIn("op")
            let r = try await client.execute(uri: "/?lang=en", method: .get, headers: op.headers)
            let html = String(buffer: r.body)
            #expect(html.contains(#"<html lang="en">"#) && html.contains("Confirm real fire") && html.contains("Sign out"))
            #expect(!html.contains("确认真实火警"))
            let cookie = try #require(r.headers[values: .setCookie].first { $0.hasPrefix("fw_lang=en") })
            var headers = op.headers
            headers[.cookie] = "\(op.cookie); \(cookie.split(separator: ";")[0])"
            #expect(String(buffer: try await client.execute(uri: "/hazards", method: .get, headers: headers).body).contains("Hazard register"))
            #expect(String(buffer: try await client.execute(uri: "/login?lang=en", method: .get).body).contains("Duty officer sign-in"))
        }
    }

    @Test func markupHasNoInlineScriptStyleOrHandlerAndAssetsAreServed() async throws {
        let h = try await APIHarness()
        try await h.report("gw-a", status: [.fire])
        try await h.report("gw-a", status: [.fault], point: 3)
        try await h.application().test(.router) { client in
            let op = try await client.signIn("op")
            _ = try await client.form("/buildings/bldg-0001/maintenance", op, ["minutes": "30", "note": "年检"])
            #expect(h.runner.state.maintenance.count == 1)
            let login = String(buffer: try await client.execute(uri: "/login", method: .get).body)
            for uri in ["/", "/buildings/bldg-0001", "/hazards", "/quarantine", "/login"] {
                let html = uri == "/login" ? login : try await client.page(uri, op)
                #expect(html.components(separatedBy: "<script").count - 1 == html.components(separatedBy: #"<script src="/console.js""#).count - 1, "\(uri)")
                #expect(html.range(of: #"\s(style|on[a-z]+)="#, options: .regularExpression) == nil, "\(uri)")
                #expect(!html.contains("<style"), "\(uri)")
            }
            for (uri, type) in [("/console.js", "text/javascript"), ("/console.css", "text/css"), ("/favicon.svg", "image/svg+xml")] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix(type) == true, "\(uri)")
            }
            #expect(String(buffer: try await client.execute(uri: "/console.js", method: .get).body).contains("new EventSource('/api/v1/events')"))
        }
    }

    /// The `_login` token of a rendered login form.
    static func loginToken(_ html: String) -> String? {
        guard let start = html.range(of: #"name="_login" value=""#) else { return nil }
        return html[start.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
    }
}

extension TestClientProtocol {
    /// Signs in through the login form, as a browser does: GET the form, POST it with its token.
    func formSignIn(_ username: String, password: String = APIHarness.password) async throws -> TestResponse {
        let form = try await execute(uri: "/login", method: .get)
        let token = try #require(ConsoleTests.loginToken(String(buffer: form.body)))
        let body = ["username": username, "password": password, "_login": token].map { "\($0.key)=\(Self.formEncode($0.value))" }
        return try await execute(uri: "/login", method: .post,
                                 headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "fw_login=\(token)"],
                                 body: ByteBuffer(string: body.joined(separator: "&")))
    }

    /// A console page as HTML (fails the test on anything but 200).
    func page(_ uri: String, _ session: TestSession) async throws -> String {
        let r = try await execute(uri: uri, method: .get, headers: [.cookie: session.cookie])
        #expect(r.status == .ok, "\(uri): \(r.status)")
        return String(buffer: r.body)
    }

    /// A console form post, with the session's `_csrf` unless `csrf` is false.
    func form(_ uri: String, _ session: TestSession, _ fields: [String: String], csrf: Bool = true) async throws -> TestResponse {
        var all = fields
        if csrf { all["_csrf"] = session.csrf }
        return try await execute(uri: uri, method: .post,
                                 headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"],
                                 body: ByteBuffer(string: all.map { "\($0.key)=\(Self.formEncode($0.value))" }.joined(separator: "&")))
    }

    static func formEncode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
    }
}
