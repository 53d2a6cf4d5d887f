import CounterCore
import CounterStore
import Foundation

/// Everything the UI calls out to, bundled so it can cross to background work.
struct Services: Sendable {
    let card: any CardPort
    let printer: any PrintPort
    let clerks: ClerkRepository
    let events: CaseEventRepository
    let terminalID: String
    let eras: EraTable
    let clock: any AppClock
    let timeZone: TimeZone
    /// How long without a key before the screen locks and asks the clerk's password again.
    let idleTimeout: Duration

    /// Today's date in the ward office's time zone.
    var today: CalendarDate {
        events.day(of: clock.now())
    }

    /// A date as 「昭和55年2月17日（1980年2月17日）」: 和暦 and 西暦; 西暦 alone before the first era.
    func bothCalendars(_ date: CalendarDate) -> String {
        let western = "\(date.year)年\(date.month)月\(date.day)日"
        guard let japanese = eras.japaneseDate(for: date) else { return western }
        return "\(japanese.formatted)（\(western)）"
    }
}
