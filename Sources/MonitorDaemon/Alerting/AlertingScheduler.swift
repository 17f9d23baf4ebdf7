import Alerting
import Logging
import ServiceLifecycle

/// Ticks the alerting core when its next deadline comes (an escalation rung, a debounce, a
/// lost link, a 查岗, the end of a maintenance window), and looks again whenever a commit moved
/// that deadline. Nothing polls: it sleeps until the deadline or a wake-up.
struct AlertingScheduler: Service {
    let runner: AlertingRunner
    let clock: any AlertingClock
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await loop()
        }
    }

    private func loop() async {
        var lastTicked: AlertingInstant?
        while !Task.isCancelled {
            var deadline = runner.nextDeadline
            let now = clock.now()
            if let d = deadline, d <= now, d == lastTicked {
                // A tick did not move the deadline (it should): never spin on it.
                logger.warning("alerting deadline did not advance after a tick", metadata: ["deadline": "\(d)"])
                deadline = now.adding(seconds: 1)
            }
            if let deadline, deadline <= now {
                lastTicked = deadline
                do {
                    try await runner.tick()
                } catch {
                    logger.error("alerting tick failed; retrying", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                }
                continue
            }
            let wakeAt = deadline.map { ContinuousClock.now + .milliseconds($0.milliseconds(since: now)) }
            await runner.deadlineChanged.wait(until: wakeAt)
        }
    }
}
