import GRDB
import Logging
import ServiceLifecycle

/// Copies committed WAL pages into the database file from a connection of its own, so that the
/// writer's commits rarely have to.
///
/// SQLite checkpoints inside the commit that crosses `wal_autocheckpoint`: the writer then
/// copies pages and syncs the database file while the group it just committed waits for its
/// 确认 — about a tenth of the writer's time under load. A passive checkpoint here, ten times a
/// second after commits, does that copying off the writer's path; the writer's own automatic
/// checkpoint, raised to 32 MiB of WAL (``FirewatchDatabase``), stays on as the backstop that
/// lets the WAL start over (it then finds almost nothing left to copy). Passive: it never
/// blocks the writer or readers.
struct WALCheckpointService: Service {
    let path: String
    let writer: IngestWriter
    var interval: Duration = .milliseconds(100)
    let logger: Logger

    func run() async throws {
        var configuration = Configuration()
        configuration.label = "firewatch.checkpoint"
        configuration.prepareDatabase { db in
            // The copy is only as durable as the sync that follows it.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        // Ends with the graceful shutdown; a passive checkpoint cut short loses nothing.
        await cancelWhenGracefulShutdown {
            var checkpointedGroups = writer.lastProgress.groups
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                let groups = writer.lastProgress.groups
                guard groups != checkpointedGroups else { continue }
                checkpointedGroups = groups
                do {
                    try await connection.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
                } catch {
                    // Busy (the writer is checkpointing), interrupted by the shutdown, or an I/O
                    // error: the writer's own checkpoint still runs, so nothing is at stake but speed.
                    logger.debug("background checkpoint skipped", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
