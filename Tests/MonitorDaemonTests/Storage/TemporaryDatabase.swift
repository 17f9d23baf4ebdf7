import Foundation
import GRDB
@testable import MonitorDaemon

/// A fresh database as the daemon opens it (all migrations), in a folder of its own that goes
/// away with this object.
final class TemporaryDatabase {
    let pool: DatabasePool
    let path: String
    private let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("fw-db-\(UUID().uuidString)")
        path = folder.appendingPathComponent("firewatch.sqlite").path
        pool = try FirewatchDatabase.open(path: path)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }
}
