import Synchronization

/// The current registry, swapped whole on SIGHUP. The writer reads it once per group, so a reload
/// never tears a group and never stops the queue.
final class RegistryStore: Sendable {
    private let registry: Mutex<Registry>

    init(_ registry: Registry) { self.registry = Mutex(registry) }

    var current: Registry { registry.withLock { $0 } }

    func replace(with new: Registry) { registry.withLock { $0 = new } }
}
