import CounterCore
import Foundation

/// What a certificate says, before it is laid out: blocks of labelled lines (one per person of a 住民票, the
/// 戸籍's header and members, a seal with its 印影 …), the 認証文 and who certifies. The renderer pages it; the
/// verification code signs ``signedFields``. Built by ``CertificateComposer`` from the registry only.
public struct CertificateContent: Sendable, Equatable {
    /// One labelled line.
    public struct Line: Sendable, Equatable {
        /// 「氏名」, 「住所」 …
        public var label: String
        /// The text exactly as recorded (never normalized).
        public var value: String
    }

    /// One block: a person, a header, a table.
    public struct Block: Sendable, Equatable {
        /// A heading above the lines (e.g. 「世帯員 2」), if any.
        public var heading: String?
        /// The lines.
        public var lines: [Line]
        /// A seal impression printed in the block (印鑑登録証明書).
        public var sealImage: [UInt8]?
        /// The person the block is about, if a person (checked against the request before printing).
        public var personID: String?
    }

    /// The kind's id and title.
    public var kindID: String, title: String
    /// The blocks in print order.
    public var blocks: [Block]
    /// At most this many blocks per sheet (世帯連記式: 4).
    public var blocksPerPage: Int
    /// 認証文 (last page only).
    public var attestation: String
    /// The date of issue in 和暦 (「令和8年12月1日」).
    public var issuedOn: String
    /// 「大阪府大阪市北区長」 and the officer's name.
    public var officerTitle: String, officerName: String
    /// The text of the 公印 (「大阪市北区長之印」).
    public var officialSealText: String
    /// Whether a 個人番号 is printed.
    public var printsIndividualNumber: Bool
    /// The person requested (every person block must be them or their household).
    public var subjectPersonID: String

    /// The key content a page's verification code signs (`docs/verification.md`): the kind and the date, then
    /// for each block on the page its name, birth date and the first block's address, under ASCII keys
    /// (`p1.name` …). Never the 個人番号; the lines' text exactly as printed.
    public static func signedFields(kindID: String, issuedOn: String, blocks: [Block]) -> [(key: String, value: String)] {
        var fields: [(key: String, value: String)] = [("kind", kindID), ("issued", issuedOn)]
        for (index, block) in blocks.enumerated() {
            for line in block.lines {
                guard let key = signedKeys[line.label], key != "address" || index == 0 else { continue }
                guard !fields.contains(where: { $0.key == "p\(index + 1).\(key)" }) else { continue }
                fields.append(("p\(index + 1).\(key)", line.value))
            }
        }
        return fields
    }

    /// The lines a code signs, by label, and their keys.
    static let signedKeys = ["氏名": "name", "名": "name", "生年月日": "birth", "住所": "address", "登録番号": "seal",
                             "本籍": "honseki", "年度": "year", "所得金額": "income", "課税額": "tax"]
}

/// Builds a certificate's content from the registry for a checked request.
public struct CertificateComposer: Sendable {
    /// The registry.
    public let registry: any ResidentRegistry
    /// The era table (和暦 dates).
    public let eras: EraTable
    /// The household order.
    public let relationships: RelationshipOrder

    /// The label of a 個人番号 line (left out of what the code signs).
    public static let individualNumberLabel = "個人番号"

    /// A composer over `registry`.
    public init(registry: any ResidentRegistry, eras: EraTable, relationships: RelationshipOrder) {
        self.registry = registry
        self.eras = eras
        self.relationships = relationships
    }

    /// 和暦, or 西暦 for a foreign resident (and before the first era).
    func date(_ day: CalendarDate, western: Bool = false) -> String {
        let plain = "\(day.year)年\(day.month)月\(day.day)日"
        guard !western, let japanese = eras.japaneseDate(for: day) else { return plain }
        return japanese.formatted
    }

    /// The content of `request` (already checked by ``Eligibility``) for `person`, issued on `day` by `officer`
    /// of the ward `ward` (「北区」).
    public func compose(_ request: CertificateRequest, kind: CertificateKind, person: Person, day: CalendarDate,
                        officer: CertifyingOfficer, city: String, ward: String) throws -> CertificateContent {
        var blocksPerPage = 1
        let blocks: [CertificateContent.Block]
        switch kind.layout {
        case .personal:
            blocks = [try residentBlock(person, request.options, heading: nil)]
        case .household:
            let chosen = Set(request.members)
            let members = relationships.sorted(try registry.householdMembers(of: person.householdID).filter {
                !$0.status.isRemoved && (chosen.isEmpty || chosen.contains($0.id))
            })
            blocks = try members.enumerated().map { index, member in
                try residentBlock(member, request.options, heading: "世帯員 \(index + 1)")
            }
            blocksPerPage = 4
        case .statement:
            blocks = [block(person, [("氏名", person.name), ("生年月日", date(person.birthDate, western: person.foreign != nil)),
                                     ("性別", person.sex.label), ("住所", address(of: person))])]
        case .seal:
            let seal = try registry.seals(of: person.id).first { $0.status == .registered }
            var sealBlock = block(person, [("登録番号", seal?.registrationNumber ?? ""), ("氏名", person.name),
                                           ("生年月日", date(person.birthDate, western: person.foreign != nil)),
                                           ("住所", address(of: person))])
            sealBlock.sealImage = seal?.imagePNG
            blocks = [sealBlock]
        case .koseki, .kosekiPersonal, .fuhyo:
            blocks = try kosekiBlocks(kind, person: person)
        case .tax:
            let years = try registry.taxYears(of: person.id).sorted { $0.fiscalYear > $1.fiscalYear }
            var lines = [("氏名", person.name), ("住所", address(of: person))]
            for year in years.prefix(1) {
                lines += [("年度", "\(year.fiscalYear)年度"), ("所得金額", year.income.description), ("課税額", year.tax.description)]
            }
            blocks = [block(person, lines)]
        }
        return CertificateContent(kindID: kind.id, title: kind.title, blocks: blocks, blocksPerPage: blocksPerPage,
                                  attestation: kind.attestation, issuedOn: date(day), officerTitle: officer.title,
                                  officerName: officer.name, officialSealText: "\(city)\(ward)長之印",
                                  printsIndividualNumber: request.options.contains(.individualNumber),
                                  subjectPersonID: person.id)
    }

    private func block(_ person: Person, _ lines: [(String, String)], heading: String? = nil) -> CertificateContent.Block {
        CertificateContent.Block(heading: heading, lines: lines.map { CertificateContent.Line(label: $0.0, value: $0.1) },
                                 sealImage: nil, personID: person.id)
    }

    /// 住所 with 方書 (always printed).
    private func address(of person: Person) -> String {
        guard let katagaki = person.katagaki, !katagaki.isEmpty else { return person.address }
        return "\(person.address)　\(katagaki)"
    }

    /// One person of a 住民票: the fixed items, then what the options add.
    private func residentBlock(_ person: Person, _ options: Set<CertificateOption>, heading: String?) throws -> CertificateContent.Block {
        let western = person.foreign != nil
        var lines: [(String, String)] = [("氏名", person.name)]
        if let kana = person.kana, !kana.isEmpty { lines.append(("氏名の振り仮名", kana)) }
        if let alias = person.alias, !alias.isEmpty { lines.append(("通称", alias)) }
        lines += [("生年月日", date(person.birthDate, western: western)), ("性別", person.sex.label),
                  ("住所", address(of: person)), ("住所を定めた日", date(person.addressSince, western: western)),
                  ("住民となった日", date(person.residentSince, western: western))]
        if options.contains(.householdHead) {
            let head = try registry.householdMembers(of: person.householdID).first { $0.isHouseholdHead }
            lines += [("世帯主", head?.name ?? ""), ("続柄", person.relationship)]
        }
        if options.contains(.honseki), !western {
            lines += [("本籍", person.honseki ?? ""), ("筆頭者", person.hittousha ?? "")]
        }
        if options.contains(.history), let previous = person.previousAddress, !previous.isEmpty {
            lines.append(("前住所", previous))
        }
        if person.status.isRemoved {
            let when = person.statusDate.map { date($0, western: western) } ?? ""
            lines.append(("消除", "\(when) \(person.status.label)\(person.movedTo.map { "（\($0)）" } ?? "")"))
        }
        if let foreign = person.foreign {
            lines += [("国籍・地域", foreign.nationality), ("在留資格", foreign.residenceStatus)]
            if let period = foreign.periodOfStay { lines.append(("在留期間", period)) }
            if let expires = foreign.stayExpiresOn { lines.append(("在留期間の満了の日", date(expires, western: true))) }
            if let card = foreign.residenceCardNumber { lines.append(("在留カード等の番号", card)) }
        }
        if options.contains(.juminhyoCode) { lines.append(("住民票コード", person.juminhyoCode ?? "")) }
        if options.contains(.individualNumber) {
            lines.append((Self.individualNumberLabel, try registry.individualNumber(of: person.id) ?? ""))
        }
        return block(person, lines, heading: heading)
    }

    /// 戸籍 (全部: header and every member; 個人: the person's entry), 除籍, or the 附票's address lines.
    private func kosekiBlocks(_ kind: CertificateKind, person: Person) throws -> [CertificateContent.Block] {
        let all = try registry.kosekiIDs(of: person.id).compactMap { try registry.koseki(id: $0) }
        guard let koseki = all.first(where: { kind.scope == .removedKoseki ? $0.isRemoved : !$0.isRemoved }) else { return [] }
        let header = CertificateContent.Block(heading: nil, lines: [.init(label: "本籍", value: koseki.honseki),
                                                                   .init(label: "氏名", value: koseki.hittousha)],
                                              sealImage: nil, personID: nil)
        if kind.layout == .fuhyo {
            let lines = try registry.fuhyo(ofKoseki: koseki.id).map { line in
                CertificateContent.Line(label: "住所（\(date(line.since))）", value: line.address)
            }
            return [header, CertificateContent.Block(heading: "附票", lines: lines, sealImage: nil, personID: person.id)]
        }
        let members = kind.layout == .kosekiPersonal ? koseki.members.filter { $0.personID == person.id } : koseki.members
        return [header] + members.map { member in
            var lines = [CertificateContent.Line(label: "名", value: member.name),
                         .init(label: "生年月日", value: date(member.birthDate)),
                         .init(label: "続柄", value: member.relationship)]
            lines += member.events.map { CertificateContent.Line(label: "身分事項", value: $0) }
            if member.isRemoved { lines.append(.init(label: "除籍", value: "除籍")) }
            return CertificateContent.Block(heading: "戸籍に記録されている者", lines: lines, sealImage: nil,
                                            personID: member.personID)
        }
    }
}
