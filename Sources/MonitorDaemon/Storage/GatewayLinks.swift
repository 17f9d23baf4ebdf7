import Foundation
import GRDB

/// Each gateway's last frame and frame count: the raw material of link supervision, the
/// console's gateway list, and the head of each gateway's frame chain (``FrameChain``).
///
/// `gateway_link` holds, for each gateway, its frames up to its `lastFrameId`; its frames after
/// that (the tail) are folded in from the writer's group transactions, each gateway about once
/// a second (``GatewayLinkRecorder``), not with every group. Upserting a row per frame touched one
/// page of `gateway_link` per gateway in the group, at random: at thousands of frames a second
/// that was about a tenth of the daemon's CPU per frame and of its WAL. `gateway_link_mark.frameId`
/// bounds the tail from below: every frame up to it is folded, so readers scan only the frames
/// after it (about a second of them, by row id), skipping each gateway's already folded ones.
/// Readers never see the lag: ``current(_:)`` adds the tail to the table, in one snapshot. What
/// the recorder keeps in memory only makes the fold cheaper: the first fold after a start reads
/// the tail from the table, so a crash loses nothing.
///
/// A gateway's fold always takes all its frames so far, so its unfolded frames are exactly its
/// frames after its `lastFrameId`; that is what lets gateways be folded one at a time, spread
/// over the groups, instead of all of them in one group every second (docs/benchmarks.md,
/// twelfth round). A database written before that (one mark for all gateways, nothing folded
/// after it) reads the same under this rule.
enum GatewayLinks {
    struct Link: Equatable, Sendable {
        /// Latest receive time of the gateway's frames (as stored: `yyyy-MM-dd HH:mm:ss.SSS`, UTC).
        var lastFrameAt: Date
        /// Row id of the gateway's last stored frame (since migration v8; before, the id of the
        /// frame with the latest receive time, which a frame that waited in the queue can differ from).
        var lastFrameId: Int64
        /// Frames stored for the gateway (a retransmission is not a new frame).
        var frameCount: Int
    }

    /// What some frames add to a gateway's link: ``fold(_:_:)`` upserts it.
    struct Delta: Equatable, Sendable {
        /// Latest receive time (formatted for storage only when folded).
        var lastFrameAt = Date.distantPast
        var lastFrameId: Int64 = 0
        var frameCount = 0

        mutating func add(id: Int64, receivedAt: Date) {
            lastFrameAt = max(lastFrameAt, receivedAt)
            lastFrameId = max(lastFrameId, id)
            frameCount += 1
        }

        func merged(_ other: Delta) -> Delta {
            Delta(lastFrameAt: max(lastFrameAt, other.lastFrameAt), lastFrameId: max(lastFrameId, other.lastFrameId),
                  frameCount: frameCount + other.frameCount)
        }
    }

    /// Every gateway that sent a frame, exact to the last committed frame.
    static func current(_ db: Database) throws -> [String: Link] {
        var links: [String: Link] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT gatewayId, lastFrameAt, lastFrameId, frameCount FROM gateway_link") {
            links[row["gatewayId"]] = Link(lastFrameAt: row["lastFrameAt"], lastFrameId: row["lastFrameId"], frameCount: row["frameCount"])
        }
        for row in try Row.fetchAll(db, sql: tail) {
            let newer = Link(lastFrameAt: row["lastFrameAt"], lastFrameId: row["lastFrameId"], frameCount: row["frameCount"])
            let gateway: String = row["gatewayId"]
            guard let old = links[gateway] else {
                links[gateway] = newer
                continue
            }
            links[gateway] = Link(lastFrameAt: max(old.lastFrameAt, newer.lastFrameAt),
                                  lastFrameId: max(old.lastFrameId, newer.lastFrameId),
                                  frameCount: old.frameCount + newer.frameCount)
        }
        return links
    }

    /// Folds the tail into `gateway_link` and moves the mark past it. Idempotent: a fold that
    /// rolls back leaves the tail as it was.
    static func fold(_ db: Database) throws {
        // `WHERE` in the SELECT also settles SQLite's parse of INSERT … SELECT … ON CONFLICT.
        try db.execute(sql: """
            INSERT INTO gateway_link (gatewayId, lastFrameAt, lastFrameId, frameCount)
            \(tail)
            \(merge);
            UPDATE gateway_link_mark SET frameId = (SELECT max(id) FROM frame)
            WHERE id = 1 AND frameId < (SELECT max(id) FROM frame);
            """)
    }

    /// Folds what some gateways' unfolded frames add, known without reading them: each delta must
    /// cover exactly that gateway's frames after its `lastFrameId` (``GatewayLinkRecorder`` keeps
    /// them so). One upsert per gateway. `mark`, when given, moves the mark forward to it: every
    /// frame up to it must be folded once this commits.
    static func fold(_ db: Database, _ delta: some Sequence<(key: String, value: Delta)>, mark: Int64?) throws {
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO gateway_link (gatewayId, lastFrameAt, lastFrameId, frameCount) VALUES (?, ?, ?, ?)
            \(merge)
            """)
        for (gateway, d) in delta {
            try upsert.execute(arguments: [gateway, StorageTime.databaseValue(d.lastFrameAt), d.lastFrameId, d.frameCount])
        }
        if let mark {
            try db.execute(sql: "UPDATE gateway_link_mark SET frameId = ? WHERE id = 1 AND frameId < ?", arguments: [mark, mark])
        }
    }

    /// The gateway's last stored frame, exact to the last committed frame: the tail first (about
    /// a second of frames, by row id), else the table.
    static func lastFrameId(_ db: Database, gateway: String) throws -> Int64? {
        try Int64.fetchOne(db, sql: """
            SELECT coalesce(
                (SELECT max(id) FROM frame NOT INDEXED
                 WHERE id > (SELECT frameId FROM gateway_link_mark WHERE id = 1) AND gatewayId = ?),
                (SELECT lastFrameId FROM gateway_link WHERE gatewayId = ?))
            """, arguments: [gateway, gateway])
    }

    /// How a fold's row for a gateway meets the one already in the table.
    static let merge = """
        ON CONFLICT (gatewayId) DO UPDATE SET
            lastFrameId = max(lastFrameId, excluded.lastFrameId),
            lastFrameAt = max(lastFrameAt, excluded.lastFrameAt),
            frameCount = frameCount + excluded.frameCount
        """

    /// The frames after the mark that their gateway's row does not hold yet, one row per gateway.
    /// `NOT INDEXED`: the tail is a row-id range of the table; an index over every frame ever
    /// stored would be the wrong way in.
    static let tail = """
        SELECT frame.gatewayId, max(frame.receivedAt) AS lastFrameAt, max(frame.id) AS lastFrameId, count(*) AS frameCount
        FROM frame NOT INDEXED LEFT JOIN gateway_link ON gateway_link.gatewayId = frame.gatewayId
        WHERE frame.id > (SELECT frameId FROM gateway_link_mark WHERE id = 1)
          AND frame.id > coalesce(gateway_link.lastFrameId, 0)
        GROUP BY frame.gatewayId
        """
}
