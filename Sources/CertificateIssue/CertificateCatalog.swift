import CounterCore
import Foundation

/// What a certificate may include beyond its fixed items, when the requester asks (off by default).
public enum CertificateOption: String, Sendable, Hashable, Codable, CaseIterable {
    /// 世帯主の氏名・続柄.
    case householdHead
    /// 本籍・筆頭者.
    case honseki
    /// 住民票コード.
    case juminhyoCode
    /// 個人番号 (only the person or their household, never a third party).
    case individualNumber
    /// 前住所 and the dates of change (履歴).
    case history

    /// The option as the clerk reads it.
    public var label: String {
        switch self {
        case .householdHead: return "世帯主・続柄"
        case .honseki: return "本籍・筆頭者"
        case .juminhyoCode: return "住民票コード"
        case .individualNumber: return "個人番号"
        case .history: return "履歴（前住所）"
        }
    }
}

/// Who asks for a certificate.
public enum Requester: String, Sendable, Hashable, Codable, CaseIterable {
    /// 本人.
    case own = "self"
    /// 同一世帯の人.
    case household
    /// 代理人 (with a 委任状 the clerk confirmed).
    case proxy

    /// 本人 / 同一世帯 / 代理.
    public var label: String {
        switch self {
        case .own: return "本人"
        case .household: return "同一世帯"
        case .proxy: return "代理（委任状）"
        }
    }
}

/// How a certificate's content is laid out.
public enum CertificateLayout: String, Sendable, Hashable, Codable {
    /// 個人票: one person.
    case personal
    /// 世帯連記式: the household's members, up to 4 per sheet, in the fixed order.
    case household
    /// 記載事項証明: the four fields stated.
    case statement
    /// 印鑑登録証明書 with the 印影.
    case seal
    /// 戸籍 (全部): every member with their 身分事項.
    case koseki
    /// 戸籍 (個人): the person's own entry.
    case kosekiPersonal
    /// 戸籍の附票: the address history.
    case fuhyo
    /// 課税・所得: the person's fiscal years.
    case tax
}

/// Whose records a kind certifies.
public enum CertificateScope: String, Sendable, Hashable, Codable {
    /// 住民 or 転出予定.
    case current
    /// 除票: moved out or deceased.
    case removed
    /// Any status (戸籍, 附票, 税).
    case any
    /// 除籍 only.
    case removedKoseki
}

/// One certificate kind of `seeds/certificates.json`.
public struct CertificateKind: Sendable, Hashable, Decodable {
    /// Stable id (`juminhyo-personal`, `inkan` …).
    public var id: String
    /// The title printed and shown.
    public var title: String
    /// The fee per copy: an item of `ledger-items.json` marked `certificate`.
    public var feeItem: String
    /// The layout.
    public var layout: CertificateLayout
    /// Whose records it certifies.
    public var scope: CertificateScope
    /// The options a requester may ask for.
    public var options: [CertificateOption]
    /// Who may ask for it.
    public var requesters: [Requester]
    /// Whether a kiosk may issue it.
    public var kiosk: Bool
    /// 認証文, printed on the last page only.
    public var attestation: String
    /// True for 世帯一部: the request names the household members printed.
    public var selectsMembers: Bool

    private enum CodingKeys: String, CodingKey {
        case id, title, feeItem, layout, scope, options, requesters, kiosk, attestation, selectsMembers
    }

    /// Decodes an entry; `selectsMembers` is false when absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        feeItem = try container.decode(String.self, forKey: .feeItem)
        layout = try container.decode(CertificateLayout.self, forKey: .layout)
        scope = try container.decode(CertificateScope.self, forKey: .scope)
        options = try container.decode([CertificateOption].self, forKey: .options)
        requesters = try container.decode([Requester].self, forKey: .requesters)
        kiosk = try container.decode(Bool.self, forKey: .kiosk)
        attestation = try container.decode(String.self, forKey: .attestation)
        selectsMembers = try container.decodeIfPresent(Bool.self, forKey: .selectsMembers) ?? false
    }
}

/// The certifying officer of an office for a period (職務代理者 included).
public struct CertifyingOfficer: Sendable, Hashable, Decodable {
    /// First day.
    public var from: CalendarDate
    /// Last day; open when nil.
    public var to: CalendarDate?
    /// 「大阪府大阪市北区長」.
    public var title: String
    /// The officer's name.
    public var name: String
    /// True for a 職務代理者.
    public var acting: Bool

    /// True when `day` falls in the period.
    public func covers(_ day: CalendarDate) -> Bool { from <= day && (to.map { day <= $0 } ?? true) }
}

/// The certificates' seed data: kinds, the options a third party may ask for, the copies limit and the
/// officers by office, each file validated on load (a ``SeedError`` naming the file, entry and field).
public struct CertificateCatalog: Sendable {
    /// The kinds, in file order.
    public let kinds: [CertificateKind]
    /// The options a proxy may ask for (never 個人番号 or 住民票コード).
    public let thirdPartyOptions: Set<CertificateOption>
    /// Copies of one request, 1…this.
    public let maximumCopies: Int
    /// The options a citizen may add at a kiosk, as at a convenience store (never 個人番号 or 住民票コード).
    public let kioskOptions: [CertificateOption]
    /// The officers per office id, in date order.
    public let officers: [String: [CertifyingOfficer]]

    /// The seed files.
    public static let kindsFile = "certificates.json", officersFile = "officers.json"

    /// A catalog of validated parts (tests build small ones).
    public init(kinds: [CertificateKind], thirdPartyOptions: Set<CertificateOption>, maximumCopies: Int,
                officers: [String: [CertifyingOfficer]], kioskOptions: [CertificateOption] = []) {
        self.kioskOptions = kioskOptions
        self.kinds = kinds
        self.thirdPartyOptions = thirdPartyOptions
        self.maximumCopies = maximumCopies
        self.officers = officers
    }

    /// The kind with `id`, if any.
    public func kind(id: String) -> CertificateKind? { kinds.first { $0.id == id } }

    /// The officer certifying on `day` at `office`; nil when the table has none for that day.
    public func officer(office: String, on day: CalendarDate) -> CertifyingOfficer? {
        officers[office]?.first { $0.covers(day) }
    }

    private struct KindsFile: Decodable {
        var kinds: [CertificateKind]
        var thirdPartyOptions: [CertificateOption]
        var kioskOptions: [CertificateOption]
        var maximumCopies: Int
    }

    private struct OfficersFile: Decodable {
        struct Office: Decodable {
            var office: String
            var officers: [CertifyingOfficer]
        }
        var offices: [Office]
    }

    /// Loads and checks `certificates.json` and `officers.json` of `seeds`; `feeItems` are the codes of the
    /// fee table's certificate items (each kind's `feeItem` must be one).
    public static func load(from seeds: SeedDirectory, feeItems: Set<String>) throws -> CertificateCatalog {
        let kindsURL = seeds.file(kindsFile), officersURL = seeds.file(officersFile)
        let file = try SeedDirectory.decode(KindsFile.self, from: kindsURL)
        try check(file, feeItems: feeItems, name: kindsURL.path)
        let offices = try SeedDirectory.decode(OfficersFile.self, from: officersURL).offices
        var officers: [String: [CertifyingOfficer]] = [:]
        for (index, office) in offices.enumerated() {
            try checkOfficers(office.officers, entry: "offices[\(index)]", file: officersURL.path)
            guard officers[office.office] == nil else {
                throw SeedError(file: officersURL.path, entry: "offices[\(index)]", field: "office",
                                problem: "同じ事務所が2回あります。1つにまとめてください")
            }
            officers[office.office] = office.officers
        }
        return CertificateCatalog(kinds: file.kinds, thirdPartyOptions: Set(file.thirdPartyOptions),
                                  maximumCopies: file.maximumCopies, officers: officers, kioskOptions: file.kioskOptions)
    }

    private static func check(_ file: KindsFile, feeItems: Set<String>, name: String) throws {
        guard !file.kinds.isEmpty else { throw SeedError(file: name, field: "kinds", problem: "1件以上指定してください") }
        guard (1...99).contains(file.maximumCopies) else {
            throw SeedError(file: name, field: "maximumCopies", problem: "1から99の整数で指定してください")
        }
        guard !file.thirdPartyOptions.contains(.individualNumber), !file.thirdPartyOptions.contains(.juminhyoCode) else {
            throw SeedError(file: name, field: "thirdPartyOptions", problem: "個人番号と住民票コードは代理人に交付できません")
        }
        var seen = Set<String>()
        for (index, kind) in file.kinds.enumerated() {
            let entry = "kinds[\(index)]"
            guard RecordIdentifier.isValid(kind.id), seen.insert(kind.id).inserted else {
                throw SeedError(file: name, entry: entry, field: "id", problem: "半角英数字と - _ . の、ほかと重ならない ID にしてください")
            }
            guard feeItems.contains(kind.feeItem) else {
                throw SeedError(file: name, entry: entry, field: "feeItem",
                                problem: "ledger-items.json に certificate: true の品目として登録されたコードにしてください")
            }
            for (field, text) in [("title", kind.title), ("attestation", kind.attestation)]
            where text.isEmpty || text.count > 80 || TextSafety.forbidden(in: text) != nil {
                throw SeedError(file: name, entry: entry, field: field, problem: "制御文字を含まない1〜80文字にしてください")
            }
            guard !kind.requesters.isEmpty else {
                throw SeedError(file: name, entry: entry, field: "requesters", problem: "1つ以上指定してください")
            }
        }
    }

    /// Periods in date order, each ending before the next begins with no day between; only the last open.
    private static func checkOfficers(_ officers: [CertifyingOfficer], entry: String, file: String) throws {
        guard !officers.isEmpty else {
            throw SeedError(file: file, entry: entry, field: "officers", problem: "1件以上指定してください")
        }
        for (index, officer) in officers.enumerated() {
            let field = "officers[\(index)]"
            if let to = officer.to, to < officer.from {
                throw SeedError(file: file, entry: entry, field: "\(field).to", problem: "終了日は開始日と同じか後にしてください")
            }
            for text in [officer.title, officer.name] where text.isEmpty || text.count > 60 || TextSafety.forbidden(in: text) != nil {
                throw SeedError(file: file, entry: entry, field: field, problem: "職名と氏名は制御文字を含まない1〜60文字にしてください")
            }
            guard index + 1 < officers.count else { continue }
            guard let to = officer.to, to.adding(days: 1) == officers[index + 1].from else {
                throw SeedError(file: file, entry: entry, field: "\(field).to",
                                problem: "次の期間の開始日の前日を終了日にしてください（空白の日も重なりも置けません）")
            }
        }
    }
}
