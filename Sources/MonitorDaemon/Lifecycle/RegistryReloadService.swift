import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the registry on SIGHUP. A registry with problems is refused whole (every problem
/// logged) and the running one stays; frames keep flowing throughout.
struct RegistryReloadService: Service {
    let path: String
    let store: RegistryStore
    let runner: AlertingRunner
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            do {
                let registry = try Registry.load(path: path)
                store.replace(with: registry)
                do {
                    try await runner.registryChanged(registry)
                } catch {
                    logger.error("alerting could not take the new registry; retried at the next reload",
                                 metadata: ["error": "\(error)"])
                }
                logger.notice("registry reloaded", metadata: ["registry.path": "\(path)", "registry.summary": "\(registry.summary)"])
            } catch {
                for problem in error.problems {
                    logger.error("registry reload refused", metadata: ["registry.path": "\(path)", "problem": "\(problem)"])
                }
            }
        }
    }
}
