import Alerting
import Crypto
import Foundation
import GRDB
import HummingbirdBcrypt

/// Accounts, console sessions, API tokens and the audit trail.
///
/// Passwords are bcrypt hashes (cost 12: about a quarter of a second to check, which is what
/// makes guessing slow); session and token secrets are 256 random bits, and only their SHA-256
/// is stored, so a copy of the database opens no session.
struct AccountStore: Sendable {
    let pool: DatabasePool
    var bcryptCost: UInt8 = 12

    struct Account: Sendable, Equatable {
        var id: Int64
        var username: String
        var role: Role
        var brigade: String?
    }

    enum Problem: Error, CustomStringConvertible, Equatable {
        case badUsername(String)
        case weakPassword
        case duplicate(String)
        case noSuchAccount(String)

        var description: String {
            switch self {
            case .badUsername(let u): "user name \"\(u)\" must be 1–64 letters, digits, '.', '_' or '-'"
            case .weakPassword: "the password must be at least 12 characters long"
            case .duplicate(let u): "an account named \(u) exists already"
            case .noSuchAccount(let u): "no account named \(u)"
            }
        }
    }

    // MARK: - Accounts

    func create(username: String, password: String, role: Role, brigade: String?, now: Date = Date()) throws -> Account {
        guard RegistryID.isValid(username) else { throw Problem.badUsername(username) }
        guard password.count >= 12 else { throw Problem.weakPassword }
        let hash = Bcrypt.hash(password, cost: bcryptCost)
        return try pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE username = ?", arguments: [username]) == true {
                throw Problem.duplicate(username)
            }
            try db.execute(sql: """
                INSERT INTO account (username, passwordHash, role, brigade, createdAt) VALUES (?, ?, ?, ?, ?)
                """, arguments: [username, hash, role.rawValue, brigade, Self.ms(now)])
            return Account(id: db.lastInsertedRowID, username: username, role: role, brigade: brigade)
        }
    }

    /// Disables an account: it can no longer sign in, and its sessions and tokens stop working at once.
    func disable(username: String, now: Date = Date()) throws {
        try pool.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE username = ? AND disabledAt IS NULL", arguments: [username]) else {
                throw Problem.noSuchAccount(username)
            }
            try db.execute(sql: "UPDATE account SET disabledAt = ? WHERE id = ?", arguments: [Self.ms(now), id])
            try db.execute(sql: "DELETE FROM session WHERE accountId = ?", arguments: [id])
            try db.execute(sql: "UPDATE api_token SET revokedAt = ? WHERE accountId = ? AND revokedAt IS NULL", arguments: [Self.ms(now), id])
        }
    }

    /// Sets a new password and ends the account's console sessions (tokens stay).
    func setPassword(username: String, password: String) throws {
        guard password.count >= 12 else { throw Problem.weakPassword }
        let hash = Bcrypt.hash(password, cost: bcryptCost)
        try pool.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE username = ? AND disabledAt IS NULL", arguments: [username]) else {
                throw Problem.noSuchAccount(username)
            }
            try db.execute(sql: "UPDATE account SET passwordHash = ? WHERE id = ?", arguments: [hash, id])
            try db.execute(sql: "DELETE FROM session WHERE accountId = ?", arguments: [id])
        }
    }

    /// Revokes an account's API token(s) named `name`; returns how many.
    func revokeToken(username: String, name: String, now: Date = Date()) throws -> Int {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE api_token SET revokedAt = ? WHERE name = ? AND revokedAt IS NULL
                  AND accountId = (SELECT id FROM account WHERE username = ?)
                """, arguments: [Self.ms(now), name, username])
            return db.changesCount
        }
    }

    func list() throws -> [Account] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, username, role, brigade FROM account WHERE disabledAt IS NULL ORDER BY username")
                .map(Self.account)
        }
    }

    /// The account if `password` is its password; nil otherwise (unknown names cost a bcrypt
    /// check too, so timing does not tell which names exist).
    func verify(username: String, password: String) async throws -> Account? {
        // Sendable values out of the read (a Row is not), so the async read runs off this task.
        let found = try await pool.read { db -> (Account, String)? in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT id, username, role, brigade, passwordHash FROM account WHERE username = ? AND disabledAt IS NULL
                """, arguments: [username]) else { return nil }
            return (Self.account(row), row["passwordHash"])
        }
        let hash = found?.1 ?? Self.decoyHash
        let ok = await Self.offloaded { Bcrypt.verify(password, hash: hash) }
        guard ok, let account = found?.0 else { return nil }
        return account
    }

    // MARK: - Sessions

    /// A new session: the secret for the cookie and the CSRF token for forms.
    func createSession(for account: Account, hours: Int, remoteAddress: String?, now: Date = Date()) async throws -> (token: String, csrfToken: String) {
        let token = Self.randomSecret(), csrf = Self.randomSecret()
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM session WHERE expiresAt < ?", arguments: [Self.ms(now)])
            try db.execute(sql: """
                INSERT INTO session (tokenHash, accountId, csrfToken, createdAt, expiresAt, remoteAddress) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [Self.digest(token), account.id, csrf, Self.ms(now), Self.ms(now) + Int64(hours) * 3_600_000, remoteAddress])
        }
        return (token, csrf)
    }

    func identity(sessionToken token: String, now: Date = Date()) async throws -> Identity? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT a.id, a.username, a.role, a.brigade, s.csrfToken FROM session s JOIN account a ON a.id = s.accountId
                WHERE s.tokenHash = ? AND s.expiresAt > ? AND a.disabledAt IS NULL
                """, arguments: [Self.digest(token), Self.ms(now)]) else { return nil }
            let a = Self.account(row)
            return Identity(accountId: a.id, username: a.username, role: a.role, brigade: a.brigade,
                            credential: .session(csrfToken: row["csrfToken"]))
        }
    }

    func endSession(token: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM session WHERE tokenHash = ?", arguments: [Self.digest(token)]) }
    }

    // MARK: - API tokens

    /// A new API token for `username`; the secret is shown once and never stored.
    func createToken(username: String, name: String, now: Date = Date()) throws -> String {
        let token = "fw_" + Self.randomSecret()
        try pool.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE username = ? AND disabledAt IS NULL", arguments: [username]) else {
                throw Problem.noSuchAccount(username)
            }
            try db.execute(sql: "INSERT INTO api_token (tokenHash, accountId, name, createdAt) VALUES (?, ?, ?, ?)",
                           arguments: [Self.digest(token), id, name, Self.ms(now)])
        }
        return token
    }

    func identity(apiToken token: String) async throws -> Identity? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT a.id, a.username, a.role, a.brigade FROM api_token t JOIN account a ON a.id = t.accountId
                WHERE t.tokenHash = ? AND t.revokedAt IS NULL AND a.disabledAt IS NULL
                """, arguments: [Self.digest(token)]) else { return nil }
            let a = Self.account(row)
            return Identity(accountId: a.id, username: a.username, role: a.role, brigade: a.brigade, credential: .apiToken)
        }
    }

    // MARK: - Audit

    /// Records who did what to what, when, from where, and how it ended.
    func audit(_ identity: Identity?, username: String? = nil, action: String, target: String?, remoteAddress: String?,
               outcome: String, detail: String? = nil, now: Date = Date()) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO audit (at, accountId, username, action, target, remoteAddress, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [Self.ms(now), identity?.accountId, identity?.username ?? username, action, target,
                                 remoteAddress, outcome, detail])
        }
    }

    // MARK: - Helpers

    private static func account(_ row: Row) -> Account {
        Account(id: row["id"], username: row["username"], role: Role(rawValue: row["role"]) ?? .viewer, brigade: row["brigade"])
    }

    /// A bcrypt hash of nothing anyone knows, checked for unknown names.
    private static let decoyHash = Bcrypt.hash(randomSecret(), cost: 12)

    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func digest(_ secret: String) -> Data { Data(SHA256.hash(data: Data(secret.utf8))) }

    /// Milliseconds since the epoch, as every time column of the daemon's own tables.
    static func ms(_ date: Date) -> Int64 { AlertingInstant(date).milliseconds }

    /// Runs slow CPU work (bcrypt) off Swift's cooperative pool, which serves every request.
    private static func offloaded<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { c in
            DispatchQueue.global().async { c.resume(returning: work()) }
        }
    }
}
