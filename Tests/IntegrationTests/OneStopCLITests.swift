import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import DocumentPrint
import FormPreprint
import Foundation
import GRDB
import Testing

/// `counter onestop plan` on the real binary: the set a 転入 gives, and bad answers refused in Japanese.
@Suite("counter onestop")
struct OneStopCLITests {
    private func answers(_ json: String) throws -> URL {
        let file = Fixtures.temporaryFolder("onestop").appendingPathComponent("answers.json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("plan --json: 転入 with two members, 国保 and a child gives 転入届, the card's address, 国保 and 児童手当, and their three forms")
    func plan() throws {
        let file = try answers(#"""
            {"moveDate": "2026-11-28", "newAddress": "大阪市北区中之島１丁目３－２０",
             "householdHeadIsSelf": true, "movingMembers": 2,
             "memberName.2": "髙橋　一郎", "memberBirthDate.2": "S52.4.3", "memberRelationship.2": "夫",
             "memberName.3": "髙橋　陽菜", "memberBirthDate.3": "2019-06-15", "memberRelationship.3": "子",
             "joinsKokuho": true, "hasChildUnder18": true,
             "hasSchoolChild": false, "updateMyNumberCard": true, "registerSeal": {"skipped": "not-brought"}}
            """#)
        let result = try CounterCLI.run(["onestop", "plan", "--event", "tennyu", "--answers", file.path, "--date", "2026-12-01", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["forms"] as? [String] == ["idou-todoke", "kokuho-shikaku", "jidou-teate"])
        let procedures = (json["procedures"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(procedures == ["tennyu", "mynumber-card-address", "kokuho-join", "jidou-teate"])
        #expect(json["skipped"] as? [String] == ["registerSeal"])
        #expect(!result.stdout.contains("中之島") && !result.stdout.contains("京都") && !result.stdout.contains("陽菜"), "no answer values in the plan")
        let asked = json["asked"] as? [String] ?? []
        #expect(asked.contains("memberName.3") && asked.contains("memberRelationship.2") && !asked.contains("moveKind"))
    }

    @Test("an answer failing its check, an unknown question and an unreadable file exit 1 with a Japanese message naming no value")
    func refusals() throws {
        let future = try answers(#"{"moveDate": "2027-01-15"}"#)
        let late = try CounterCLI.run(["onestop", "plan", "--event", "tennyu", "--answers", future.path, "--date", "2026-12-01"])
        #expect(late.status == 1 && late.stderr.contains("今日より後の日付は入力できません") && !late.stderr.contains("2027"))
        let unknown = try answers(#"{"favouriteColour": "赤"}"#)
        let refused = try CounterCLI.run(["onestop", "plan", "--event", "tennyu", "--answers", unknown.path])
        #expect(refused.status == 1 && refused.stderr.contains("質問にありません"))
        let broken = try answers("{not json")
        let unreadable = try CounterCLI.run(["onestop", "plan", "--event", "tennyu", "--answers", broken.path])
        #expect(unreadable.status == 1 && unreadable.stderr.contains("回答のファイルを読めません"))
        let noEvent = try CounterCLI.run(["onestop", "plan", "--event", "divorce", "--answers", future.path])
        #expect(noEvent.status == 1 && noEvent.stderr.contains("その届出（ライフイベント）はありません"))
        #expect(try CounterCLI.run(["onestop", "plan", "--event", "tennyu", "--answers", future.path, "--date", "2026-13-01"]).status == 64)
    }

    @Test("print: 転入's forms with the answers asked once printed on every form that has a box for them (the 異動日 on 異動届 and 国保), a dropped procedure's form not printed, the case's events naming the questions and procedures, never the answers")
    func print() throws {
        let folder = Fixtures.temporaryFolder("onestop-print")
        let info = folder.appendingPathComponent("info.json")
        try #"{"name": "髙橋　﨑子", "address": "京都府京都市中京区寺町通御池上る", "birthDate": "1985-04-12", "sex": "2"}"#
            .write(to: info, atomically: true, encoding: .utf8)
        let file = try answers(#"""
            {"moveDate": "2026-11-28", "newAddress": "大阪市北区中之島１丁目３－２０", "householdHeadIsSelf": false,
             "householdHead": "髙橋　一郎", "relationship": "妻", "movingMembers": 2,
             "memberName.2": "髙橋　翔太", "memberBirthDate.2": "平成24年5月6日", "memberRelationship.2": "子",
             "memberName.3": "髙橋　一郎", "memberBirthDate.3": "S52.4.3", "memberRelationship.3": "世帯主",
             "joinsKokuho": true, "hasChildUnder18": true,
             "hasSchoolChild": false, "updateMyNumberCard": true, "registerSeal": {"skipped": "not-brought"}}
            """#)
        let pdf = folder.appendingPathComponent("pdf"), db = folder.appendingPathComponent("c.sqlite")
        let result = try CounterCLI.run(["onestop", "print", "--event", "tennyu", "--answers", file.path, "--drop", "jidou-teate",
                                         "--info-json", info.path, "--out", pdf.path, "--db", db.path, "--office", "kita",
                                         "--date", "2026-12-02"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("案内\t国民健康保険の加入\t保険年金担当の窓口"))
        let printed = try FileManager.default.contentsOfDirectory(at: pdf, includingPropertiesForKeys: nil).map(\.lastPathComponent)
        #expect(printed.contains { $0.contains("idou-todoke") } && printed.contains { $0.contains("kokuho-shikaku") })
        #expect(!printed.contains { $0.contains("jidou-teate") }, "a dropped procedure prints nothing")
        let catalog = try FormCatalog(seeds: Fixtures.seeds)
        let day = CalendarDate(year: 2026, month: 12, day: 2)
        func words(_ form: String) throws -> [Poppler.Word] {
            let name = try #require(printed.first { $0.contains(form) })
            return try Poppler.words(Data(contentsOf: pdf.appendingPathComponent(name)))
        }
        func text(in box: MMRect, _ all: [Poppler.Word]) -> String {
            all.filter { $0.xMin >= box.x - 1 && $0.xMax <= box.x + box.width + 1 && $0.yMin >= box.y - 1 && $0.yMax <= box.y + box.height + 1 }
                .map(\.text).joined()
        }
        for (form, month, dayField) in [("idou-todoke", "moveMonth", "moveDay"), ("kokuho-shikaku", "changeMonth", "changeDay")] {
            let layout = try catalog.form(id: form, on: day)
            #expect(layout.revision == 3)
            let all = try words(form)
            let monthBox = try #require(layout.fields.first { $0.id == month }).box
            let dayBox = try #require(layout.fields.first { $0.id == dayField }).box
            #expect(text(in: monthBox, all) == "11", "\(form): the 異動日's month in its box")
            #expect(text(in: dayBox, all) == "28", "\(form): the 異動日's day in its box")
        }
        let idou = try catalog.form(id: "idou-todoke", on: day), all = try words("idou-todoke")
        #expect(text(in: try #require(idou.fields.first { $0.id == "newAddress" }).box, all) == "大阪市北区中之島１丁目３－２０")
        #expect(text(in: try #require(idou.fields.first { $0.id == "householdHead" }).box, all) == "髙橋一郎")
        #expect(text(in: try #require(idou.fields.first { $0.id == "relationship" }).box, all) == "妻")
        // The other two people moving, each in their own row: name, 生年月日 (元号 circled, 年 月 日 in cells), 続柄.
        for (row, name, year, month, dayOfMonth, relationship) in [(2, "髙橋翔太", "24", "5", "6", "子"), (3, "髙橋一郎", "52", "4", "3", "世帯主")] {
            func inside(_ id: String) throws -> String { text(in: try #require(idou.fields.first { $0.id == "member\(row)\(id)" }).box, all) }
            #expect(try inside("Name") == name, "row \(row)")
            #expect(try inside("BirthYear") == year && inside("BirthMonth") == month && inside("BirthDay") == dayOfMonth, "row \(row)")
            #expect(try inside("Relationship") == relationship, "row \(row)")
        }
        #expect(try text(in: #require(idou.fields.first { $0.id == "member4Name" }).box, all).isEmpty, "no third person: row 4 blank")
        let events = try CounterStorage.open(path: db.path).read { db in
            try Row.fetchAll(db, sql: "SELECT kind, source, fields, form_id, outcome FROM case_event ORDER BY seq")
        }
        func value(_ row: Row, _ column: String) -> String? { row[column] }
        let kinds = events.compactMap { value($0, "kind") }
        #expect(kinds.contains("lifeEventChosen") && events.contains { value($0, "source") == "tennyu" })
        let answered = events.filter { value($0, "kind") == "questionAnswered" }
        #expect(answered.count == 17 && answered.contains { value($0, "fields") == "registerSeal" && value($0, "outcome") == "skipped" && value($0, "source") == "not-brought" })
        let procedures = events.filter { value($0, "kind") == "procedureChosen" }
        #expect(procedures.contains { value($0, "form_id") == "jidou-teate" && value($0, "outcome") == "dropped" })
        #expect(procedures.filter { value($0, "outcome") == "kept" }.count == 3)
        let stored = events.map { row in row.columnNames.compactMap { value(row, $0) }.joined() }.joined()
        #expect(!stored.contains("中之島") && !stored.contains("一郎") && !stored.contains("翔太") && !stored.contains("2026-11-28"),
                "no answer in the events")
        #expect(answered.contains { value($0, "fields") == "memberName.3" })
        #expect(try CounterCLI.run(["events", "verify", "--db", db.path]).status == 0)
    }

    @Test("print 出生: 国保's 異動日 is the birth date (its second question), and 児童手当 keeps the card's address (nothing new was asked)")
    func printBirth() throws {
        let folder = Fixtures.temporaryFolder("onestop-birth")
        let info = folder.appendingPathComponent("info.json")
        try #"{"name": "髙橋　﨑子", "address": "大阪市北区中之島１丁目３－２０　中之島ハイツ１０１", "birthDate": "1985-04-12", "sex": "2"}"#
            .write(to: info, atomically: true, encoding: .utf8)
        let file = try answers(#"{"childName": "髙橋　陽菜", "birthDateOfChild": "2026-11-25", "joinsKokuho": true}"#)
        let pdf = folder.appendingPathComponent("pdf")
        let result = try CounterCLI.run(["onestop", "print", "--event", "shussei", "--answers", file.path, "--info-json", info.path,
                                         "--out", pdf.path, "--db", folder.appendingPathComponent("c.sqlite").path,
                                         "--office", "kita", "--date", "2026-12-02"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(at: pdf, includingPropertiesForKeys: nil)
        let catalog = try FormCatalog(seeds: Fixtures.seeds)
        let day = CalendarDate(year: 2026, month: 12, day: 2)
        let kokuho = try #require(files.first { $0.lastPathComponent.contains("kokuho-shikaku") })
        let kokuhoWords = try Poppler.words(Data(contentsOf: kokuho))
        let layout = try catalog.form(id: "kokuho-shikaku", on: day)
        for (id, expected) in [("changeMonth", "11"), ("changeDay", "25")] {
            let box = try #require(layout.fields.first { $0.id == id }).box
            let inside = kokuhoWords.filter { $0.xMin >= box.x - 1 && $0.xMax <= box.x + box.width + 1 && $0.yMin >= box.y - 1
                && $0.yMax <= box.y + box.height + 1 }.map(\.text).joined()
            #expect(inside == expected, "\(id)")
        }
        let jidou = try Poppler.text(Data(contentsOf: try #require(files.first { $0.lastPathComponent.contains("jidou-teate") })))
        #expect(jidou.contains("大阪市北区中之島１丁目３－２０") && jidou.contains("中之島ハイツ１０１"), "the card's address and 方書")
    }
}
