import Foundation
import GRDB

/// Each gateway's last frame and frame count: the raw material of link supervision and the
/// console's gateway list.
///
/// `gateway_link` holds them up to the frame `gateway_link_mark.frameId`; the frames after it
/// (the tail) are folded in at most once a second (``fold(_:)``, from the writer's group
/// transaction), not with every group. Upserting a row per frame touched one page of
/// `gateway_link` per gateway in the group, at random: at thousands of frames a second that was
/// about a tenth of the daemon's CPU per frame and of its WAL. Readers never see the lag:
/// ``current(_:)`` adds the tail (at most a second of frames, read by row id) to the table, in
/// one snapshot. Nothing of it lives in memory, so a crash loses nothing: the tail is simply
/// longer until the next fold.
enum GatewayLinks {
    struct Link: Equatable, Sendable {
        /// Receive time of the gateway's latest frame (as stored: `yyyy-MM-dd HH:mm:ss.SSS`, UTC).
        var lastFrameAt: Date
        /// That frame's row id.
        var lastFrameId: Int64
        /// Frames stored for the gateway (a retransmission is not a new frame).
        var frameCount: Int
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
            let latest = newer.lastFrameAt >= old.lastFrameAt ? newer : old
            links[gateway] = Link(lastFrameAt: latest.lastFrameAt, lastFrameId: latest.lastFrameId,
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
            ON CONFLICT (gatewayId) DO UPDATE SET
                lastFrameId = CASE WHEN excluded.lastFrameAt >= lastFrameAt THEN excluded.lastFrameId ELSE lastFrameId END,
                lastFrameAt = max(lastFrameAt, excluded.lastFrameAt),
                frameCount = frameCount + excluded.frameCount;
            UPDATE gateway_link_mark SET frameId = (SELECT max(id) FROM frame)
            WHERE id = 1 AND frameId < (SELECT max(id) FROM frame);
            """)
    }

    /// The frames after the mark, one row per gateway. With `max()` as the only aggregate,
    /// SQLite takes the bare column `id` from the row holding the maximum: the latest frame.
    /// `NOT INDEXED`: left to itself the planner groups by walking `frame_by_gateway`, every
    /// frame ever stored, instead of the row-id range of the tail (which stays usable).
    static let tail = """
        SELECT gatewayId, max(receivedAt) AS lastFrameAt, id AS lastFrameId, count(*) AS frameCount
        FROM frame NOT INDEXED WHERE id > (SELECT frameId FROM gateway_link_mark WHERE id = 1) GROUP BY gatewayId
        """
}
