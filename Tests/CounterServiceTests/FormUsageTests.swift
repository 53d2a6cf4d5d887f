import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import MyNumberReader
import Testing

@Suite("Form order by use")
struct FormUsageTests {
    static let now = Date(timeIntervalSince1970: 1_795_222_800)  // 2026-11-21 10:00 JST

    private func event(_ formID: String, copies: Int, outcome: PrintOutcome = .ok, terminal: String = "T01",
                       at date: Date = FormUsageTests.now) -> CaseEvent {
        CaseEvent(terminalID: terminal, actor: .clerk(id: "c1"), channel: .counter, caseID: UUID(), timestamp: date,
                  kind: .formPrinted(formID: formID, revision: 1, copies: copies, outcome: outcome))
    }

    @Test("most-printed first at this terminal; failures, other terminals and old prints do not count; ties keep catalog order")
    func ordered() throws {
        let database = try CounterStorage.inMemory()
        let old = Self.now.addingTimeInterval(-91 * 86_400)
        try database.write { db in
            for event in [event("tenkyo", copies: 3), event("inkan-request", copies: 1), event("inkan-request", copies: 1),
                          event("juminhyo-request", copies: 9, outcome: .failed(errorKind: "print.queueStopped")),
                          event("juminhyo-request", copies: 9, terminal: "T02"), event("juminhyo-request", copies: 9, at: old)] {
                try CaseEventRepository.append(event, in: db)
            }
        }
        let usage = FormUsage(database: database)
        let ordered = usage.ordered(FakeFormPrinting.forms, terminalID: "T01", today: CalendarDate(year: 2026, month: 11, day: 21))
        #expect(ordered.map(\.id) == ["tenkyo", "inkan-request", "juminhyo-request"])
        #expect(usage.ordered(FakeFormPrinting.forms, terminalID: "T09", today: CalendarDate(year: 2026, month: 11, day: 21))
                == FakeFormPrinting.forms)
    }

    @Test("a case begun with usage offers its forms in that order")
    func caseUsesOrder() throws {
        let database = try CounterStorage.inMemory()
        try database.write { db in try CaseEventRepository.append(event("tenkyo", copies: 1), in: db) }
        let cases = CaseService(terminalID: "T01", channel: .counter, clock: FixedClock(Self.now),
                                events: EventQueue(database: database), printing: FakeFormPrinting(),
                                card: CardInfoReader(sessions: try SimulatedCardSlot(holder: Fixtures.takahashi)),
                                usage: FormUsage(database: database))
        let session = cases.begin(actor: .clerk(id: "c1"))
        #expect(session.forms.first?.id == "tenkyo")
        session.end()
    }

    @Test("calendar days are added across months, leap days and years", arguments: [
        (CalendarDate(year: 2026, month: 11, day: 21), -90, CalendarDate(year: 2026, month: 8, day: 23)),
        (CalendarDate(year: 2024, month: 3, day: 1), -1, CalendarDate(year: 2024, month: 2, day: 29)),
        (CalendarDate(year: 2023, month: 3, day: 1), -1, CalendarDate(year: 2023, month: 2, day: 28)),
        (CalendarDate(year: 2026, month: 12, day: 31), 1, CalendarDate(year: 2027, month: 1, day: 1)),
        (CalendarDate(year: 2000, month: 2, day: 28), 1, CalendarDate(year: 2000, month: 2, day: 29)),
        (CalendarDate(year: 1900, month: 2, day: 28), 1, CalendarDate(year: 1900, month: 3, day: 1)),
    ])
    func addingDays(start: CalendarDate, days: Int, expected: CalendarDate) {
        #expect(start.adding(days: days) == expected)
        #expect(expected.adding(days: -days) == start)
    }

    @Test("over 3000 random dates and offsets, adding days agrees with Foundation's Gregorian calendar")
    func addingDaysMatchesFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var generator = SplitMix64(seed: 2026)
        for _ in 0..<3000 {
            let year = 1868 + Int(generator.next() % 240), month = 1 + Int(generator.next() % 12)
            let day = 1 + Int(generator.next() % UInt64(CalendarDate.daysIn(month: month, year: year)))
            let offset = Int(generator.next() % 2001) - 1000
            let start = try #require(calendar.date(from: DateComponents(year: year, month: month, day: day)))
            let moved = calendar.dateComponents([.year, .month, .day], from: try #require(calendar.date(byAdding: .day, value: offset, to: start)))
            #expect(CalendarDate(year: year, month: month, day: day).adding(days: offset)
                    == CalendarDate(year: moved.year!, month: moved.month!, day: moved.day!))
        }
    }
}
