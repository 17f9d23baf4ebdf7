import Alerting
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The duty officer's console: server-rendered pages over the same read model and the same
/// operator actions as the JSON API, so the console can never show or do what the API would not.
///
/// Pages need a session (else → `/login`); action forms need an operator (a viewer's post is
/// refused 403 exactly as by the API) and the session's CSRF token as `_csrf` (checked by
/// ``AuthMiddleware`` before any route runs). An action runs through ``FirewatchAPI/perform``
/// (core + audit) and redirects back to the page it came from with its outcome (POST–redirect–GET:
/// a reload never repeats a verdict). Live parts of pages are also served alone under
/// `/fragments/…` for `console.js` to swap in when `/api/v1/events` says something changed.
struct ConsoleRoutes: Sendable {
    typealias Context = FirewatchRequestContext

    let api: FirewatchAPI

    /// The sign-in form's token (double-submit cookie): a login form posted from another site
    /// cannot sign the duty room's browser into someone else's account.
    static let loginCookie = "fw_login"

    func add(to router: Router<Context>) {
        router.get("console.js") { _, _ in Self.asset(ConsoleAssets.script, type: "text/javascript; charset=utf-8") }
        router.get("console.css") { _, _ in Self.asset(ConsoleAssets.styleSheet, type: "text/css; charset=utf-8") }
        router.get("favicon.svg") { _, _ in Self.asset(ConsoleAssets.icon, type: "image/svg+xml") }

        router.get("login") { request, context in
            if context.identity != nil { return Self.redirect("/") }
            return loginPage(request, username: "", message: nil)
        }
        router.post("login") { request, context in try await signIn(request, context) }
        router.post("logout") { request, context in
            if context.identity != nil, let token = request.cookies[AuthMiddleware.sessionCookie]?.value {
                try await api.accounts.endSession(token: token)
            }
            var response = Self.redirect("/login")
            response.setCookie(api.sessionCookie("", expired: true))
            return response
        }

        router.get("/") { request, context in try page(request, context, template: "dashboard", nav: \.navDashboard, build: dashboard) }
        router.get("fragments/dashboard") { request, context in
            try fragment(request, context, template: "dashboardLive", page: "/", build: dashboard)
        }
        router.get("buildings/:id") { request, context in
            try page(request, context, template: "building", nav: nil) { who, p in try building(context, who, p) }
        }
        router.get("fragments/buildings/:id") { request, context in
            try fragment(request, context, template: "buildingLive", page: "/buildings/\(try context.parameters.require("id"))") { who, p in
                try building(context, who, p)
            }
        }
        router.get("hazards") { request, context in
            try page(request, context, template: "hazards", nav: \.navHazards) { who, p in try hazardRegister(request, who, p) }
        }
        router.get("quarantine") { request, context in
            try page(request, context, template: "quarantine", nav: \.navQuarantine) { who, p in
                (p.language.text("nav_quarantine"),
                 ConsoleModel.Quarantine(rows: try api.readModel.quarantine(limit: 200, for: who).map(p.quarantine)))
            }
        }

        router.post("incidents/:id/confirm") { request, context in
            try await act(request, context, name: "confirm") { who, id, form in
                try visibleIncident(id, who)
                let verdict: OperatorAction.Verdict
                switch form["verdict"] ?? "" {
                case "real":
                    verdict = .real(peopleAtRisk: form["peopleAtRisk"] == "true")
                case "false":
                    guard let cause = FalseAlarmCause(rawValue: form["cause"] ?? "") else {
                        throw HTTPError(.badRequest, message: "a false alarm needs cause: one of "
                                        + FalseAlarmCause.allCases.map(\.rawValue).joined(separator: ", "))
                    }
                    verdict = .falseAlarm(cause: cause)
                default:
                    throw HTTPError(.badRequest, message: "verdict must be \"real\" or \"false\"")
                }
                return try await api.perform(.confirm(.id(id), verdict: verdict, by: who.username), name: "confirm", target: id, by: who,
                                             context: context, detail: "verdict=\(form["verdict"] ?? "-") cause=\(form["cause"] ?? "-") via=console")
            }
        }
        router.post("incidents/:id/acknowledge") { request, context in
            try await act(request, context, name: "acknowledge") { who, id, _ in
                try visibleIncident(id, who)
                return try await api.perform(.acknowledge(.id(id), by: who.username), name: "acknowledge", target: id, by: who,
                                             context: context, detail: "via=console")
            }
        }
        router.post("incidents/:id/close") { request, context in
            try await act(request, context, name: "close") { who, id, _ in
                try visibleIncident(id, who)
                return try await api.perform(.close(.id(id), by: who.username), name: "close", target: id, by: who,
                                             context: context, detail: "via=console")
            }
        }
        router.post("hazards/:id/rectify") { request, context in
            try await act(request, context, name: "rectify") { who, id, _ in
                guard try api.readModel.hazard(id, for: who) != nil else { throw FirewatchAPI.notFound("hazard \(id)") }
                return try await api.perform(.rectify(hazard: id, by: who.username), name: "rectify", target: id, by: who,
                                             context: context, detail: "via=console")
            }
        }
        router.post("buildings/:id/maintenance") { request, context in
            try await act(request, context, name: "openMaintenance") { who, id, form in
                guard api.readModel.registry.current.building(id: id) != nil, api.readModel.canSee(building: id, who) else {
                    throw FirewatchAPI.notFound("building \(id)")
                }
                guard let minutes = Int(form["minutes"] ?? ""), (1...10_080).contains(minutes) else {
                    return try FirewatchAPI.error(.badRequest, "minutes must be 1–10080", reason: "badMinutes")
                }
                let note = (form["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                let until = AlertingInstant(Date()).adding(seconds: minutes * 60)
                return try await api.perform(.openMaintenance(.building(id), until: until, by: who.username, note: note.isEmpty ? nil : note),
                                             name: "openMaintenance", target: id, by: who, context: context,
                                             detail: "minutes=\(minutes) via=console" + (note.isEmpty ? "" : " note=\(note)"))
            }
        }
        router.post("maintenance/:id/close") { request, context in
            try await act(request, context, name: "closeMaintenance") { who, id, _ in
                // Another brigade's window is as unknown as one that has ended.
                guard api.readModel.maintenanceWindows(for: who).contains(where: { $0.id == id }) else {
                    return try FirewatchAPI.error(.conflict, "no such maintenance window", reason: ReasonCode.unknownWindow.rawValue)
                }
                return try await api.perform(.closeMaintenance(window: id, by: who.username), name: "closeMaintenance", target: id, by: who,
                                             context: context, detail: "via=console")
            }
        }
    }

    // MARK: - Sign-in

    private func loginPage(_ request: Request, username: String, message: String?,
                           status: HTTPResponse.Status = .ok) -> Response {
        let (language, chosen) = ConsoleLanguage.of(request)
        let token = UUID().uuidString
        var page = chrome(language, who: nil, title: language.text("login_title"), here: "/login")
        page.content = ConsoleModel.Login(username: username, message: message, loginToken: token)
        var response = ConsoleRenderer.html("login", page, status: status)
        response.setCookie(cookie(Self.loginCookie, token, maxAge: 3600))
        if chosen { response.setCookie(languageCookie(language)) }
        return response
    }

    private func signIn(_ request: Request, _ context: Context) async throws -> Response {
        var request = request
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
        let language = ConsoleLanguage.of(request).language
        let username = form["username"] ?? ""
        guard let token = form["_login"], token == request.cookies[Self.loginCookie]?.value else {
            return loginPage(request, username: username, message: language.text("login_expired"), status: .badRequest)
        }
        switch try await api.signIn(username: username, password: form["password"] ?? "", context: context) {
        case .success(let (_, session, _)):
            var response = Self.redirect("/")
            response.setCookie(api.sessionCookie(session))
            response.setCookie(cookie(Self.loginCookie, "", maxAge: 0))
            return response
        case .failure(.badCredentials):
            return loginPage(request, username: username, message: language.text("login_wrong"), status: .unauthorized)
        case .failure(.rateLimited(let seconds)):
            var response = loginPage(request, username: username, message: language.text("login_tooMany")
                                        .replacingOccurrences(of: "%d", with: String(seconds)), status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
    }

    // MARK: - Pages

    /// The chrome of every page: strings, who is signed in, the CSRF token for its forms.
    private func chrome(_ language: ConsoleLanguage, who: Identity?, title: String, here: String) -> ConsoleModel.Page {
        var csrf = ""
        if case .session(let token)? = who?.credential { csrf = token }
        return ConsoleModel.Page(
            t: language.strings, htmlLang: language.htmlLang, title: title,
            user: who.map { ConsoleModel.User(username: $0.username, role: language.code("role", $0.role.rawValue)) },
            csrf: csrf, canAct: (who?.role ?? .viewer) >= .operator, here: here)
    }

    /// A signed-in page (else the way to `/login`); `build` gives its title and content, or nil
    /// for "not found" (also what another brigade's building is: its existence is not disclosed).
    private func page(_ request: Request, _ context: Context, template: String, nav: WritableKeyPath<ConsoleModel.Page, Bool>?,
                      build: (Identity, ConsolePresenter) throws -> (String, Any)?) throws -> Response {
        guard let who = context.identity else { return Self.redirect("/login") }
        let (language, chosen) = ConsoleLanguage.of(request)
        let presenter = ConsolePresenter(language: language, registry: api.readModel.registry.current)
        var response: Response
        if let (title, content) = try build(who, presenter) {
            var page = chrome(language, who: who, title: title, here: request.uri.path)
            if let nav { page[keyPath: nav] = true }
            page.flash = flash(request, language)
            page.content = content
            response = ConsoleRenderer.html(template, page)
        } else {
            var page = chrome(language, who: who, title: language.text("error_notFound"), here: request.uri.path)
            page.content = ConsoleModel.NotFound(what: request.uri.path)
            response = ConsoleRenderer.html("notFound", page, status: .notFound)
        }
        if chosen { response.setCookie(languageCookie(language)) }
        return response
    }

    /// The live part of the page at `path` alone, for `console.js`: 401 without a session (the
    /// script then goes to `/login`), 404 when the thing is gone. Its forms return to `path`.
    private func fragment(_ request: Request, _ context: Context, template: String, page path: String,
                          build: (Identity, ConsolePresenter) throws -> (String, Any)?) throws -> Response {
        let who = try context.require(.viewer)
        let language = ConsoleLanguage.of(request).language
        let presenter = ConsolePresenter(language: language, registry: api.readModel.registry.current)
        guard let (title, content) = try build(who, presenter) else { throw FirewatchAPI.notFound(request.uri.path) }
        var page = chrome(language, who: who, title: title, here: path)
        page.content = content
        return ConsoleRenderer.html(template, page)
    }

    private func dashboard(_ who: Identity, _ p: ConsolePresenter) throws -> (String, Any)? {
        let model = api.readModel
        let fires = p.fires(try model.incidents(open: true, limit: 200, for: who))
        let hazards = try model.hazards(open: true, for: who)
        let gateways = try model.gateways(for: who)
        let shown = 15
        return (p.language.text("nav_dashboard"), ConsoleModel.Dashboard(
            fires: fires, fireCount: fires.count, hazards: hazards.prefix(shown).map(p.hazard), hazardCount: hazards.count,
            moreHazards: hazards.count > shown, gateways: gateways.filter { $0.link == "lost" }.map(p.gateway),
            neverSeen: gateways.filter { $0.link == "never" }.count, frames: try model.recentFrames(limit: 12, for: who).map(p.frame),
            maintenance: maintenanceRows(model.maintenanceWindows(for: who), p),
            causes: p.falseAlarmCauses, updatedAt: p.time(model.time(Date()))))
    }

    private func building(_ context: Context, _ who: Identity, _ p: ConsolePresenter) throws -> (String, Any)? {
        let model = api.readModel
        guard let b = try model.building(try context.parameters.require("id"), for: who) else { return nil }
        // The timelines of the latest incidents: what happened and who was told, in order.
        let history = try b.recentIncidents.prefix(5).compactMap { try model.incident($0.id, for: who) }.map {
            ConsoleModel.IncidentHistory(card: p.fire($0.incident), closedAt: $0.incident.closedAt.map(p.time),
                                         timeline: $0.timeline.map(p.timeline))
        }
        return (b.name, ConsoleModel.Building(
            id: b.id, name: b.name, address: b.address, unitName: b.unitName, brigadeName: b.brigadeName,
            departmentName: p.registry.department(id: b.department)?.name ?? b.department,
            contacts: b.contacts.map {
                .init(role: p.language.code("contact", $0.role), name: $0.name ?? p.language.text("common_none"), phone: $0.phone)
            },
            gateways: b.gateways.map(p.gateway), fires: b.openIncident.map { [p.fire($0)] } ?? [], hazards: b.openHazards.map(p.hazard),
            incidents: history, noticeGroups: p.noticeGroups(b.recentNotices), causes: p.falseAlarmCauses,
            maintenance: maintenanceRows(model.maintenanceWindows(for: who).filter { w in
                w.scope == "building" ? w.target == b.id : b.gateways.contains { $0.id == w.target }
            }, p),
            durations: p.maintenanceDurations, updatedAt: p.time(model.time(Date()))))
    }

    /// Maintenance/test windows as rows, with the note the core keeps (the read model's view has none).
    private func maintenanceRows(_ windows: [MaintenanceView], _ p: ConsolePresenter) -> [ConsoleModel.MaintenanceRow] {
        let state = api.runner.state.maintenance
        return windows.map { p.maintenance($0, note: state[$0.id]?.note) }
    }

    /// The register filtered by `brigade`, `kind` (a notice kind or a condition), `minAgeHours`
    /// and `state=all` (cleared ones too). Unknown values filter to nothing rather than fail:
    /// it is a bookmarkable GET form.
    private func hazardRegister(_ request: Request, _ who: Identity, _ p: ConsolePresenter) throws -> (String, Any)? {
        let q = request.uri.queryParameters
        let brigade = q.get("brigade").flatMap { $0.isEmpty ? nil : $0 }
        let kind = q.get("kind").flatMap { $0.isEmpty ? nil : $0 }
        let minAgeHours = q.get("minAgeHours", as: Int.self).flatMap { $0 > 0 ? $0 : nil }
        let includeClosed = q.get("state") == "all"
        let rows = try api.readModel.hazards(open: !includeClosed, brigade: brigade, kind: kind,
                                             minAgeSeconds: minAgeHours.map { $0 * 3600 }, for: who)
        let brigades = p.registry.brigades.filter { who.canSee(brigade: $0.id) }
        let ages: [(Int, String)] = [(1, "age_1h"), (4, "age_4h"), (24, "age_24h"), (72, "age_72h"), (168, "age_7d")]
        return (p.language.text("hazards_registerTitle"), ConsoleModel.HazardRegister(
            brigades: brigades.map { .init(value: $0.id, label: $0.name, selected: $0.id == brigade) },
            kinds: HazardCondition.allCases.map {
                .init(value: $0.rawValue, label: p.language.code("condition", $0.rawValue), selected: $0.rawValue == kind)
            },
            ages: ages.map { .init(value: String($0.0), label: p.language.text($0.1), selected: $0.0 == minAgeHours) },
            includeClosed: includeClosed, hazards: rows.map(p.hazard), count: rows.count))
    }

    // MARK: - Actions

    /// An operator action from a form: 401/403 as the API (a viewer is refused), then `run`, then
    /// back to the form's page with the outcome (`result=ok&action=…` or `result=refused&reason=…`).
    private func act(_ request: Request, _ context: Context, name: String,
                     run: (Identity, String, FormFields) async throws -> Response) async throws -> Response {
        let who = try context.require(.operator)
        var request = request
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 64 * 1024)))
        let response = try await run(who, try context.parameters.require("id"), form)
        let back = Self.localPath(form["next"]) ?? "/"
        guard response.status == .ok else {
            let reason = try await Self.errorReason(of: response) ?? "refused"
            return Self.redirect("\(back)?result=refused&reason=\(reason)")
        }
        return Self.redirect("\(back)?result=ok&action=\(name)")
    }

    private func visibleIncident(_ id: String, _ who: Identity) throws {
        guard try api.readModel.incident(id, for: who) != nil else { throw FirewatchAPI.notFound("incident \(id)") }
    }

    /// The outcome of the last action, from the redirect's query. Only known codes are shown:
    /// a crafted link cannot put words on the duty officer's screen.
    private func flash(_ request: Request, _ language: ConsoleLanguage) -> ConsoleModel.Flash? {
        let q = request.uri.queryParameters
        switch q.get("result") {
        case "ok":
            guard let action = q.get("action"), let text = language.strings["action_\(action)"] else { return nil }
            return .init(ok: true, text: language.text("result_ok") + text)
        case "refused":
            guard let reason = q.get("reason"), reason.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
            let why = language.strings["refused_\(reason)"] ?? ReasonCode(rawValue: reason).explanation
            return .init(ok: false, text: language.text("result_refused") + why)
        default:
            return nil
        }
    }

    // MARK: - Helpers

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// `next` of a form, if it is a path of ours (`/…`, not `//host/…`): no open redirect.
    static func localPath(_ value: String?) -> String? {
        guard let value, value.hasPrefix("/"), !value.hasPrefix("//"), !value.contains("\\"),
              value.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "?" && $0 != "#" }) else { return nil }
        return value
    }

    private static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    private func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: api.secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// The language choice outlives the session: a duty room keeps its language across shifts.
    private func languageCookie(_ language: ConsoleLanguage) -> Cookie {
        cookie(ConsoleLanguage.cookie, language.rawValue, maxAge: 365 * 86_400)
    }

    /// `error.reason` of a JSON error the API built (e.g. the core's `alreadyConfirmed`).
    private static func errorReason(of response: Response) async throws -> String? {
        let collector = BodyCollector()
        try await response.body.write(collector)
        let json = try? JSONSerialization.jsonObject(with: Data(collector.buffer.readableBytesView)) as? [String: Any]
        return (json?["error"] as? [String: Any])?["reason"] as? String
    }

    /// Collects a response body in memory (the API's JSON answers are small).
    private final class BodyCollector: ResponseBodyWriter {
        var buffer = ByteBuffer()
        func write(_ buffer: ByteBuffer) async throws { self.buffer.writeImmutableBuffer(buffer) }
        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
