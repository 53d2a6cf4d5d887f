/// A Gregorian calendar date without time or time zone (a birth date, an issue date).
public struct CalendarDate: Sendable, Equatable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Year of the Gregorian calendar, e.g. 1985.
    public var year: Int
    /// Month, 1–12.
    public var month: Int
    /// Day of the month, 1–31.
    public var day: Int

    /// Creates a date from its parts; no validation (see ``init(yyyymmdd:)`` and ``init(iso:)``).
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYYMMDD` (the card's birth-date format); nil if malformed or not a real date.
    public init?(yyyymmdd text: String) {
        let digits = Array(text.utf8)
        guard digits.count == 8, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(digits[$1] - 0x30) } }
        self.init(year: number(0..<4), month: number(4..<6), day: number(6..<8))
        guard isValid else { return nil }
    }

    /// Parses `YYYY-MM-DD`; nil if malformed or not a real date.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 else { return nil }
        self.init(yyyymmdd: parts.joined())
    }

    /// True when month and day exist in that year.
    public var isValid: Bool {
        guard year >= 1, (1...12).contains(month), day >= 1 else { return false }
        return day <= CalendarDate.daysIn(month: month, year: year)
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// `YYYY-MM-DD`.
    public var description: String { iso }

    /// Chronological order.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Number of days in a month of the Gregorian calendar.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Decodes the value from its JSON text form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            // The value stays out of the message: it may be a birth date.
            throw DecodingError.seedValue("日付は YYYY-MM-DD の実在する日付で指定してください", at: container.codingPath)
        }
        self = date
    }

    /// Encodes the value as its JSON text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

extension CalendarDate {
    /// The date `days` days later (earlier when negative), on the proleptic Gregorian calendar.
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + days)
    }

    /// Days since 0000-03-01 (a count that makes leap days the last day of the year).
    private var dayNumber: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let shiftedMonth = (month + 9) % 12
        return 365 * shiftedYear + shiftedYear / 4 - shiftedYear / 100 + shiftedYear / 400
            + (shiftedMonth * 306 + 5) / 10 + (day - 1)
    }

    private init(dayNumber: Int) {
        var year = (10000 * dayNumber + 14780) / 3652425
        var dayOfYear = dayNumber - (365 * year + year / 4 - year / 100 + year / 400)
        if dayOfYear < 0 {
            year -= 1
            dayOfYear = dayNumber - (365 * year + year / 4 - year / 100 + year / 400)
        }
        let shiftedMonth = (100 * dayOfYear + 52) / 3060
        let month = (shiftedMonth + 2) % 12 + 1
        self.init(year: year + (shiftedMonth + 2) / 12, month: month, day: dayOfYear - (shiftedMonth * 306 + 5) / 10 + 1)
    }
}

extension CalendarDate {
    /// Whole days from `other` to this date (negative when this date is earlier).
    public func daysSince(_ other: CalendarDate) -> Int {
        dayNumber - other.dayNumber
    }
}
