import Hummingbird
import NIOCore

/// Per-request state: who is asking (set by ``AuthMiddleware``) and from where (for the audit).
struct FirewatchRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: Identity?
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The peer's IP address, as written in the audit trail.
    var peer: String? { remoteAddress?.ipAddress }

    /// The identity, if it has at least `role`: 401 without one, 403 below it.
    func require(_ role: Role) throws -> Identity {
        guard let identity else { throw HTTPError(.unauthorized, message: "sign in first") }
        guard identity.role >= role else {
            throw HTTPError(.forbidden, message: "\(identity.username) is a \(identity.role.rawValue); this needs \(role.rawValue)")
        }
        return identity
    }
}
