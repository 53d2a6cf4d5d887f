import CashlessLedger
import CounterCore
import Foundation

/// What the ledger's tests share: the seeds' catalog, instants in Japan, and a clock the test moves.
public enum LedgerFixtures {
    /// The repository's `payment-brands.json`, `ledger-items.json` and `cancel-reasons.json`.
    public static let catalog: LedgerCatalog = try! LedgerCatalog.load(from: Fixtures.seeds)

    /// `hour:minute` on `day` in Japan.
    public static func instant(_ day: CalendarDate, hour: Int = 10, minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour,
                                                  minute: minute))!
    }

    /// 2026-12-01, a Tuesday.
    public static let day = CalendarDate(year: 2026, month: 12, day: 1)
}

/// A clock the test sets (the one clock the cashier reads).
public final class LedgerClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date

    /// Starts at `instant`.
    public init(_ instant: Date) {
        self.instant = instant
    }

    /// Moves the clock to `instant`.
    public func set(_ instant: Date) {
        lock.withLock { self.instant = instant }
    }

    public func now() -> Date { lock.withLock { instant } }
}
