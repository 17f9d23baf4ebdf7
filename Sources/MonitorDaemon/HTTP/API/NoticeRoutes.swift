import Foundation
import GRDB
import Hummingbird

extension FirewatchAPI {
    /// Notices for pull consumers: `GET /api/v1/notices?after=SEQ` pages in creation order
    /// (pass the answer's `next` as the next `after`), and a receipt records that a consumer
    /// took one.
    func addNoticeRoutes(to api: RouterGroup<FirewatchRequestContext>) {
        api.get("notices") { request, context -> Response in
            let who = try context.require(.viewer)
            let q = request.uri.queryParameters
            var after: Int64 = 0
            if let text = q.get("after") {
                guard let v = Int64(text), v >= 0 else { throw HTTPError(.badRequest, message: "after must be a notice seq (≥ 0)") }
                after = v
            }
            let limit = min(max(q.get("limit", as: Int.self) ?? 100, 1), 1000)
            return try Self.json(try readModel.notices(after: after, limit: limit, party: q.get("party"),
                                                       recipient: q.get("recipient"), building: q.get("building"), for: who))
        }
        // By `seq`: notice ids contain slashes (`fire-12/brigade/unconfirmedAfter60s`).
        api.post("notices/:seq/receipt") { _, context -> Response in
            let who = try context.require(.viewer)
            let seq = try context.parameters.require("seq")
            guard let number = Int64(seq), let notice = try readModel.notice(seq: number, for: who) else {
                throw Self.notFound("notice \(seq)")
            }
            try await readModel.pool.write { db in
                try db.execute(sql: "INSERT INTO notice_receipt (noticeSeq, accountId, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                               arguments: [notice.seq, who.accountId, AccountStore.ms(Date())])
            }
            try await accounts.audit(who, action: "receipt", target: notice.id, remoteAddress: context.peer, outcome: "ok")
            return Response(status: .noContent)
        }
    }
}
