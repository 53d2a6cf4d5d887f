import CounterCore

/// What a form is filled from: the card's four fields, the clerk-typed フリガナ, the request day
/// and the office of the terminal that prints it.
public struct FormFill: Sendable, Equatable {
    /// The four basic fields (from the card, a file or typed by the clerk).
    public var info: BasicInfo
    /// フリガナ of the name, full-width katakana; empty when not given (the box stays blank).
    public var furigana: String
    /// The day of the request (届出日・請求日) and the day the revision is chosen for.
    public var today: CalendarDate
    /// The terminal's office (its ward name prints on the forms); nil leaves those boxes blank.
    public var office: Office?
    /// The one-stop answers by question id, printed on every form with a field for them (asked once).
    public var answers: [String: FormAnswer]

    /// Creates a fill.
    public init(info: BasicInfo, furigana: String = "", today: CalendarDate, office: Office? = nil,
                answers: [String: FormAnswer] = [:]) {
        self.info = info
        self.furigana = furigana
        self.today = today
        self.office = office
        self.answers = answers
    }
}

/// A one-stop answer as a form prints it.
public enum FormAnswer: Sendable, Equatable {
    /// Text, as typed (never normalized).
    case text(String)
    /// A date, printed with the field's date format.
    case date(CalendarDate)
}
