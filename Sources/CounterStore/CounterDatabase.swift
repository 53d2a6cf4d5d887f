import CounterCore
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The terminal's SQLite database: opened with WAL, `synchronous=FULL`, foreign keys and a busy
/// timeout, and migrated to the schema of every module the binary knows.
///
/// Store operations take GRDB's `Database`, so a caller commits the writes of several modules in one
/// transaction:
///
/// ```swift
/// try database.write { db in
///     try CaseEventRepository.append(event, in: db)
///     try PrinterCalibrationRepository.store(calibration, for: key, at: now, in: db)
/// }   // both or neither
/// ```
public final class CounterDatabase: Sendable {
    /// The GRDB connection (a pool for files, a queue in memory) other stores build on.
    public let writer: any DatabaseWriter
    /// The file path, or nil for an in-memory database.
    public let path: String?

    private init(writer: any DatabaseWriter, path: String?, schema: DatabaseSchema) throws {
        self.writer = writer
        self.path = path
        let migrator = schema.migrator
        do {
            // A database written by a newer binary has migrations this one does not know: refuse it
            // before touching it, rather than run on a schema it does not understand.
            let (superseded, complete) = try writer.read { db -> (Bool, Bool) in
                guard try db.tableExists("grdb_migrations") else { return (false, false) }
                return (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
            }
            if superseded { throw StoreError.newerSchema }
            // Nothing to migrate: no write at all, so a database another process holds locked still opens.
            if !complete { try migrator.migrate(writer) }
        } catch let error as StoreError {
            throw error
        } catch {
            if case StoreError.busy = StoreError.from(error) { throw StoreError.busy }
            throw StoreError.migrationFailed
        }
    }

    /// Opens (creating if needed) the database file at `path` with `schema`, creating its folder.
    ///
    /// The folder is created 0700 and the database files are 0600, whatever the umask. Two processes
    /// opening a new database at once migrate it one after the other (an exclusive lock on a file
    /// beside the database), never both.
    ///
    /// - Parameter busyTimeout: how long a statement waits for another connection's lock before
    ///   failing with ``StoreError/busy``.
    public static func open(path: String, schema: DatabaseSchema = .terminal,
                            busyTimeout: Duration = .seconds(5)) throws -> CounterDatabase {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "フォルダを作成できません")
        }
        // The default data folder is counter's own: owner-only even if it existed before. A folder given
        // with --db is the caller's and is left as it is (it may be shared, like /tmp).
        if path == defaultPath() { _ = chmod(folder.path, 0o700) }
        return try withMigrationLock(path: path) {
            let pool: DatabasePool
            do {
                pool = try DatabasePool(path: path, configuration: configuration(busyTimeout: busyTimeout))
            } catch {
                if case StoreError.busy = StoreError.from(error) { throw StoreError.busy }
                throw StoreError.cannotOpen(path: path, reason: "SQLite のファイルとして開けません")
            }
            // GRDB's WAL set-up chooses synchronous=NORMAL on the writer; records need FULL (a commit is on
            // disk when it returns, power loss included).
            do {
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            } catch {
                throw StoreError.from(error)
            }
            let database = try CounterDatabase(writer: pool, path: path, schema: schema)
            for suffix in ["", "-wal", "-shm"] { _ = chmod(path + suffix, 0o600) }
            return database
        }
    }

    /// Opens an existing database file for reading only: no migration, no write, so it opens while another
    /// program holds the write lock. Refuses a database migrated by a newer version.
    public static func openReadOnly(path: String, schema: DatabaseSchema = .terminal) throws -> CounterDatabase {
        var configuration = configuration(busyTimeout: .seconds(5))
        configuration.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "SQLite のファイルとして開けません")
        }
        let migrator = schema.migrator
        let superseded = try StoreError.translating {
            try queue.read { db in try db.tableExists("grdb_migrations") && migrator.hasBeenSuperseded(db) }
        }
        if superseded { throw StoreError.newerSchema }
        let isCounter = try StoreError.translating {
            try queue.read { db in try db.tableExists("grdb_migrations") && db.tableExists("case_event") }
        }
        guard isCounter else { throw StoreError.cannotOpen(path: path, reason: "counter のデータベースではありません") }
        return CounterDatabase(readOnly: queue, path: path)
    }

    private init(readOnly reader: DatabaseQueue, path: String) {
        writer = reader
        self.path = path
    }

    /// A fresh, migrated in-memory database (tests and demos).
    public static func inMemory(schema: DatabaseSchema = .terminal) throws -> CounterDatabase {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: configuration(busyTimeout: .seconds(1)))
        } catch {
            throw StoreError.cannotOpen(path: ":memory:", reason: "メモリ上のデータベースを作成できません")
        }
        return try CounterDatabase(writer: queue, path: nil, schema: schema)
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

    /// Runs `body` in one write transaction, committed when it returns and rolled back when it throws;
    /// database errors come out as ``StoreError``, others unchanged.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try StoreError.translating { try writer.write(body) }
    }

    /// Runs `body` on a consistent snapshot of the database.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try StoreError.translating { try writer.read(body) }
    }

    /// The SQLite journal mode in effect (`wal` for files).
    public func journalMode() throws -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Holds an exclusive `flock` on `<path>.lock` (0600) while `body` opens and migrates the database.
    private static func withMigrationLock<T>(path: String, _ body: () throws -> T) throws -> T {
        let descriptor = Glibc.open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return try body() }
        defer { close(descriptor) }
        _ = fchmod(descriptor, 0o600)
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    private static func configuration(busyTimeout: Duration) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let seconds = Double(busyTimeout.components.seconds) + Double(busyTimeout.components.attoseconds) / 1e18
        configuration.busyMode = .timeout(seconds)
        configuration.prepareDatabase { db in
            if db.configuration.readonly { return }
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // REPLACE's implicit delete fires DELETE triggers too (the schema refuses REPLACE on its own
            // for connections without this, such as the sqlite3 tool).
            try db.execute(sql: "PRAGMA recursive_triggers = ON")
        }
        return configuration
    }
}

/// The migrations of one module's tables. Each module that stores records (the terminal's clerks and
/// events here; the ledger and the certificates next) registers its own, in the order they shipped.
public protocol SchemaModule: SendableMetatype {
    /// Adds this module's migrations to `migrator` (never edit a shipped one: add a new one).
    static func registerMigrations(in migrator: inout DatabaseMigrator)
}

/// The modules whose tables one database holds. A binary opens every database with the full schema it
/// knows, so a migration it lacks means a newer binary wrote the file.
public struct DatabaseSchema: Sendable {
    /// The modules, in registration order.
    public let modules: [any SchemaModule.Type]

    /// A schema of `modules`, registered in this order.
    public init(modules: [any SchemaModule.Type]) {
        self.modules = modules
    }

    /// The terminal's own tables (clerks, case events, printer calibrations).
    public static let terminal = DatabaseSchema(modules: [TerminalSchema.self])

    /// Every module's migrations, in order.
    var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for module in modules { module.registerMigrations(in: &migrator) }
        return migrator
    }
}
