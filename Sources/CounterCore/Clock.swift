import Foundation

/// The one source of "now" for every module: the case, the forms' revision and date, the PDF folder's
/// file names, the store. No module reads the system time on its own; tests pass a fixed clock.
public protocol Clock: Sendable {
    /// The current instant.
    func now() -> Date
}

extension Clock {
    /// Today's date in Japan (the ward offices' calendar day).
    public func today() -> CalendarDate {
        CalendarDate(now(), in: .japan)
    }
}

/// The system's wall clock: the only place that asks the operating system for the time.
public struct SystemClock: Clock {
    /// Creates the clock.
    public init() {}

    /// The system time.
    public func now() -> Date { Date() }
}

/// A clock stopped at one instant (tests, reproducible runs such as `--date`).
public struct FixedClock: Clock {
    /// The instant this clock always reports.
    public var instant: Date

    /// A clock that always reports `instant`.
    public init(_ instant: Date) {
        self.instant = instant
    }

    /// ``instant``.
    public func now() -> Date { instant }
}
