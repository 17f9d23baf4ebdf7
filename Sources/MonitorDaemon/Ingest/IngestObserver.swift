import GRDB

/// The one narrow seam between ingest and what reacts to frames (the alerting core).
///
/// Called inside the writer's transaction with the group's new (non-duplicate) frames, so what an
/// observer writes — state changes, notices — commits atomically with the frames that caused it,
/// before any 确认 goes out.
protocol IngestObserver: Sendable {
    func ingested(_ frames: [IngestStore.StoredFrame], in db: Database) throws
}

/// Keeps each gateway's last frame: the raw material of link supervision and the console's
/// gateway list.
struct GatewayLinkRecorder: IngestObserver {
    func ingested(_ frames: [IngestStore.StoredFrame], in db: Database) throws {
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO gateway_link (gatewayId, lastFrameAt, lastFrameId, frameCount) VALUES (?, ?, ?, 1)
            ON CONFLICT (gatewayId) DO UPDATE SET
                lastFrameAt = max(lastFrameAt, excluded.lastFrameAt),
                lastFrameId = CASE WHEN excluded.lastFrameAt >= lastFrameAt THEN excluded.lastFrameId ELSE lastFrameId END,
                frameCount = frameCount + 1
            """)
        for f in frames {
            try upsert.execute(arguments: [f.frame.gateway.gateway.id, f.receivedAtValue, f.id])
        }
    }
}
