import CounterCore

/// Where a form field's value comes from.
public enum FieldSource: String, Sendable, Codable, CaseIterable {
    /// 氏名, as on the card.
    case name
    /// 氏 (before the first space).
    case familyName
    /// 名 (after the first space).
    case givenName
    /// 住所 including 方書.
    case address
    /// 住所 up to the first space (the street address without 方書).
    case addressMain
    /// 方書: the part of the address after the first space (empty when there is none).
    case addressBuilding
    /// 生年月日.
    case birthDate
    /// 性別.
    case sex
    /// The day of the request (届出日・請求日).
    case today
    /// フリガナ of the whole name, as the clerk typed it (blank when not given).
    case furigana
    /// フリガナ of the 氏 (before the first space).
    case furiganaFamily
    /// フリガナ of the 名 (after the first space).
    case furiganaGiven
    /// The ward of the terminal's office, e.g. 北区 (blank when the terminal has no office set).
    case wardName
    /// The terminal's office, e.g. 北区役所 (blank when the terminal has no office set).
    case officeName
    /// A one-stop answer given as text (a new address, the household head, a 続柄), named by the field's `answer`
    /// (blank when the case has no such answer).
    case answerText
    /// A one-stop answer given as a date (異動日), named by the field's `answer` (blank when not answered).
    case answerDate

    /// True for the sources that name a one-stop answer.
    public var isAnswer: Bool { self == .answerText || self == .answerDate }

    /// The kind of value the source yields, which decides the formats it accepts.
    public var kind: Kind {
        switch self {
        case .name, .familyName, .givenName, .address, .addressMain, .addressBuilding, .furigana, .furiganaFamily,
             .furiganaGiven, .wardName, .officeName, .answerText:
            return .text
        case .birthDate, .today, .answerDate: return .date
        case .sex: return .sex
        }
    }

    /// Value kinds.
    public enum Kind: String, Sendable {
        /// Free text (names, addresses): printed with `text`.
        case text
        /// A calendar date: printed with the date formats (和暦, 西暦, digits, era circle).
        case date
        /// 性別: printed with `text` (男/女) or `sexCircle`.
        case sex
    }

    /// Decodes a source name; an unknown one is refused listing the known sources.
    public init(from decoder: any Decoder) throws {
        try self.init(namedCaseFrom: decoder)
    }
}

/// How a field's value is printed.
public enum FieldFormat: String, Sendable, Codable, CaseIterable {
    /// The text as is (for 性別: 男/女).
    case text
    /// 和暦 with era name, e.g. 昭和55年2月17日, 令和元年5月1日.
    case wareki
    /// 和暦 without the era name (the era is circled elsewhere), e.g. 55年2月17日, 元年5月1日.
    case warekiWithoutEra
    /// 西暦, e.g. 1980年2月17日.
    case seireki
    /// The era name alone, e.g. 昭和.
    case eraName
    /// Year of the era: 元 or digits (fits digit cells).
    case eraYear
    /// Gregorian year digits.
    case year
    /// Month digits.
    case month
    /// Day digits.
    case day
    /// A circle around the printed era (明・大・昭・平・令) among `options`.
    case eraCircle
    /// A circle around the printed 男 or 女 among `options`.
    case sexCircle
    /// A circle around the option whose words equal the text (異動の種類: 転入 …); the form's background prints the
    /// words, so the options' values are not drawn.
    case textCircle

    /// True when this format can print a value of `kind` (`text` prints text and 性別).
    public func accepts(_ kind: FieldSource.Kind) -> Bool {
        switch self {
        case .text: return kind == .text || kind == .sex
        case .textCircle: return kind == .text
        case .wareki, .warekiWithoutEra, .seireki, .eraName, .eraYear, .year, .month, .day, .eraCircle: return kind == .date
        case .sexCircle: return kind == .sex
        }
    }

    /// True for formats drawn as a circle around one of `options`.
    public var isChoice: Bool { self == .eraCircle || self == .sexCircle || self == .textCircle }

    /// True for formats that may be split into digit cells.
    public var allowsCells: Bool { [.eraYear, .year, .month, .day].contains(self) }

    /// Decodes a format name; an unknown one is refused listing the known formats.
    public init(from decoder: any Decoder) throws {
        try self.init(namedCaseFrom: decoder)
    }
}
