import GRDB

/// Each gateway's frames, newest first, without an index over every frame: every frame row
/// points to the same gateway's previous one (`frame.previousId`, migration v8), and the chain
/// starts at the gateway's last frame (``GatewayLinks/lastFrameId(_:gateway:)``).
///
/// Until v8 an index `frame_by_gateway (gatewayId)` served "this gateway's latest frames". With a
/// thousand gateways reporting in turn, each new frame landed on a leaf of that index of its own:
/// a group of five frames wrote five more random pages to the WAL, and the background checkpoint
/// copied hundreds of distinct pages ten times a second. Those writes were what made ~1 % of the
/// group commits take 5–30 ms instead of one, and the 确认s behind them wait (docs/benchmarks.md,
/// ninth round). The writer knows each gateway's last frame anyway; the pointer costs a column.
enum FrameChain {
    /// The last stored frame of each gateway that sent one (the heads of the chains).
    static func heads(_ db: Database) throws -> [String: Int64] {
        try GatewayLinks.current(db).mapValues(\.lastFrameId)
    }

    /// Ids of `gateway`'s last `limit` frames, newest first: one row-id seek per frame.
    static func latestFrameIds(_ db: Database, gateway: String, limit: Int) throws -> [Int64] {
        guard limit > 0, let head = try GatewayLinks.lastFrameId(db, gateway: gateway) else { return [] }
        return try Int64.fetchAll(db, sql: walk, arguments: [head, limit])
    }

    /// From a frame (argument 1) back along `previousId`, at most argument 2 frames.
    static let walk = """
        WITH RECURSIVE chain(id, n) AS (
            SELECT ?, 1
            UNION ALL
            SELECT frame.previousId, chain.n + 1 FROM chain JOIN frame ON frame.id = chain.id
            WHERE frame.previousId IS NOT NULL AND chain.n < ?
        )
        SELECT id FROM chain ORDER BY n
        """
}
