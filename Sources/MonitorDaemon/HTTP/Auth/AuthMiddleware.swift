import Foundation
import HTTPTypes
import Hummingbird

/// Finds who is asking — a console session cookie or an API token (`Authorization: Bearer`) —
/// and guards console sessions against cross-site requests: an unsafe request (POST, PUT,
/// PATCH, DELETE) signed in by cookie must carry the session's CSRF token, in the
/// `X-CSRF-Token` header or a `_csrf` form field. Routes decide what each identity may do.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = FirewatchRequestContext
    static let sessionCookie = "fw_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    let accounts: AccountStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        var context = context
        if let bearer = request.headers[.authorization], bearer.lowercased().hasPrefix("bearer ") {
            let token = String(bearer.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            guard let identity = try await accounts.identity(apiToken: token) else {
                throw HTTPError(.unauthorized, message: "unknown or revoked API token")
            }
            context.identity = identity
        } else if let token = request.cookies[Self.sessionCookie]?.value,
                  let identity = try await accounts.identity(sessionToken: token) {
            context.identity = identity
            if case .session(let csrf) = identity.credential, Self.isUnsafe(request.method) {
                guard try await Self.csrfToken(of: &request) == csrf else {
                    throw HTTPError(.forbidden, message: "missing or wrong CSRF token")
                }
            }
        }
        return try await next(request, context)
    }

    static func isUnsafe(_ method: HTTPRequest.Method) -> Bool {
        ![.get, .head, .options].contains(method)
    }

    /// The header, or the `_csrf` field of a form body (the body stays readable for the route).
    static func csrfToken(of request: inout Request) async throws -> String? {
        if let header = request.headers[csrfHeader] { return header }
        guard request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true else { return nil }
        let body = try await request.collectBody(upTo: 64 * 1024)
        return FormFields(String(buffer: body))["_csrf"]
    }
}

/// An `application/x-www-form-urlencoded` body as a dictionary (last value wins).
struct FormFields {
    private var fields: [String: String] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            guard let key = parts.first else { continue }
            fields[decode(key)] = parts.count > 1 ? decode(parts[1]) : ""
        }
    }

    subscript(key: String) -> String? { fields[key] }
}
