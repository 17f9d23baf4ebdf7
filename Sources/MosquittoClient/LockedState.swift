import Foundation

/// A value guarded by a lock, shared between libmosquitto's network thread and Swift tasks.
///
/// The C callbacks run on a plain pthread owned by libmosquitto, outside Swift concurrency, so an
/// actor cannot be used there without hopping (and an async hop would reorder messages). A lock is
/// the simplest correct bridge. `NSLock` rather than `Synchronization.Mutex` because the package
/// still declares macOS 14, where `Mutex` is unavailable.
///
/// `@unchecked Sendable` is sound here: `value` is private and only ever read or written inside
/// `withLock`, which holds `lock` for the whole access, and `Value` itself is `Sendable`.
final class LockedState<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access. Never call libmosquitto from inside `body`: the network
    /// thread takes this lock from its callbacks, while libmosquitto holds its own mutexes.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
