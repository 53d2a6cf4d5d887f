import CounterCore
import Foundation
import GRDB
import CounterTestSupport
import Testing
@testable import CounterStore

/// Runs the sqlite3 tool on `path` (a connection of its own, with SQLite's defaults).
func sqlite3(_ path: String, _ sql: String) throws -> (status: Int32, output: String) {
    let result = try runProcess(URL(fileURLWithPath: "/usr/bin/sqlite3"), [path, sql])
    return (result.status, result.stdout + result.stderr)
}

@Suite("Write-once case events: REPLACE refused, hash chain per terminal")
struct WriteOnceTests {
    let morning = Date(timeIntervalSince1970: 1_795_222_800)

    func event(_ terminal: String, _ kind: CaseEventKind, offset: Double = 0) -> CaseEvent {
        CaseEvent(terminalID: terminal, actor: .clerk(id: "c1"), channel: .counter, caseID: UUID(),
                  timestamp: morning.addingTimeInterval(offset), kind: kind)
    }

    func filled() throws -> (CounterDatabase, String, [CaseEvent]) {
        let path = try temporaryDatabasePath()
        let database = try CounterDatabase.open(path: path)
        var events: [CaseEvent] = []
        for index in 0..<10 {
            let terminal = index % 3 == 0 ? "T02" : "T01"
            let failed = CaseEventKind.formPrinted(formID: "juminhyo", revision: 1, copies: 2,
                                                   outcome: .failed(errorKind: "print.queueStopped"))
            let kind: CaseEventKind = index % 2 == 0 ? failed : .caseEnded(durationMilliseconds: index * 1000)
            events.append(event(terminal, kind, offset: Double(index)))
        }
        try database.write { (db: Database) throws in for item in events { try CaseEventRepository.append(item, in: db) } }
        return (database, path, events)
    }

    @Test("REPLACE and INSERT OR REPLACE of a recorded event are refused, through GRDB and through the sqlite3 tool")
    func replaceRefused() throws {
        let (database, path, events) = try filled()
        let first = events[0]
        for statement in ["REPLACE", "INSERT OR REPLACE"] {
            #expect(throws: StoreError.appendOnly) {
                try database.write { (db: Database) throws in
                    try db.execute(sql: """
                        \(statement) INTO case_event (seq, id, terminal_id, actor_kind, actor_id, channel, case_id,
                            occurred_at_ms, day, kind, outcome, prev_hash, hash)
                        VALUES (1, ?, 'T02', 'clerk', 'x', 'counter', ?, 0, '2026-11-21', 'formPrinted', 'ok', zeroblob(32), zeroblob(32))
                        """, arguments: [first.id.uuidString, UUID().uuidString])
                }
            }
            let tool = try sqlite3(path, """
                \(statement) INTO case_event (seq, id, terminal_id, actor_kind, actor_id, channel, case_id, occurred_at_ms,
                    day, kind, outcome, prev_hash, hash)
                VALUES (1, '\(first.id.uuidString)', 'T02', 'clerk', 'x', 'counter', 'c', 0, '2026-11-21', 'formPrinted', 'ok',
                    zeroblob(32), zeroblob(32));
                """)
            #expect(tool.status != 0)
            #expect(tool.output.contains("append-only"))
        }
        #expect(try database.writer.read { (db: Database) throws in try CaseEventRepository.events(day: CalendarDate(year: 2026, month: 11, day: 21), in: db) } == events)
        #expect(try database.read { db in try CaseEventRepository.verifyChains(in: db) }.isIntact)
    }

    @Test("every terminal's chain verifies; a changed, a deleted or an inserted row breaks it there")
    func chainBreaks() throws {
        let (database, path, _) = try filled()
        let intact = try database.read { db in try CaseEventRepository.verifyChains(in: db) }
        #expect(intact.isIntact)
        #expect(intact.recordsPerTerminal == ["T01": 6, "T02": 4])

        // Someone drops the triggers with the sqlite3 tool and rewrites an outcome.
        let tampered = try sqlite3(path, """
            DROP TRIGGER case_event_no_update;
            UPDATE case_event SET outcome = 'ok', error_kind = NULL WHERE seq = 5;
            """)
        #expect(tampered.status == 0)
        let changed = try CounterDatabase.open(path: path).read { db in try CaseEventRepository.verifyChains(in: db) }
        #expect(changed.firstBreak?.seq == 5)
        #expect(changed.firstBreak?.terminal == "T01")

        let (other, otherPath, _) = try filled()
        _ = other
        #expect(try sqlite3(otherPath, "DROP TRIGGER case_event_no_delete; DELETE FROM case_event WHERE seq = 3;").status == 0)
        let deleted = try CounterDatabase.open(path: otherPath).read { db in try CaseEventRepository.verifyChains(in: db) }
        // seq 3 was T01's; its next T01 row (seq 5) no longer follows its chain.
        #expect(deleted.firstBreak?.seq == 5)
    }

    @Test("appendIfNew is idempotent by event id (journal replay)")
    func idempotentReplay() throws {
        let database = try CounterDatabase.inMemory()
        let once = event("T01", .caseStarted(style: .preprinted))
        #expect(try database.write { (db: Database) throws in try CaseEventRepository.appendIfNew(once, in: db) })
        #expect(try !database.write { (db: Database) throws in try CaseEventRepository.appendIfNew(once, in: db) })
        #expect(try database.read { db in try CaseEventRepository.events(caseID: once.caseID, in: db) } == [once])
    }

    @Test("the chain is the documented one: SHA-256 over the previous hash and the length-prefixed columns")
    func documentedEncoding() throws {
        #expect(HashChain.canonicalBytes([.text("ab"), .text(nil), .integer(12), .text("髙")])
            == Data([0, 0, 0, 2, 0x61, 0x62, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 2, 0x31, 0x32, 0, 0, 0, 3, 0xE9, 0xAB, 0x99]))
        let database = try CounterDatabase.inMemory()
        let first = event("T01", .caseStarted(style: .handwritten))
        try database.write { (db: Database) throws in try CaseEventRepository.append(first, in: db) }
        let (previous, hash) = try database.writer.read { (db: Database) throws -> (Data, Data) in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT prev_hash, hash FROM case_event"))
            return (row["prev_hash"], row["hash"])
        }
        #expect(previous == HashChain.genesis)
        #expect(hash.count == 32)
    }
}
