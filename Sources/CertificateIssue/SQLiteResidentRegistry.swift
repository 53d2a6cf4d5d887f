import CounterCore
import CounterStore
import Foundation
import GRDB

/// The ``ResidentRegistry`` in the terminal's SQLite database (``RegistrySchema``).
public struct SQLiteResidentRegistry: ResidentRegistry {
    /// The database (opened with a schema that includes ``RegistrySchema``).
    public let database: CounterDatabase
    /// The search keys' folding.
    public let keys: SearchKey
    /// The 続柄 order households are listed in.
    public let order: RelationshipOrder

    /// A registry over `database`, folding with `variants` and ordering households by `order`.
    public init(database: CounterDatabase, variants: VariantTable, order: RelationshipOrder) {
        self.database = database
        self.keys = SearchKey(variants: variants)
        self.order = order
    }

    /// A registry over `database` with the seeds' variant table and 続柄 order.
    public init(database: CounterDatabase, seeds: SeedDirectory) throws {
        self.init(database: database, variants: try VariantTable.load(from: seeds), order: try RelationshipOrder.load(from: seeds))
    }

    /// The person columns every query selects: never the 個人番号, only whether there is one.
    static let personColumns = """
        p.id, p.household_id, p.name, p.kana, p.alias, p.birth_date, p.sex, p.address, p.katagaki, p.address_since,
        p.previous_address, p.resident_since, p.is_head, p.relationship, p.honseki, p.hittousha, p.juminhyo_code,
        p.status, p.status_date, p.moved_to, p.support_measure, p.issuance_hold, p.nationality, p.residence_status,
        p.period_of_stay, p.stay_expires_on, p.residence_card_number,
        EXISTS (SELECT 1 FROM registry_individual_number n WHERE n.person_id = p.id) AS has_individual_number
        """

    static func person(_ row: Row) -> Person {
        func date(_ column: String) -> CalendarDate? { (row[column] as String?).flatMap { CalendarDate(iso: $0) } }
        let nationality: String? = row["nationality"]
        let foreign = nationality.map { nationality in
            ForeignResidentItems(nationality: nationality, residenceStatus: row["residence_status"] ?? "",
                                 periodOfStay: row["period_of_stay"], stayExpiresOn: date("stay_expires_on"),
                                 residenceCardNumber: row["residence_card_number"])
        }
        return Person(
            id: row["id"], name: row["name"], kana: row["kana"], alias: row["alias"],
            birthDate: date("birth_date") ?? CalendarDate(year: 1, month: 1, day: 1), sex: Sex(code: row["sex"]),
            address: row["address"], katagaki: row["katagaki"],
            addressSince: date("address_since") ?? CalendarDate(year: 1, month: 1, day: 1),
            previousAddress: row["previous_address"],
            residentSince: date("resident_since") ?? CalendarDate(year: 1, month: 1, day: 1),
            householdID: row["household_id"], isHouseholdHead: row["is_head"], relationship: row["relationship"],
            honseki: row["honseki"], hittousha: row["hittousha"], juminhyoCode: row["juminhyo_code"],
            hasIndividualNumber: row["has_individual_number"],
            status: ResidentStatus(rawValue: row["status"]) ?? .resident, statusDate: date("status_date"),
            movedTo: row["moved_to"], supportMeasure: row["support_measure"], issuanceHold: row["issuance_hold"],
            foreign: foreign)
    }

    private func persons(_ sql: String, _ arguments: StatementArguments) throws -> [Person] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.personColumns) FROM registry_person p \(sql)", arguments: arguments)
                .map(Self.person)
        }
    }

    public func person(id: String) throws -> Person? {
        guard RecordIdentifier.isValid(id) else { return nil }
        return try persons("WHERE p.id = ?", [id]).first
    }

    public func lookup(card: BasicInfo) throws -> CardLookup {
        let name = card.name, address = card.address
        for (field, text) in [("氏名", name), ("住所", address)] {
            guard text.count <= 400 else { throw RegistryError.invalidQuery(field: field, problem: .tooLong(maximum: 400)) }
            guard TextSafety.forbidden(in: text) == nil else { throw RegistryError.invalidQuery(field: field, problem: .forbiddenCharacter) }
        }
        let birth = card.birthDate.iso
        var matches = try persons("WHERE p.name = ? AND p.birth_date = ? ORDER BY p.id", [name, birth])
        if matches.isEmpty {
            matches = try persons("WHERE p.name_key = ? AND p.birth_date = ? ORDER BY p.id", [keys.name(name), birth])
        }
        if matches.count <= 1 { return matches.first.map(CardLookup.found) ?? .notFound }
        let addressKey = keys.name(address)
        let atAddress = matches.filter { keys.name($0.address + ($0.katagaki ?? "")) == addressKey }
        if atAddress.count == 1 { return .found(atAddress[0]) }
        let current = (atAddress.isEmpty ? matches : atAddress).filter { !$0.status.isRemoved }
        if current.count == 1 { return .found(current[0]) }
        return .ambiguous(atAddress.isEmpty ? matches : atAddress)
    }

    public func search(_ query: ResidentQuery) throws -> [Person] {
        let query = try query.validated()
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let name = query.name {
            conditions.append("(instr(p.name_key, ?) > 0 OR instr(coalesce(p.alias_key, ''), ?) > 0)")
            let key = keys.name(name)
            _ = arguments.append(contentsOf: [key, key])
        }
        if let kana = query.kana {
            // A prefix as a range on the key (binary UTF-8 order), so the kana index serves it.
            conditions.append("p.kana_key >= ? AND p.kana_key < ?")
            let key = keys.kana(kana)
            _ = arguments.append(contentsOf: [key, key + "\u{10FFFF}"])
        }
        if let birth = query.birthDate {
            conditions.append("p.birth_date = ?")
            _ = arguments.append(contentsOf: [birth.iso])
        }
        _ = arguments.append(contentsOf: [query.limit])
        // With a kana criterion every match has a kana key, so the order is the kana index's own (no sort of all matches).
        let order = query.kana != nil ? "p.kana_key, p.birth_date, p.id" : "coalesce(p.kana_key, p.name_key), p.birth_date, p.id"
        return try persons("WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order) LIMIT ?", arguments)
    }

    public func household(id: String) throws -> Household? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT id, address, katagaki FROM registry_household WHERE id = ?", arguments: [id])
                .map { Household(id: $0["id"], address: $0["address"], katagaki: $0["katagaki"]) }
        }
    }

    public func householdMembers(of householdID: String) throws -> [Person] {
        order.sorted(try persons("WHERE p.household_id = ?", [householdID]))
    }

    public func seals(of personID: String) throws -> [SealRegistration] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT registration_number, person_id, status, registered_on, image_png FROM registry_seal
                WHERE person_id = ? ORDER BY status = 'registered' DESC, registered_on DESC, registration_number
                """, arguments: [personID]).map { row in
                SealRegistration(registrationNumber: row["registration_number"], personID: row["person_id"],
                                 status: SealRegistration.Status(rawValue: row["status"]) ?? .abolished,
                                 registeredOn: CalendarDate(iso: row["registered_on"]) ?? CalendarDate(year: 1, month: 1, day: 1),
                                 imagePNG: [UInt8](row["image_png"] as Data))
            }
        }
    }

    public func koseki(id: String) throws -> Koseki? {
        try database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, honseki, hittousha, is_removed FROM registry_koseki WHERE id = ?",
                                             arguments: [id]) else { return nil }
            let members = try Row.fetchAll(db, sql: """
                SELECT member_no, name, birth_date, relationship, person_id, is_removed, events FROM registry_koseki_member
                WHERE koseki_id = ? ORDER BY member_no
                """, arguments: [id]).map { member in
                let events: String = member["events"]
                return KosekiMember(number: member["member_no"], name: member["name"],
                                    birthDate: CalendarDate(iso: member["birth_date"]) ?? CalendarDate(year: 1, month: 1, day: 1),
                                    relationship: member["relationship"], personID: member["person_id"],
                                    isRemoved: member["is_removed"],
                                    events: events.isEmpty ? [] : events.components(separatedBy: "\n"))
            }
            return Koseki(id: row["id"], honseki: row["honseki"], hittousha: row["hittousha"], isRemoved: row["is_removed"],
                          members: members)
        }
    }

    public func kosekiIDs(of personID: String) throws -> [String] {
        try database.read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT m.koseki_id FROM registry_koseki_member m JOIN registry_koseki k ON k.id = m.koseki_id
                WHERE m.person_id = ? ORDER BY k.is_removed, m.koseki_id DESC
                """, arguments: [personID])
        }
    }

    public func fuhyo(ofKoseki kosekiID: String) throws -> [FuhyoLine] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT line_no, member_no, address, since FROM registry_fuhyo WHERE koseki_id = ? ORDER BY line_no",
                             arguments: [kosekiID]).map { row in
                FuhyoLine(number: row["line_no"], memberNumber: row["member_no"], address: row["address"],
                          since: CalendarDate(iso: row["since"]) ?? CalendarDate(year: 1, month: 1, day: 1))
            }
        }
    }

    public func taxYears(of personID: String) throws -> [TaxYear] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT fiscal_year, income_yen, tax_yen FROM registry_tax WHERE person_id = ? ORDER BY fiscal_year DESC",
                             arguments: [personID]).map { row in
                TaxYear(fiscalYear: row["fiscal_year"], income: Yen(row["income_yen"]), tax: Yen(row["tax_yen"]))
            }
        }
    }

    public func person(jpkiIssuer issuer: String, serial: String) throws -> Person? {
        guard let serial = JPKILink.canonicalSerial(serial), issuer.count <= 1000 else { return nil }
        return try persons("JOIN registry_jpki_link j ON j.person_id = p.id WHERE j.issuer = ? AND j.serial = ?", [issuer, serial]).first
    }

    public func individualNumber(of personID: String) throws -> String? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT number FROM registry_individual_number WHERE person_id = ?", arguments: [personID])
        }
    }

    public func counts() throws -> RegistryCounts {
        try database.read { db in
            func count(_ table: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
            var counts = RegistryCounts()
            counts.persons = try count("registry_person")
            counts.households = try count("registry_household")
            counts.seals = try count("registry_seal")
            counts.koseki = try count("registry_koseki")
            counts.kosekiMembers = try count("registry_koseki_member")
            counts.fuhyoLines = try count("registry_fuhyo")
            counts.taxYears = try count("registry_tax")
            counts.jpkiLinks = try count("registry_jpki_link")
            return counts
        }
    }
}
