import Foundation

extension TimeZone {
    /// Japan Standard Time, the ward offices' time zone.
    public static let japan = TimeZone(identifier: "Asia/Tokyo") ?? TimeZone(secondsFromGMT: 9 * 3600)!
}

extension CalendarDate {
    /// The date in Japan at the instant `now` (see ``Clock/today()``).
    public static func inJapan(at now: Date) -> CalendarDate {
        CalendarDate(now, in: .japan)
    }

    /// The calendar day of an instant in a time zone (Gregorian).
    public init(_ instant: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        self.init(year: parts.year ?? 1, month: parts.month ?? 1, day: parts.day ?? 1)
    }
}
