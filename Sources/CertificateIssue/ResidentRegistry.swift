import CounterCore

/// The resident registry a certificate is issued from: persons, households, seals, koseki, fuhyo, tax years
/// and the JPKI links, read by id, by a card's four fields or by a search.
///
/// The protocol says nothing of storage: ``SQLiteResidentRegistry`` serves it from the terminal's database,
/// and a city-wide server can serve it from another store. Every text it returns is the stored text, byte
/// for byte; matching folds 異体字 and variation selectors in search keys only (``SearchKey``).
public protocol ResidentRegistry: Sendable {
    /// The person with `id`, or nil.
    func person(id: String) throws -> Person?

    /// The person a card's four fields name: name and birth date exactly (the stored text, else its
    /// 異体字-folded key), then the address when several share them.
    func lookup(card: BasicInfo) throws -> CardLookup

    /// The persons matching every criterion of `query`, in kana order, at most `query.limit`.
    func search(_ query: ResidentQuery) throws -> [Person]

    /// The household with `id`, or nil.
    func household(id: String) throws -> Household?

    /// The household's members in the standard 続柄 order (世帯主, 妻/夫, 子 …; older first within one 続柄).
    func householdMembers(of householdID: String) throws -> [Person]

    /// The person's seal registrations (登録 first, newest first).
    func seals(of personID: String) throws -> [SealRegistration]

    /// The koseki with `id`, with its members, or nil.
    func koseki(id: String) throws -> Koseki?

    /// The koseki the person is (or was) a member of, newest first.
    func kosekiIDs(of personID: String) throws -> [String]

    /// The lines of the koseki's 戸籍の附票, in order.
    func fuhyo(ofKoseki kosekiID: String) throws -> [FuhyoLine]

    /// The person's 課税・所得 years, newest first.
    func taxYears(of personID: String) throws -> [TaxYear]

    /// The person a JPKI user-authentication certificate belongs to (issuer and serial), or nil.
    func person(jpkiIssuer issuer: String, serial: String) throws -> Person?

    /// The 個人番号, read only when a certificate is asked for it and allowed to print it; nil when none is held.
    ///
    /// Never call this for a list or a search, and never log what it returns: log that it was read.
    func individualNumber(of personID: String) throws -> String?

    /// How many rows of each kind the registry holds.
    func counts() throws -> RegistryCounts
}

/// What a card's four fields found.
public enum CardLookup: Sendable, Equatable {
    /// Exactly one person.
    case found(Person)
    /// Nobody with that name and birth date.
    case notFound
    /// Several persons with that name and birth date, and the address did not single one out.
    case ambiguous([Person])
}

/// A search of the registry: every given criterion must match.
public struct ResidentQuery: Sendable, Equatable {
    /// Part of the 氏名 or 通称 (異体字-tolerant, spaces ignored).
    public var name: String?
    /// The start of the reading (hiragana or katakana, spaces ignored).
    public var kana: String?
    /// The exact birth date.
    public var birthDate: CalendarDate?
    /// The most persons returned.
    public var limit: Int

    /// The longest name or kana accepted.
    public static let maximumTextLength = 100
    /// The largest limit.
    public static let maximumLimit = 500

    /// A query; see ``validated()`` for its bounds.
    public init(name: String? = nil, kana: String? = nil, birthDate: CalendarDate? = nil, limit: Int = 50) {
        self.name = name
        self.kana = kana
        self.birthDate = birthDate
        self.limit = limit
    }

    /// The query, or an error naming the field: at least one criterion, texts of 1 to 100 characters without
    /// controls, a limit of 1 to 500.
    public func validated() throws(RegistryError) -> ResidentQuery {
        for (text, field) in [(name, "氏名（--name）"), (kana, "フリガナ（--kana）")] {
            guard let text else { continue }
            guard !text.unicodeScalars.allSatisfy(SearchKey.isSpace) else { throw .invalidQuery(field: field, problem: .missing) }
            guard text.count <= Self.maximumTextLength, text.unicodeScalars.count <= Self.maximumTextLength * 4 else {
                throw .invalidQuery(field: field, problem: .tooLong(maximum: Self.maximumTextLength))
            }
            guard TextSafety.forbidden(in: text) == nil else { throw .invalidQuery(field: field, problem: .forbiddenCharacter) }
        }
        guard name != nil || kana != nil || birthDate != nil else {
            throw .invalidQuery(field: "検索条件（--name, --kana, --birth）", problem: .missing)
        }
        guard (1...Self.maximumLimit).contains(limit) else { throw .invalidQuery(field: "件数（--limit）", problem: .invalidNumber) }
        return self
    }
}

/// How many rows of each kind the registry holds (what an import added, or the whole registry).
public struct RegistryCounts: Sendable, Equatable, Codable {
    /// Persons (住民, 除票 included).
    public var persons = 0
    /// Households (世帯).
    public var households = 0
    /// Seal registrations (印鑑登録).
    public var seals = 0
    /// Koseki (戸籍, 除籍 included).
    public var koseki = 0
    /// Members of koseki.
    public var kosekiMembers = 0
    /// Lines of 戸籍の附票.
    public var fuhyoLines = 0
    /// 課税・所得 years.
    public var taxYears = 0
    /// JPKI certificate links.
    public var jpkiLinks = 0

    /// No rows.
    public init() {}

    /// The counts as 「種類 件数」 lines, in the import's order.
    public var lines: [(label: String, count: Int)] {
        [("世帯", households), ("住民", persons), ("印鑑登録", seals), ("戸籍", koseki), ("戸籍の在籍者", kosekiMembers),
         ("戸籍の附票", fuhyoLines), ("課税・所得", taxYears), ("JPKI 連携", jpkiLinks)]
    }
}

/// The standard order of 続柄 (`seeds/relationships.json`): 世帯主, 妻, 夫, 子, 父, 母 …; a household is listed
/// in this order, and an import accepts only these words.
public struct RelationshipOrder: Sendable, Equatable {
    /// The 続柄, first to last.
    public let relationships: [String]

    /// The seed file's path inside the seeds folder.
    public static let seedFile = "relationships.json"

    private struct File: Decodable { var relationships: [String] }

    /// An order of `relationships`; refuses an empty list, an empty word or one listed twice.
    public init(_ relationships: [String], file: String = RelationshipOrder.seedFile) throws {
        guard !relationships.isEmpty else { throw SeedError(file: file, field: "relationships", problem: "続柄がありません") }
        for (index, word) in relationships.enumerated() {
            guard !word.isEmpty, word.count <= 20, TextSafety.forbidden(in: word) == nil else {
                throw SeedError(file: file, entry: "relationships[\(index)]", problem: "1〜20文字の続柄にしてください")
            }
            guard relationships.firstIndex(of: word) == index else {
                throw SeedError(file: file, entry: "relationships[\(index)]", problem: "同じ続柄が2回あります")
            }
        }
        self.relationships = relationships
    }

    /// Loads `seeds/relationships.json`.
    public static func load(from seeds: SeedDirectory) throws -> RelationshipOrder {
        let url = seeds.file(seedFile)
        return try RelationshipOrder(SeedDirectory.decode(File.self, from: url).relationships, file: url.path)
    }

    /// The place of `relationship` in the order (unknown words last).
    public func rank(of relationship: String) -> Int {
        relationships.firstIndex(of: relationship) ?? relationships.count
    }

    /// `members` in the standard order: 世帯主 first, then by 続柄, older first, then by id.
    public func sorted(_ members: [Person]) -> [Person] {
        members.sorted { a, b in
            if a.isHouseholdHead != b.isHouseholdHead { return a.isHouseholdHead }
            let (ra, rb) = (rank(of: a.relationship), rank(of: b.relationship))
            if ra != rb { return ra < rb }
            if a.birthDate != b.birthDate { return a.birthDate < b.birthDate }
            return a.id < b.id
        }
    }
}

/// The 個人番号's check digit (番号法施行規則): the 12th digit from the first eleven.
public enum IndividualNumber {
    /// True when `number` is 12 ASCII digits whose last digit is the check digit of the first eleven.
    public static func isValid(_ number: String) -> Bool {
        let digits = number.utf8.map { Int($0) - 48 }
        guard digits.count == 12, digits.allSatisfy({ (0...9).contains($0) }) else { return false }
        return checkDigit(of: Array(digits[0..<11])) == digits[11]
    }

    /// The check digit of eleven digits: 11 − (Σ Pn × Qn mod 11), 0 when the remainder is 0 or 1, where Pn
    /// is the n-th digit from the right and Qn is n + 1 for n ≤ 6, n − 5 for n ≥ 7.
    public static func checkDigit(of digits: [Int]) -> Int {
        precondition(digits.count == 11)
        var sum = 0
        for n in 1...11 {
            let p = digits[11 - n]
            let q = n <= 6 ? n + 1 : n - 5
            sum += p * q
        }
        let remainder = sum % 11
        return remainder <= 1 ? 0 : 11 - remainder
    }
}
