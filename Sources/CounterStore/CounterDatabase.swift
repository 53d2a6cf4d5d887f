import CounterCore
import Foundation
import GRDB

/// The terminal's SQLite database: opened with WAL, `synchronous=FULL`, foreign keys and a busy
/// timeout, and migrated to the current schema.
public final class CounterDatabase: Sendable {
    /// The GRDB connection (a pool for files, a queue in memory) other stores build on.
    public let writer: any DatabaseWriter
    /// The file path, or nil for an in-memory database.
    public let path: String?

    private init(writer: any DatabaseWriter, path: String?) throws {
        self.writer = writer
        self.path = path
        do {
            try StoreMigrations.migrator.migrate(writer)
        } catch {
            if case StoreError.busy = StoreError.from(error) { throw StoreError.busy }
            throw StoreError.migrationFailed(reason: String(describing: error))
        }
    }

    /// Opens (creating if needed) the database file at `path`, creating its folder.
    ///
    /// - Parameter busyTimeout: how long a statement waits for another connection's lock before
    ///   failing with ``StoreError/busy``.
    public static func open(path: String, busyTimeout: Duration = .seconds(5)) throws -> CounterDatabase {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "フォルダを作成できません")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration(busyTimeout: busyTimeout))
        } catch {
            if case StoreError.busy = StoreError.from(error) { throw StoreError.busy }
            throw StoreError.cannotOpen(path: path, reason: (error as? DatabaseError)?.message ?? String(describing: error))
        }
        return try CounterDatabase(writer: pool, path: path)
    }

    /// Opens the database at the default location (see ``defaultPath(environment:)``).
    public static func openDefault(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CounterDatabase {
        try open(path: defaultPath(environment: environment))
    }

    /// A fresh, migrated in-memory database (tests and demos).
    public static func inMemory() throws -> CounterDatabase {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: configuration(busyTimeout: .seconds(1)))
        } catch {
            throw StoreError.cannotOpen(path: ":memory:", reason: String(describing: error))
        }
        return try CounterDatabase(writer: queue, path: nil)
    }

    /// `$XDG_DATA_HOME/counter/counter.sqlite`, else `~/.local/share/counter/counter.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            base = home + "/.local/share"
        }
        return base + "/counter/counter.sqlite"
    }

    /// The SQLite journal mode in effect (`wal` for files).
    public func journalMode() throws -> String {
        try StoreError.translating {
            try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
        }
    }

    private static func configuration(busyTimeout: Duration) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let seconds = Double(busyTimeout.components.seconds) + Double(busyTimeout.components.attoseconds) / 1e18
        configuration.busyMode = .timeout(seconds)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }
}
