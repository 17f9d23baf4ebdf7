import ArgumentParser
import Foundation
import GRDB

/// `firewatch backup --to FILE`: a consistent copy of the live database, taken while the daemon
/// keeps running.
///
/// Copying `firewatch.sqlite` with `cp` is not a backup: the latest commits live in the `-wal`
/// file until a checkpoint moves them, and a copy made during a checkpoint can be torn.
/// `VACUUM INTO` writes, from one read transaction, a self-contained database of exactly what was
/// committed when it began; a WAL reader holds up no writer, so frames keep being stored and
/// acknowledged meanwhile. The copy is written beside the destination, synced, checked
/// (`quick_check`), and only then renamed into place: a backup that exists is a whole one.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database to a file (safe while the daemon runs).",
        discussion: """
            The copy holds everything committed when the backup began, is compacted, checked with \
            SQLite's quick_check, and appears at the destination only once complete. Restore by \
            stopping the daemon and putting the copy in place of the database file (without the \
            old -wal and -shm files).
            """
    )

    @Option(name: .long, help: ArgumentHelp("The configuration file (names the database).", valueName: "file"))
    var config: String

    @Option(name: .long, help: ArgumentHelp("Where the copy goes.", valueName: "file"))
    var to: String

    @Flag(help: "Replace the destination if it exists.")
    var force = false

    /// Why the backup was not made, as one line on standard error (exit 1).
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func run() throws {
        let loaded = try LoadedConfiguration.loadOrExit(configPath: config)
        do {
            try backUp(loaded.configuration.database.path)
        } catch let failure as Failure {
            FileHandle.standardError.write(Data("firewatch backup: \(failure)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func backUp(_ source: String) throws(Failure) {
        let destination = URL(fileURLWithPath: to).standardizedFileURL
        let files = FileManager.default
        guard files.fileExists(atPath: source) else { throw Failure(description: "no database at \(source)") }
        if destination.path == URL(fileURLWithPath: source).standardizedFileURL.path {
            throw Failure(description: "the destination is the database itself")
        }
        if files.fileExists(atPath: destination.path), !force {
            throw Failure(description: "\(destination.path) exists already (--force replaces it)")
        }
        let folder = destination.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard files.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw Failure(description: "no folder \(folder.path) for the backup")
        }
        let partial = folder.appendingPathComponent(".\(destination.lastPathComponent).partial-\(getpid())")
        try? files.removeItem(at: partial)

        let started = ContinuousClock.now
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(10)
            let database = try DatabaseQueue(path: source, configuration: configuration)
            // Outside a transaction: VACUUM opens its own read transaction, which is the snapshot.
            try database.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [partial.path]) }
            try database.close()
            try Self.sync(partial.path)
            let summary = try Self.check(partial.path)
            // rename(2) replaces an existing destination atomically: never a moment without one.
            guard rename(partial.path, destination.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "rename to \(destination.path): \(String(cString: strerror(errno)))"])
            }
            try Self.sync(folder.path)
            let seconds = Double((ContinuousClock.now - started).nanoseconds) / 1e9
            let size = (try? files.attributesOfItem(atPath: destination.path)[.size] as? NSNumber)?.int64Value ?? 0
            print("backed up \(source) to \(destination.path): \(size) bytes, \(summary), quick_check ok, \(String(format: "%.1f", seconds)) s")
        } catch {
            try? files.removeItem(at: partial)
            throw Failure(description: "\(error)")
        }
    }

    /// What the copy holds, once SQLite found it sound: the newest migration and the last frame.
    static func check(_ path: String) throws -> String {
        var configuration = Configuration()
        configuration.readonly = true
        let copy = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? copy.close() }
        return try copy.read { db in
            let problems = try String.fetchAll(db, sql: "PRAGMA quick_check")
            guard problems == ["ok"] else {
                throw DatabaseError(message: "the copy fails quick_check: \(problems.prefix(5).joined(separator: "; "))")
            }
            guard try db.tableExists("grdb_migrations"), try db.tableExists("frame") else {
                throw DatabaseError(message: "the copy has no Firewatch tables: is database.path a Firewatch database?")
            }
            let migration = try String.fetchOne(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1") ?? "none"
            let lastFrame = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM frame") ?? 0
            return "last frame id \(lastFrame), schema \"\(migration)\""
        }
    }

    /// `fsync` of a file or a folder (after a rename, the folder's entry is what must last).
    static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "open \(path): \(String(cString: strerror(errno)))"]) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "fsync \(path): \(String(cString: strerror(errno)))"])
        }
    }
}
