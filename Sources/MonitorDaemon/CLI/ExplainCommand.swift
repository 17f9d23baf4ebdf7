import Alerting
import ArgumentParser
import Foundation
import GRDB

/// `firewatch explain incident ID`: why each notice of an incident (or a hazard) went out, was
/// held or was suppressed — read from the decision log the daemon commits with every step.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain why each notice of an incident or hazard went out, was held or was suppressed.",
        discussion: "Reads the daemon's database (read-only; safe while the daemon runs)."
    )

    enum Subject: String, ExpressibleByArgument, CaseIterable {
        case incident, hazard
    }

    @Argument(help: "incident or hazard")
    var subject: Subject

    @Argument(help: "Its id, as in notices (e.g. fire-12, hz-40).")
    var id: String

    @Option(name: .long, help: ArgumentHelp("The configuration file (names the database).", valueName: "file"))
    var config: String

    @Flag(help: "JSON Lines instead of text.")
    var json = false

    func run() throws {
        let loaded = try LoadedConfiguration.loadOrExit(configPath: config)
        let settings = loaded.configuration
        let path = settings.database.path
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no database at \(path)") }
        var configuration = Configuration()
        configuration.readonly = true
        let db = try DatabaseQueue(path: path, configuration: configuration)
        let offset = settings.escalation.clock.utcOffsetSeconds
        let decoder = JSONDecoder()
        let (header, rows, deliveries) = try db.read { db -> (Row?, [Row], [String: Row]) in
            let table = subject == .incident ? "incident" : "hazard"
            let header = try Row.fetchOne(db, sql: "SELECT * FROM \(table) WHERE id = ?", arguments: [id])
            let rows = try Row.fetchAll(db, sql: "SELECT at, body FROM alerting_decision WHERE subject = ? ORDER BY seq", arguments: [id])
            let notices = try Row.fetchAll(db, sql: "SELECT id, deliveredAt, attempts FROM notice WHERE \(table) = ?", arguments: [id])
            return (header, rows, Dictionary(notices.map { ($0["id"] as String, $0) }, uniquingKeysWith: { a, _ in a }))
        }
        guard let header else {
            FileHandle.standardError.write(Data("no \(subject.rawValue) \(id) in \(path)\n".utf8))
            throw ExitCode(1)
        }
        let timeline = try rows.map { row in
            (AlertingInstant(milliseconds: row["at"]), try decoder.decode(AlertingDecision.self, from: Data((row["body"] as String).utf8)))
        }
        if json {
            let printer = TimelinePrinter(utcOffsetSeconds: offset)
            for (at, decision) in timeline { if let line = printer.decisionLine(decision, at: at) { print(line) } }
            return
        }

        func time(_ ms: Int64?) -> String { ms.map { AlertingInstant(milliseconds: $0).rfc3339(utcOffsetSeconds: offset) } ?? "-" }
        let building: String = header["building"]
        let place = loaded.registry.building(id: building).map { " \($0.name) (\($0.address))" } ?? ""
        let closed: Int64? = header["closedAt"]
        let state = closed.map { "closed \(time($0))" } ?? "open"
        print("\(subject.rawValue) \(id) — building \(building)\(place) — \(state)")
        if subject == .incident { print("status: \(header["status"] as String), opened \(time(header["openedAt"]))") }
        else { print("condition: \(header["condition"] as String), onset \(time(header["onset"]))") }
        print("")
        for (at, decision) in timeline {
            let when = at.rfc3339(utcOffsetSeconds: offset)
            switch decision {
            case .notice(let n):
                let delivery = deliveries[n.id].map { row -> String in
                    let delivered: Int64? = row["deliveredAt"]
                    return delivered.map { "delivered \(time($0))" } ?? "not yet delivered (\(row["attempts"] as Int) attempts)"
                } ?? "not stored"
                print("\(when)  SENT       \(n.kind.rawValue) → \(n.party.rawValue) \(n.recipient) [\(n.reason.rawValue)]; \(delivery)")
                print("           why: \(n.reason.explanation)")
            case .withheld(let w):
                print("\(when)  \(w.final ? "SUPPRESSED" : "HELD      ") \(w.kind.rawValue) → \(w.party.rawValue) (would be \(w.wouldBeReason.rawValue)) [\(w.reason.rawValue)]")
                print("           why: \(w.reason.explanation)")
            case .change(let c):
                print("\(when)  \(c.kind.rawValue) [\(c.reason.rawValue)]: \(c.detail)")
            case .command(let c):
                print("\(when)  command \(c.kindName) → \(c.gateway) [\(c.reason.rawValue)]")
            case .rejected(let r):
                print("\(when)  REFUSED action on \(r.target) [\(r.reason.rawValue)]: \(r.reason.explanation)")
            }
        }
    }
}
