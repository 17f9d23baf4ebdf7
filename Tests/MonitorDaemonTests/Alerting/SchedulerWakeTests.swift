@testable import MonitorDaemon
import PanelProtocol
import Testing

/// The scheduler sleeps until the core's next deadline; a committed step wakes it only when it
/// moved that deadline (a gateway's routine frames, hundreds a second, leave it where it was).
@Suite("Alerting scheduler wake-ups")
struct SchedulerWakeTests {
    /// Takes the pending wake-up, if there is one.
    func tookWake(_ h: APIHarness) async -> Bool {
        guard h.runner.deadlineChanged.hasPending else { return false }
        await h.runner.deadlineChanged.wait(until: nil)
        return true
    }

    @Test func onlyAStepThatMovesTheNextDeadlineWakesTheScheduler() async throws {
        let h = try await APIHarness()
        _ = await tookWake(h)

        // A fire opens an incident, whose escalation rungs are deadlines.
        let quiet = h.runner.nextDeadline
        try await h.report("gw-a", status: [.normal, .fire])
        let afterFire = h.runner.nextDeadline
        #expect(afterFire != nil && afterFire != quiet)
        #expect(await tookWake(h))

        // The same detector in fire again a second later: counted, nothing falls due sooner.
        h.clock.advance(seconds: 1)
        try await h.report("gw-a", status: [.normal, .fire])
        #expect(h.runner.nextDeadline == afterFire)
        #expect(await tookWake(h) == false)

        // A fault in the other building opens a hazard with a rung of its own: when that rung is
        // sooner than the incident's, the scheduler must hear of it.
        try await h.report("gw-c", status: [.normal, .fault])
        let afterFault = h.runner.nextDeadline
        #expect(await tookWake(h) == (afterFault != afterFire))
    }
}
