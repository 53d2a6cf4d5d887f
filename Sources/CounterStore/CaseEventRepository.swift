import CounterCore
import Foundation
import GRDB

/// The append-only log of case events. Updates and deletes are refused by the schema.
///
/// The operations take the open `Database`, so an event commits in the same transaction as the
/// records it describes; ``CounterDatabase/write(_:)`` opens one.
public enum CaseEventRepository {
    /// Appends one event.
    public static func append(_ event: CaseEvent, in db: Database) throws {
        try db.execute(sql: "INSERT INTO case_event (\(CaseEventRow.columns)) VALUES (\(placeholders))",
                       arguments: CaseEventRow(event: event).arguments)
    }

    /// The events of one case, in the order they were appended.
    public static func events(caseID: UUID, in db: Database) throws -> [CaseEvent] {
        try fetch(where: "case_id = ?", [caseID.uuidString], in: db)
    }

    /// The events of one day in Japan, in the order they were appended.
    public static func events(day: CalendarDate, in db: Database) throws -> [CaseEvent] {
        try fetch(where: "day = ?", [day.iso], in: db)
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
