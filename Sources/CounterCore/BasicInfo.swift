/// The four basic fields (基本4情報) printed on the face of a My Number card.
///
/// The strings are kept exactly as the card holds them: never Unicode-normalized, so
/// compatibility ideographs such as 﨑 (U+FA11) and ideographic variation sequences
/// survive to the printed form.
public struct BasicInfo: Sendable, Equatable, Codable {
    /// 氏名: family and given name separated by an ideographic space (U+3000).
    public var name: String
    /// 住所, including 方書 (building and room).
    public var address: String
    /// 生年月日 (Gregorian calendar date).
    public var birthDate: CalendarDate
    /// 性別 as the card codes it.
    public var sex: Sex

    /// Creates the four fields.
    public init(name: String, address: String, birthDate: CalendarDate, sex: Sex) {
        self.name = name
        self.address = address
        self.birthDate = birthDate
        self.sex = sex
    }

    /// 氏: the part of the name before the first ideographic (or ASCII) space.
    public var familyName: String { SpaceSplit(name).first }
    /// 名: the part of the name after the first ideographic (or ASCII) space; empty if there is none.
    public var givenName: String { SpaceSplit(name).rest }

    /// Overwrites the personal data held by this value, for the end of a case.
    ///
    /// Swift strings cannot be zeroed in place; this drops the only references this value holds so
    /// the storage is released, and leaves an empty record behind.
    public mutating func wipe() {
        name = ""
        address = ""
        birthDate = CalendarDate(year: 1, month: 1, day: 1)
        sex = .unknown("")
    }
}

/// 性別 as coded on the card: "1" male, "2" female, "9" not applicable; anything else is passed through.
public enum Sex: Sendable, Equatable, Hashable, Codable {
    /// 男 (code "1").
    case male
    /// 女 (code "2").
    case female
    /// 適用不能 (code "9").
    case notApplicable
    /// Any other code, kept as the card holds it (shown as 不明).
    case unknown(String)

    /// Decodes the card's code.
    public init(code: String) {
        switch code {
        case "1": self = .male
        case "2": self = .female
        case "9": self = .notApplicable
        default: self = .unknown(code)
        }
    }

    /// The code as the card stores it.
    public var code: String {
        switch self {
        case .male: return "1"
        case .female: return "2"
        case .notApplicable: return "9"
        case .unknown(let code): return code
        }
    }

    /// The Japanese label: 男, 女, 適用不能 or 不明.
    public var label: String {
        switch self {
        case .male: return "男"
        case .female: return "女"
        case .notApplicable: return "適用不能"
        case .unknown: return "不明"
        }
    }

    /// Decodes the value from its JSON text form.
    public init(from decoder: any Decoder) throws {
        self.init(code: try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the value as its JSON text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// A text split at its first space (ideographic or ASCII): an address into the street address and
/// 方書, a フリガナ into 氏 and 名.
///
/// The card holds the address as one string; when the 方書 (building, room) is separated by a
/// space it can go into its own box. Splitting works on scalars so nothing is normalized.
public struct SpaceSplit: Sendable, Equatable {
    /// Up to the first space (the whole text when there is none).
    public let first: String
    /// After the first space, or empty.
    public let rest: String

    /// Splits `text` at its first space.
    public init(_ text: String) {
        let scalars = text.unicodeScalars
        if let index = scalars.firstIndex(where: { $0 == "\u{3000}" || $0 == " " }) {
            first = String(scalars[scalars.startIndex..<index])
            rest = String(scalars[scalars.index(after: index)...])
        } else {
            first = text
            rest = ""
        }
    }
}
