import Alerting
import BrokerHarness
import Foundation
@testable import MonitorDaemon
import PanelProtocol
import Testing

/// `firewatch replay` as a support engineer runs it: recorded inputs through the real core on a
/// virtual clock, the notice timeline as JSON Lines, no broker and no database touched.
@Suite("firewatch replay")
struct ReplayCommandTests {
    /// A config and registry in a temp folder (the harness's files; no broker is started).
    /// Hourly heartbeats, so that a gateway silent after its alarm is not "lost" within a test.
    func files() throws -> DaemonHarness {
        try DaemonHarness(broker: TestBroker(port: 1), extraConfiguration: """
            escalation:
              patrol:
                enabled: false
              link:
                defaultHeartbeatSeconds: 3600

            """)
    }

    func lines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func anUnconfirmedFireClimbsTheLadderOnTheVirtualClock() throws {
        let files = try files()
        let alarm = HexCoding.string(SimulatedGateway.fireAlarm(serial: 1))
        let input = files.directory.appendingPathComponent("in.jsonl")
        try """
        {"at": "2026-11-23T08:00:00+08:00", "gateway": "gw-b", "hex": "\(alarm)"}
        {"at": "2026-11-23T08:00:07+08:00", "gateway": "gw-b", "hex": "\(alarm)"}
        """.write(to: input, atomically: true, encoding: .utf8)
        let run = try firewatch(["replay", "--config", files.configFile.path, "--input", input.path, "--until", "PT10M"])
        #expect(run.status == 0, "\(run.stderr)")
        let notices = try lines(run.stdout)
        // The retransmission 7 s later is the same frame: nothing new. Unit at once, brigade at
        // exactly 60 s, department at exactly 180 s, all about one incident.
        #expect(notices.map { $0["party"] as? String } == ["unit", "brigade", "department"])
        #expect(notices.map { $0["at"] as? String } == [
            "2026-11-23T08:00:00+08:00", "2026-11-23T08:01:00+08:00", "2026-11-23T08:03:00+08:00",
        ])
        #expect(notices.map { $0["reason"] as? String } == ["firstAlarm", "unconfirmedAfter60s", "unconfirmedAfter180s"])
        #expect(Set(notices.compactMap { $0["incident"] as? String }).count == 1)
        #expect(notices.allSatisfy { ($0["text"] as? String)?.contains("某某大厦") == true })
    }

    @Test func aVerdictStopsTheLadderAndEveryActionNamesItsTarget() throws {
        let files = try files()
        let alarm = HexCoding.string(SimulatedGateway.fireAlarm(serial: 1))
        let input = files.directory.appendingPathComponent("in.jsonl")
        try """
        # a false alarm, declared between the brigade and department rungs
        {"at": "2026-11-23T08:00:00+08:00", "gateway": "gw-b", "hex": "\(alarm)"}
        {"at": "2026-11-23T08:02:00+08:00", "action": "confirm", "building": "bldg-0001", "verdict": "false", "cause": "steamOrDust", "by": "op-7"}
        {"at": "2026-11-23T08:02:01+08:00", "action": "rectify", "hazard": "hazard-99"}
        {"at": "2026-11-23T08:02:02+08:00", "gateway": "gw-unknown", "hex": "\(alarm)"}
        """.write(to: input, atomically: true, encoding: .utf8)
        let run = try firewatch(["replay", "--config", files.configFile.path, "--input", input.path, "--until", "PT10M", "--decisions"])
        #expect(run.status == 0, "\(run.stderr)")
        let decisions = try lines(run.stdout)
        let notices = decisions.compactMap { $0["notice"] as? [String: Any] }
        #expect(notices.map { "\($0["party"]!)/\($0["reason"]!)" } == [
            "unit/firstAlarm", "brigade/unconfirmedAfter60s", "unit/confirmedFalse", "brigade/confirmedFalse",
        ])
        #expect(notices.last?["cause"] as? String == "steamOrDust")
        let refused = try #require(decisions.first { $0["type"] as? String == "rejected" })
        #expect(refused["target"] as? String == "hazard-99" && refused["reason"] as? String == "unknownHazard")
        #expect(decisions.allSatisfy { !(($0["explanation"] as? String) ?? "").isEmpty })
        // An input the daemon would quarantine is reported with its line, and the replay goes on.
        #expect(run.stderr.contains("in.jsonl:5: gw-unknown: quarantined (unknownGateway)"))
    }

    @Test func badInputNamesTheLineAndExits65() throws {
        let files = try files()
        let input = files.directory.appendingPathComponent("in.jsonl")
        for (text, message) in [
            (#"{"at": "08:00", "gateway": "gw-b", "hex": "40"}"#, "line 1: \"at\": 08:00 is not an RFC 3339 time"),
            (#"{"at": "2026-11-23T08:00:00+08:00", "action": "confirm", "building": "b"}"#, "line 1: confirm needs \"verdict\""),
            (#"{"at": "2026-11-23T08:00:00+08:00", "gateway": "gw-b", "hex": "4G"}"#, "line 1: \"hex\":"),
            ("{\"at\": \"2026-11-23T09:00:00+08:00\", \"action\": \"close\", \"building\": \"b\"}\n"
                + "{\"at\": \"2026-11-23T08:00:00+08:00\", \"action\": \"close\", \"building\": \"b\"}", "line 2:"),
        ] {
            try text.write(to: input, atomically: true, encoding: .utf8)
            let run = try firewatch(["replay", "--config", files.configFile.path, "--input", input.path])
            #expect(run.status == 65)
            #expect(run.stderr.contains(message), "\(run.stderr)")
        }
    }

    @Test func durationsAndTimesOfUntil() {
        #expect(ReplayInput.parseDuration("PT6H") == 21_600)
        #expect(ReplayInput.parseDuration("P1DT30M") == 88_200)
        #expect(ReplayInput.parseDuration("PT90S") == 90)
        #expect(ReplayInput.parseDuration("6H") == nil)
        #expect(ReplayInput.parseDuration("PT") == nil)
        #expect(ReplayInput.parseTime("2026-11-23T08:00:00+08:00")?.milliseconds == 1_795_392_000_000)
        #expect(ReplayInput.parseTime("2026-11-23T00:00:00.250Z")?.milliseconds == 1_795_392_000_250)
    }
}
