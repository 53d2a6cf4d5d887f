import CounterCore
import CounterStore
import Foundation

/// Reads back what a test recorded.
public enum EventLog {
    /// The events of one day in Japan, in the order written.
    public static func events(_ database: CounterDatabase, day: CalendarDate) throws -> [CaseEvent] {
        try database.read { db in try CaseEventRepository.events(day: day, in: db) }
    }

    /// The events of one case, in the order written.
    public static func events(_ database: CounterDatabase, caseID: UUID) throws -> [CaseEvent] {
        try database.read { db in try CaseEventRepository.events(caseID: caseID, in: db) }
    }
}
