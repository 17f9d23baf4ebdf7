import Hummingbird

extension FirewatchAPI {
    /// Gateways with their link state, buildings with everything about them, the last frames,
    /// and the quarantine (each input decoded where it can be).
    func addRegistryRoutes(to api: RouterGroup<FirewatchRequestContext>) {
        api.get("gateways") { _, context -> Response in
            try Self.json(try readModel.gateways(for: try context.require(.viewer)))
        }
        api.get("buildings") { _, context -> Response in
            try Self.json(try readModel.buildings(for: try context.require(.viewer)))
        }
        api.get("buildings/:id") { _, context -> Response in
            let who = try context.require(.viewer)
            let id = try context.parameters.require("id")
            guard let building = try readModel.building(id, for: who) else { throw Self.notFound("building \(id)") }
            return try Self.json(building)
        }
        api.get("frames") { request, context -> Response in
            let who = try context.require(.viewer)
            let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 50, 1), 500)
            return try Self.json(try readModel.recentFrames(limit: limit, gateway: request.uri.queryParameters.get("gateway"), for: who))
        }
        api.get("quarantine") { request, context -> Response in
            let who = try context.require(.viewer)
            let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 100, 1), 1000)
            return try Self.json(try readModel.quarantine(limit: limit, for: who))
        }
    }
}
