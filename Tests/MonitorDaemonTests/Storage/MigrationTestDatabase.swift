import Foundation
import GRDB
@testable import MonitorDaemon

/// A database file in a folder of its own, migrated up to one migration — what a database of an
/// earlier release holds — for a test of the migrations after it. The folder goes with it.
final class MigrationTestDatabase {
    let pool: DatabasePool
    private let folder: URL

    init(migratedUpTo migration: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("fw-mig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        pool = try DatabasePool(path: folder.appendingPathComponent("firewatch.sqlite").path, configuration: configuration)
        try FirewatchDatabase.migrator.migrate(pool, upTo: migration)
    }

    /// The remaining migrations, as the daemon runs them at start.
    func migrateToLatest() throws {
        try FirewatchDatabase.migrator.migrate(pool)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }
}
