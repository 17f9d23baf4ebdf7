import Alerting
import Foundation
import Hummingbird

extension FirewatchAPI {
    struct MaintenanceBody: Decodable {
        /// One of the two.
        var building: String?
        var gateway: String?
        /// RFC 3339, or `minutes` from now.
        var until: String?
        var minutes: Int?
        var note: String?
    }

    /// Maintenance/test windows: while one is open, events of its building or gateway are
    /// recorded and told to the unit only (policy §1).
    func addMaintenanceRoutes(to api: RouterGroup<FirewatchRequestContext>) {
        api.get("maintenance") { _, context -> Response in
            try Self.json(readModel.maintenanceWindows(for: try context.require(.viewer)))
        }
        api.post("maintenance") { request, context -> Response in
            let who = try context.require(.operator)
            let body = try await request.decode(as: MaintenanceBody.self, context: context)
            let registry = readModel.registry.current
            let scope: MaintenanceScope
            let building: String
            switch (body.building, body.gateway) {
            case (let b?, nil):
                guard registry.building(id: b) != nil, readModel.canSee(building: b, who) else { throw Self.notFound("building \(b)") }
                scope = .building(b); building = b
            case (nil, let g?):
                guard let gw = registry.gateway(id: g), readModel.canSee(building: gw.building.id, who) else { throw Self.notFound("gateway \(g)") }
                scope = .gateway(g); building = gw.building.id
            default:
                throw HTTPError(.badRequest, message: "name exactly one of building or gateway")
            }
            let until: AlertingInstant
            if let text = body.until {
                guard let t = ReplayInput.parseTime(text) else { throw HTTPError(.badRequest, message: "until must be an RFC 3339 time") }
                until = t
            } else if let minutes = body.minutes, (1...10_080).contains(minutes) {
                until = AlertingInstant(Date()).adding(seconds: minutes * 60)
            } else {
                throw HTTPError(.badRequest, message: "give until (RFC 3339) or minutes (1–10080)")
            }
            return try await perform(.openMaintenance(scope, until: until, by: who.username, note: body.note), name: "openMaintenance",
                                     target: body.building ?? body.gateway ?? building, by: who, context: context, detail: body.note)
        }
        api.delete("maintenance/:id") { _, context -> Response in
            let who = try context.require(.operator)
            let id = try context.parameters.require("id")
            guard readModel.maintenanceWindows(for: who).contains(where: { $0.id == id }) else { throw Self.notFound("maintenance window \(id)") }
            return try await perform(.closeMaintenance(window: id, by: who.username), name: "closeMaintenance", target: id, by: who, context: context)
        }
    }
}
