
/// A typed value of one of the four fields that cannot be accepted.
public enum InputError: UserFacingError, Equatable {
    /// 氏名 is empty.
    case emptyName
    /// 住所 is empty.
    case emptyAddress
    /// 生年月日 is not a real date in `YYYYMMDD` / `YYYY-MM-DD`.
    case invalidBirthDate
    /// 生年月日 is after today.
    case futureBirthDate
    /// 生年月日 is before the first day the era table covers (明治元年, 1868-01-01).
    case birthDateTooEarly
    /// 性別 is not 1, 2 or 9.
    case invalidSexCode
    /// The field holds a character that must never be printed or stored (a control such as NUL, a
    /// bidi override, a non-character); the value is never shown.
    case forbiddenCharacter(BasicInfoField)
    /// The field is longer than its documented maximum (in characters).
    case tooLong(BasicInfoField, maximum: Int)
    /// フリガナ holds something other than full-width katakana and spaces.
    case furiganaNotKatakana

    public var userMessage: String {
        switch self {
        case .emptyName: return "氏名が入力されていません。氏名を入力してください。"
        case .emptyAddress: return "住所が入力されていません。住所を入力してください。"
        case .invalidBirthDate:
            return "生年月日が正しくありません。西暦8桁（例 19800217）か和暦（例 S55.2.17、昭和55年2月17日）で実在する日付を入力してください。"
        case .futureBirthDate: return "生年月日が今日より後になっています。入力し直してください。"
        case .birthDateTooEarly: return "生年月日が1868年（明治元年）1月1日より前です。入力し直してください。"
        case .invalidSexCode: return "性別は 1（男）、2（女）、9（適用不能）のいずれかを入力してください。"
        case .forbiddenCharacter(let field):
            return "\(field.label)に使えない文字（制御文字や表示順を変える文字など）が含まれています。"
                + "印刷も保存もしていません。内容を確かめて、\(field.label)を手入力してください。"
        case .tooLong(let field, let maximum):
            return "\(field.label)が長すぎます（\(maximum)文字まで）。印刷も保存もしていません。内容を確かめてください。"
        case .furiganaNotKatakana:
            return "フリガナは全角カタカナで入力してください（氏と名の間は空白。ひらがな・半角カナ・漢字は使えません）。"
        }
    }
}

/// The one check of the four fields, wherever they come from: typed by the clerk, read from a file
/// (`--info-json`) or from the card. Text is kept exactly as given (never normalized).
public enum BasicInfoInput {
    /// The longest 氏名 accepted, in characters (forms print far less; the card's own field is shorter).
    public static let maximumNameLength = 100
    /// The longest 住所 accepted, in characters, 方書 included.
    public static let maximumAddressLength = 200
    /// The longest フリガナ accepted, in characters.
    public static let maximumFuriganaLength = 100
    /// The earliest birth date accepted (the first day of 明治 in the era table's range).
    public static let earliestBirthDate = CalendarDate(year: 1868, month: 1, day: 1)

    /// Checks a whole record (from a file or the card): a non-blank name and address, a real birth
    /// date not after `today`, a sex code the card defines. Throws the first field's ``InputError``.
    public static func validate(_ info: BasicInfo, today: CalendarDate) throws(InputError) -> BasicInfo {
        _ = try name(info.name)
        _ = try address(info.address)
        guard info.birthDate.isValid else { throw .invalidBirthDate }
        guard info.birthDate >= earliestBirthDate else { throw .birthDateTooEarly }
        guard info.birthDate <= today else { throw .futureBirthDate }
        guard case .unknown = info.sex else { return info }
        throw .invalidSexCode
    }

    /// Accepts a non-blank name as given: no forbidden character, at most ``maximumNameLength``.
    public static func name(_ text: String) throws(InputError) -> String {
        try checked(text, .name, maximum: maximumNameLength, empty: .emptyName)
    }

    /// Accepts a non-blank address as given: no forbidden character, at most ``maximumAddressLength``.
    public static func address(_ text: String) throws(InputError) -> String {
        try checked(text, .address, maximum: maximumAddressLength, empty: .emptyAddress)
    }

    /// Accepts フリガナ as typed (the card does not hold it): full-width katakana, 「ー」「・」 and spaces
    /// between family and given name, at most ``maximumFuriganaLength``. Empty (or blank) means not
    /// given and is returned as "".
    public static func furigana(_ text: String) throws(InputError) -> String {
        guard text.unicodeScalars.count <= maximumFuriganaLength * 4, text.count <= maximumFuriganaLength else {
            throw .tooLong(.furigana, maximum: maximumFuriganaLength)
        }
        guard TextSafety.forbidden(in: text) == nil else { throw .forbiddenCharacter(.furigana) }
        if isBlank(text) { return "" }
        guard text.unicodeScalars.allSatisfy(isFuriganaScalar) else { throw .furiganaNotKatakana }
        return text
    }

    /// Full-width katakana (ァ…ヺ), the prolonged sound mark and middle dot (ー・), iteration marks
    /// (ヽヾ), and the ideographic or ASCII space.
    private static func isFuriganaScalar(_ scalar: Unicode.Scalar) -> Bool {
        (0x30A1...0x30FE).contains(scalar.value) || scalar == "\u{3000}" || scalar == " "
    }

    /// The bounds are checked first (on scalars, before anything walks the text by characters), then
    /// the characters, then blankness.
    private static func checked(_ text: String, _ field: BasicInfoField, maximum: Int, empty: InputError)
        throws(InputError) -> String
    {
        // A character is at most a few scalars here (a base and a variation selector); 4 per character bounds the work.
        guard text.unicodeScalars.count <= maximum * 4, text.count <= maximum else { throw .tooLong(field, maximum: maximum) }
        guard TextSafety.forbidden(in: text) == nil else { throw .forbiddenCharacter(field) }
        guard !isBlank(text) else { throw empty }
        return text
    }

    /// Parses `YYYYMMDD`, `YYYY-MM-DD`, or with `eras` a 和暦 date (`S60.4.12`, `昭和60年4月12日`, `R1.5.1`):
    /// a real date from ``earliestBirthDate`` to `today`.
    public static func birthDate(_ text: String, today: CalendarDate, eras: EraTable? = nil) throws(InputError) -> CalendarDate {
        guard text.unicodeScalars.count <= 32,
              let date = CalendarDate(yyyymmdd: text) ?? CalendarDate(iso: text) ?? eras?.date(fromJapanese: text) else {
            throw .invalidBirthDate
        }
        guard date >= earliestBirthDate else { throw .birthDateTooEarly }
        guard date <= today else { throw .futureBirthDate }
        return date
    }

    /// Parses the sex code: 1, 2 or 9.
    public static func sex(_ text: String) throws(InputError) -> Sex {
        guard ["1", "2", "9"].contains(text) else { throw .invalidSexCode }
        return Sex(code: text)
    }

    /// `YYYYMMDD` for a date (the form the clerk types).
    public static func digits(_ date: CalendarDate) -> String {
        date.iso.replacingOccurrences(of: "-", with: "")
    }

    private static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }
}
