/// What an account may do. Viewers read (a viewer bound to a brigade reads only its units);
/// operators also act on incidents, hazards and maintenance windows; admins also manage accounts.
enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    case viewer, `operator`, admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .admin: 2
        }
    }

    static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}

/// Who made a request: an account, signed in through a console session or an API token.
struct Identity: Sendable, Equatable {
    enum Credential: Sendable, Equatable {
        /// A console session: unsafe requests must carry its CSRF token.
        case session(csrfToken: String)
        /// An API token (`Authorization: Bearer`): not a browser, so no CSRF check.
        case apiToken
    }

    var accountId: Int64
    var username: String
    var role: Role
    /// A viewer limited to the units of one brigade; nil: the whole city.
    var brigade: String?
    var credential: Credential

    /// True when the identity may see something of `brigade`.
    func canSee(brigade other: String?) -> Bool {
        guard let brigade else { return true }
        return other == brigade
    }
}
