import CounterCore

/// A Japanese fiscal year (年度): April 1 to March 31, named by the year it starts (2026 = 令和8年度).
public struct FiscalYear: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year it starts in.
    public let year: Int

    /// The fiscal year `year` (starting April 1 of it).
    public init(_ year: Int) { self.year = year }

    /// The fiscal year holding `day` (a day in Japan).
    public init(containing day: CalendarDate) { year = day.month >= 4 ? day.year : day.year - 1 }

    /// Its first day (April 1).
    public var first: CalendarDate { CalendarDate(year: year, month: 4, day: 1) }
    /// Its last day (March 31 of the next year).
    public var last: CalendarDate { CalendarDate(year: year + 1, month: 3, day: 31) }
    /// Its days.
    public var dayCount: Int { last.daysSince(first) + 1 }

    /// 「2026年度」.
    public var description: String { "\(year)年度" }

    public static func < (lhs: FiscalYear, rhs: FiscalYear) -> Bool { lhs.year < rhs.year }
}

/// A run of days a report covers, first and last included.
public struct DayRange: Sendable, Hashable {
    public let first: CalendarDate, last: CalendarDate

    /// The days from `first` to `last` (`last` not before `first`).
    public init(_ first: CalendarDate, _ last: CalendarDate) {
        self.first = first
        self.last = max(first, last)
    }

    /// The number of days.
    public var count: Int { last.daysSince(first) + 1 }

    /// True when `day` is in the range.
    public func contains(_ day: CalendarDate) -> Bool { first <= day && day <= last }

    /// The month of `day` (its first to its last day).
    public static func month(of day: CalendarDate) -> DayRange {
        DayRange(CalendarDate(year: day.year, month: day.month, day: 1),
                 CalendarDate(year: day.year, month: day.month, day: CalendarDate.daysIn(month: day.month, year: day.year)))
    }

    /// The months the range touches, as `YYYY-MM`, in order.
    public var months: [String] {
        var result: [String] = []
        var year = first.year, month = first.month
        while (year, month) <= (last.year, last.month) {
            result.append(String(format: "%04d-%02d", year, month))
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
        return result
    }

    /// True when the range covers whole months only.
    public var isWholeMonths: Bool {
        first.day == 1 && last.day == CalendarDate.daysIn(month: last.month, year: last.year)
    }
}
