import CertificateIssue
import CounterCity
import CounterCore
import CounterStore
import CounterTestSupport
import Foundation
import GRDB
import Testing

/// Lookups on the imported demo registry: the card's four fields, 異体字-tolerant search that returns the
/// stored text byte for byte, households in 続柄 order, the JPKI link, the 個人番号 only on request, and the
/// write-once tables. Every test runs on both backends: the terminal's SQLite and the city's PostgreSQL (the real
/// server `make test` starts).
@Suite("Resident registry lookups")
struct RegistryLookupTests {
    typealias Backend = RegistryFixtures.Backend

    /// The demo card's holder (seeds/demo/cards/takahashi-sakiko.json).
    static let takahashiCard = BasicInfo(name: "\u{9AD9}\u{6A4B}\u{3000}\u{FA11}\u{5B50}", address: "大阪市北区中之島１丁目３－２０",
                                         birthDate: CalendarDate(year: 1985, month: 4, day: 12), sex: .female)

    @Test("the card's four fields find the card holder; the IVS name and the long address with its 方書 too", arguments: Backend.allCases)
    func cardLookup(backend: Backend) throws {
        let registry = try RegistryFixtures.demo(backend).registry
        guard case .found(let takahashi) = try registry.lookup(card: Self.takahashiCard) else {
            Issue.record("髙橋　﨑子 not found by her card")
            return
        }
        #expect(takahashi.id == "P90001" && Array(takahashi.name.utf8) == Array(Self.takahashiCard.name.utf8))
        let katsuragi = BasicInfo(name: "\u{845B}\u{E0100}城\u{3000}太郎", address: "大阪市北区梅田３丁目１－３",
                                  birthDate: CalendarDate(year: 1972, month: 1, day: 5), sex: .male)
        #expect(try registry.lookup(card: katsuragi) == .found(try #require(try registry.person(id: "P90002"))))
        // The same name typed without the IVS and with the standard 崎 still finds the person (by the folded key).
        var typed = Self.takahashiCard
        typed.name = "高橋 崎子"
        guard case .found(let byKey) = try registry.lookup(card: typed) else {
            Issue.record("the folded name must find the person")
            return
        }
        #expect(byKey.id == "P90001")
        var otherDay = Self.takahashiCard
        otherDay.birthDate = CalendarDate(year: 1985, month: 4, day: 13)
        #expect(try registry.lookup(card: otherDay) == .notFound)
        let midori = BasicInfo(name: "中之島　みどり", address: "大阪市北区天神橋２丁目北２－６　大阪デモンストレーション中央ビルディング東館オフィスタワー二十一階二一〇五号室　株式会社デモンストレーション不動産管理事務所気付　天神橋筋六丁目ガーデンレジデンス北棟管理組合内",
                               birthDate: CalendarDate(year: 2000, month: 2, day: 29), sex: .notApplicable)
        guard case .found(let found) = try registry.lookup(card: midori) else {
            Issue.record("中之島　みどり not found by her card")
            return
        }
        #expect(found.id == "P90003" && found.katagaki != nil)
    }

    @Test("two persons sharing name and birth date are told apart by the address, else reported as ambiguous", arguments: Backend.allCases)
    func disambiguation(backend: Backend) throws {
        let store = try backend.freshStore()
        let row = { (id: String, household: String, address: String) in
            "\(id),\(household),田中　一郎,タナカ　イチロウ,1970-03-03,1,\(address),2000-01-01,2000-01-01,世帯主,住民"
        }
        let folder = try RegistryFixtures.folder([
            "households.csv": "household_id,address,katagaki\nH1,大阪市北区梅田１丁目１－１,\nH2,大阪市北区天満２丁目２－２,\n",
            "persons.csv": "\(RegistryFixtures.personsHeader)\n\(row("A1", "H1", "大阪市北区梅田１丁目１－１"))\n\(row("A2", "H2", "大阪市北区天満２丁目２－２"))\n",
        ])
        _ = try RegistryFixtures.importer().run(folder: folder, into: store)
        let registry = RegistryFixtures.registry(in: store)
        let card = BasicInfo(name: "田中　一郎", address: "大阪市北区天満２丁目２－２", birthDate: CalendarDate(year: 1970, month: 3, day: 3), sex: .male)
        guard case .found(let person) = try registry.lookup(card: card) else {
            Issue.record("the address must single out A2")
            return
        }
        #expect(person.id == "A2")
        var elsewhere = card
        elsewhere.address = "大阪市北区堂島１丁目"
        guard case .ambiguous(let both) = try registry.lookup(card: elsewhere) else {
            Issue.record("two matches and no address match must be ambiguous")
            return
        }
        #expect(both.map(\.id) == ["A1", "A2"])
    }

    @Test("高橋 finds 髙橋 and 髙橋 finds 高橋; 山崎 finds 山﨑, 渡辺 finds 渡邊/渡邉;葛城 finds the IVS name; the names come back byte-identical", arguments: Backend.allCases)
    func variantSearch(backend: Backend) throws {
        let (registry, store) = try RegistryFixtures.demo(backend)
        let byStandard = try registry.search(ResidentQuery(name: "高橋", limit: 500))
        let byVariant = try registry.search(ResidentQuery(name: "\u{9AD9}橋", limit: 500))
        #expect(byStandard.map(\.id) == byVariant.map(\.id))
        #expect(byStandard.contains { $0.name.unicodeScalars.first == "\u{9AD9}" })
        #expect(byStandard.contains { $0.name.unicodeScalars.first == "\u{9AD8}" })
        let takahashi = try #require(byStandard.first { $0.id == "P90001" })
        #expect(Array(takahashi.name.utf8) == Array("\u{9AD9}\u{6A4B}\u{3000}\u{FA11}\u{5B50}".utf8))
        #expect(try registry.search(ResidentQuery(name: "山崎")).contains { $0.name.unicodeScalars.map(\.value).starts(with: [0x5C71, 0xFA11]) })
        let watanabe = try registry.search(ResidentQuery(name: "渡辺", limit: 500))
        let stored = try store.read { db in
            try db.rows("SELECT name FROM registry_person", []).map { $0.text("name") }.filter { name in
                let scalars = name.unicodeScalars.map(\.value)
                return scalars.count > 1 && scalars[0] == 0x6E21 && [0x8FBA, 0x908A, 0x9089].contains(scalars[1])
            }
        }
        #expect(!stored.isEmpty && watanabe.count == stored.count)
        #expect(Set(watanabe.map { Array($0.name.utf8) }) == Set(stored.map { Array($0.utf8) }))
        let katsuragi = try registry.search(ResidentQuery(name: "葛城", birthDate: CalendarDate(year: 1972, month: 1, day: 5)))
        #expect(katsuragi.map(\.id) == ["P90002"])
        #expect(Array(katsuragi[0].name.unicodeScalars.map(\.value).prefix(2)) == [0x845B, 0xE0100])
        // Kana in hiragana, a 通称, and the birth date alone.
        #expect(try registry.search(ResidentQuery(kana: "たかはし さきこ")).map(\.id) == ["P90001"])
        #expect(try registry.search(ResidentQuery(name: "金山")).first?.foreign?.nationality == "韓国")
        #expect(try registry.search(ResidentQuery(birthDate: CalendarDate(year: 2000, month: 2, day: 29))).map(\.id).contains("P90003"))
    }

    @Test("search input is bounded: over 100 characters, a control character, no criterion and a limit of 0 are refused by field", arguments: Backend.allCases)
    func boundedQueries(backend: Backend) throws {
        let registry = try RegistryFixtures.demo(backend).registry
        #expect(throws: RegistryError.invalidQuery(field: "氏名（--name）", problem: .tooLong(maximum: 100))) {
            try registry.search(ResidentQuery(name: String(repeating: "山", count: 101)))
        }
        #expect(throws: RegistryError.invalidQuery(field: "フリガナ（--kana）", problem: .forbiddenCharacter)) {
            try registry.search(ResidentQuery(kana: "ヤマ\u{1B}[2J"))
        }
        #expect(throws: RegistryError.invalidQuery(field: "検索条件（--name, --kana, --birth）", problem: .missing)) {
            try registry.search(ResidentQuery())
        }
        #expect(throws: RegistryError.invalidQuery(field: "件数（--limit）", problem: .invalidNumber)) {
            try registry.search(ResidentQuery(name: "山", limit: 0))
        }
        #expect(try registry.search(ResidentQuery(name: "%")).isEmpty)  // no wildcard: instr, not LIKE
    }

    @Test("a household lists the 世帯主 first, then 妻/夫, then 子 older first, then 父母 (the seeds' 続柄 order)", arguments: Backend.allCases)
    func householdOrder(backend: Backend) throws {
        let registry = try RegistryFixtures.demo(backend).registry
        let members = try registry.householdMembers(of: "H0002")
        #expect(members.map(\.relationship) == ["世帯主", "妻", "子", "母"])
        #expect(members.first?.isHouseholdHead == true)
        let order = RegistryFixtures.order
        for household in (1...81).map({ String(format: "H%04d", $0) }) {
            let ranks = try registry.householdMembers(of: household).map { order.rank(of: $0.relationship) }
            #expect(ranks == ranks.sorted() && ranks.first == 0, "\(household)")
        }
        // A shuffled list sorts back to the same order.
        var generator = SplitMix64(seed: 7)
        #expect(order.sorted(members.shuffled(using: &generator)).map(\.id) == members.map(\.id))
    }

    @Test("the 個人番号 is not in a person (only hasIndividualNumber) and is read only by individualNumber(of:)", arguments: Backend.allCases)
    func individualNumber(backend: Backend) throws {
        let registry = try RegistryFixtures.demo(backend).registry
        let takahashi = try #require(try registry.person(id: "P90001"))
        #expect(takahashi.hasIndividualNumber)
        let number = try #require(try registry.individualNumber(of: "P90001"))
        #expect(IndividualNumber.isValid(number) && number.hasPrefix("9999"))
        #expect(!String(describing: takahashi).contains(number))
        let without = try #require(try registry.search(ResidentQuery(name: "田", limit: 500)).first { !$0.hasIndividualNumber })
        let none = try registry.individualNumber(of: without.id)
        #expect(none == nil)
        let yamasaki = try #require(try registry.person(id: "P90005"))
        #expect(yamasaki.supportMeasure && yamasaki.needsAttention)
    }

    @Test("the JPKI link finds the card holder from the auth certificate's issuer and serial (with or without the sign byte)", arguments: Backend.allCases)
    func jpkiLink(backend: Backend) throws {
        let registry = try RegistryFixtures.demo(backend).registry
        let issuer = "CN=DEMO JPKI User Authentication CA (not for production),O=DEMO counter project,C=JP"
        #expect(try registry.person(jpkiIssuer: issuer, serial: "CDD0BC48CAE4D943901933E2E9FC140D9EB38C2E")?.id == "P90001")
        #expect(try registry.person(jpkiIssuer: issuer, serial: "0089206e8266b653b2a2cb64aa97159ebcf35918d2")?.id == "P90002")
        #expect(try registry.person(jpkiIssuer: "CN=Another CA", serial: "CDD0BC48CAE4D943901933E2E9FC140D9EB38C2E") == nil)
        #expect(try registry.person(jpkiIssuer: issuer, serial: "not hex") == nil)
    }

    @Test("seals, koseki with 身分事項 lines, fuhyo and tax years of the card holders", arguments: Backend.allCases)
    func records(backend: Backend) throws {
        let registry = try RegistryFixtures.demo(backend).registry
        let kosekiID = try #require(try registry.kosekiIDs(of: "P90002").first)
        let koseki = try #require(try registry.koseki(id: kosekiID))
        #expect(koseki.members.count == 4 && koseki.members[0].personID == "P90002")
        #expect(koseki.members[0].events.first == "【出生日】昭和47年1月5日")
        let mother = try #require(koseki.members.last)
        #expect(mother.isRemoved && mother.events.contains { $0.hasPrefix("【死亡日】") })
        #expect(try registry.person(id: try #require(mother.personID))?.status == .deceased)
        #expect(try registry.fuhyo(ofKoseki: koseki.id).count == 4)
        let years = try registry.taxYears(of: "P90002")
        #expect(years.map(\.fiscalYear) == [2026, 2025] && years.allSatisfy { !$0.income.isNegative })
        #expect(try registry.seals(of: "P90002").first?.imagePNG.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true)
    }

    @Test("UPDATE, DELETE and a replacing INSERT are refused on every registry table, and the row stays as it was",
          arguments: Backend.allCases)
    func writeOnce(backend: Backend) throws {
        let (registry, store) = try RegistryFixtures.demo(backend)
        // SQLite's INSERT OR REPLACE; PostgreSQL's upsert (an UPDATE of the existing row).
        let replace = backend == .sqlite
            ? "INSERT OR REPLACE INTO registry_household (id, address, katagaki, import_seq) VALUES ('H0001', 'x', NULL, 1)"
            : "INSERT INTO registry_household (id, address, katagaki, import_seq) VALUES ('H0001', 'x', NULL, 1) ON CONFLICT (id) DO UPDATE SET address = 'x'"
        for table in RegistrySchema.tableNames {
            let column = ["registry_import": "seq", "registry_household": "id", "registry_person": "id", "registry_koseki": "id",
                          "registry_koseki_member": "koseki_id", "registry_fuhyo": "koseki_id", "registry_jpki_link": "issuer"][table]
                ?? "person_id"
            let set = "\(column) = \(column)"
            #expect(throws: (any Error).self, "\(table)") { try store.write { db in try db.execute("UPDATE \(table) SET \(set)", []) } }
            #expect(throws: (any Error).self, "\(table)") { try store.write { db in try db.execute("DELETE FROM \(table)", []) } }
        }
        #expect(throws: (any Error).self) { try store.write { db in try db.execute(replace, []) } }
        #expect(throws: (any Error).self) {
            try store.write { db in try db.execute("UPDATE registry_individual_number SET number = '000000000000'", []) }
        }
        #expect(try registry.household(id: "H0001")?.address == "大阪市北区中之島１丁目３－２０")
        #expect(try registry.counts().persons >= 200)
        if backend == .sqlite {
            let triggers = try store.read { db in Set(try db.rows("SELECT name FROM sqlite_master WHERE type = 'trigger'", []).map { $0.text("name") }) }
            #expect(Set(RegistrySchema.guards).isSubset(of: triggers))
        } else {
            // The refusal is the history guard's, not a missing grant: the admin owns the tables.
            #expect(throws: CityError.notPermitted) { try store.write { db in try db.execute("DELETE FROM registry_tax", []) } }
        }
    }
}

/// The demo registry's JPKI links are the demo cards' own auth certificates (read with openssl from the profiles).
@Suite("Demo JPKI links")
struct DemoJPKILinkTests {
    @Test("each demo card's auth certificate (issuer, serial) leads to the person with the card's four fields")
    func cardsLinked() throws {
        let registry = try RegistryFixtures.demoRegistry()
        let cards = Fixtures.seeds.file("demo/cards")
        let profiles = try FileManager.default.contentsOfDirectory(atPath: cards.path).filter { $0.hasSuffix(".json") }
        #expect(profiles.count == 4)  // the revoked card's holder is linked too: a kiosk refuses it for the revocation
        for profile in profiles {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: cards.appendingPathComponent(profile))) as? [String: Any])
            let pem = try #require(json["authCertificatePEM"] as? String)
            let holder = try #require(json["holder"] as? [String: String])
            let openssl = try runProcess(URL(fileURLWithPath: "/usr/bin/openssl"), ["x509", "-noout", "-serial", "-issuer", "-nameopt", "RFC2253"],
                                         stdin: pem)
            let lines = openssl.stdout.split(separator: "\n").map(String.init)
            let serial = try #require(lines.first { $0.hasPrefix("serial=") }).dropFirst("serial=".count)
            let issuer = try #require(lines.first { $0.hasPrefix("issuer=") }).dropFirst("issuer=".count)
            let person = try #require(try registry.person(jpkiIssuer: String(issuer), serial: String(serial)), "\(profile)")
            #expect(Array(person.name.utf8) == Array((holder["name"] ?? "").utf8), "\(profile)")
            #expect(person.birthDate.iso == holder["birthDate"])
            let card = BasicInfo(name: holder["name"] ?? "", address: holder["address"] ?? "",
                                 birthDate: try #require(CalendarDate(iso: holder["birthDate"] ?? "")), sex: Sex(code: holder["sex"] ?? ""))
            #expect(try registry.lookup(card: card) == .found(person), "\(profile)")
        }
    }
}
