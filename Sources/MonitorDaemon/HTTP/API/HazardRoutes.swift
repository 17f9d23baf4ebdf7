import Alerting
import Hummingbird

extension FirewatchAPI {
    /// The hazard register (filterable by brigade, kind and age) and the rectify action.
    func addHazardRoutes(to api: RouterGroup<FirewatchRequestContext>) {
        api.get("hazards") { request, context -> Response in
            let who = try context.require(.viewer)
            let q = request.uri.queryParameters
            let state = q.get("state") ?? "open"
            guard state == "open" || state == "all" else { throw HTTPError(.badRequest, message: "state must be open or all") }
            var minAge: Int?
            if let text = q.get("minAgeSeconds") {
                guard let v = Int(text), v >= 0 else { throw HTTPError(.badRequest, message: "minAgeSeconds must be a whole number ≥ 0") }
                minAge = v
            }
            return try Self.json(try readModel.hazards(open: state == "open", brigade: q.get("brigade"), kind: q.get("kind"),
                                                       minAgeSeconds: minAge, for: who))
        }
        api.get("hazards/:id") { _, context -> Response in
            let who = try context.require(.viewer)
            let id = try context.parameters.require("id")
            guard let hazard = try readModel.hazard(id, for: who) else { throw Self.notFound("hazard \(id)") }
            return try Self.json(hazard)
        }
        api.post("hazards/:id/rectify") { _, context -> Response in
            let who = try context.require(.operator)
            let id = try context.parameters.require("id")
            guard try readModel.hazard(id, for: who) != nil else { throw Self.notFound("hazard \(id)") }
            return try await perform(.rectify(hazard: id, by: who.username), name: "rectify", target: id, by: who, context: context)
        }
    }
}
