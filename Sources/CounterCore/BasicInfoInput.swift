
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
    /// 性別 is not 1, 2 or 9.
    case invalidSexCode

    public var userMessage: String {
        switch self {
        case .emptyName: return "氏名が入力されていません。氏名を入力してください。"
        case .emptyAddress: return "住所が入力されていません。住所を入力してください。"
        case .invalidBirthDate: return "生年月日が正しくありません。西暦8桁（例 19800217）で実在する日付を入力してください。"
        case .futureBirthDate: return "生年月日が今日より後になっています。入力し直してください。"
        case .invalidSexCode: return "性別は 1（男）、2（女）、9（適用不能）のいずれかを入力してください。"
        }
    }
}

/// The one check of the four fields, wherever they come from: typed by the clerk, read from a file
/// (`--info-json`) or from the card. Text is kept exactly as given (never normalized).
public enum BasicInfoInput {
    /// Checks a whole record (from a file or the card): a non-blank name and address, a real birth
    /// date not after `today`, a sex code the card defines. Throws the first field's ``InputError``.
    public static func validate(_ info: BasicInfo, today: CalendarDate) throws(InputError) -> BasicInfo {
        _ = try name(info.name)
        _ = try address(info.address)
        guard info.birthDate.isValid else { throw .invalidBirthDate }
        guard info.birthDate <= today else { throw .futureBirthDate }
        guard case .unknown = info.sex else { return info }
        throw .invalidSexCode
    }

    /// Accepts a non-blank name as typed.
    public static func name(_ text: String) throws(InputError) -> String {
        guard !isBlank(text) else { throw .emptyName }
        return text
    }

    /// Accepts a non-blank address as typed.
    public static func address(_ text: String) throws(InputError) -> String {
        guard !isBlank(text) else { throw .emptyAddress }
        return text
    }

    /// Parses `YYYYMMDD` or `YYYY-MM-DD`: a real date, not after `today`.
    public static func birthDate(_ text: String, today: CalendarDate) throws(InputError) -> CalendarDate {
        guard let date = CalendarDate(yyyymmdd: text) ?? CalendarDate(iso: text) else {
            throw .invalidBirthDate
        }
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
