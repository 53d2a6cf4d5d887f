import CounterCore

/// Where a person stands in the registry: a current resident, or a 除票 (moved out, deceased) kept with its date.
public enum ResidentStatus: String, Sendable, Codable, CaseIterable {
    /// 住民: lives in the city.
    case resident
    /// 転出予定: has notified a move out that has not happened yet (still a resident).
    case movingOut = "moving-out"
    /// 転出: moved out; the record is a 除票.
    case movedOut = "moved-out"
    /// 死亡: deceased; the record is a 除票.
    case deceased

    /// The Japanese word the CSV file and the clerk use.
    public var label: String {
        switch self {
        case .resident: "住民"
        case .movingOut: "転出予定"
        case .movedOut: "転出"
        case .deceased: "死亡"
        }
    }

    /// The status whose label is `label`, if any.
    public init?(label: String) {
        guard let status = Self.allCases.first(where: { $0.label == label }) else { return nil }
        self = status
    }

    /// True when only a 除票 can be issued for the person.
    public var isRemoved: Bool { self == .movedOut || self == .deceased }
}

/// The items a foreign resident's 住民票 carries (their dates print in 西暦).
public struct ForeignResidentItems: Sendable, Equatable, Codable {
    /// 国籍・地域.
    public var nationality: String
    /// 在留資格 (e.g. 永住者, 技術・人文知識・国際業務).
    public var residenceStatus: String
    /// 在留期間 as written on the card (e.g. 「5年」).
    public var periodOfStay: String?
    /// 在留期間の満了の日.
    public var stayExpiresOn: CalendarDate?
    /// 在留カード等の番号 (12 characters).
    public var residenceCardNumber: String?

    /// Creates the items.
    public init(nationality: String, residenceStatus: String, periodOfStay: String?, stayExpiresOn: CalendarDate?,
                residenceCardNumber: String?) {
        self.nationality = nationality
        self.residenceStatus = residenceStatus
        self.periodOfStay = periodOfStay
        self.stayExpiresOn = stayExpiresOn
        self.residenceCardNumber = residenceCardNumber
    }
}

/// One person of the registry as a certificate needs them, without the 個人番号.
///
/// The 個人番号 is never part of this value (it cannot reach a list, a log or a JSON output by accident):
/// ``hasIndividualNumber`` says whether the registry holds one, and
/// ``ResidentRegistry/individualNumber(of:)`` reads it when a certificate is asked and allowed to print it.
/// Text fields hold exactly the stored text (外字, IVS and all), never normalized.
public struct Person: Sendable, Equatable, Identifiable {
    /// The registry's id of the person (ASCII, ``RecordIdentifier``).
    public var id: String
    /// 氏名, exactly as registered.
    public var name: String
    /// 氏名の振り仮名 (katakana), when confirmed.
    public var kana: String?
    /// 通称 of a foreign resident, when registered.
    public var alias: String?
    /// 生年月日.
    public var birthDate: CalendarDate
    /// 性別 (CounterCore's card codes: 1, 2 or 9; never `.unknown` in the registry).
    public var sex: Sex
    /// 住所 (without the 方書).
    public var address: String
    /// 方書 (building and room), printed with the address.
    public var katagaki: String?
    /// 住所を定めた日.
    public var addressSince: CalendarDate
    /// 前住所.
    public var previousAddress: String?
    /// 住民となった日.
    public var residentSince: CalendarDate
    /// The 世帯 the person belongs to.
    public var householdID: String
    /// True for the 世帯主.
    public var isHouseholdHead: Bool
    /// 続柄 (世帯主との続柄), one of the seeds' relationship list.
    public var relationship: String
    /// 本籍, when registered (foreign residents have none).
    public var honseki: String?
    /// 筆頭者, when registered.
    public var hittousha: String?
    /// 住民票コード (11 digits).
    public var juminhyoCode: String?
    /// True when the registry holds a 個人番号 for the person (the number itself is not here).
    public var hasIndividualNumber: Bool
    /// 住民 / 転出予定 / 転出 / 死亡.
    public var status: ResidentStatus
    /// The day of the status (転出予定日, 転出日, 死亡日); nil for a resident.
    public var statusDate: CalendarDate?
    /// 転出先 of a moved-out person.
    public var movedTo: String?
    /// 支援措置 (DV, stalking …): a certificate is refused with an alert to the clerk, never with a reason.
    public var supportMeasure: Bool
    /// 発行抑止: issuance is held for another reason (e.g. a pending correction).
    public var issuanceHold: Bool
    /// The foreign-resident items, for a foreign resident.
    public var foreign: ForeignResidentItems?

    /// True when a clerk must look before anything is issued (支援措置 or 発行抑止), without telling which.
    public var needsAttention: Bool { supportMeasure || issuanceHold }

    /// Creates a person.
    public init(id: String, name: String, kana: String?, alias: String?, birthDate: CalendarDate, sex: Sex,
                address: String, katagaki: String?, addressSince: CalendarDate, previousAddress: String?,
                residentSince: CalendarDate, householdID: String, isHouseholdHead: Bool, relationship: String,
                honseki: String?, hittousha: String?, juminhyoCode: String?, hasIndividualNumber: Bool,
                status: ResidentStatus, statusDate: CalendarDate?, movedTo: String?, supportMeasure: Bool,
                issuanceHold: Bool, foreign: ForeignResidentItems?) {
        self.id = id
        self.name = name
        self.kana = kana
        self.alias = alias
        self.birthDate = birthDate
        self.sex = sex
        self.address = address
        self.katagaki = katagaki
        self.addressSince = addressSince
        self.previousAddress = previousAddress
        self.residentSince = residentSince
        self.householdID = householdID
        self.isHouseholdHead = isHouseholdHead
        self.relationship = relationship
        self.honseki = honseki
        self.hittousha = hittousha
        self.juminhyoCode = juminhyoCode
        self.hasIndividualNumber = hasIndividualNumber
        self.status = status
        self.statusDate = statusDate
        self.movedTo = movedTo
        self.supportMeasure = supportMeasure
        self.issuanceHold = issuanceHold
        self.foreign = foreign
    }
}

/// A 世帯: its id and the address it is registered at.
public struct Household: Sendable, Equatable, Identifiable {
    /// The registry's id of the household.
    public var id: String
    /// 住所 of the household.
    public var address: String
    /// 方書 of the household's address.
    public var katagaki: String?

    /// Creates a household.
    public init(id: String, address: String, katagaki: String?) {
        self.id = id
        self.address = address
        self.katagaki = katagaki
    }
}

/// A 印鑑登録 with the 印影 that 印鑑登録証明書 prints.
public struct SealRegistration: Sendable, Equatable {
    /// Whether a registration can still be certified.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// 登録: can be certified.
        case registered
        /// 廃止: abolished, never certified.
        case abolished

        /// 登録 / 廃止.
        public var label: String { self == .registered ? "登録" : "廃止" }

        /// The status whose label is `label`, if any.
        public init?(label: String) {
            guard let status = Self.allCases.first(where: { $0.label == label }) else { return nil }
            self = status
        }
    }

    /// 登録番号.
    public var registrationNumber: String
    /// The registered person.
    public var personID: String
    /// 登録 / 廃止.
    public var status: Status
    /// 登録日.
    public var registeredOn: CalendarDate
    /// The 印影 as a PNG file's bytes.
    public var imagePNG: [UInt8]

    /// Creates a registration.
    public init(registrationNumber: String, personID: String, status: Status, registeredOn: CalendarDate, imagePNG: [UInt8]) {
        self.registrationNumber = registrationNumber
        self.personID = personID
        self.status = status
        self.registeredOn = registeredOn
        self.imagePNG = imagePNG
    }
}

/// A 戸籍 in the simple form certificates need.
public struct Koseki: Sendable, Equatable, Identifiable {
    /// The registry's id of the koseki.
    public var id: String
    /// 本籍.
    public var honseki: String
    /// 筆頭者氏名.
    public var hittousha: String
    /// True for a 除籍 (every member removed; issued as 除籍謄本).
    public var isRemoved: Bool
    /// The members in their order on the koseki.
    public var members: [KosekiMember]

    /// Creates a koseki.
    public init(id: String, honseki: String, hittousha: String, isRemoved: Bool, members: [KosekiMember]) {
        self.id = id
        self.honseki = honseki
        self.hittousha = hittousha
        self.isRemoved = isRemoved
        self.members = members
    }
}

/// One member of a 戸籍 with their 身分事項 lines (出生, 婚姻, …).
public struct KosekiMember: Sendable, Equatable {
    /// The member's place on the koseki (1 = 筆頭者).
    public var number: Int
    /// 氏名.
    public var name: String
    /// 生年月日.
    public var birthDate: CalendarDate
    /// 続柄 on the koseki (長男, 妻 …).
    public var relationship: String
    /// The registry person this member is, when they are in the resident registry.
    public var personID: String?
    /// True when the member has left this koseki (除籍).
    public var isRemoved: Bool
    /// 身分事項, one line each, in order.
    public var events: [String]

    /// Creates a member.
    public init(number: Int, name: String, birthDate: CalendarDate, relationship: String, personID: String?,
                isRemoved: Bool, events: [String]) {
        self.number = number
        self.name = name
        self.birthDate = birthDate
        self.relationship = relationship
        self.personID = personID
        self.isRemoved = isRemoved
        self.events = events
    }
}

/// One line of a 戸籍の附票: an address a member lived at, from a day.
public struct FuhyoLine: Sendable, Equatable {
    /// The line's order on the fuhyo.
    public var number: Int
    /// The koseki member the line is about.
    public var memberNumber: Int
    /// 住所.
    public var address: String
    /// 住所を定めた日.
    public var since: CalendarDate

    /// Creates a line.
    public init(number: Int, memberNumber: Int, address: String, since: CalendarDate) {
        self.number = number
        self.memberNumber = memberNumber
        self.address = address
        self.since = since
    }
}

/// 課税・所得 of one fiscal year (年度) for 課税・所得証明書.
public struct TaxYear: Sendable, Equatable {
    /// 年度 (the fiscal year the tax is assessed in, e.g. 2026 for 令和8年度).
    public var fiscalYear: Int
    /// 所得金額 of the previous calendar year.
    public var income: Yen
    /// 課税額 (市・府民税).
    public var tax: Yen

    /// Creates a year.
    public init(fiscalYear: Int, income: Yen, tax: Yen) {
        self.fiscalYear = fiscalYear
        self.income = income
        self.tax = tax
    }
}

/// The link from a JPKI user-authentication certificate to the person who holds the card (the kiosk's lookup).
public struct JPKILink: Sendable, Equatable {
    /// The certificate's issuer distinguished name, as `JPKIAuthentication` reports it.
    public var issuer: String
    /// The serial number, upper-case hex without leading zero bytes (``JPKILink/canonicalSerial(_:)``).
    public var serial: String
    /// The person.
    public var personID: String

    /// Creates a link; the serial is put in its canonical form.
    public init(issuer: String, serial: String, personID: String) {
        self.issuer = issuer
        self.serial = Self.canonicalSerial(serial) ?? serial
        self.personID = personID
    }

    /// `serial` as upper-case hex without leading `00` bytes (a DER integer's sign byte), or nil when it is
    /// not hex (an even or odd number of digits, 1 to 40 bytes). `0x`, `:` separators are not accepted.
    public static func canonicalSerial(_ serial: String) -> String? {
        let digits = serial.uppercased()
        guard (1...80).contains(digits.count), digits.unicodeScalars.allSatisfy({ "0123456789ABCDEF".unicodeScalars.contains($0) })
        else { return nil }
        var trimmed = Substring(digits.count % 2 == 1 ? "0" + digits : digits)
        while trimmed.count > 2 && trimmed.hasPrefix("00") { trimmed = trimmed.dropFirst(2) }
        return String(trimmed)
    }
}
