import Foundation
import Hummingbird

extension FirewatchAPI {
    struct Credentials: Decodable {
        var username: String
        var password: String
    }

    struct SessionView: Codable {
        var username: String
        var role: String
        var brigade: String?
        /// Send it as `X-CSRF-Token` with every unsafe request made with the session cookie.
        var csrfToken: String?
    }

    /// `POST /api/v1/session` signs in (sets the session cookie), `GET` says who is signed in,
    /// `DELETE` signs out.
    func addSessionRoutes(to api: RouterGroup<FirewatchRequestContext>) {
        api.post("session") { request, context -> Response in
            let credentials = try await request.decode(as: Credentials.self, context: context)
            switch try await signIn(username: credentials.username, password: credentials.password, context: context) {
            case .success(let (account, token, csrf)):
                var response = try Self.json(SessionView(username: account.username, role: account.role.rawValue,
                                                         brigade: account.brigade, csrfToken: csrf))
                response.setCookie(sessionCookie(token))
                return response
            case .failure(let refusal):
                return try refusal.response()
            }
        }
        api.get("session") { _, context -> Response in
            let who = try context.require(.viewer)
            var csrf: String?
            if case .session(let token) = who.credential { csrf = token }
            return try Self.json(SessionView(username: who.username, role: who.role.rawValue, brigade: who.brigade, csrfToken: csrf))
        }
        api.delete("session") { request, context -> Response in
            if let token = request.cookies[AuthMiddleware.sessionCookie]?.value { try await accounts.endSession(token: token) }
            var response = Response(status: .noContent)
            response.setCookie(sessionCookie("", expired: true))
            return response
        }
    }

    /// Why a sign-in was refused.
    enum SignInRefusal: Error {
        case rateLimited(retryAfter: Int)
        case badCredentials

        func response() throws -> Response {
            switch self {
            case .rateLimited(let seconds):
                var r = try FirewatchAPI.error(.tooManyRequests, "too many failed sign-ins; try again in \(seconds) s")
                r.headers[.retryAfter] = String(seconds)
                return r
            case .badCredentials:
                return try FirewatchAPI.error(.unauthorized, "wrong user name or password")
            }
        }
    }

    /// Checks the password (rate-limited per name and per address), opens a session, audits.
    func signIn(username: String, password: String, context: FirewatchRequestContext)
        async throws -> Result<(AccountStore.Account, String, String), SignInRefusal> {
        if let wait = limiter.retryAfter(username: username, address: context.peer) {
            try await accounts.audit(nil, username: username, action: "signIn", target: nil, remoteAddress: context.peer,
                                     outcome: "rateLimited")
            return .failure(.rateLimited(retryAfter: wait))
        }
        guard let account = try await accounts.verify(username: username, password: password) else {
            limiter.recordFailure(username: username, address: context.peer)
            try await accounts.audit(nil, username: username, action: "signIn", target: nil, remoteAddress: context.peer,
                                     outcome: "badCredentials")
            return .failure(.badCredentials)
        }
        limiter.recordSuccess(username: username)
        let (token, csrf) = try await accounts.createSession(for: account, hours: sessionHours, remoteAddress: context.peer)
        let who = Identity(accountId: account.id, username: account.username, role: account.role, brigade: account.brigade,
                           credential: .session(csrfToken: csrf))
        try await accounts.audit(who, action: "signIn", target: nil, remoteAddress: context.peer, outcome: "ok")
        return .success((account, token, csrf))
    }

    /// The session cookie: HttpOnly, SameSite=Strict, Secure over HTTPS, one shift long.
    func sessionCookie(_ token: String, expired: Bool = false) -> Cookie {
        (try? Cookie.validated(name: AuthMiddleware.sessionCookie, value: token, maxAge: expired ? 0 : sessionHours * 3600,
                               path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict))
            ?? Cookie(name: AuthMiddleware.sessionCookie, value: "", maxAge: 0, path: "/")
    }
}
