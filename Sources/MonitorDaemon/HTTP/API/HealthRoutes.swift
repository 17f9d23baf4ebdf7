import Hummingbird
import Prometheus

extension FirewatchAPI {
    /// `/healthz` (the process answers), `/readyz` (migrated and subscribed: interfaces §5),
    /// `/metrics` (Prometheus text). Unauthenticated: they say nothing about buildings.
    func addHealthRoutes(to router: Router<FirewatchRequestContext>) {
        router.get("healthz") { _, _ in "ok\n" }
        router.get("readyz") { _, _ -> Response in
            readiness.isReady
                ? Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "ready\n")))
                : Response(status: .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(string: "not ready: subscribing\n")))
        }
        router.get("metrics") { _, _ -> Response in
            let text = metrics?.emitToString() ?? ""
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
