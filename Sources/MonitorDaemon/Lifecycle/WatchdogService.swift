import MosquittoClient
import ServiceLifecycle

/// Pings systemd's watchdog while the pipeline moves; when it stops, systemd restarts the daemon.
///
/// Stuck is either of: the MQTT network thread — which reads, commits and replies — has been
/// in one turn for `stallLimit` (a hung disk, a commit that never returns: nothing is read any
/// more, so the queue would look empty and healthy), or payloads wait and no group has
/// committed for `stallLimit`.
struct WatchdogService: Service {
    let notifier: SystemdNotifier
    let queue: IngestQueue
    let writer: IngestWriter
    let client: MQTTClient
    var stallLimit: Duration = .seconds(20)

    func run() async throws {
        guard let interval = notifier.watchdogInterval else {
            try? await gracefulShutdown()
            return
        }
        // Its sleep ends with the graceful shutdown (when its turn to stop comes, after ingest's
        // drain): waiting out a 15 s interval made every systemd stop take the whole
        // shutdown.timeoutSeconds.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let moving = Self.isMoving(now: .now, networkBusySince: client.busySince, queueDepth: queue.depth,
                                           lastGroupAt: writer.lastProgress.at, stallLimit: stallLimit)
                if moving { notifier.watchdog() }
                try? await Task.sleep(for: interval)
            }
        }
    }

    static func isMoving(now: ContinuousClock.Instant, networkBusySince: ContinuousClock.Instant?, queueDepth: Int,
                         lastGroupAt: ContinuousClock.Instant, stallLimit: Duration) -> Bool {
        if let busy = networkBusySince, now - busy >= stallLimit { return false }
        return queueDepth == 0 || now - lastGroupAt < stallLimit
    }
}
