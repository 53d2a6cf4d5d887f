import CounterCore
import DocumentPrint
import Foundation
import GRDB
import Testing
@testable import CounterStore

/// A fresh temporary folder per test.
func temporaryDatabasePath() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("counter-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("nested/counter.sqlite").path
}

@Suite("CounterDatabase")
struct CounterDatabaseTests {
    @Test("a file database is created, migrated, in WAL mode with synchronous=FULL and foreign keys")
    func fileDatabase() throws {
        let path = try temporaryDatabasePath()
        let database = try CounterDatabase.open(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try database.journalMode() == "wal")
        try database.writer.read { (db: Database) throws in
            #expect(try Int.fetchOne(db, sql: "PRAGMA synchronous") == 2)
            #expect(try Int.fetchOne(db, sql: "PRAGMA foreign_keys") == 1)
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            #expect(tables.contains("clerk"))
            #expect(tables.contains("case_event"))
        }
        // The writer commits with synchronous=FULL too (GRDB's WAL set-up would leave it NORMAL).
        let writerSynchronous = try database.writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(writerSynchronous == 2)
        // Reopening an existing file runs no migration twice.
        let again = try CounterDatabase.open(path: path)
        #expect(try again.journalMode() == "wal")
    }

    @Test("default path follows XDG_DATA_HOME, else ~/.local/share")
    func defaultPath() {
        #expect(CounterDatabase.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/a"])
            == "/data/counter/counter.sqlite")
        #expect(CounterDatabase.defaultPath(environment: ["HOME": "/home/a"])
            == "/home/a/.local/share/counter/counter.sqlite")
        #expect(CounterDatabase.defaultPath(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/a"])
            == "/home/a/.local/share/counter/counter.sqlite")
    }

    @Test("a path that cannot be created fails with cannotOpen and a Japanese message")
    func cannotOpen() throws {
        let blocker = try temporaryDatabasePath()
        try FileManager.default.createDirectory(atPath: (blocker as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8)))
        // A regular file where a folder should be.
        let path = blocker + "/inside/counter.sqlite"
        #expect {
            try CounterDatabase.open(path: path)
        } throws: { error in
            guard case StoreError.cannotOpen = error else { return false }
            return (error as? StoreError)?.userMessage.contains("データベース") == true
        }
    }

    @Test("a write blocked by another connection's lock fails with the busy error")
    func busyDatabase() throws {
        let path = try temporaryDatabasePath()
        let database = try CounterDatabase.open(path: path, busyTimeout: .milliseconds(100))
        let blocker = try DatabaseQueue(path: path)
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let thread = Thread {
            try? blocker.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                holding.signal()
                release.wait()
                try db.execute(sql: "ROLLBACK")
            }
        }
        thread.start()
        holding.wait()
        defer { release.signal() }
        let event = CaseEvent(terminalID: "T01", actor: .clerk(id: "c1"), channel: .counter, caseID: UUID(),
                              timestamp: Date(timeIntervalSince1970: 1_795_222_800), kind: .caseStarted(style: .preprinted))
        #expect(throws: StoreError.busy) {
            try database.write { db in try CaseEventRepository.append(event, in: db) }
        }
        #expect(StoreError.busy.userMessage == "データベースが使用中です。しばらく待ってから再度お試しください。")
    }
}

@Suite("CounterDatabase migrations")
struct MigrationFailureTests {
    @Test("a file whose schema conflicts with the migrations fails with migrationFailed")
    func conflictingSchema() throws {
        let path = try temporaryDatabasePath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let foreign = try DatabaseQueue(path: path)
        try foreign.write { db in try db.execute(sql: "CREATE TABLE clerk (other TEXT)") }
        try foreign.close()
        #expect {
            try CounterDatabase.open(path: path)
        } throws: { error in
            guard case StoreError.migrationFailed = error else { return false }
            let message = (error as? StoreError)?.userMessage ?? ""
            // What happened and what to do, never SQL or SQLite's own words.
            return message.hasPrefix("データベースの更新に失敗しました") && !message.contains("clerk")
                && !message.contains("SQLite") && !message.contains("table")
        }
    }

    @Test("a database migrated by a newer version is refused before it is touched")
    func newerSchema() throws {
        let path = try temporaryDatabasePath()
        _ = try CounterDatabase.open(path: path)
        let later = try DatabaseQueue(path: path)
        try later.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try later.close()
        #expect(throws: StoreError.newerSchema) { try CounterDatabase.open(path: path) }
        #expect(StoreError.newerSchema.userMessage.contains("新しい版"))
    }

    @Test("each module registers its own migrations; a schema without a module refuses a database that has it")
    func moduleMigrations() throws {
        enum NotesSchema: SchemaModule {
            static func registerMigrations(in migrator: inout DatabaseMigrator) {
                migrator.registerMigration("notes-v1") { db in
                    try db.execute(sql: "CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
                }
            }
        }
        let path = try temporaryDatabasePath()
        let both = DatabaseSchema(modules: [TerminalSchema.self, NotesSchema.self])
        let database = try CounterDatabase.open(path: path, schema: both)
        try database.writer.read { (db: Database) throws in
            #expect(try db.tableExists("note"))
            #expect(try db.tableExists("case_event"))
        }
        #expect(throws: StoreError.newerSchema) { try CounterDatabase.open(path: path, schema: .terminal) }
        _ = try CounterDatabase.open(path: path, schema: both)
    }

    @Test("the data folder is created 0700 and the database files are 0600, whatever the umask")
    func fileModes() throws {
        let path = try temporaryDatabasePath()
        let previous = umask(0)
        defer { umask(previous) }
        let database = try CounterDatabase.open(path: path)
        try database.write { db in try db.execute(sql: "INSERT INTO printer_calibration VALUES ('q', 0, 0, 0)") }
        func mode(_ file: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) ?? -1
        }
        #expect(try mode((path as NSString).deletingLastPathComponent) == 0o700)
        #expect(try mode(path) == 0o600)
        #expect(try mode(path + "-wal") == 0o600)
        #expect(try mode(path + ".lock") == 0o600)
    }
}

@Suite("Transactions across repositories")
struct ComposedTransactionTests {
    struct Abort: Error {}

    @Test("writes of two repositories commit together, and a failure rolls both back")
    func bothOrNeither() throws {
        let database = try CounterDatabase.open(path: try temporaryDatabasePath())
        let event = CaseEvent(terminalID: "T01", actor: .clerk(id: "c1"), channel: .counter, caseID: UUID(),
                              timestamp: Date(timeIntervalSince1970: 1_795_222_800), kind: .caseStarted(style: .preprinted))
        let now = Date(timeIntervalSince1970: 1_795_222_800)
        #expect(throws: Abort.self) {
            try database.write { (db: Database) throws in
                try CaseEventRepository.append(event, in: db)
                try PrinterCalibrationRepository.store(PrinterCalibration(x: 1, y: 2), for: "q", at: now, in: db)
                throw Abort()
            }
        }
        try database.writer.read { (db: Database) throws in
            #expect(try CaseEventRepository.events(caseID: event.caseID, in: db).isEmpty)
            #expect(try PrinterCalibrationRepository.calibration(for: "q", in: db) == nil)
        }
        // A refusal by the second repository (out of range) also takes the first one's write back.
        #expect(throws: PrinterCalibrationError.outOfRange(x: 11, y: 0)) {
            try database.write { (db: Database) throws in
                try CaseEventRepository.append(event, in: db)
                try PrinterCalibrationRepository.store(PrinterCalibration(x: 11, y: 0), for: "q", at: now, in: db)
            }
        }
        #expect(try database.read { db in try CaseEventRepository.events(caseID: event.caseID, in: db) }.isEmpty)
        try database.write { (db: Database) throws in
            try CaseEventRepository.append(event, in: db)
            try PrinterCalibrationRepository.store(PrinterCalibration(x: 1, y: 2), for: "q", at: now, in: db)
        }
        try database.writer.read { (db: Database) throws in
            #expect(try CaseEventRepository.events(caseID: event.caseID, in: db) == [event])
            #expect(try PrinterCalibrationRepository.calibration(for: "q", in: db) == PrinterCalibration(x: 1, y: 2))
        }
    }
}
