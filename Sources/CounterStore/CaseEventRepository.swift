import CounterCore
import Foundation
import GRDB

/// The append-only log of case events, and the daily counts the KPIs build on.
///
/// Each event is stored with its local calendar day (in `timeZone`) so per-day queries need no
/// date arithmetic in SQL. Updates and deletes are refused by the schema.
public struct CaseEventRepository: Sendable {
    private let writer: any DatabaseWriter
    private let timeZone: TimeZone

    /// Works on the events of `database`; days are counted in `timeZone` (the ward office's).
    public init(database: CounterDatabase, timeZone: TimeZone) {
        writer = database.writer
        self.timeZone = timeZone
    }

    /// The local calendar day of an instant.
    public func day(of date: Date) -> CalendarDate {
        CalendarDate(date, in: timeZone)
    }

    /// Appends one event.
    public func append(_ event: CaseEvent) throws {
        let row = CaseEventRow(event: event, day: day(of: event.timestamp))
        try StoreError.translating {
            try writer.write { db in
                try db.execute(sql: """
                    INSERT INTO case_event (id, terminal_id, clerk_id, case_id, occurred_at_ms, day, kind, source,
                                            fields, form_id, copies, outcome, error_kind, duration_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: row.arguments)
            }
        }
    }

    /// The events of one case, in the order they were appended.
    public func events(caseID: UUID) throws -> [CaseEvent] {
        try fetch(where: "case_id = ?", [caseID.uuidString])
    }

    /// The events of one local day, in the order they were appended.
    public func events(day: CalendarDate) throws -> [CaseEvent] {
        try fetch(where: "day = ?", [day.iso])
    }

    /// Counts for one local day: cases by info source, forms printed and failed, card errors.
    public func counts(day: CalendarDate) throws -> DailyCaseCounts {
        try StoreError.translating {
            try writer.read { db in
                let day = day.iso
                func count(_ sql: String) throws -> Int {
                    try Int.fetchOne(db, sql: sql, arguments: [day]) ?? 0
                }
                var bySource: [InfoSource: Int] = [:]
                let sourceRows = try Row.fetchAll(db, sql: """
                    SELECT source, COUNT(DISTINCT case_id) AS cases FROM case_event
                    WHERE day = ? AND kind = 'infoCaptured' GROUP BY source
                    """, arguments: [day])
                for row in sourceRows {
                    if let source = InfoSource(rawValue: row["source"]) { bySource[source] = row["cases"] }
                }
                return DailyCaseCounts(
                    day: CalendarDate(iso: day) ?? CalendarDate(year: 1, month: 1, day: 1),
                    casesStarted: try count("SELECT COUNT(*) FROM case_event WHERE day = ? AND kind = 'caseStarted'"),
                    casesEnded: try count("SELECT COUNT(*) FROM case_event WHERE day = ? AND kind = 'caseEnded'"),
                    casesBySource: bySource,
                    formJobsPrinted: try count(
                        "SELECT COUNT(*) FROM case_event WHERE day = ? AND kind = 'formPrinted' AND outcome = 'ok'"),
                    formCopiesPrinted: try count(
                        "SELECT COALESCE(SUM(copies), 0) FROM case_event WHERE day = ? AND kind = 'formPrinted' AND outcome = 'ok'"),
                    formJobsFailed: try count(
                        "SELECT COUNT(*) FROM case_event WHERE day = ? AND kind = 'formPrinted' AND outcome = 'failed'"),
                    cardErrors: try count("SELECT COUNT(*) FROM case_event WHERE day = ? AND kind = 'cardError'"),
                    totalCaseMilliseconds: try count(
                        "SELECT COALESCE(SUM(duration_ms), 0) FROM case_event WHERE day = ? AND kind = 'caseEnded'"))
            }
        }
    }

    private func fetch(where condition: String, _ arguments: StatementArguments) throws -> [CaseEvent] {
        try StoreError.translating {
            try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM case_event WHERE \(condition) ORDER BY seq", arguments: arguments)
                    .map(CaseEventRow.event(from:))
            }
        }
    }
}

/// Per-day counts of case events for one terminal database.
public struct DailyCaseCounts: Sendable, Equatable {
    /// The local day counted.
    public var day: CalendarDate
    /// Cases started that day.
    public var casesStarted: Int
    /// Cases ended that day.
    public var casesEnded: Int
    /// Distinct cases whose four fields came from each source.
    public var casesBySource: [InfoSource: Int]
    /// Print jobs that succeeded.
    public var formJobsPrinted: Int
    /// Copies in the print jobs that succeeded.
    public var formCopiesPrinted: Int
    /// Print jobs that failed.
    public var formJobsFailed: Int
    /// Card errors recorded.
    public var cardErrors: Int
    /// Sum of the durations of the cases ended that day.
    public var totalCaseMilliseconds: Int

    /// Creates a set of counts.
    public init(day: CalendarDate, casesStarted: Int, casesEnded: Int, casesBySource: [InfoSource: Int],
                formJobsPrinted: Int, formCopiesPrinted: Int, formJobsFailed: Int, cardErrors: Int,
                totalCaseMilliseconds: Int) {
        self.day = day
        self.casesStarted = casesStarted
        self.casesEnded = casesEnded
        self.casesBySource = casesBySource
        self.formJobsPrinted = formJobsPrinted
        self.formCopiesPrinted = formCopiesPrinted
        self.formJobsFailed = formJobsFailed
        self.cardErrors = cardErrors
        self.totalCaseMilliseconds = totalCaseMilliseconds
    }
}
