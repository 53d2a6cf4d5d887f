import CertificateIssue
import CounterCore
import CounterStore
import CounterTestSupport
import Foundation
import GRDB
import Testing

/// The CSV import on a real SQLite database: the demo registry round-trips, and every refusal names the file,
/// the row and the column (never the value) and leaves nothing imported.
@Suite("Registry import")
struct RegistryImportTests {
    /// Imports `folder` into a fresh database and returns the error and what the registry holds afterwards.
    private func refusal(_ folder: URL) throws -> (RegistryError?, RegistryCounts) {
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try RegistryFixtures.database()
        var caught: RegistryError?
        do {
            _ = try RegistryFixtures.importer().run(folder: folder, into: database)
        } catch let error as RegistryError {
            caught = error
        }
        return (caught, try RegistryFixtures.registry(database).counts())
    }

    @Test("the demo registry imports whole: 81 households, at least 200 persons, and every count equals its file's rows")
    func demoRoundTrip() throws {
        let database = try RegistryFixtures.database()
        let added = try RegistryFixtures.importer().run(folder: RegistryFixtures.demoFolder, into: database)
        let registry = RegistryFixtures.registry(database)
        #expect(try registry.counts() == added)
        #expect(added.households == 81)
        #expect(added.persons >= 200)
        func rows(_ file: String) throws -> Int {
            let data = try Data(contentsOf: RegistryFixtures.demoFolder.appendingPathComponent(file))
            return try CSVFile(data: data, name: file).rows.count
        }
        #expect(added.persons == (try rows("persons.csv")))
        #expect(added.seals == (try rows("seals.csv")))
        #expect(added.kosekiMembers == (try rows("koseki_members.csv")))
        #expect(added.fuhyoLines == (try rows("fuhyo.csv")))
        #expect(added.taxYears == (try rows("tax.csv")))
        #expect(added.jpkiLinks == 4)
        // What the demo must show: 外字 and IVS names, foreign residents with 通称, a 支援措置 person, 除票.
        let all = try database.read { db in try String.fetchAll(db, sql: "SELECT name FROM registry_person") }
        for name in ["\u{9AD9}橋", "山\u{FA11}", "渡\u{908A}", "\u{845B}\u{E0100}城"] {
            #expect(all.contains { $0.utf8.starts(with: name.utf8) }, "\(name.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        let statuses = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT status, count(*) AS n FROM registry_person GROUP BY status")
                .reduce(into: [String: Int]()) { $0[$1["status"]] = $1["n"] }
        }
        #expect(statuses["moved-out", default: 0] > 0 && statuses["deceased", default: 0] > 0 && statuses["resident", default: 0] > 150)
        let flags = try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM registry_person WHERE support_measure = 1") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM registry_person WHERE nationality IS NOT NULL AND alias IS NOT NULL") ?? 0)
        }
        #expect(flags.0 == 1 && flags.1 >= 2)
        // Each seal image is the PNG file byte for byte.
        let seal = try #require(try registry.seals(of: "P90001").first)
        let file = try Data(contentsOf: RegistryFixtures.demoFolder.appendingPathComponent("seals/\(seal.registrationNumber).png"))
        #expect(seal.imagePNG == [UInt8](file) && seal.status == .registered)
    }

    @Test("importing the same folder twice is refused as a duplicate person, and the first import stays as it was")
    func duplicatePerson() throws {
        let database = try RegistryFixtures.database()
        let first = try RegistryFixtures.importer().run(folder: RegistryFixtures.demoFolder, into: database)
        #expect(throws: RegistryError.duplicate(file: "households.csv", row: 2, column: "household_id")) {
            try RegistryFixtures.importer().run(folder: RegistryFixtures.demoFolder, into: database)
        }
        #expect(try RegistryFixtures.registry(database).counts() == first)
        // A later import holding a person the registry already has: refused, never an update.
        let demoPersons = try String(contentsOf: RegistryFixtures.demoFolder.appendingPathComponent("persons.csv"), encoding: .utf8)
            .components(separatedBy: "\n")
        let again = try RegistryFixtures.folder(["persons.csv": demoPersons[0] + "\n" + demoPersons[1] + "\n"])
        #expect(throws: RegistryError.duplicate(file: "persons.csv", row: 2, column: "person_id")) {
            try RegistryFixtures.importer().run(folder: again, into: database)
        }
        #expect(try RegistryFixtures.registry(database).counts() == first)
        // A person id twice in one file: the second row is named.
        let folder = try RegistryFixtures.demoCopy()
        let persons = try String(contentsOf: folder.appendingPathComponent("persons.csv"), encoding: .utf8).components(separatedBy: "\n")
        try RegistryFixtures.append(persons[1], to: "persons.csv", in: folder)
        let (error, counts) = try refusal(folder)
        #expect(error == .duplicate(file: "persons.csv", row: persons.count, column: "person_id"))
        #expect(counts == RegistryCounts())
    }

    @Test("a bad field names its file, row and column — never the value — and nothing at all is imported")
    func badRow() throws {
        let folder = try RegistryFixtures.demoCopy()
        let url = folder.appendingPathComponent("persons.csv")
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        var fields = lines[9].components(separatedBy: ",")
        let birth = RegistryImport.columnNames(of: .persons).firstIndex(of: "birth_date")!
        fields[birth] = "1985-02-30"
        lines[9] = fields.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        let (error, counts) = try refusal(folder)
        #expect(error == .invalidField(file: "persons.csv", row: 10, column: "birth_date", problem: .invalidDate))
        #expect(counts == RegistryCounts())
        let message = try #require(error).userMessage
        #expect(message.contains("persons.csv の10行目") && message.contains("birth_date") && !message.contains("1985"))
        #expect(message.contains("何も取り込んでいません"))
    }

    @Test("a person in a household no file or registry holds is refused by row and column")
    func unknownHousehold() throws {
        let folder = try RegistryFixtures.demoCopy()
        let url = folder.appendingPathComponent("persons.csv")
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        try RegistryFixtures.replaceLine(5, of: "persons.csv", in: folder,
                                         with: lines[4].replacingOccurrences(of: ",H0002,", with: ",H9999,"))
        let (error, counts) = try refusal(folder)
        #expect(error == .unknownReference(file: "persons.csv", row: 5, column: "household_id", target: "households.csv と登録済みの世帯"))
        #expect(counts == RegistryCounts())
    }

    @Test("a byte that is not UTF-8 is refused with the line it is on (Shift_JIS bytes in line 7)")
    func brokenEncoding() throws {
        let folder = try RegistryFixtures.demoCopy()
        let url = folder.appendingPathComponent("households.csv")
        var bytes = [UInt8](try Data(contentsOf: url))
        let lineStarts = bytes.indices.filter { $0 == 0 || bytes[$0 - 1] == 0x0A }
        bytes.insert(contentsOf: [0x82, 0xA0], at: lineStarts[6] + 6)  // 「あ」 in Shift_JIS
        try Data(bytes).write(to: url)
        let (error, counts) = try refusal(folder)
        #expect(error == .brokenEncoding(file: "households.csv", row: 7))
        #expect(counts == RegistryCounts())
    }

    @Test("a seal row whose image is missing, or not a PNG, or outside the folder, is refused and nothing is imported")
    func sealImages() throws {
        let missing = try RegistryFixtures.demoCopy()
        let sealLine = try String(contentsOf: missing.appendingPathComponent("seals.csv"), encoding: .utf8).components(separatedBy: "\n")[3]
        let image = try #require(sealLine.components(separatedBy: ",").last)
        try FileManager.default.removeItem(at: missing.appendingPathComponent(image))
        let (error, counts) = try refusal(missing)
        #expect(error == .sealImage(file: "seals.csv", row: 4, column: "image", problem: "ファイルがありません"))
        #expect(counts == RegistryCounts())

        let notPNG = try RegistryFixtures.demoCopy()
        try Data("GIF89a".utf8).write(to: notPNG.appendingPathComponent(image))
        #expect(try refusal(notPNG).0 == .sealImage(file: "seals.csv", row: 4, column: "image", problem: "が PNG ではありません"))

        let outside = try RegistryFixtures.demoCopy()
        try RegistryFixtures.replaceLine(4, of: "seals.csv", in: outside,
                                         with: sealLine.replacingOccurrences(of: image, with: "../../etc/passwd"))
        #expect(try refusal(outside).0 == .sealImage(file: "seals.csv", row: 4, column: "image",
                                                     problem: "は取込フォルダの中の相対パスで指定してください"))
    }

    @Test("quoted fields keep commas, doubled quotes and line breaks; the row after a multi-line field is numbered by its line")
    func quotedFields() throws {
        let households = "household_id,address,katagaki\r\nH1,\"大阪市北区梅田１丁目１－１\",\"デモ館,東棟 \"\"北\"\"\"\r\n"
        let persons = "\(RegistryFixtures.personsHeader),katagaki\nA1,H1,山田　花子,ヤマダ　ハナコ,1990-01-02,2,大阪市北区梅田１丁目１－１,2020-01-01,2020-01-01,世帯主,住民,\"デモ館,東棟\"\n"
        let koseki = "koseki_id,honseki,hittousha\nK1,\"大阪府大阪市北区梅田１丁目１番地\",山田　花子\n"
        let members = { (secondBirth: String) in
            """
            koseki_id,member_no,name,birth_date,relationship,person_id,events
            K1,1,山田　花子,1990-01-02,長女,A1,"【出生日】平成2年1月2日
            【出生地】大阪府大阪市北区
            【備考】""\u{5F15}用"",読点,あり"
            K1,2,山田　一郎,\(secondBirth),長男,,"【出生日】令和2年1月1日"

            """
        }
        let broken = try RegistryFixtures.folder(["households.csv": households, "persons.csv": persons, "koseki.csv": koseki,
                                                  "koseki_members.csv": members("2020-02-30")])
        let (error, counts) = try refusal(broken)
        #expect(error == .invalidField(file: "koseki_members.csv", row: 5, column: "birth_date", problem: .invalidDate))
        #expect(counts == RegistryCounts())

        let fixed = try RegistryFixtures.folder(["households.csv": households, "persons.csv": persons, "koseki.csv": koseki,
                                                 "koseki_members.csv": members("2020-01-01")])
        let database = try RegistryFixtures.database()
        _ = try RegistryFixtures.importer().run(folder: fixed, into: database)
        let registry = RegistryFixtures.registry(database)
        #expect(try registry.household(id: "H1")?.katagaki == "デモ館,東棟 \"北\"")
        #expect(try registry.person(id: "A1")?.katagaki == "デモ館,東棟")
        let entry = try #require(try registry.koseki(id: "K1"))
        #expect(entry.members.map(\.events.count) == [3, 1])
        #expect(entry.members[0].events[2] == "【備考】\"引用\",読点,あり")
        #expect(entry.members[1].personID == nil)
    }

    @Test("CSV format errors carry the line: an unclosed quote, a stray quote, a wrong number of fields, a lone CR")
    func malformed() throws {
        func problem(_ text: String) -> RegistryError? {
            do {
                _ = try CSVFile(data: Data(text.utf8), name: "x.csv")
                return nil
            } catch {
                return error
            }
        }
        #expect(problem("a,b\n1,2\n3,\"4\n5\n") == .malformedCSV(file: "x.csv", row: 3, problem: "引用符が閉じられていません"))
        #expect(problem("a,b\n1,2\n3,4\"\n") == .malformedCSV(file: "x.csv", row: 3, problem: "引用符で囲まれていない項目に引用符があります"))
        #expect(problem("a,b\n1,2,3\n") == .malformedCSV(file: "x.csv", row: 2, problem: "列の数（3）が見出し行（2）と違います"))
        #expect(problem("a,b\r1,2\n") == .malformedCSV(file: "x.csv", row: 1, problem: "改行が CR だけです（CRLF か LF にしてください）"))
        #expect(problem("a,b\n\"1\"x,2\n") == .malformedCSV(file: "x.csv", row: 2, problem: "引用符の後に文字があります"))
        let bom = try CSVFile(data: Data([0xEF, 0xBB, 0xBF] + Array("a,b\n\"\",\"\"\"\"\n".utf8)), name: "x.csv")
        #expect(bom.header == ["a", "b"] && bom.rows.map(\.fields) == [["", "\""]])
    }

    @Test("header problems: a missing required column and an unknown column (named by position, not by its text)")
    func headers() throws {
        let missing = try RegistryFixtures.folder(["households.csv": "household_id,katagaki\nH1,\n"])
        #expect(try refusal(missing).0 == .missingColumn(file: "households.csv", column: "address"))
        let unknown = try RegistryFixtures.folder(["households.csv": "household_id,address,adress2\nH1,x,\n"])
        #expect(try refusal(unknown).0 == .unknownColumn(file: "households.csv", position: 3))
        let empty = Fixtures.temporaryFolder("registry-empty")
        #expect(try refusal(empty).0 == .unreadableFile(file: empty.lastPathComponent, problem: "取り込む CSV ファイル（persons.csv など）がありません"))
    }

    @Test("a 個人番号 with a wrong check digit, a 続柄 outside the seeds' list and a household without its head are refused")
    func fieldRules() throws {
        let base = "household_id,address,katagaki\nH1,大阪市北区梅田１丁目１－１,\n"
        let header = RegistryFixtures.personsHeader + ",individual_number"
        let row = "A1,H1,山田　花子,ヤマダ　ハナコ,1990-01-02,2,大阪市北区梅田１丁目１－１,2020-01-01,2020-01-01"
        #expect(IndividualNumber.isValid("999900000011") && !IndividualNumber.isValid("999900000012"))
        let checkDigit = try RegistryFixtures.folder(["households.csv": base, "persons.csv": "\(header)\n\(row),世帯主,住民,999900000012\n"])
        #expect(try refusal(checkDigit).0 == .invalidField(file: "persons.csv", row: 2, column: "individual_number", problem: .checkDigit))
        let relationship = try RegistryFixtures.folder(["households.csv": base, "persons.csv": "\(header)\n\(row),大家,住民,\n"])
        guard case .invalidField(_, 2, "relationship", .notAllowed)? = try refusal(relationship).0 else {
            Issue.record("an unknown 続柄 must be refused")
            return
        }
        let headless = try RegistryFixtures.folder(["households.csv": base, "persons.csv": "\(header)\n\(row),妻,住民,\n"])
        #expect(try refusal(headless).0 == .householdHead(file: "persons.csv", household: "H1"))
        let removedWithoutDate = try RegistryFixtures.folder(["households.csv": base, "persons.csv": "\(header)\n\(row),世帯主,転出,\n"])
        #expect(try refusal(removedWithoutDate).0 == .invalidField(file: "persons.csv", row: 2, column: "status_date", problem: .missing))
        let control = try RegistryFixtures.folder(["households.csv": "household_id,address,katagaki\nH1,\"大阪\u{1B}[2J\",\n"])
        #expect(try refusal(control).0 == .invalidField(file: "households.csv", row: 2, column: "address", problem: .forbiddenCharacter))
    }
}
