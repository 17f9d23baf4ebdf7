import ServiceLifecycle

/// Pings systemd's watchdog while the pipeline moves: an empty queue is healthy; a queue that has
/// not shrunk through a committed group for `stallLimit` is not, and systemd restarts the daemon.
struct WatchdogService: Service {
    let notifier: SystemdNotifier
    let queue: IngestQueue
    let writer: IngestWriter
    var stallLimit: Duration = .seconds(20)

    func run() async throws {
        guard let interval = notifier.watchdogInterval else {
            try? await gracefulShutdown()
            return
        }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let moving = queue.depth == 0 || ContinuousClock.now - writer.lastProgress.at < stallLimit
            if moving { notifier.watchdog() }
            try? await Task.sleep(for: interval)
        }
    }
}
