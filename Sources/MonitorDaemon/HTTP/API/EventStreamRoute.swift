import Foundation
import Hummingbird
import ServiceLifecycle

extension FirewatchAPI {
    /// `GET /api/v1/events`: Server-Sent Events, one per committed change the identity may see
    /// (`event: incident|hazard|notice|frame|gateway|outage|maintenance`, `data: {"kind","subject","building"}`),
    /// and a comment every 15 s so proxies keep the stream open and a gone browser is noticed.
    func addEventStreamRoute(to api: RouterGroup<FirewatchRequestContext>) {
        api.get("events") { _, context -> Response in
            let who = try context.require(.viewer)
            let feed = runner.changes
            let model = readModel
            let (lines, out) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1024))
            let forward = Task {
                for await event in feed.subscribe() {
                    if let b = event.building, !model.canSee(building: b, who) { continue }
                    let data = (try? JSONEncoder().encode(event)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                    out.yield("event: \(event.kind)\ndata: \(data)\n\n")
                }
            }
            let ping = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(15))
                    out.yield(": ping\n\n")
                }
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
                body: ResponseBody { writer in
                    defer { forward.cancel(); ping.cancel(); out.finish() }
                    try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
                    for await line in lines.cancelOnGracefulShutdown() {
                        try await writer.write(ByteBuffer(string: line))
                    }
                    try await writer.finish(nil)
                })
        }
    }
}
