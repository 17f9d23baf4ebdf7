import Alerting
import Foundation

/// Prints the core's decisions as JSON Lines, for `firewatch replay` and `firewatch explain --json`.
///
/// A notice line is the notice exactly as published (interfaces §4) plus `at`; a decision line
/// says what was decided, about what, and why (`reason` and its `explanation`).
struct TimelinePrinter {
    var utcOffsetSeconds: Int

    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// The notice line, or nil when the decision is not a notice.
    func noticeLine(_ decision: AlertingDecision, at: AlertingInstant) -> String? {
        guard case .notice(let notice) = decision else { return nil }
        var object = documentObject(notice)
        object["at"] = at.rfc3339(utcOffsetSeconds: utcOffsetSeconds)
        return line(object)
    }

    /// Any decision as one line.
    func decisionLine(_ decision: AlertingDecision, at: AlertingInstant) -> String? {
        var object: [String: Any] = ["at": at.rfc3339(utcOffsetSeconds: utcOffsetSeconds)]
        let reason: ReasonCode
        switch decision {
        case .notice(let n):
            object["type"] = "notice"
            object["notice"] = documentObject(n)
            reason = n.reason
        case .withheld(let w):
            object["type"] = w.final ? "suppressed" : "held"
            object["party"] = w.party.rawValue
            object["kind"] = w.kind.rawValue
            object["wouldBeReason"] = w.wouldBeReason.rawValue
            reason = w.reason
        case .change(let c):
            object["type"] = "change"
            object["change"] = c.kind.rawValue
            object["detail"] = c.detail
            reason = c.reason
        case .command(let c):
            object["type"] = "command"
            object["gateway"] = c.gateway
            object["command"] = c.kindName
            reason = c.reason
        case .rejected(let r):
            object["type"] = "rejected"
            object["target"] = r.target
            reason = r.reason
        }
        object["subject"] = decision.subject ?? NSNull()
        object["reason"] = reason.rawValue
        object["explanation"] = reason.explanation
        return line(object)
    }

    private func documentObject(_ notice: Notice) -> [String: Any] {
        let data = (try? encoder.encode(NoticeDocument(notice, utcOffsetSeconds: utcOffsetSeconds))) ?? Data()
        return ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
    }

    private func line(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
