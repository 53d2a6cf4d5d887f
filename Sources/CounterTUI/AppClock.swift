import Foundation

/// The source of "now" for the UI (today's 和暦 date, event timestamps); injectable for tests.
public protocol AppClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The system's wall clock.
public struct SystemClock: AppClock {
    /// Creates the clock.
    public init() {}

    /// `Date()`.
    public func now() -> Date { Date() }
}
