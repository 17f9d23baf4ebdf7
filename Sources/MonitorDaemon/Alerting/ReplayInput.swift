import Alerting
import Foundation
import PanelProtocol

/// One line of a `firewatch replay` file (interfaces §3): a payload a gateway published, or an
/// operator action, at a time.
struct ReplayInput: Sendable {
    enum Kind: Sendable {
        case payload(gateway: String, bytes: [UInt8])
        case action(OperatorAction)
    }

    var at: AlertingInstant
    var kind: Kind
    /// 1-based line number, for error messages.
    var line: Int

    /// Why a line could not be read.
    struct Problem: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    /// Reads JSON Lines; blank lines and lines starting with `#` are skipped. Inputs must be in
    /// time order.
    static func parse(_ text: String) throws(Problem) -> [ReplayInput] {
        var inputs: [ReplayInput] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let input = try parse(line: line, number: index + 1)
            if let last = inputs.last, input.at < last.at {
                throw Problem(line: index + 1, message: "\(input.at) is earlier than the line before (inputs must be in time order)")
            }
            inputs.append(input)
        }
        return inputs
    }

    static func parse(line: String, number: Int) throws(Problem) -> ReplayInput {
        func fail(_ message: String) -> Problem { Problem(line: number, message: message) }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
            throw fail("not a JSON object")
        }
        guard let atText = object["at"] as? String else { throw fail("missing \"at\"") }
        guard let at = parseTime(atText) else { throw fail("\"at\": \(atText) is not an RFC 3339 time with an offset") }
        func text(_ key: String) throws(Problem) -> String {
            guard let value = object[key] as? String, !value.isEmpty else { throw fail("missing \"\(key)\"") }
            return value
        }
        let by = (object["by"] as? String) ?? "replay"
        if let gateway = object["gateway"] as? String {
            if let hex = object["hex"] as? String {
                switch HexCoding.decode(hex.utf8) {
                case .success(let bytes): return ReplayInput(at: at, kind: .payload(gateway: gateway, bytes: bytes), line: number)
                case .failure(let error): throw fail("\"hex\": \(error.message)")
                }
            }
            if let json = object["json"], JSONSerialization.isValidJSONObject(json),
               let data = try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]) {
                return ReplayInput(at: at, kind: .payload(gateway: gateway, bytes: Array(data)), line: number)
            }
            throw fail("a gateway input needs \"hex\" or \"json\" (an object)")
        }
        guard let action = object["action"] as? String else { throw fail("a line needs \"gateway\" or \"action\"") }
        func incident() throws(Problem) -> IncidentRef {
            if let id = object["incident"] as? String { return .id(id) }
            if let building = object["building"] as? String { return .building(building) }
            throw fail("\(action) needs \"incident\" or \"building\"")
        }
        let kind: OperatorAction
        switch action {
        case "confirm":
            switch object["verdict"] as? String {
            case "real":
                kind = .confirm(try incident(), verdict: .real(peopleAtRisk: (object["peopleAtRisk"] as? Bool) ?? false), by: by)
            case "false":
                let causeText = (object["cause"] as? String) ?? FalseAlarmCause.unknown.rawValue
                guard let cause = FalseAlarmCause(rawValue: causeText) else {
                    throw fail("unknown cause \(causeText); one of \(FalseAlarmCause.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                kind = .confirm(try incident(), verdict: .falseAlarm(cause: cause), by: by)
            default:
                throw fail("confirm needs \"verdict\": \"real\" or \"false\"")
            }
        case "acknowledge": kind = .acknowledge(try incident(), by: by)
        case "close": kind = .close(try incident(), by: by)
        case "rectify": kind = .rectify(hazard: try text("hazard"), by: by)
        case "openMaintenance":
            let untilText = try text("until")
            guard let until = parseTime(untilText) else { throw fail("\"until\": \(untilText) is not an RFC 3339 time") }
            let scope: MaintenanceScope
            if let building = object["building"] as? String { scope = .building(building) }
            else if let gateway = object["gatewayId"] as? String { scope = .gateway(gateway) }
            else { throw fail("openMaintenance needs \"building\" or \"gatewayId\"") }
            kind = .openMaintenance(scope, until: until, by: by, note: object["note"] as? String)
        case "closeMaintenance": kind = .closeMaintenance(window: try text("window"), by: by)
        default:
            throw fail("unknown action \(action) (confirm, acknowledge, close, rectify, openMaintenance, closeMaintenance)")
        }
        return ReplayInput(at: at, kind: .action(kind), line: number)
    }

    /// RFC 3339 with an offset, with or without fractional seconds.
    static func parseTime(_ text: String) -> AlertingInstant? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = plain.date(from: text) ?? fractional.date(from: text) else { return nil }
        return AlertingInstant(date)
    }

    /// An ISO 8601 duration of days, hours, minutes and seconds (`PT6H`, `P1DT30M`, `PT90S`).
    static func parseDuration(_ text: String) -> Int? {
        var rest = Substring(text.uppercased())
        guard rest.hasPrefix("P") else { return nil }
        rest = rest.dropFirst()
        var seconds = 0, number = "", inTime = false, any = false
        for c in rest {
            if c.isNumber { number.append(c); continue }
            if c == "T" { guard number.isEmpty, !inTime else { return nil }; inTime = true; continue }
            guard let n = Int(number) else { return nil }
            number = ""
            switch (c, inTime) {
            case ("D", false): seconds += n * 86_400
            case ("H", true): seconds += n * 3600
            case ("M", true): seconds += n * 60
            case ("S", true): seconds += n
            default: return nil
            }
            any = true
        }
        return number.isEmpty && any ? seconds : nil
    }
}
