import GRDB

/// The one narrow seam between ingest and what reacts to frames (the alerting core).
///
/// Called inside the writer's transaction with the group's new (non-duplicate) frames, so what an
/// observer writes — state changes, notices — commits atomically with the frames that caused it,
/// before any 确认 goes out.
protocol IngestObserver: Sendable {
    func ingested(_ frames: [IngestStore.StoredFrame], in db: Database) throws
}
