import CounterCore
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
        try database.writer.read { db in
            #expect(try Int.fetchOne(db, sql: "PRAGMA synchronous") == 2)
            #expect(try Int.fetchOne(db, sql: "PRAGMA foreign_keys") == 1)
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            #expect(tables.contains("clerk"))
            #expect(tables.contains("case_event"))
        }
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
        let events = CaseEventRepository(database: database, timeZone: TimeZone(identifier: "Asia/Tokyo")!)
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
        let event = CaseEvent(terminalID: "T01", clerkID: "c1", caseID: UUID(), timestamp: Date(), kind: .caseStarted)
        #expect(throws: StoreError.busy) {
            try events.append(event)
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
            return (error as? StoreError)?.userMessage.hasPrefix("データベースの更新に失敗しました") == true
        }
    }
}
