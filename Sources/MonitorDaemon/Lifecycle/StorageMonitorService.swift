import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Samples the database's disk every `interval`: the sizes of the database and its WAL and the
/// free space of their file system as gauges, and a warning while free space is below
/// `database.minFreeMegabytes` (``StorageWatch``).
struct StorageMonitorService: Service {
    let path: String
    var watch: StorageWatch
    var interval: Duration = .seconds(10)
    let logger: Logger

    /// What one sample found; nil fields could not be read.
    struct Sample: Equatable {
        var databaseBytes: Int64?
        var walBytes: Int64?
        var freeBytes: Int64?
    }

    static func sample(path: String) -> Sample {
        func size(_ file: String) -> Int64? {
            (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value
        }
        var fs = statvfs()
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let free = statvfs(folder, &fs) == 0 ? Int64(fs.f_bavail) * Int64(fs.f_frsize) : nil
        return Sample(databaseBytes: size(path), walBytes: size(path + "-wal"), freeBytes: free)
    }

    func run() async throws {
        let database = Gauge(label: "firewatch_database_bytes")
        let wal = Gauge(label: "firewatch_database_wal_bytes")
        let free = Gauge(label: "firewatch_storage_free_bytes")
        // Its sleep ends with the graceful shutdown, which would otherwise wait it out.
        await cancelWhenGracefulShutdown {
            await loop(database: database, wal: wal, free: free)
        }
    }

    private func loop(database: Gauge, wal: Gauge, free: Gauge) async {
        var watch = self.watch
        while !Task.isCancelled {
            let s = Self.sample(path: path)
            if let bytes = s.databaseBytes { database.record(bytes) }
            if let bytes = s.walBytes { wal.record(bytes) }
            if let bytes = s.freeBytes {
                free.record(bytes)
                let metadata: Logger.Metadata = [
                    "storage.free_mb": "\(bytes >> 20)", "storage.min_free_mb": "\(watch.minFreeBytes >> 20)",
                    "database.path": "\(path)",
                ]
                switch watch.observe(freeBytes: bytes, at: .now) {
                case .low(let again)?:
                    logger.warning(again ? "disk space still low for the database: free it before commits fail"
                                         : "disk space low for the database: free it before commits fail", metadata: metadata)
                case .recovered?:
                    logger.notice("disk space for the database recovered", metadata: metadata)
                case nil:
                    break
                }
            } else {
                logger.debug("free space of the database's file system unreadable", metadata: ["database.path": "\(path)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
