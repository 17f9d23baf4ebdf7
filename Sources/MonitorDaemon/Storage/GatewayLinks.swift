import Foundation
import GRDB

/// Each gateway's last frame and frame count: the raw material of link supervision, the
/// console's gateway list, and the head of each gateway's frame chain (``FrameChain``).
///
/// `gateway_link` holds them up to the frame `gateway_link_mark.frameId`; the frames after it
/// (the tail) are folded in from the writer's group transaction, at most once a second
/// (``GatewayLinkRecorder``), not with every group. Upserting a row per frame touched one page of
/// `gateway_link` per gateway in the group, at random: at thousands of frames a second that was
/// about a tenth of the daemon's CPU per frame and of its WAL. Readers never see the lag:
/// ``current(_:)`` adds the tail (about a second of frames, read by row id) to
/// the table, in one snapshot. What the recorder keeps in memory only makes the fold cheaper: the
/// first fold after a start reads the tail from the table, so a crash loses nothing.
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

    /// Folds what the frames after the mark add, known without reading them: `delta` must cover
    /// exactly the frames from the mark to its highest frame id (``GatewayLinkRecorder`` keeps
    /// it so). One upsert per gateway, then the mark.
    static func fold(_ db: Database, _ delta: [String: Delta]) throws {
        guard let through = delta.values.map(\.lastFrameId).max() else { return }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO gateway_link (gatewayId, lastFrameAt, lastFrameId, frameCount) VALUES (?, ?, ?, ?)
            \(merge)
            """)
        for (gateway, d) in delta {
            try upsert.execute(arguments: [gateway, StorageTime.databaseValue(d.lastFrameAt), d.lastFrameId, d.frameCount])
        }
        try db.execute(sql: "UPDATE gateway_link_mark SET frameId = ? WHERE id = 1 AND frameId < ?", arguments: [through, through])
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

    /// The frames after the mark, one row per gateway. `NOT INDEXED`: the tail is a row-id range
    /// of the table; an index over every frame ever stored would be the wrong way in.
    /// How a fold's row for a gateway meets the one already in the table.
    static let merge = """
        ON CONFLICT (gatewayId) DO UPDATE SET
            lastFrameId = max(lastFrameId, excluded.lastFrameId),
            lastFrameAt = max(lastFrameAt, excluded.lastFrameAt),
            frameCount = frameCount + excluded.frameCount
        """

    static let tail = """
        SELECT gatewayId, max(receivedAt) AS lastFrameAt, max(id) AS lastFrameId, count(*) AS frameCount
        FROM frame NOT INDEXED WHERE id > (SELECT frameId FROM gateway_link_mark WHERE id = 1) GROUP BY gatewayId
        """
}
