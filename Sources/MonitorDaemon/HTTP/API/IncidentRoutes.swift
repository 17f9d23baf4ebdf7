import Alerting
import Foundation
import Hummingbird

extension FirewatchAPI {
    struct ConfirmBody: Decodable {
        /// `real` or `false`.
        var verdict: String
        /// With `false`: one of the closed list of causes (policy §11).
        var cause: String?
        var peopleAtRisk: Bool?
    }

    /// Incidents with their timelines, and the verdict, acknowledge and close actions.
    func addIncidentRoutes(to api: RouterGroup<FirewatchRequestContext>) {
        api.get("incidents") { request, context -> Response in
            let who = try context.require(.viewer)
            let state = request.uri.queryParameters.get("state") ?? "open"
            guard state == "open" || state == "all" else { throw HTTPError(.badRequest, message: "state must be open or all") }
            let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 200, 1), 1000)
            return try Self.json(try readModel.incidents(open: state == "open", limit: limit, for: who))
        }
        api.get("incidents/:id") { _, context -> Response in
            let who = try context.require(.viewer)
            let id = try context.parameters.require("id")
            guard let detail = try readModel.incident(id, for: who) else { throw Self.notFound("incident \(id)") }
            return try Self.json(detail)
        }
        api.post("incidents/:id/confirm") { request, context -> Response in
            let who = try context.require(.operator)
            let id = try visibleIncident(context, who)
            let body = try await request.decode(as: ConfirmBody.self, context: context)
            let verdict: OperatorAction.Verdict
            switch body.verdict {
            case "real":
                verdict = .real(peopleAtRisk: body.peopleAtRisk ?? false)
            case "false":
                guard let cause = FalseAlarmCause(rawValue: body.cause ?? "") else {
                    throw HTTPError(.badRequest, message: "a false alarm needs cause: one of "
                                    + FalseAlarmCause.allCases.map(\.rawValue).joined(separator: ", "))
                }
                verdict = .falseAlarm(cause: cause)
            default:
                throw HTTPError(.badRequest, message: "verdict must be \"real\" or \"false\"")
            }
            return try await perform(.confirm(.id(id), verdict: verdict, by: who.username), name: "confirm", target: id, by: who,
                                     context: context, detail: "verdict=\(body.verdict) cause=\(body.cause ?? "-")")
        }
        api.post("incidents/:id/acknowledge") { _, context -> Response in
            let who = try context.require(.operator)
            let id = try visibleIncident(context, who)
            return try await perform(.acknowledge(.id(id), by: who.username), name: "acknowledge", target: id, by: who, context: context)
        }
        api.post("incidents/:id/close") { _, context -> Response in
            let who = try context.require(.operator)
            let id = try visibleIncident(context, who)
            return try await perform(.close(.id(id), by: who.username), name: "close", target: id, by: who, context: context)
        }
    }

    /// The `:id` of an incident the identity may see (404 otherwise, whether or not it exists).
    private func visibleIncident(_ context: FirewatchRequestContext, _ who: Identity) throws -> String {
        let id = try context.parameters.require("id")
        guard try readModel.incident(id, for: who) != nil else { throw Self.notFound("incident \(id)") }
        return id
    }
}
