import CounterCore
import Foundation
import GRDB
import Testing
@testable import CounterStore

@Suite("CaseEventRepository")
struct CaseEventRepositoryTests {
    let tokyo = TimeZone(identifier: "Asia/Tokyo")!
    /// 2026-11-21 10:00 JST.
    let morning = Date(timeIntervalSince1970: 1_795_222_800)

    func event(_ caseID: UUID, _ kind: CaseEventKind, at date: Date, clerk: String = "c1") -> CaseEvent {
        CaseEvent(terminalID: "T01", clerkID: clerk, caseID: caseID, timestamp: date, kind: kind)
    }

    @Test("events round-trip in order, by case and by local day")
    func roundTrip() throws {
        let path = try temporaryDatabasePath()
        let events = CaseEventRepository(database: try .open(path: path), timeZone: tokyo)
        let caseID = UUID()
        let kinds: [CaseEventKind] = [
            .caseStarted, .cardError(kind: "CardError.pinIncorrect"), .infoCaptured(source: .card),
            .infoCorrected(fields: [.address, .sex]), .formPrinted(formID: "juminhyo", copies: 2, outcome: .ok),
            .formPrinted(formID: "inkan", copies: 1, outcome: .failed(errorKind: "PrintError.offline")),
            .caseEnded(durationMilliseconds: 180_000),
        ]
        let written = kinds.enumerated().map { event(caseID, $1, at: morning.addingTimeInterval(Double($0))) }
        for item in written { try events.append(item) }
        #expect(try events.events(caseID: caseID) == written)
        #expect(try events.events(day: CalendarDate(year: 2026, month: 11, day: 21)) == written)
        #expect(try events.events(day: CalendarDate(year: 2026, month: 11, day: 20)).isEmpty)
        #expect(try events.events(caseID: UUID()).isEmpty)
    }

    @Test("the day is the ward office's local day, not UTC")
    func localDay() throws {
        let events = CaseEventRepository(database: try .inMemory(), timeZone: tokyo)
        // 2026-11-21 23:30 UTC is 2026-11-22 08:30 JST.
        let lateUTC = Date(timeIntervalSince1970: 1_795_303_800)
        #expect(events.day(of: lateUTC) == CalendarDate(year: 2026, month: 11, day: 22))
    }

    @Test("daily counts: cases by source, forms printed and failed, card errors, durations")
    func counts() throws {
        let events = CaseEventRepository(database: try .inMemory(), timeZone: tokyo)
        let cardCase = UUID(), manualCase = UUID(), otherDayCase = UUID()
        let appended: [CaseEvent] = [
            event(cardCase, .caseStarted, at: morning),
            event(cardCase, .cardError(kind: "x"), at: morning),
            event(cardCase, .infoCaptured(source: .card), at: morning),
            event(cardCase, .formPrinted(formID: "a", copies: 2, outcome: .ok), at: morning),
            event(cardCase, .formPrinted(formID: "b", copies: 1, outcome: .failed(errorKind: "e")), at: morning),
            event(cardCase, .formPrinted(formID: "b", copies: 1, outcome: .ok), at: morning),
            event(cardCase, .caseEnded(durationMilliseconds: 120_000), at: morning),
            event(manualCase, .caseStarted, at: morning),
            event(manualCase, .infoCaptured(source: .manual), at: morning),
            event(manualCase, .caseEnded(durationMilliseconds: 60_000), at: morning),
            event(otherDayCase, .caseStarted, at: morning.addingTimeInterval(86_400)),
            event(otherDayCase, .infoCaptured(source: .card), at: morning.addingTimeInterval(86_400)),
        ]
        for item in appended { try events.append(item) }
        let counts = try events.counts(day: CalendarDate(year: 2026, month: 11, day: 21))
        #expect(counts.casesStarted == 2)
        #expect(counts.casesEnded == 2)
        #expect(counts.casesBySource == [.card: 1, .manual: 1])
        #expect(counts.formJobsPrinted == 2)
        #expect(counts.formCopiesPrinted == 3)
        #expect(counts.formJobsFailed == 1)
        #expect(counts.cardErrors == 1)
        #expect(counts.totalCaseMilliseconds == 180_000)
        #expect(try events.counts(day: CalendarDate(year: 2026, month: 11, day: 22)).casesBySource == [.card: 1])
    }

    @Test("events are append-only and a duplicate id is refused")
    func appendOnly() throws {
        let database = try CounterDatabase.inMemory()
        let events = CaseEventRepository(database: database, timeZone: tokyo)
        let first = event(UUID(), .caseStarted, at: morning)
        try events.append(first)
        #expect(throws: StoreError.self) { try events.append(first) }
        #expect(throws: (any Error).self) {
            try database.writer.write { db in try db.execute(sql: "UPDATE case_event SET clerk_id = 'x'") }
        }
        #expect(throws: (any Error).self) {
            try database.writer.write { db in try db.execute(sql: "DELETE FROM case_event") }
        }
        #expect(try events.events(caseID: first.caseID) == [first])
    }

    @Test("stored rows hold no personal data of the case")
    func noPersonalData() throws {
        let database = try CounterDatabase.inMemory()
        let events = CaseEventRepository(database: database, timeZone: tokyo)
        let info = BasicInfo(name: "髙橋\u{3000}﨑子", address: "大阪府大阪市北区中之島一丁目3番20号",
                             birthDate: CalendarDate(year: 1980, month: 2, day: 17), sex: .female)
        let caseID = UUID()
        for kind: CaseEventKind in [.caseStarted, .infoCaptured(source: .card), .infoCorrected(fields: [.name]),
                                    .formPrinted(formID: "juminhyo", copies: 1, outcome: .ok)] {
            try events.append(event(caseID, kind, at: morning))
        }
        let dump = try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM case_event").map { row in
                row.columnNames.map { column in (row[column] as DatabaseValue).description }.joined(separator: "|")
            }.joined(separator: "\n")
        }
        #expect(!dump.isEmpty)
        for secret in [info.name, info.familyName, info.givenName, info.address, "1980-02-17", "19800217"] {
            #expect(!dump.contains(secret))
        }
    }
}
