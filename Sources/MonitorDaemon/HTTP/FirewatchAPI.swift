import Alerting
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Prometheus

/// The HTTP surface of the daemon: health, metrics, the JSON API (`/api/v1`, described by
/// `docs/openapi.yaml`) and the console. Operator actions go through the same alerting core as
/// frames do, and every one is written to the audit trail: who, what, when, from where.
struct FirewatchAPI: Sendable {
    let readModel: MonitorReadModel
    let runner: AlertingRunner
    let accounts: AccountStore
    let limiter: LoginRateLimiter
    let readiness: Readiness
    let metrics: PrometheusCollectorRegistry?
    let sessionHours: Int
    /// Cookies get `Secure` when the console is served over HTTPS.
    let secureCookies: Bool
    let logger: Logger

    /// Every route, on one router.
    func router() -> Router<FirewatchRequestContext> {
        let router = Router(context: FirewatchRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: AuthMiddleware(accounts: accounts))
        addHealthRoutes(to: router)
        let api = router.group("api/v1")
        addSessionRoutes(to: api)
        addIncidentRoutes(to: api)
        addHazardRoutes(to: api)
        addNoticeRoutes(to: api)
        addRegistryRoutes(to: api)
        addMaintenanceRoutes(to: api)
        addEventStreamRoute(to: api)
        ConsoleRoutes(api: self).add(to: router)
        return router
    }

    // MARK: - Shared helpers

    /// A JSON response with `status`.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `{"error": {"message": …, "reason": …}}` with `status`.
    static func error(_ status: HTTPResponse.Status, _ message: String, reason: String? = nil) throws -> Response {
        struct Body: Encodable {
            struct Detail: Encodable { var message: String; var reason: String? }
            var error: Detail
        }
        return try json(Body(error: .init(message: message, reason: reason)), status: status)
    }

    static func notFound(_ what: String) -> HTTPError { HTTPError(.notFound, message: "no \(what)") }

    /// Runs an operator action through the core, audits it, and answers 200 with its decisions
    /// or 409 with the core's reason for refusing it.
    func perform(_ action: OperatorAction, name: String, target: String, by who: Identity, context: FirewatchRequestContext,
                 detail: String? = nil) async throws -> Response {
        let decisions = try await runner.perform(action)
        let now = AlertingInstant(Date())
        if let refused = decisions.compactMap(\.rejected).first {
            try await accounts.audit(who, action: name, target: target, remoteAddress: context.peer,
                                     outcome: "refused:\(refused.reason.rawValue)", detail: detail)
            return try Self.error(.conflict, refused.reason.explanation, reason: refused.reason.rawValue)
        }
        try await accounts.audit(who, action: name, target: target, remoteAddress: context.peer, outcome: "ok", detail: detail)
        logger.notice("operator action", metadata: [
            "action": "\(name)", "target": "\(target)", "account": "\(who.username)", "peer": "\(context.peer ?? "-")",
        ])
        return try Self.json(ActionResultView(accepted: true, decisions: readModel.timeline(decisions, at: now)))
    }
}

/// Headers a security reviewer expects on every response: no framing, no sniffing, no
/// referrer leaks, and a content security policy that allows only our own scripts and styles.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = FirewatchRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; form-action 'self'"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
