import CounterCore
import Foundation
import GRDB

/// The append-only log of case events. Updates and deletes are refused by the schema.
///
/// The operations take the open `Database`, so an event commits in the same transaction as the
/// records it describes; ``CounterDatabase/write(_:)`` opens one.
public enum CaseEventRepository {
    /// Appends one event, linked into its terminal's hash chain.
    public static func append(_ event: CaseEvent, in db: Database) throws {
        let row = CaseEventRow(event: event)
        // Cached statements: the KPI triggers make an insert costly to compile, and a busy day writes thousands.
        let previous = try Data.fetchOne(db.cachedStatement(sql: """
            SELECT hash FROM case_event WHERE terminal_id = ? ORDER BY seq DESC LIMIT 1
            """), arguments: [event.terminalID]) ?? HashChain.genesis
        var arguments = row.arguments
        arguments += [previous, HashChain.link(previous: previous, fields: row.values)]
        try db.cachedStatement(sql: "INSERT INTO case_event (\(CaseEventRow.columns), prev_hash, hash) VALUES (\(placeholders), ?, ?)")
            .execute(arguments: arguments)
    }

    /// Appends `event` unless an event with its id is stored already (a replay of the journal);
    /// returns true when it was appended.
    @discardableResult
    public static func appendIfNew(_ event: CaseEvent, in db: Database) throws -> Bool {
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_event WHERE id = ?", arguments: [event.id.uuidString]) == 0
        else { return false }
        try append(event, in: db)
        return true
    }

    /// The triggers that make `case_event` write-once.
    public static let guards = ["case_event_no_update", "case_event_no_delete", "case_event_no_replace", "case_event_chained"]

    /// The write-once triggers missing from the schema (someone dropped them).
    public static func missingGuards(in db: Database) throws -> [String] {
        let present = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        return guards.filter { !present.contains($0) }
    }

    /// Recomputes every terminal's chain from the stored columns and compares it with the stored hashes.
    public static func verifyChains(in db: Database) throws -> ChainReport {
        var previous: [String: Data] = [:]
        var counts: [String: Int] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM case_event ORDER BY seq")
        while let row = try rows.next() {
            let terminal: String = row["terminal_id"]
            let expectedPrevious = previous[terminal] ?? HashChain.genesis
            let storedPrevious: Data? = row["prev_hash"], stored: Data? = row["hash"]
            let computed = HashChain.link(previous: expectedPrevious, fields: CaseEventRow.storedValues(of: row))
            counts[terminal, default: 0] += 1
            guard storedPrevious == expectedPrevious, stored == computed else {
                return ChainReport(recordsPerTerminal: counts, firstBreak: (terminal, row["seq"]))
            }
            previous[terminal] = computed
        }
        return ChainReport(recordsPerTerminal: counts, firstBreak: nil)
    }

    /// The events of one case, in the order they were appended.
    public static func events(caseID: UUID, in db: Database) throws -> [CaseEvent] {
        try fetch(where: "case_id = ?", [caseID.uuidString], in: db)
    }

    /// The events of one day in Japan, in the order they were appended.
    public static func events(day: CalendarDate, in db: Database) throws -> [CaseEvent] {
        try fetch(where: "day = ?", [day.iso], in: db)
    }

    /// Copies printed (outcome ok) per form id at `terminalID` from `day` on: how much each form is used.
    public static func printedCopies(terminalID: String, since day: CalendarDate, in db: Database) throws -> [String: Int] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT form_id, SUM(copies) AS copies FROM case_event
            WHERE kind = 'formPrinted' AND outcome = 'ok' AND terminal_id = ? AND day >= ? AND form_id IS NOT NULL
            GROUP BY form_id
            """, arguments: [terminalID, day.iso])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["form_id"] as String, $0["copies"] as Int) })
    }

    /// Cases of `terminalID` begun on `day` and neither ended nor abandoned (one may still be printing).
    public static func openCases(terminalID: String, day: CalendarDate, in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT COUNT(DISTINCT case_id) FROM case_event started
            WHERE started.kind = 'caseStarted' AND started.terminal_id = ? AND started.day = ?
            AND NOT EXISTS (SELECT 1 FROM case_event ended WHERE ended.case_id = started.case_id
                AND ended.kind IN ('caseEnded', 'caseAbandoned'))
            """, arguments: [terminalID, day.iso]) ?? 0
    }

    private static let placeholders = Array(repeating: "?", count: CaseEventRow.columns.split(separator: ",").count)
        .joined(separator: ", ")

    private static func fetch(where condition: String, _ arguments: StatementArguments, in db: Database) throws
        -> [CaseEvent]
    {
        try Row.fetchAll(db, sql: "SELECT * FROM case_event WHERE \(condition) ORDER BY seq", arguments: arguments)
            .map(CaseEventRow.event(from:))
    }
}
