@testable import MonitorDaemon
import Testing

/// When systemd's watchdog is pinged: the pipeline moves unless the one thread that reads and
/// commits is stuck in a turn, or payloads wait with no commit.
@Suite("Watchdog decision")
struct WatchdogDecisionTests {
    let now = ContinuousClock.now
    let limit = Duration.seconds(20)

    func moving(busyFor: Duration?, depth: Int, lastGroupAgo: Duration) -> Bool {
        WatchdogService.isMoving(now: now, networkBusySince: busyFor.map { now - $0 }, queueDepth: depth,
                                 lastGroupAt: now - lastGroupAgo, stallLimit: limit)
    }

    @Test func anIdleDaemonMoves() {
        // No traffic for an hour: the thread waits in poll (or for a reconnect), nothing queued.
        #expect(moving(busyFor: nil, depth: 0, lastGroupAgo: .seconds(3600)))
        #expect(moving(busyFor: .milliseconds(2), depth: 0, lastGroupAgo: .seconds(3600)))
    }

    @Test func aTurnStuckForTheLimitDoesNot() {
        // A commit that never returns: nothing more is read, so the queue looks empty.
        #expect(!moving(busyFor: .seconds(20), depth: 0, lastGroupAgo: .seconds(25)))
        #expect(moving(busyFor: .seconds(19), depth: 0, lastGroupAgo: .seconds(25)))
    }

    @Test func waitingPayloadsWithoutACommitDoNot() {
        #expect(!moving(busyFor: nil, depth: 3, lastGroupAgo: .seconds(20)))
        #expect(moving(busyFor: nil, depth: 3, lastGroupAgo: .seconds(1)))
    }
}
