import CounterCore
import CounterStore
import Foundation

/// Imports a folder of registry CSV files (`docs/registry.md`) into ``RegistrySchema``'s tables, all or nothing.
///
/// Every file is read and checked before the database is touched; the rows are then written in one
/// transaction that also checks duplicates and references against what the registry already holds. Any
/// refusal (a bad field, a duplicate id, an unknown household, broken UTF-8, a missing seal image) leaves the
/// registry exactly as it was, and its ``RegistryError`` names the file, the row and the column, never a value.
public struct RegistryImport: Sendable {
    /// The files of an import folder, in the order they are read and written.
    public enum File: String, CaseIterable, Sendable {
        case households = "households.csv"
        case persons = "persons.csv"
        case seals = "seals.csv"
        case koseki = "koseki.csv"
        case kosekiMembers = "koseki_members.csv"
        case fuhyo = "fuhyo.csv"
        case tax = "tax.csv"
        case jpkiLinks = "jpki_links.csv"
    }

    /// The largest CSV file read.
    public static let maximumFileBytes = 64 << 20
    /// The largest seal image read.
    public static let maximumSealImageBytes = 512 << 10

    /// The search keys written beside names and addresses.
    public let keys: SearchKey
    /// The 続柄 a person may have.
    public let order: RelationshipOrder
    /// The source of the import's time stamp.
    public let clock: any Clock

    /// An importer folding with `variants` and accepting the 続柄 of `order`.
    public init(variants: VariantTable, order: RelationshipOrder, clock: any Clock = SystemClock()) {
        keys = SearchKey(variants: variants)
        self.order = order
        self.clock = clock
    }

    /// An importer with the seeds' variant table and 続柄 order.
    public init(seeds: SeedDirectory, clock: any Clock = SystemClock()) throws {
        self.init(variants: try VariantTable.load(from: seeds), order: try RelationshipOrder.load(from: seeds), clock: clock)
    }

    /// Imports the CSV files of `folder` into `database`; returns how many rows of each kind were added.
    ///
    /// A file that is absent adds nothing; a folder with none of the files is refused.
    public func run(folder: URL, into database: CounterDatabase) throws -> RegistryCounts {
        try run(folder: folder, into: SQLiteStore(database: database))
    }

    /// Imports the CSV files of `folder` into `store` (the terminal's SQLite file or the city's PostgreSQL), in one
    /// transaction; returns how many rows of each kind were added.
    public func run(folder: URL, into store: some PortableStore) throws -> RegistryCounts {
        let batch = try read(folder: folder)
        return try store.write { db in try write(batch, in: db) }
    }

    // MARK: Reading

    struct PersonRow {
        var line: Int
        var person: Person
        var individualNumber: String?
    }

    struct Batch {
        var households: [(line: Int, household: Household)] = []
        var persons: [PersonRow] = []
        var seals: [(line: Int, seal: SealRegistration)] = []
        var koseki: [(line: Int, koseki: Koseki)] = []
        var members: [(line: Int, kosekiID: String, member: KosekiMember)] = []
        var fuhyo: [(line: Int, kosekiID: String, entry: FuhyoLine)] = []
        var tax: [(line: Int, personID: String, year: TaxYear)] = []
        var links: [(line: Int, link: JPKILink)] = []
    }

    func read(folder: URL) throws -> Batch {
        var batch = Batch()
        var found = 0
        for file in File.allCases {
            let url = folder.appendingPathComponent(file.rawValue)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            found += 1
            let data: Data
            do {
                data = try BoundedFile.read(url, maximumBytes: Self.maximumFileBytes)
            } catch .tooLarge(let maximum) {
                throw RegistryError.unreadableFile(file: file.rawValue, problem: "ファイルが大きすぎます（\(maximum >> 20) MiB まで）")
            } catch .notARegularFile {
                throw RegistryError.unreadableFile(file: file.rawValue, problem: "通常のファイルではありません")
            } catch {
                throw RegistryError.unreadableFile(file: file.rawValue, problem: "ファイルを読めません")
            }
            let csv = try CSVFile(data: data, name: file.rawValue)
            try read(csv, as: file, folder: folder, into: &batch)
        }
        guard found > 0 else {
            throw RegistryError.unreadableFile(file: folder.lastPathComponent,
                                               problem: "取り込む CSV ファイル（persons.csv など）がありません")
        }
        return batch
    }

    private static func columns(of file: File) -> [(name: String, required: Bool)] {
        switch file {
        case .households: [("household_id", true), ("address", true), ("katagaki", false)]
        case .persons:
            [("person_id", true), ("household_id", true), ("name", true), ("kana", false), ("alias", false),
             ("birth_date", true), ("sex", true), ("address", true), ("katagaki", false), ("address_since", true),
             ("previous_address", false), ("resident_since", true), ("relationship", true), ("honseki", false),
             ("hittousha", false), ("juminhyo_code", false), ("individual_number", false), ("status", true),
             ("status_date", false), ("moved_to", false), ("support_measure", false), ("issuance_hold", false),
             ("nationality", false), ("residence_status", false), ("period_of_stay", false),
             ("stay_expires_on", false), ("residence_card_number", false)]
        case .seals: [("registration_number", true), ("person_id", true), ("status", true), ("registered_on", true), ("image", true)]
        case .koseki: [("koseki_id", true), ("honseki", true), ("hittousha", true), ("removed", false)]
        case .kosekiMembers:
            [("koseki_id", true), ("member_no", true), ("name", true), ("birth_date", true), ("relationship", true),
             ("person_id", false), ("removed", false), ("events", false)]
        case .fuhyo: [("koseki_id", true), ("line_no", true), ("member_no", true), ("address", true), ("since", true)]
        case .tax: [("person_id", true), ("fiscal_year", true), ("income_yen", true), ("tax_yen", true)]
        case .jpkiLinks: [("issuer", true), ("serial", true), ("person_id", true)]
        }
    }

    /// The columns of `file`, for the documentation and the tests.
    public static func columnNames(of file: File) -> [String] { columns(of: file).map(\.name) }

    private func read(_ csv: CSVFile, as file: File, folder: URL, into batch: inout Batch) throws {
        let known = Self.columns(of: file)
        var position: [String: Int] = [:]
        for (index, name) in csv.header.enumerated() {
            guard known.contains(where: { $0.name == name }), position[name] == nil else {
                throw RegistryError.unknownColumn(file: csv.name, position: index + 1)
            }
            position[name] = index
        }
        for column in known where column.required && position[column.name] == nil {
            throw RegistryError.missingColumn(file: csv.name, column: column.name)
        }
        for row in csv.rows {
            let fields = FieldReader(file: csv.name, row: row, position: position)
            switch file {
            case .households:
                batch.households.append((row.line, Household(
                    id: try fields.identifier("household_id"), address: try fields.text("address", maximum: 300),
                    katagaki: try fields.optionalText("katagaki", maximum: 200))))
            case .persons:
                batch.persons.append(try person(fields))
            case .seals:
                let imageColumn = "image"
                let imagePath = try fields.text(imageColumn, maximum: 200)
                batch.seals.append((row.line, SealRegistration(
                    registrationNumber: try fields.identifier("registration_number"), personID: try fields.identifier("person_id"),
                    status: try fields.choice("status", SealRegistration.Status.allCases.map { ($0.label, $0) }),
                    registeredOn: try fields.date("registered_on"),
                    imagePNG: try sealImage(imagePath, folder: folder, file: csv.name, row: row.line, column: imageColumn))))
            case .koseki:
                batch.koseki.append((row.line, Koseki(
                    id: try fields.identifier("koseki_id"), honseki: try fields.text("honseki", maximum: 300),
                    hittousha: try fields.text("hittousha", maximum: 100), isRemoved: try fields.flag("removed"), members: [])))
            case .kosekiMembers:
                let events = try fields.lines("events", maximumLine: 300, maximumLines: 50)
                batch.members.append((row.line, try fields.identifier("koseki_id"), KosekiMember(
                    number: try fields.integer("member_no", 1...999), name: try fields.text("name", maximum: 100),
                    birthDate: try fields.date("birth_date"), relationship: try fields.text("relationship", maximum: 20),
                    personID: try fields.optionalIdentifier("person_id"), isRemoved: try fields.flag("removed"),
                    events: events)))
            case .fuhyo:
                batch.fuhyo.append((row.line, try fields.identifier("koseki_id"), FuhyoLine(
                    number: try fields.integer("line_no", 1...9999), memberNumber: try fields.integer("member_no", 1...999),
                    address: try fields.text("address", maximum: 300), since: try fields.date("since"))))
            case .tax:
                batch.tax.append((row.line, try fields.identifier("person_id"), TaxYear(
                    fiscalYear: try fields.integer("fiscal_year", 1950...2200),
                    income: Yen(Int64(try fields.integer("income_yen", 0...1_000_000_000_000))),
                    tax: Yen(Int64(try fields.integer("tax_yen", 0...1_000_000_000_000))))))
            case .jpkiLinks:
                let issuer = try fields.text("issuer", maximum: 500)
                let serialText = try fields.text("serial", maximum: 80)
                guard let serial = JPKILink.canonicalSerial(serialText) else {
                    throw RegistryError.invalidField(file: csv.name, row: row.line, column: "serial", problem: .invalidHex)
                }
                batch.links.append((row.line, JPKILink(issuer: issuer, serial: serial, personID: try fields.identifier("person_id"))))
            }
        }
    }

    private func person(_ fields: FieldReader) throws -> PersonRow {
        let relationship = try fields.text("relationship", maximum: 20)
        guard order.relationships.contains(relationship) else {
            throw fields.error("relationship", .notAllowed(allowed: Array(order.relationships.prefix(8)) + ["…（seeds/relationships.json）"]))
        }
        let status: ResidentStatus = try fields.choice("status", ResidentStatus.allCases.map { ($0.label, $0) })
        let statusDate = status == .resident ? nil : try fields.date("status_date")
        if status == .resident, fields.has("status_date") { throw fields.error("status_date", .notAllowed(allowed: ["空欄（住民）"])) }
        let nationality = try fields.optionalText("nationality", maximum: 60)
        var foreign: ForeignResidentItems?
        if let nationality {
            foreign = ForeignResidentItems(
                nationality: nationality, residenceStatus: try fields.text("residence_status", maximum: 60),
                periodOfStay: try fields.optionalText("period_of_stay", maximum: 30),
                stayExpiresOn: try fields.optionalDate("stay_expires_on"),
                residenceCardNumber: try fields.pattern("residence_card_number", count: 12, allowed: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
        } else {
            for column in ["residence_status", "period_of_stay", "stay_expires_on", "residence_card_number"] where fields.has(column) {
                throw fields.error(column, .notAllowed(allowed: ["空欄（国籍・地域がないとき）"]))
            }
        }
        let individualNumber = try fields.pattern("individual_number", count: 12, allowed: "0123456789")
        if let individualNumber, !IndividualNumber.isValid(individualNumber) { throw fields.error("individual_number", .checkDigit) }
        let sexCode = try fields.choice("sex", [("1", "1"), ("2", "2"), ("9", "9")])
        let person = Person(
            id: try fields.identifier("person_id"), name: try fields.text("name", maximum: 100),
            kana: try fields.optionalText("kana", maximum: 100), alias: try fields.optionalText("alias", maximum: 100),
            birthDate: try fields.date("birth_date"), sex: Sex(code: sexCode),
            address: try fields.text("address", maximum: 300), katagaki: try fields.optionalText("katagaki", maximum: 200),
            addressSince: try fields.date("address_since"),
            previousAddress: try fields.optionalText("previous_address", maximum: 300),
            residentSince: try fields.date("resident_since"), householdID: try fields.identifier("household_id"),
            isHouseholdHead: relationship == order.relationships[0], relationship: relationship,
            honseki: try fields.optionalText("honseki", maximum: 300),
            hittousha: try fields.optionalText("hittousha", maximum: 100),
            juminhyoCode: try fields.pattern("juminhyo_code", count: 11, allowed: "0123456789"),
            hasIndividualNumber: individualNumber != nil, status: status, statusDate: statusDate,
            movedTo: try fields.optionalText("moved_to", maximum: 300),
            supportMeasure: try fields.flag("support_measure"), issuanceHold: try fields.flag("issuance_hold"), foreign: foreign)
        return PersonRow(line: fields.row.line, person: person, individualNumber: individualNumber)
    }

    private func sealImage(_ path: String, folder: URL, file: String, row: Int, column: String) throws -> [UInt8] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
            throw RegistryError.sealImage(file: file, row: row, column: column, problem: "は取込フォルダの中の相対パスで指定してください")
        }
        let data: Data
        do {
            data = try BoundedFile.read(folder.appendingPathComponent(path), maximumBytes: Self.maximumSealImageBytes)
        } catch .tooLarge {
            throw RegistryError.sealImage(file: file, row: row, column: column, problem: "が大きすぎます（\(Self.maximumSealImageBytes >> 10) KiB まで）")
        } catch {
            throw RegistryError.sealImage(file: file, row: row, column: column, problem: "ファイルがありません")
        }
        let bytes = [UInt8](data)
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw RegistryError.sealImage(file: file, row: row, column: column, problem: "が PNG ではありません")
        }
        return bytes
    }

    // MARK: Writing

    private func write(_ batch: Batch, in db: any PortableSQL) throws -> RegistryCounts {
        func exists(_ sql: String, _ arguments: [any SQLBindable]) throws -> Bool { try db.exists(sql, arguments) }
        func unique<Key: Hashable>(_ key: Key, in seen: inout Set<Key>, stored: Bool, file: File, line: Int, column: String) throws {
            guard !stored, seen.insert(key).inserted else {
                throw RegistryError.duplicate(file: file.rawValue, row: line, column: column)
            }
        }
        var counts = RegistryCounts()
        counts.households = batch.households.count
        counts.persons = batch.persons.count
        counts.seals = batch.seals.count
        counts.koseki = batch.koseki.count
        counts.kosekiMembers = batch.members.count
        counts.fuhyoLines = batch.fuhyo.count
        counts.taxYears = batch.tax.count
        counts.jpkiLinks = batch.links.count
        let importSeq = try db.rows("""
            INSERT INTO registry_import (imported_at_ms, households, persons, seals, koseki, koseki_members, fuhyo_lines,
                                         tax_years, jpki_links) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq
            """, [Int64(clock.now().timeIntervalSince1970 * 1000), counts.households, counts.persons, counts.seals,
                  counts.koseki, counts.kosekiMembers, counts.fuhyoLines, counts.taxYears, counts.jpkiLinks]).first?.integer("seq") ?? 0

        var households = Set<String>()
        for (line, household) in batch.households {
            try unique(household.id, in: &households, stored: exists("SELECT 1 FROM registry_household WHERE id = ?", [household.id]),
                       file: .households, line: line, column: "household_id")
            try db.execute("INSERT INTO registry_household (id, address, katagaki, import_seq) VALUES (?, ?, ?, ?)",
                           [household.id, household.address, household.katagaki, importSeq])
        }

        var persons = Set<String>(), codes = Set<String>(), numbers = Set<String>()
        var heads: [String: Int] = [:]
        for row in batch.persons {
            let person = row.person
            let file = File.persons
            try unique(person.id, in: &persons, stored: exists("SELECT 1 FROM registry_person WHERE id = ?", [person.id]),
                       file: file, line: row.line, column: "person_id")
            guard try exists("SELECT 1 FROM registry_household WHERE id = ?", [person.householdID]) else {
                throw RegistryError.unknownReference(file: file.rawValue, row: row.line, column: "household_id",
                                                     target: "households.csv と登録済みの世帯")
            }
            if let code = person.juminhyoCode {
                try unique(code, in: &codes, stored: exists("SELECT 1 FROM registry_person WHERE juminhyo_code = ?", [code]),
                           file: file, line: row.line, column: "juminhyo_code")
            }
            if let number = row.individualNumber {
                try unique(number, in: &numbers, stored: exists("SELECT 1 FROM registry_individual_number WHERE number = ?", [number]),
                           file: file, line: row.line, column: "individual_number")
            }
            if person.isHouseholdHead {
                heads[person.householdID, default: 0] += 1
                if try heads[person.householdID]! > 1
                    || exists("SELECT 1 FROM registry_person WHERE household_id = ? AND is_head = 1", [person.householdID]) {
                    throw RegistryError.householdHead(file: file.rawValue, household: person.householdID)
                }
            }
            try insert(person, importSeq: importSeq, in: db)
            if let number = row.individualNumber {
                try db.execute("INSERT INTO registry_individual_number (person_id, number) VALUES (?, ?)",
                               [person.id, number])
            }
        }
        for (_, household) in batch.households where heads[household.id] == nil {
            throw RegistryError.householdHead(file: File.persons.rawValue, household: household.id)
        }

        func requirePerson(_ id: String, file: File, line: Int, column: String = "person_id") throws {
            guard try exists("SELECT 1 FROM registry_person WHERE id = ?", [id]) else {
                throw RegistryError.unknownReference(file: file.rawValue, row: line, column: column, target: "persons.csv と登録済みの住民")
            }
        }

        var seals = Set<String>()
        for (line, seal) in batch.seals {
            try unique(seal.registrationNumber, in: &seals,
                       stored: exists("SELECT 1 FROM registry_seal WHERE registration_number = ?", [seal.registrationNumber]),
                       file: .seals, line: line, column: "registration_number")
            try requirePerson(seal.personID, file: .seals, line: line)
            if seal.status == .registered,
               try exists("SELECT 1 FROM registry_seal WHERE person_id = ? AND status = 'registered'", [seal.personID]) {
                throw RegistryError.duplicate(file: File.seals.rawValue, row: line, column: "person_id")
            }
            try db.execute("""
                INSERT INTO registry_seal (registration_number, person_id, status, registered_on, image_png) VALUES (?, ?, ?, ?, ?)
                """, [seal.registrationNumber, seal.personID, seal.status.rawValue, seal.registeredOn.iso, Data(seal.imagePNG)])
        }

        var koseki = Set<String>()
        for (line, entry) in batch.koseki {
            try unique(entry.id, in: &koseki, stored: exists("SELECT 1 FROM registry_koseki WHERE id = ?", [entry.id]),
                       file: .koseki, line: line, column: "koseki_id")
            try db.execute("INSERT INTO registry_koseki (id, honseki, hittousha, is_removed) VALUES (?, ?, ?, ?)",
                           [entry.id, entry.honseki, entry.hittousha, entry.isRemoved])
        }
        var members = Set<String>()
        for (line, kosekiID, member) in batch.members {
            guard try exists("SELECT 1 FROM registry_koseki WHERE id = ?", [kosekiID]) else {
                throw RegistryError.unknownReference(file: File.kosekiMembers.rawValue, row: line, column: "koseki_id",
                                                     target: "koseki.csv と登録済みの戸籍")
            }
            try unique("\(kosekiID)/\(member.number)", in: &members,
                       stored: exists("SELECT 1 FROM registry_koseki_member WHERE koseki_id = ? AND member_no = ?", [kosekiID, member.number]),
                       file: .kosekiMembers, line: line, column: "member_no")
            if let personID = member.personID { try requirePerson(personID, file: .kosekiMembers, line: line) }
            try db.execute("""
                INSERT INTO registry_koseki_member (koseki_id, member_no, name, birth_date, relationship, person_id, is_removed, events)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [kosekiID, member.number, member.name, member.birthDate.iso, member.relationship, member.personID,
                                 member.isRemoved, member.events.joined(separator: "\n")])
        }
        var fuhyo = Set<String>()
        for (line, kosekiID, entry) in batch.fuhyo {
            guard try exists("SELECT 1 FROM registry_koseki_member WHERE koseki_id = ? AND member_no = ?", [kosekiID, entry.memberNumber]) else {
                throw RegistryError.unknownReference(file: File.fuhyo.rawValue, row: line, column: "member_no",
                                                     target: "koseki_members.csv と登録済みの戸籍の在籍者")
            }
            try unique("\(kosekiID)/\(entry.number)", in: &fuhyo,
                       stored: exists("SELECT 1 FROM registry_fuhyo WHERE koseki_id = ? AND line_no = ?", [kosekiID, entry.number]),
                       file: .fuhyo, line: line, column: "line_no")
            try db.execute("INSERT INTO registry_fuhyo (koseki_id, line_no, member_no, address, since) VALUES (?, ?, ?, ?, ?)",
                           [kosekiID, entry.number, entry.memberNumber, entry.address, entry.since.iso])
        }
        var tax = Set<String>()
        for (line, personID, year) in batch.tax {
            try requirePerson(personID, file: .tax, line: line)
            try unique("\(personID)/\(year.fiscalYear)", in: &tax,
                       stored: exists("SELECT 1 FROM registry_tax WHERE person_id = ? AND fiscal_year = ?", [personID, year.fiscalYear]),
                       file: .tax, line: line, column: "fiscal_year")
            try db.execute("INSERT INTO registry_tax (person_id, fiscal_year, income_yen, tax_yen) VALUES (?, ?, ?, ?)",
                           [personID, year.fiscalYear, year.income.amount, year.tax.amount])
        }
        var links = Set<String>()
        for (line, link) in batch.links {
            try requirePerson(link.personID, file: .jpkiLinks, line: line)
            try unique("\(link.issuer)\n\(link.serial)", in: &links,
                       stored: exists("SELECT 1 FROM registry_jpki_link WHERE issuer = ? AND serial = ?", [link.issuer, link.serial]),
                       file: .jpkiLinks, line: line, column: "serial")
            try db.execute("INSERT INTO registry_jpki_link (issuer, serial, person_id) VALUES (?, ?, ?)",
                           [link.issuer, link.serial, link.personID])
        }
        return counts
    }

    private func insert(_ person: Person, importSeq: Int, in db: any PortableSQL) throws {
        let foreign = person.foreign
        try db.execute("""
            INSERT INTO registry_person (id, household_id, name, name_key, kana, kana_key, alias, alias_key, birth_date, sex,
                address, katagaki, address_key, address_since, previous_address, resident_since, is_head, relationship, honseki,
                hittousha, juminhyo_code, status, status_date, moved_to, support_measure, issuance_hold, nationality,
                residence_status, period_of_stay, stay_expires_on, residence_card_number, import_seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                person.id, person.householdID, person.name, keys.name(person.name), person.kana, person.kana.map(keys.kana),
                person.alias, person.alias.map(keys.name), person.birthDate.iso, person.sex.code, person.address, person.katagaki,
                keys.name(person.address + (person.katagaki ?? "")), person.addressSince.iso, person.previousAddress,
                person.residentSince.iso, person.isHouseholdHead, person.relationship, person.honseki, person.hittousha,
                person.juminhyoCode, person.status.rawValue, person.statusDate?.iso, person.movedTo, person.supportMeasure,
                person.issuanceHold, foreign?.nationality, foreign?.residenceStatus, foreign?.periodOfStay,
                foreign?.stayExpiresOn?.iso, foreign?.residenceCardNumber, importSeq,
            ])
    }
}

/// Reads and checks the fields of one CSV row by column name; every error names the file, the row and the column.
struct FieldReader {
    let file: String
    let row: CSVFile.Row
    let position: [String: Int]

    func error(_ column: String, _ problem: RegistryError.FieldProblem) -> RegistryError {
        .invalidField(file: file, row: row.line, column: column, problem: problem)
    }

    func raw(_ column: String) -> String? {
        guard let index = position[column] else { return nil }
        let value = row.fields[index]
        return value.isEmpty ? nil : value
    }

    func has(_ column: String) -> Bool { raw(column) != nil }

    /// A required text of at most `maximum` characters without controls.
    func text(_ column: String, maximum: Int) throws(RegistryError) -> String {
        guard let value = try optionalText(column, maximum: maximum) else { throw error(column, .missing) }
        return value
    }

    /// A text of at most `maximum` characters without controls, or nil when the field is empty.
    func optionalText(_ column: String, maximum: Int) throws(RegistryError) -> String? {
        guard let value = raw(column) else { return nil }
        guard value.count <= maximum, value.unicodeScalars.count <= maximum * 4 else { throw error(column, .tooLong(maximum: maximum)) }
        guard TextSafety.forbidden(in: value) == nil else { throw error(column, .forbiddenCharacter) }
        return value
    }

    /// Lines of text (a quoted field with line breaks), each at most `maximumLine` characters.
    func lines(_ column: String, maximumLine: Int, maximumLines: Int) throws(RegistryError) -> [String] {
        guard let value = raw(column) else { return [] }
        let lines = value.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        guard lines.count <= maximumLines else { throw error(column, .tooLong(maximum: maximumLines * maximumLine)) }
        for line in lines {
            guard line.count <= maximumLine else { throw error(column, .tooLong(maximum: maximumLine)) }
            guard TextSafety.forbidden(in: line) == nil else { throw error(column, .forbiddenCharacter) }
        }
        return lines
    }

    /// A required record identifier (``RecordIdentifier``).
    func identifier(_ column: String) throws(RegistryError) -> String {
        guard let value = try optionalIdentifier(column) else { throw error(column, .missing) }
        return value
    }

    /// A record identifier, or nil when the field is empty.
    func optionalIdentifier(_ column: String) throws(RegistryError) -> String? {
        guard let value = raw(column) else { return nil }
        guard RecordIdentifier.isValid(value) else { throw error(column, .invalidIdentifier) }
        return value
    }

    /// A required real date in `YYYY-MM-DD`.
    func date(_ column: String) throws(RegistryError) -> CalendarDate {
        guard let value = try optionalDate(column) else { throw error(column, .missing) }
        return value
    }

    /// A real date in `YYYY-MM-DD`, or nil when the field is empty.
    func optionalDate(_ column: String) throws(RegistryError) -> CalendarDate? {
        guard let value = raw(column) else { return nil }
        guard let date = CalendarDate(iso: value) else { throw error(column, .invalidDate) }
        return date
    }

    func flag(_ column: String) throws(RegistryError) -> Bool {
        guard let value = raw(column) else { return false }
        switch value {
        case "0": return false
        case "1": return true
        default: throw error(column, .notAllowed(allowed: ["0", "1"]))
        }
    }

    func integer(_ column: String, _ range: ClosedRange<Int>) throws(RegistryError) -> Int {
        guard let value = raw(column) else { throw error(column, .missing) }
        guard value.utf8.count <= 19, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let number = Int(value),
              range.contains(number) else { throw error(column, .invalidNumber) }
        return number
    }

    func choice<T>(_ column: String, _ choices: [(String, T)]) throws(RegistryError) -> T {
        guard let value = raw(column) else { throw error(column, .missing) }
        guard let match = choices.first(where: { $0.0 == value }) else { throw error(column, .notAllowed(allowed: choices.map(\.0))) }
        return match.1
    }

    /// Exactly `count` characters from `allowed`, or nil when empty.
    func pattern(_ column: String, count: Int, allowed: String) throws(RegistryError) -> String? {
        guard let value = raw(column) else { return nil }
        guard value.unicodeScalars.count == count, value.unicodeScalars.allSatisfy({ allowed.unicodeScalars.contains($0) }) else {
            throw error(column, allowed == "0123456789" ? .digits(count) : .notAllowed(allowed: ["英大文字と数字の\(count)文字"]))
        }
        return value
    }
}
