import Foundation
import CounterCore

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

/// Validation of the four fields typed by the clerk. Text is kept exactly as typed (never
/// normalized); only emptiness is checked.
public enum BasicInfoInput {
    /// Accepts a non-blank name as typed.
    public static func name(_ text: String) throws -> String {
        guard !isBlank(text) else { throw InputError.emptyName }
        return text
    }

    /// Accepts a non-blank address as typed.
    public static func address(_ text: String) throws -> String {
        guard !isBlank(text) else { throw InputError.emptyAddress }
        return text
    }

    /// Parses `YYYYMMDD` or `YYYY-MM-DD`: a real date, not after `today`.
    public static func birthDate(_ text: String, today: CalendarDate) throws -> CalendarDate {
        guard let date = CalendarDate(yyyymmdd: text) ?? CalendarDate(iso: text) else {
            throw InputError.invalidBirthDate
        }
        guard date <= today else { throw InputError.futureBirthDate }
        return date
    }

    /// Parses the sex code: 1, 2 or 9.
    public static func sex(_ text: String) throws -> Sex {
        guard ["1", "2", "9"].contains(text) else { throw InputError.invalidSexCode }
        return Sex(code: text)
    }

    /// `YYYYMMDD` for a date (the form the clerk types).
    static func digits(_ date: CalendarDate) -> String {
        date.iso.replacingOccurrences(of: "-", with: "")
    }

    private static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }
}
