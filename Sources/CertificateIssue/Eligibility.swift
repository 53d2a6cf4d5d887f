import CounterCore

/// A certificate as asked for at the counter, the kiosk or the CLI.
public struct CertificateRequest: Sendable, Hashable {
    /// The person the certificate is about (住民票コード or the registry's id).
    public var personID: String
    /// The kind's id.
    public var kindID: String
    /// The options asked for.
    public var options: Set<CertificateOption>
    /// Copies, 1…``CertificateCatalog/maximumCopies``.
    public var copies: Int
    /// Who asks.
    public var requester: Requester
    /// 公用: an office asks, fee-exempt.
    public var official: Bool
    /// 世帯一部: the household members printed (person ids, the person's household only); empty otherwise.
    public var members: [String]

    /// A request.
    public init(personID: String, kindID: String, options: Set<CertificateOption> = [], copies: Int = 1,
                requester: Requester = .own, official: Bool = false, members: [String] = []) {
        self.members = members
        self.personID = personID
        self.kindID = kindID
        self.options = options
        self.copies = copies
        self.requester = requester
        self.official = official
    }
}

/// Why a certificate cannot be issued, said for the clerk. A 支援措置 refusal tells the clerk to consult the
/// person in charge and gives the requester no reason (the message is for the clerk's screen only).
public enum IssuanceError: UserFacingError, Equatable {
    /// No person with that id in the registry.
    case unknownPerson
    /// No kind with that id in `certificates.json`.
    case unknownKind
    /// The kind does not offer the option.
    case optionNotOffered(option: CertificateOption)
    /// Copies outside 1…maximum.
    case invalidCopies(maximum: Int)
    /// The kind is not issued to this requester.
    case requesterNotAllowed(requester: Requester)
    /// A third party asked for 個人番号 or 住民票コード (or another option kept from them).
    case thirdPartyOption(option: CertificateOption)
    /// 支援措置 or 発行抑止: not issued; the clerk consults the person in charge.
    case supportMeasure
    /// Moved out or deceased: only 除票 is issued.
    case onlyRemovedRecord
    /// A 除票 asked for a current resident.
    case notRemoved
    /// No registered seal (印鑑登録) for 印鑑登録証明書.
    case noSealRegistered
    /// No 戸籍 in the registry for the person (or no 除籍 for 除籍).
    case noKoseki
    /// No 課税 record for the person.
    case noTaxRecord
    /// The kind cannot be issued at a kiosk.
    case notAtKiosk
    /// The fee table has no fee for the kind today.
    case noFeeToday
    /// No certifying officer for the office today (the officer table has a gap).
    case noOfficer
    /// The terminal has no office configured (the certificate names the ward).
    case noOffice
    /// 世帯一部 without members, with a member outside the person's household, or members for another kind.
    case invalidMembers

    public var userMessage: String {
        switch self {
        case .unknownPerson: return "その住民は住民記録にありません。検索し直してください。"
        case .unknownKind: return "証明書の種類が登録されていません。counter certificate kinds で確認してください。"
        case .optionNotOffered(let option): return "この証明書には「\(option.label)」を記載できません。記載事項を選び直してください。"
        case .invalidCopies(let maximum): return "通数は1から\(maximum)で指定してください。"
        case .requesterNotAllowed(let requester):
            return "この証明書は\(requester.label)の請求では交付できません。ご本人の請求か委任の内容を確認してください。"
        case .thirdPartyOption(let option):
            return "代理人の請求では「\(option.label)」は記載できません。記載事項から外してください。"
        case .supportMeasure:
            return "この方の証明書は交付できません（要確認）。理由は請求者に伝えず、担当の係長に相談してください。"
        case .onlyRemovedRecord: return "この方は転出または死亡により消除されています。除票の写しを選んでください。"
        case .notRemoved: return "この方は消除されていません。住民票の写しを選んでください。"
        case .noSealRegistered: return "この方の印鑑登録がありません（廃止を含む）。印鑑登録証明書は交付できません。"
        case .noKoseki: return "この方の戸籍（除籍）が住民記録にありません。本籍地の市区町村に請求するよう案内してください。"
        case .noTaxRecord: return "この方の課税・所得の記録がありません。市税事務所に確認してください。"
        case .notAtKiosk: return "この証明書はキオスクでは交付できません。窓口で請求してください。"
        case .noFeeToday: return "本日の手数料が手数料表にありません。管理者に手数料表（ledger-items.json）の確認を依頼してください。"
        case .noOfficer: return "本日の証明者（区長・職務代理者）が officers.json にありません。管理者に連絡してください。"
        case .noOffice: return "この端末の事務所が設定されていません。--office で区役所を指定してください。"
        case .invalidMembers:
            return "世帯一部の写しでは、記載する世帯員を同じ世帯の中から1人以上選んでください（ほかの証明書では選べません）。"
        }
    }
}

extension IssuanceError: EventErrorKind {
    /// `certificate.<case>`, stable for event records.
    public var eventErrorKind: String {
        switch self {
        case .unknownPerson: return "certificate.unknownPerson"
        case .unknownKind: return "certificate.unknownKind"
        case .optionNotOffered: return "certificate.optionNotOffered"
        case .invalidCopies: return "certificate.invalidCopies"
        case .requesterNotAllowed: return "certificate.requesterNotAllowed"
        case .thirdPartyOption: return "certificate.thirdPartyOption"
        case .supportMeasure: return "certificate.supportMeasure"
        case .onlyRemovedRecord: return "certificate.onlyRemovedRecord"
        case .notRemoved: return "certificate.notRemoved"
        case .noSealRegistered: return "certificate.noSealRegistered"
        case .noKoseki: return "certificate.noKoseki"
        case .noTaxRecord: return "certificate.noTaxRecord"
        case .notAtKiosk: return "certificate.notAtKiosk"
        case .noFeeToday: return "certificate.noFeeToday"
        case .noOfficer: return "certificate.noOfficer"
        case .noOffice: return "certificate.noOffice"
        case .invalidMembers: return "certificate.invalidMembers"
        }
    }
}

/// Who may get what: the one check every channel runs before a fee is taken.
public enum Eligibility {
    /// Checks `request` for `person` against `kind`; throws the first refusal. `atKiosk` also refuses what a
    /// kiosk may not issue. The registry answers the record questions (a seal, a 戸籍, tax years).
    public static func check(_ request: CertificateRequest, kind: CertificateKind, person: Person,
                             catalog: CertificateCatalog, registry: any ResidentRegistry,
                             atKiosk: Bool = false) throws -> Void {
        guard (1...catalog.maximumCopies).contains(request.copies) else {
            throw IssuanceError.invalidCopies(maximum: catalog.maximumCopies)
        }
        if let option = CertificateOption.allCases.first(where: { request.options.contains($0) && !kind.options.contains($0) }) {
            throw IssuanceError.optionNotOffered(option: option)
        }
        guard kind.requesters.contains(request.requester) else {
            throw IssuanceError.requesterNotAllowed(requester: request.requester)
        }
        if request.requester == .proxy,
           let option = CertificateOption.allCases.first(where: { request.options.contains($0) && !catalog.thirdPartyOptions.contains($0) }) {
            throw IssuanceError.thirdPartyOption(option: option)
        }
        if atKiosk {
            guard kind.kiosk else { throw IssuanceError.notAtKiosk }
            if let option = CertificateOption.allCases.first(where: { request.options.contains($0) && !catalog.kioskOptions.contains($0) }) {
                throw IssuanceError.optionNotOffered(option: option)
            }
        }
        // 支援措置 and 発行抑止 come before anything that would say more about the person.
        guard !person.needsAttention else { throw IssuanceError.supportMeasure }
        // A kiosk serves current residents only, as a convenience store does: a planned move-out, a moved-out or
        // deceased person is certified at the counter (their 戸籍 and 附票 included).
        if atKiosk, person.status != .resident { throw IssuanceError.notAtKiosk }
        switch kind.scope {
        case .current: guard !person.status.isRemoved else { throw IssuanceError.onlyRemovedRecord }
        case .removed: guard person.status.isRemoved else { throw IssuanceError.notRemoved }
        case .any, .removedKoseki: break
        }
        switch kind.layout {
        case .seal:
            guard try registry.seals(of: person.id).contains(where: { $0.status == .registered }) else {
                throw IssuanceError.noSealRegistered
            }
        case .koseki, .kosekiPersonal, .fuhyo:
            let koseki = try registry.kosekiIDs(of: person.id).compactMap { try registry.koseki(id: $0) }
            let wanted = koseki.filter { kind.scope == .removedKoseki ? $0.isRemoved : !$0.isRemoved }
            guard !wanted.isEmpty else { throw IssuanceError.noKoseki }
        case .tax:
            guard try !registry.taxYears(of: person.id).isEmpty else { throw IssuanceError.noTaxRecord }
        case .personal, .household, .statement:
            break
        }
        if kind.selectsMembers {
            let household = Set(try registry.householdMembers(of: person.householdID).filter { !$0.status.isRemoved }.map(\.id))
            guard !request.members.isEmpty, request.members.count <= 20, Set(request.members).isSubset(of: household) else {
                throw IssuanceError.invalidMembers
            }
        } else if !request.members.isEmpty {
            throw IssuanceError.invalidMembers
        }
    }
}
