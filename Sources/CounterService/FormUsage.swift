import CounterCore
import CounterStore
import Foundation

/// Orders the form menu by use: the forms this terminal printed most (copies, over ``window`` days)
/// first, the rest in catalog order. A clerk's most common forms stay at the top of the list.
public struct FormUsage: Sendable {
    private let database: CounterDatabase
    /// How many days back use is counted.
    public let window: Int

    /// Counts use in `database` over the last `window` days.
    public init(database: CounterDatabase, window: Int = 90) {
        self.database = database
        self.window = window
    }

    /// `forms` most-used first (ties and unused forms keep their catalog order); the catalog order
    /// when the database cannot be read (the menu never waits on, or fails with, the statistics).
    public func ordered(_ forms: [FormChoice], terminalID: String, today: CalendarDate) -> [FormChoice] {
        let since = today.adding(days: -window)
        guard let copies = try? database.read({ db in
            try CaseEventRepository.printedCopies(terminalID: terminalID, since: since, in: db)
        }) else { return forms }
        func use(_ form: FormChoice) -> Int { copies[form.id] ?? 0 }
        return forms.enumerated()
            .sorted { use($0.element) != use($1.element) ? use($0.element) > use($1.element) : $0.offset < $1.offset }
            .map(\.element)
    }
}
