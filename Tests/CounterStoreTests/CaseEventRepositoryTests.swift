import CounterCore
import Foundation
import GRDB
import Testing
@testable import CounterStore

@Suite("CaseEventRepository")
struct CaseEventRepositoryTests {
    /// 2026-11-21 10:00 JST.
    let morning = Date(timeIntervalSince1970: 1_795_222_800)

    func event(_ caseID: UUID, _ kind: CaseEventKind, at date: Date, actor: EventActor = .clerk(id: "c1"),
               channel: CaseChannel = .counter) -> CaseEvent {
        CaseEvent(terminalID: "T01", actor: actor, channel: channel, caseID: caseID, timestamp: date, kind: kind)
    }

    @Test("events round-trip in order, by case and by local day")
    func roundTrip() throws {
        let path = try temporaryDatabasePath()
        let database = try CounterDatabase.open(path: path)
        let caseID = UUID()
        let kinds: [CaseEventKind] = [
            .caseStarted(style: .preprinted), .cardError(kind: "card.wrongPIN"), .infoCaptured(source: .card),
            .infoCaptured(source: .file), .infoCorrected(fields: [.address, .sex]), .infoAdded(fields: [.furigana]),
            .formPrinted(formID: "juminhyo", revision: 2, copies: 2, outcome: .ok),
            .formPrinted(formID: "inkan", revision: nil, copies: 1, outcome: .failed(errorKind: "print.offline")),
            .caseEnded(durationMilliseconds: 180_000), .caseStarted(style: .handwritten),
        ]
        let actors: [EventActor] = [.clerk(id: "k.yamada"), .kiosk(terminalID: "K01")]
        let written = kinds.enumerated().map { index, kind in
            event(caseID, kind, at: morning.addingTimeInterval(Double(index)), actor: actors[index % 2],
                  channel: CaseChannel.allCases[index % 3])
        }
        try database.write { db in for item in written { try CaseEventRepository.append(item, in: db) } }
        try database.writer.read { (db: Database) throws in
            #expect(try CaseEventRepository.events(caseID: caseID, in: db) == written)
            #expect(try CaseEventRepository.events(day: CalendarDate(year: 2026, month: 11, day: 21), in: db) == written)
            #expect(try CaseEventRepository.events(day: CalendarDate(year: 2026, month: 11, day: 20), in: db).isEmpty)
            #expect(try CaseEventRepository.events(caseID: UUID(), in: db).isEmpty)
        }
    }

    @Test("every kind is stored under its one stable name")
    func kindNames() throws {
        let database = try CounterDatabase.inMemory()
        let kinds: [CaseEventKind] = [
            .caseStarted(style: .preprinted), .caseEnded(durationMilliseconds: 1), .caseAbandoned, .infoCaptured(source: .manual),
            .infoCorrected(fields: [.name]), .infoAdded(fields: [.furigana]),
            .formPrinted(formID: "a", revision: 1, copies: 1, outcome: .ok), .cardError(kind: "card.noCard"),
            .paymentTaken(method: .cash, durationMilliseconds: 1500), .lifeEventChosen(eventID: "tennyu"),
            .questionAnswered(questionID: "moveDate", skipReason: nil), .questionAnswered(questionID: "registerSeal", skipReason: "not-brought"),
            .procedureChosen(procedureID: "kokuho-join", kept: true), .procedureChosen(procedureID: "jidou-teate", kept: false),
        ]
        #expect(Set(kinds.map(\.name)) == Set(CaseEventKind.Name.allCases))
        try database.write { (db: Database) throws in
            for kind in kinds { try CaseEventRepository.append(event(UUID(), kind, at: morning), in: db) }
        }
        let stored = try database.read { db in try String.fetchAll(db, sql: "SELECT kind FROM case_event ORDER BY seq") }
        #expect(stored == kinds.map(\.name.rawValue))
        // Every kind reads back as written (the one-stop kinds' ids and outcomes included).
        let read = try database.read { db in try CaseEventRepository.events(day: CalendarDate.inJapan(at: morning), in: db) }
        #expect(read.map(\.kind) == kinds)
    }

    @Test("the day is the ward office's day in Japan, not UTC")
    func localDay() throws {
        let database = try CounterDatabase.inMemory()
        // 2026-11-21 23:30 UTC is 2026-11-22 08:30 JST.
        let lateUTC = Date(timeIntervalSince1970: 1_795_303_800)
        let late = event(UUID(), .caseStarted(style: .preprinted), at: lateUTC)
        try database.write { db in try CaseEventRepository.append(late, in: db) }
        try database.writer.read { (db: Database) throws in
            #expect(try CaseEventRepository.events(day: CalendarDate(year: 2026, month: 11, day: 22), in: db) == [late])
            #expect(try String.fetchOne(db, sql: "SELECT day FROM case_event") == "2026-11-22")
        }
    }

    @Test("events are append-only and a duplicate id is refused")
    func appendOnly() throws {
        let database = try CounterDatabase.inMemory()
        let first = event(UUID(), .caseStarted(style: .preprinted), at: morning)
        try database.write { db in try CaseEventRepository.append(first, in: db) }
        // The same event again is refused by the write-once schema, not merely by the unique id.
        #expect(throws: StoreError.appendOnly) {
            try database.write { db in try CaseEventRepository.append(first, in: db) }
        }
        #expect(throws: StoreError.appendOnly) {
            try database.write { db in try db.execute(sql: "UPDATE case_event SET actor_id = 'x'") }
        }
        #expect(throws: StoreError.appendOnly) {
            try database.write { db in try db.execute(sql: "DELETE FROM case_event") }
        }
        #expect(try database.read { db in try CaseEventRepository.events(caseID: first.caseID, in: db) } == [first])
    }

    @Test("stored rows hold no personal data of the case")
    func noPersonalData() throws {
        let database = try CounterDatabase.inMemory()
        let info = BasicInfo(name: "髙橋\u{3000}﨑子", address: "大阪府大阪市北区中之島一丁目3番20号",
                             birthDate: CalendarDate(year: 1980, month: 2, day: 17), sex: .female)
        let caseID = UUID()
        try database.write { (db: Database) throws in
            for kind: CaseEventKind in [.caseStarted(style: .preprinted), .infoCaptured(source: .card),
                                        .infoCorrected(fields: [.name]),
                                        .formPrinted(formID: "juminhyo", revision: 1, copies: 1, outcome: .ok)] {
                try CaseEventRepository.append(event(caseID, kind, at: morning), in: db)
            }
        }
        let dump = try database.writer.read { (db: Database) throws in
            try Row.fetchAll(db, sql: "SELECT * FROM case_event").map { row in
                row.columnNames.map { column in (row[column] as DatabaseValue).description }.joined(separator: "|")
            }.joined(separator: "\n")
        }
        #expect(!dump.isEmpty)
        for secret in [info.name, info.familyName, info.givenName, info.address, "1980-02-17", "19800217"] {
            #expect(!dump.contains(secret))
        }
    }

    @Test("v6 widens the case styles: a v5 file's events are copied as stored, the chain still verifies, the guards are back")
    func styleMigrationKeepsTheChain() throws {
        let path = try temporaryDatabasePath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let caseID = UUID()
        do {
            let queue = try DatabaseQueue(path: path)
            try DatabaseSchema.terminal.migrator.migrate(queue, upTo: "v5-supervisor-role")
            try queue.write { db in
                for kind: CaseEventKind in [.caseStarted(style: .preprinted), .infoCaptured(source: .card),
                                            .caseEnded(durationMilliseconds: 5)] {
                    try CaseEventRepository.append(event(caseID, kind, at: morning), in: db)
                }
                #expect(throws: (any Error).self) {
                    try CaseEventRepository.append(event(UUID(), .caseStarted(style: .fee), at: morning), in: db)
                }
            }
            try queue.close()
        }
        let database = try CounterDatabase.open(path: path)
        let feeCase = UUID()
        try database.write { db in
            try CaseEventRepository.append(event(feeCase, .caseStarted(style: .fee), at: morning), in: db)
            try CaseEventRepository.append(event(feeCase, .paymentTaken(method: .cashless, durationMilliseconds: 8_000),
                                                 at: morning), in: db)
        }
        try database.read { db in
            #expect(try CaseEventRepository.verifyChains(in: db) == ChainReport(recordsPerTerminal: ["T01": 5], firstBreak: nil))
            #expect(try CaseEventRepository.missingGuards(in: db).isEmpty)
            #expect(try CaseEventRepository.events(caseID: caseID, in: db).map(\.kind)
                == [.caseStarted(style: .preprinted), .infoCaptured(source: .card), .caseEnded(durationMilliseconds: 5)])
            #expect(try CaseEventRepository.events(caseID: feeCase, in: db).map(\.kind)
                == [.caseStarted(style: .fee), .paymentTaken(method: .cashless, durationMilliseconds: 8_000)])
            let next = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'case_event'")
            #expect(next == 5)
        }
        #expect(throws: (any Error).self) {
            try database.write { db in try db.execute(sql: "UPDATE case_event SET kind = 'caseEnded'") }
        }
        #expect(throws: (any Error).self) {
            try database.write { db in try db.execute(sql: "DELETE FROM case_event") }
        }
    }
}
