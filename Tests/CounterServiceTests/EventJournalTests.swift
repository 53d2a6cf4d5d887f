import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import GRDB
import Testing

/// The durable journal: events on disk before they are reported done, replayed once after a crash.
@Suite("Event journal")
struct EventJournalTests {
    static let now = Date(timeIntervalSince1970: 1_795_222_800)

    /// Replays the orphaned journals once their lock is free. The journal's deinit releases it, but a child process
    /// that another test forks in that instant holds the lock until it execs: a replay that found only locked files
    /// (nothing replayed, nothing left) is tried again, for up to 5 s.
    static func recoverOnceReleased(_ folder: URL, into database: CounterDatabase) -> EventJournal.Recovery {
        var recovery = EventJournal.recoverOrphans(in: folder, into: database, clock: FixedClock(now))
        for _ in 0..<100 where recovery.filesReplayed == 0 && recovery.filesLeft == 0 {
            usleep(50_000)
            recovery = EventJournal.recoverOrphans(in: folder, into: database, clock: FixedClock(now))
        }
        return recovery
    }

    func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)/data")
    }

    func event(_ caseID: UUID, _ kind: CaseEventKind) -> CaseEvent {
        CaseEvent(terminalID: "T01", actor: .clerk(id: "c1"), channel: .cli, caseID: caseID, timestamp: Self.now, kind: kind)
    }

    func stored(_ database: CounterDatabase) throws -> [CaseEvent] {
        try database.read { (db: Database) throws in try CaseEventRepository.events(day: CalendarDate(year: 2026, month: 11, day: 21), in: db) }
    }

    @Test("a journal left by a dead process is replayed once: its events, its open case abandoned, its print interrupted")
    func replayOrphan() throws {
        let data = folder()
        let database = try CounterStorage.open(path: data.appendingPathComponent("counter.sqlite").path)
        let journalFolder = EventJournal.folder(forDatabaseAt: try #require(database.path))
        let caseID = UUID(), printID = UUID(), finishedPrint = UUID()
        let started = event(caseID, .caseStarted(style: .preprinted))
        let captured = event(caseID, .infoCaptured(source: .file))
        var printed = event(caseID, .formPrinted(formID: "inkan", revision: 1, copies: 1, outcome: .ok))
        printed.id = finishedPrint
        do {
            // A process writes its journal, and dies before the database has any of it.
            let journal = try EventJournal(folder: journalFolder)
            try journal.append(.event(started))
            try journal.append(.event(captured))
            try journal.append(.printStarted(eventID: finishedPrint, template: printed))
            try journal.append(.event(printed))
            let interrupted = event(caseID, .formPrinted(formID: "juminhyo", revision: 2, copies: 1,
                                                         outcome: .failed(errorKind: "print.interrupted")))
            try journal.append(.printStarted(eventID: printID, template: interrupted))
            // A torn last line: the crash came mid-write.
            let handle = try FileHandle(forWritingTo: journal.url)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(#"{"event":{"id":"#.utf8))
            try handle.close()
            // While the process lives, its journal is not an orphan.
            let early = EventJournal.recoverOrphans(in: journalFolder, into: database, clock: FixedClock(Self.now))
            #expect(early == EventJournal.Recovery())
            withExtendedLifetime(journal) {}
        }
        let recovery = Self.recoverOnceReleased(journalFolder, into: database)
        #expect(recovery.filesReplayed == 1)
        #expect(recovery.eventsWritten == 3)
        #expect(recovery.casesAbandoned == 1)
        #expect(recovery.printsInterrupted == 1)
        let kinds = try stored(database).map(\.kind)
        #expect(kinds == [
            .caseStarted(style: .preprinted), .infoCaptured(source: .file),
            .formPrinted(formID: "inkan", revision: 1, copies: 1, outcome: .ok),
            .formPrinted(formID: "juminhyo", revision: 2, copies: 1, outcome: .failed(errorKind: "print.interrupted")),
            .caseAbandoned,
        ])
        #expect(try stored(database).map(\.id).contains(printID))
        // Replayed and removed: a second start adds nothing.
        #expect(EventJournal.recoverOrphans(in: journalFolder, into: database, clock: FixedClock(Self.now)) == EventJournal.Recovery())
        #expect(try stored(database).count == 5)
        #expect(try database.read { db in try CaseEventRepository.verifyChains(in: db) }.isIntact)
    }

    @Test("a replay that meets events already in the database writes each once")
    func idempotent() throws {
        let data = folder()
        let database = try CounterStorage.open(path: data.appendingPathComponent("counter.sqlite").path)
        let journalFolder = EventJournal.folder(forDatabaseAt: try #require(database.path))
        let caseID = UUID()
        let events = [event(caseID, .caseStarted(style: .preprinted)), event(caseID, .caseEnded(durationMilliseconds: 5))]
        do {
            let journal = try EventJournal(folder: journalFolder)
            for item in events { try journal.append(.event(item)) }
            // The first event reached the database before the crash.
            try database.write { (db: Database) throws in try CaseEventRepository.append(events[0], in: db) }
            withExtendedLifetime(journal) {}
        }
        let recovery = Self.recoverOnceReleased(journalFolder, into: database)
        #expect(recovery.eventsWritten == 1)
        #expect(recovery.casesAbandoned == 0)
        #expect(try stored(database) == events)
    }

    @Test("a replay while the database is locked leaves the journal for a later start, and loses nothing")
    func busyReplay() throws {
        let data = folder()
        let path = data.appendingPathComponent("counter.sqlite").path
        let database = try CounterDatabase.open(path: path, schema: CounterStorage.schema, busyTimeout: .milliseconds(50))
        let journalFolder = EventJournal.folder(forDatabaseAt: path)
        let start = event(UUID(), .caseStarted(style: .handwritten))
        do {
            let journal = try EventJournal(folder: journalFolder)
            try journal.append(.event(start))
            withExtendedLifetime(journal) {}
        }
        let holder = try WriteLockHolder(path: path)
        let blocked = Self.recoverOnceReleased(journalFolder, into: database)
        #expect(blocked.filesLeft == 1)
        holder.release()
        let later = Self.recoverOnceReleased(journalFolder, into: database)
        #expect(later.filesReplayed == 1)
        #expect(try stored(database).map(\.kind) == [.caseStarted(style: .handwritten), .caseAbandoned])
    }

    @Test("record returns with the event on disk; the journal empties once nothing is open; files are 0600 in 0700")
    func durableRecord() async throws {
        let data = folder()
        let database = try CounterStorage.open(path: data.appendingPathComponent("counter.sqlite").path)
        let (queue, _) = try EventQueue.durable(database: database, clock: FixedClock(Self.now))
        let journalFolder = EventJournal.folder(forDatabaseAt: try #require(database.path))
        let files = try FileManager.default.contentsOfDirectory(atPath: journalFolder.path)
        #expect(files.count == 1)
        let file = journalFolder.appendingPathComponent(try #require(files.first)).path
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: journalFolder.path)[.posixPermissions] as? Int == 0o700)
        let caseID = UUID()
        queue.record(event(caseID, .caseStarted(style: .preprinted)))
        // On disk the moment record returns, whatever the database does.
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains(caseID.uuidString))
        await queue.waitUntilSaved()
        // The case is still open: its start stays in the journal.
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains(caseID.uuidString))
        queue.record(event(caseID, .caseEnded(durationMilliseconds: 1)))
        await queue.waitUntilSaved()
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)).isEmpty)
        #expect(try stored(database).count == 2)
    }
}
