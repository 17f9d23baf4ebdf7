import Foundation
import Synchronization

/// Slows password guessing: after `maxFailures` failed logins for one user name or from one
/// address within `window`, further attempts are refused (429) until the window has passed.
/// In memory: a restart forgets, which costs a guesser a restart of ours — acceptable.
final class LoginRateLimiter: Sendable {
    let maxFailures: Int
    let window: TimeInterval
    private let failures = Mutex<[String: [Date]]>([:])

    init(maxFailures: Int = 5, window: TimeInterval = 900) {
        self.maxFailures = maxFailures
        self.window = window
    }

    private static func keys(username: String, address: String?) -> [String] {
        ["user:" + username.lowercased()] + (address.map { ["addr:" + $0] } ?? [])
    }

    /// Seconds until the next attempt is allowed, or nil when it is allowed now.
    func retryAfter(username: String, address: String?, now: Date = Date()) -> Int? {
        failures.withLock { table in
            var wait: TimeInterval = 0
            for key in Self.keys(username: username, address: address) {
                let recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
                table[key] = recent.isEmpty ? nil : recent
                if recent.count >= maxFailures, let oldest = recent.first {
                    wait = max(wait, window - now.timeIntervalSince(oldest))
                }
            }
            return wait > 0 ? Int(wait.rounded(.up)) : nil
        }
    }

    func recordFailure(username: String, address: String?, now: Date = Date()) {
        failures.withLock { table in
            for key in Self.keys(username: username, address: address) { table[key, default: []].append(now) }
        }
    }

    func recordSuccess(username: String) {
        _ = failures.withLock { $0.removeValue(forKey: "user:" + username.lowercased()) }
    }
}
