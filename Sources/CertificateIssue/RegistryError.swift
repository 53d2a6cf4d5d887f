import CounterCore

/// Why an import or a lookup of the resident registry was refused.
///
/// Messages name the file, the row (the line of the file the record starts on; the header is line 1) and
/// the column, never the value: a value may be a name, an address or a 個人番号.
public enum RegistryError: UserFacingError, Equatable {
    /// What is wrong with one field.
    public enum FieldProblem: Sendable, Equatable {
        /// A required field is empty.
        case missing
        /// Longer than `maximum` characters.
        case tooLong(maximum: Int)
        /// A control, bidi control or non-character.
        case forbiddenCharacter
        /// Not a real date in `YYYY-MM-DD`.
        case invalidDate
        /// Not one of `allowed`.
        case notAllowed(allowed: [String])
        /// Not an identifier (ASCII letters, digits, `-_.`, up to 64).
        case invalidIdentifier
        /// Not a whole number in `range`.
        case invalidNumber
        /// Not `digits` digits.
        case digits(Int)
        /// A 個人番号 whose check digit does not match.
        case checkDigit
        /// Not hex.
        case invalidHex
    }

    /// A file of the import folder could not be read (missing, not a file, too large).
    case unreadableFile(file: String, problem: String)
    /// A file is not valid UTF-8; `row` is the line holding the first bad byte.
    case brokenEncoding(file: String, row: Int)
    /// A file breaks the CSV format at `row` (an unclosed quote, a quote inside an unquoted field, a wrong
    /// number of fields, a record too long).
    case malformedCSV(file: String, row: Int, problem: String)
    /// The header lacks a required column.
    case missingColumn(file: String, column: String)
    /// The header's `position`th column (from 1) is not a column of the format (a typing error would
    /// otherwise drop data; the header text is not repeated: a file without a header would show a person).
    case unknownColumn(file: String, position: Int)
    /// One field of one row is wrong.
    case invalidField(file: String, row: Int, column: String, problem: FieldProblem)
    /// The row's key is already in the registry or earlier in the file (an import never replaces a row).
    case duplicate(file: String, row: Int, column: String)
    /// The row refers to something neither the registry nor this import holds.
    case unknownReference(file: String, row: Int, column: String, target: String)
    /// The seal image file a row names is missing or not a PNG.
    case sealImage(file: String, row: Int, column: String, problem: String)
    /// A search or lookup argument is wrong (`field` is its Japanese name).
    case invalidQuery(field: String, problem: FieldProblem)
    /// The household has more than one 世帯主, or none.
    case householdHead(file: String, household: String)

    public var userMessage: String {
        switch self {
        case .unreadableFile(let file, let problem):
            return "住民データの取込を中止しました。\(file): \(problem)。何も取り込んでいません。"
        case .brokenEncoding(let file, let row):
            return "住民データの取込を中止しました。\(file) の\(row)行目が UTF-8 ではありません。UTF-8 で保存し直してください。何も取り込んでいません。"
        case .malformedCSV(let file, let row, let problem):
            return "住民データの取込を中止しました。\(file) の\(row)行目: \(problem)。何も取り込んでいません。"
        case .missingColumn(let file, let column):
            return "住民データの取込を中止しました。\(file) の見出し行に列「\(column)」がありません。何も取り込んでいません。"
        case .unknownColumn(let file, let position):
            return "住民データの取込を中止しました。\(file) の見出し行の\(position)列目が知らない列名か、重複した列名です（docs/registry.md の列名を使ってください）。何も取り込んでいません。"
        case .invalidField(let file, let row, let column, let problem):
            return "住民データの取込を中止しました。\(file) の\(row)行目、列「\(column)」: \(Self.describe(problem))。何も取り込んでいません。"
        case .duplicate(let file, let row, let column):
            return "住民データの取込を中止しました。\(file) の\(row)行目、列「\(column)」: 既に登録されているか、ファイル内で重複しています（取込は追加のみで、上書きしません）。何も取り込んでいません。"
        case .unknownReference(let file, let row, let column, let target):
            return "住民データの取込を中止しました。\(file) の\(row)行目、列「\(column)」: \(target) にない値です。何も取り込んでいません。"
        case .sealImage(let file, let row, let column, let problem):
            return "住民データの取込を中止しました。\(file) の\(row)行目、列「\(column)」: 印影の画像\(problem)。何も取り込んでいません。"
        case .invalidQuery(let field, .missing):
            return "\(field)を指定してください。"
        case .invalidQuery(let field, let problem):
            return "\(field): \(Self.describe(problem))。"
        case .householdHead(let file, let household):
            return "住民データの取込を中止しました。\(file): 世帯「\(household)」の世帯主が1人ではありません。何も取り込んでいません。"
        }
    }

    static func describe(_ problem: FieldProblem) -> String {
        switch problem {
        case .missing: "値がありません"
        case .tooLong(let maximum): "\(maximum)文字を超えています"
        case .forbiddenCharacter: "使えない制御文字が含まれています"
        case .invalidDate: "YYYY-MM-DD の実在する日付ではありません"
        case .notAllowed(let allowed): "使える値は \(allowed.joined(separator: "・")) です"
        case .invalidIdentifier: "半角英数字と - _ . の64文字以内で指定してください"
        case .invalidNumber: "範囲内の整数ではありません"
        case .digits(let count): "\(count)桁の数字ではありません"
        case .checkDigit: "検査用数字が合いません"
        case .invalidHex: "16進数ではありません"
        }
    }
}
