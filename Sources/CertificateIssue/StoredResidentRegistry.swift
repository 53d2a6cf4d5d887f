import CounterCore
import CounterStore
import Foundation

/// The ``ResidentRegistry`` in a database with ``RegistrySchema``'s tables: the terminal's SQLite file
/// (``SQLiteResidentRegistry``) or the city's PostgreSQL. One set of queries serves both, so both answer alike.
public struct StoredResidentRegistry<Store: PortableStore>: ResidentRegistry {
    /// Where the tables are.
    public let store: Store
    /// The search keys' folding.
    public let keys: SearchKey
    /// The 続柄 order households are listed in.
    public let order: RelationshipOrder

    /// A registry in `store`, folding with `variants` and ordering households by `order`.
    public init(store: Store, variants: VariantTable, order: RelationshipOrder) {
        self.store = store
        self.keys = SearchKey(variants: variants)
        self.order = order
    }

    /// A registry in `store` with the seeds' variant table and 続柄 order.
    public init(store: Store, seeds: SeedDirectory) throws {
        self.init(store: store, variants: try VariantTable.load(from: seeds), order: try RelationshipOrder.load(from: seeds))
    }

    /// The person columns every query selects: never the 個人番号, only whether there is one.
    static var personColumns: String {
        """
        p.id, p.household_id, p.name, p.kana, p.alias, p.birth_date, p.sex, p.address, p.katagaki, p.address_since,
        p.previous_address, p.resident_since, p.is_head, p.relationship, p.honseki, p.hittousha, p.juminhyo_code,
        p.status, p.status_date, p.moved_to, p.support_measure, p.issuance_hold, p.nationality, p.residence_status,
        p.period_of_stay, p.stay_expires_on, p.residence_card_number,
        CASE WHEN EXISTS (SELECT 1 FROM registry_individual_number n WHERE n.person_id = p.id) THEN 1 ELSE 0 END
            AS has_individual_number
        """
    }

    static func person(_ row: SQLRow) -> Person {
        let unknown = CalendarDate(year: 1, month: 1, day: 1)
        let foreign = row.optionalText("nationality").map { nationality in
            ForeignResidentItems(nationality: nationality, residenceStatus: row.text("residence_status"),
                                 periodOfStay: row.optionalText("period_of_stay"), stayExpiresOn: row.date("stay_expires_on"),
                                 residenceCardNumber: row.optionalText("residence_card_number"))
        }
        return Person(
            id: row.text("id"), name: row.text("name"), kana: row.optionalText("kana"), alias: row.optionalText("alias"),
            birthDate: row.date("birth_date") ?? unknown, sex: Sex(code: row.text("sex")),
            address: row.text("address"), katagaki: row.optionalText("katagaki"),
            addressSince: row.date("address_since") ?? unknown,
            previousAddress: row.optionalText("previous_address"),
            residentSince: row.date("resident_since") ?? unknown,
            householdID: row.text("household_id"), isHouseholdHead: row.flag("is_head"), relationship: row.text("relationship"),
            honseki: row.optionalText("honseki"), hittousha: row.optionalText("hittousha"),
            juminhyoCode: row.optionalText("juminhyo_code"),
            hasIndividualNumber: row.flag("has_individual_number"),
            status: ResidentStatus(rawValue: row.text("status")) ?? .resident, statusDate: row.date("status_date"),
            movedTo: row.optionalText("moved_to"), supportMeasure: row.flag("support_measure"),
            issuanceHold: row.flag("issuance_hold"), foreign: foreign)
    }

    private func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
        try store.read { db in try db.rows(sql, arguments) }
    }

    private func persons(_ sql: String, _ arguments: [any SQLBindable]) throws -> [Person] {
        try rows("SELECT \(Self.personColumns) FROM registry_person p \(sql)", arguments).map(Self.person)
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
        var arguments: [any SQLBindable] = []
        if let name = query.name {
            conditions.append("(instr(p.name_key, ?) > 0 OR instr(coalesce(p.alias_key, ''), ?) > 0)")
            let key = keys.name(name)
            arguments += [key, key]
        }
        if let kana = query.kana {
            // A prefix as a range on the key (binary UTF-8 order), so the kana index serves it.
            conditions.append("p.kana_key >= ? AND p.kana_key < ?")
            let key = keys.kana(kana)
            arguments += [key, key + "\u{10FFFF}"]
        }
        if let birth = query.birthDate {
            conditions.append("p.birth_date = ?")
            arguments.append(birth.iso)
        }
        arguments.append(query.limit)
        // With a kana criterion every match has a kana key, so the order is the kana index's own (no sort of all matches).
        let order = query.kana != nil ? "p.kana_key, p.birth_date, p.id" : "coalesce(p.kana_key, p.name_key), p.birth_date, p.id"
        return try persons("WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order) LIMIT ?", arguments)
    }

    public func household(id: String) throws -> Household? {
        try rows("SELECT id, address, katagaki FROM registry_household WHERE id = ?", [id]).first
            .map { Household(id: $0.text("id"), address: $0.text("address"), katagaki: $0.optionalText("katagaki")) }
    }

    public func householdMembers(of householdID: String) throws -> [Person] {
        order.sorted(try persons("WHERE p.household_id = ?", [householdID]))
    }

    public func seals(of personID: String) throws -> [SealRegistration] {
        try rows("""
            SELECT registration_number, person_id, status, registered_on, image_png FROM registry_seal
            WHERE person_id = ? ORDER BY CASE WHEN status = 'registered' THEN 0 ELSE 1 END, registered_on DESC, registration_number
            """, [personID]).map { row in
            SealRegistration(registrationNumber: row.text("registration_number"), personID: row.text("person_id"),
                             status: SealRegistration.Status(rawValue: row.text("status")) ?? .abolished,
                             registeredOn: row.date("registered_on") ?? CalendarDate(year: 1, month: 1, day: 1),
                             imagePNG: row.blob("image_png"))
        }
    }

    public func koseki(id: String) throws -> Koseki? {
        try store.read { db -> Koseki? in
            guard let row = try db.rows("SELECT id, honseki, hittousha, is_removed FROM registry_koseki WHERE id = ?", [id]).first
            else { return nil }
            let members = try db.rows("""
                SELECT member_no, name, birth_date, relationship, person_id, is_removed, events FROM registry_koseki_member
                WHERE koseki_id = ? ORDER BY member_no
                """, [id]).map { member in
                let events = member.text("events")
                return KosekiMember(number: member.integer("member_no"), name: member.text("name"),
                                    birthDate: member.date("birth_date") ?? CalendarDate(year: 1, month: 1, day: 1),
                                    relationship: member.text("relationship"), personID: member.optionalText("person_id"),
                                    isRemoved: member.flag("is_removed"),
                                    events: events.isEmpty ? [] : events.components(separatedBy: "\n"))
            }
            return Koseki(id: row.text("id"), honseki: row.text("honseki"), hittousha: row.text("hittousha"),
                          isRemoved: row.flag("is_removed"), members: members)
        }
    }

    public func kosekiIDs(of personID: String) throws -> [String] {
        try rows("""
            SELECT m.koseki_id FROM registry_koseki_member m JOIN registry_koseki k ON k.id = m.koseki_id
            WHERE m.person_id = ? GROUP BY m.koseki_id, k.is_removed ORDER BY k.is_removed, m.koseki_id DESC
            """, [personID]).map { $0.text("koseki_id") }
    }

    public func fuhyo(ofKoseki kosekiID: String) throws -> [FuhyoLine] {
        try rows("SELECT line_no, member_no, address, since FROM registry_fuhyo WHERE koseki_id = ? ORDER BY line_no",
                 [kosekiID]).map { row in
            FuhyoLine(number: row.integer("line_no"), memberNumber: row.integer("member_no"), address: row.text("address"),
                      since: row.date("since") ?? CalendarDate(year: 1, month: 1, day: 1))
        }
    }

    public func taxYears(of personID: String) throws -> [TaxYear] {
        try rows("SELECT fiscal_year, income_yen, tax_yen FROM registry_tax WHERE person_id = ? ORDER BY fiscal_year DESC",
                 [personID]).map { row in
            TaxYear(fiscalYear: row.integer("fiscal_year"), income: Yen(Int64(row.integer("income_yen"))), tax: Yen(Int64(row.integer("tax_yen"))))
        }
    }

    public func person(jpkiIssuer issuer: String, serial: String) throws -> Person? {
        guard let serial = JPKILink.canonicalSerial(serial), issuer.count <= 1000 else { return nil }
        return try persons("JOIN registry_jpki_link j ON j.person_id = p.id WHERE j.issuer = ? AND j.serial = ?", [issuer, serial]).first
    }

    public func individualNumber(of personID: String) throws -> String? {
        try rows("SELECT number FROM registry_individual_number WHERE person_id = ?", [personID]).first?.optionalText("number")
    }

    public func counts() throws -> RegistryCounts {
        try store.read { db in
            func count(_ table: String) throws -> Int { try db.rows("SELECT count(*) AS n FROM \(table)", []).first?.integer("n") ?? 0 }
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

/// The ``ResidentRegistry`` in the terminal's SQLite database, the embedded default.
public typealias SQLiteResidentRegistry = StoredResidentRegistry<SQLiteStore>

extension StoredResidentRegistry where Store == SQLiteStore {
    /// A registry over `database`, folding with `variants` and ordering households by `order`.
    public init(database: CounterDatabase, variants: VariantTable, order: RelationshipOrder) {
        self.init(store: SQLiteStore(database: database), variants: variants, order: order)
    }

    /// A registry over `database` with the seeds' variant table and 続柄 order.
    public init(database: CounterDatabase, seeds: SeedDirectory) throws {
        try self.init(store: SQLiteStore(database: database), seeds: seeds)
    }

    /// The database.
    public var database: CounterDatabase { store.database }
}
