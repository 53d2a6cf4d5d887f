import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import GRDB
import Testing

/// `counter …` as ``CounterCLI`` runs it.
private func counter(_ arguments: [String], seeds: URL = Fixtures.seeds.url) throws -> (status: Int32, stdout: String, stderr: String) {
    let result = try CounterCLI.run(arguments, seeds: seeds)
    return (result.status, result.stdout, result.stderr)
}

@Suite("counter forms / counter preprint")
struct PreprintCLITests {
    @Test("preprint records the same case events as the counter UI, on channel cli, with the form revisions")
    func preprintRecordsEvents() throws {
        let folder = Fixtures.temporaryFolder("cli-events")
        defer { try? FileManager.default.removeItem(at: folder) }
        let info = folder.appendingPathComponent("info.json")
        try Data(#"{"name":"髙橋　﨑子","address":"大阪府大阪市北区中之島1丁目3番20号","birthDate":"1980-02-17","sex":"2"}"#.utf8)
            .write(to: info)
        let db = folder.appendingPathComponent("data/counter.sqlite")
        let run = try counter(["preprint", "--forms", "juminhyo-koufu,inkan-touroku", "--info-json", info.path,
                               "--out", folder.appendingPathComponent("out").path, "--db", db.path, "--clerk", "k.yamada",
                               "--terminal", "T09", "--copies", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        let database = try CounterStorage.open(path: db.path)
        let events = try database.read { (db: Database) throws in try CaseEventRepository.events(day: try #require(
            CalendarDate(iso: String(try String.fetchOne(db, sql: "SELECT day FROM case_event LIMIT 1") ?? ""))), in: db) }
        let revisions = Dictionary(uniqueKeysWithValues: Fixtures.catalog.forms(on: SystemClock().today()).map { ($0.id, $0.revision) })
        #expect(events.map(\.kind) == [
            .caseStarted(style: .preprinted), .infoCaptured(source: .file),
            .formPrinted(formID: "juminhyo-koufu", revision: revisions["juminhyo-koufu"], copies: 2, outcome: .ok),
            .formPrinted(formID: "inkan-touroku", revision: revisions["inkan-touroku"], copies: 2, outcome: .ok),
            .caseEnded(durationMilliseconds: events.last.flatMap { event -> Int? in
                if case .caseEnded(let ms) = event.kind { return ms } else { return nil } } ?? -1),
        ])
        #expect(events.allSatisfy { $0.channel == .cli && $0.actor == .clerk(id: "k.yamada") && $0.terminalID == "T09" })
        #expect(Set(events.map(\.caseID)).count == 1)
    }

    @Test("--info-json with フリガナ and --office: the forms of 2026-12-01 print both; the case records the フリガナ as added")
    func furiganaAndOffice() throws {
        let folder = Fixtures.temporaryFolder("cli-furigana")
        defer { try? FileManager.default.removeItem(at: folder) }
        let info = folder.appendingPathComponent("info.json")
        try Data(#"{"name":"髙橋　﨑子","address":"大阪府大阪市北区中之島1丁目3番20号","birthDate":"1980-02-17","sex":"2","furigana":"タカハシ　サキコ"}"#.utf8)
            .write(to: info)
        let out = folder.appendingPathComponent("out")
        let db = folder.appendingPathComponent("counter.sqlite")
        let run = try counter(["preprint", "--forms", "juminhyo-koufu", "--info-json", info.path, "--out", out.path,
                               "--db", db.path, "--date", "2026-12-01", "--office", "kita"])
        #expect(run.status == 0, "\(run.stderr)")
        let pdf = try #require(try FileManager.default.contentsOfDirectory(at: out, includingPropertiesForKeys: nil).first)
        let text = try Poppler.text(Data(contentsOf: pdf))
        #expect(text.contains("タカハシ") && text.contains("サキコ"))
        #expect(text.contains("北区役所"))
        let kinds = try CounterStorage.open(path: db.path).read { db in
            try String.fetchAll(db, sql: "SELECT kind FROM case_event ORDER BY seq")
        }
        #expect(kinds.contains("infoAdded"))
    }

    @Test("フリガナ that is not katakana, and an unknown --office, are refused in Japanese before anything prints")
    func badFuriganaAndOffice() throws {
        let folder = Fixtures.temporaryFolder("cli-bad-furigana")
        defer { try? FileManager.default.removeItem(at: folder) }
        let info = folder.appendingPathComponent("info.json")
        try Data(#"{"name":"大阪　太郎","address":"大阪市","birthDate":"1980-01-01","sex":"1","furigana":"おおさか"}"#.utf8).write(to: info)
        let out = folder.appendingPathComponent("out")
        let db = folder.appendingPathComponent("counter.sqlite")
        let kana = try counter(["preprint", "--forms", "juminhyo-koufu", "--info-json", info.path, "--out", out.path, "--db", db.path])
        #expect(kana.status == 1)
        #expect(kana.stderr.contains(InputError.furiganaNotKatakana.userMessage))
        #expect(!kana.stderr.contains("おおさか"))
        let office = try counter(["preprint", "--forms", "juminhyo-koufu", "--info-json", info.path, "--out", out.path,
                                  "--db", db.path, "--office", "umeda"])
        #expect(office.status == 64)
        #expect(office.stderr.contains("--office の事務所 id が見つかりません"))
        #expect(office.stderr.contains("kita（北区役所）"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).isEmpty)
    }

    @Test("forms list on a day before every form says so and exits 1, not an empty success")
    func formsListBeforeEveryForm() throws {
        let run = try counter(["forms", "list", "--date", "1990-01-01"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("1990-01-01 に使える帳票はありません"))
        let today = try counter(["forms", "list"])
        #expect(today.status == 0 && today.stdout.contains("juminhyo-koufu"))
    }

    @Test("preprint of a future birth date is refused by the shared input check, with the case still recorded")
    func preprintRefusesFutureBirthDate() throws {
        let folder = Fixtures.temporaryFolder("cli-future")
        defer { try? FileManager.default.removeItem(at: folder) }
        let info = folder.appendingPathComponent("info.json")
        try Data(#"{"name":"大阪　太郎","address":"大阪市","birthDate":"2999-01-01","sex":"1"}"#.utf8).write(to: info)
        let db = folder.appendingPathComponent("counter.sqlite")
        let out = folder.appendingPathComponent("out")
        let run = try counter(["preprint", "--forms", "juminhyo-koufu", "--info-json", info.path, "--out", out.path,
                               "--db", db.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains(InputError.futureBirthDate.userMessage))
        #expect(!run.stderr.contains("2999"))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: out.path))?.isEmpty ?? true)
        let kinds = try CounterStorage.open(path: db.path).read { (db: Database) throws in
            try String.fetchAll(db, sql: "SELECT kind FROM case_event ORDER BY seq")
        }
        #expect(kinds == ["caseStarted", "caseEnded"])
    }

    @Test("preprint --out writes one PDF per form and prints the paths")
    func preprintToFolder() throws {
        let folder = Fixtures.temporaryFolder("cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let info = folder.appendingPathComponent("info.json")
        try Data(#"{"name":"髙橋　﨑子","address":"大阪府大阪市北区中之島1丁目3番20号","birthDate":"1980-02-17","sex":"2","sexLabel":"女"}"#.utf8).write(to: info)
        let out = folder.appendingPathComponent("out")
        let run = try counter(["preprint", "--forms", "juminhyo-koufu,inkan-touroku", "--info-json", info.path, "--out", out.path,
                               "--mode", "overlay", "--date", "2026-11-21"])
        #expect(run.status == 0, "\(run.stderr)")
        let paths = run.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[1]) }
        #expect(paths.count == 2)
        for path in paths {
            let text = try Poppler.text(try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(text.unicodeScalars.map(\.value).contains(0x9AD9))
        }
    }

    @Test("preprint reports a bad info file without echoing its values and exits non-zero")
    func badInfo() throws {
        let folder = Fixtures.temporaryFolder("cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let info = folder.appendingPathComponent("info.json")
        try Data(#"{"name":"髙橋　﨑子","address":"大阪市","birthDate":"1980-13-45","sex":"2"}"#.utf8).write(to: info)
        let run = try counter(["preprint", "--forms", "juminhyo-koufu", "--info-json", info.path, "--out", folder.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("birthDate") && !run.stderr.contains("1980-13-45") && !run.stderr.contains("髙橋"))
    }

    @Test("forms list --json and forms show --json describe the layouts in mm")
    func listAndShow() throws {
        let list = try counter(["forms", "list", "--json", "--date", "2026-11-21"])
        #expect(list.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 8)
        let show = try counter(["forms", "show", "kokuho-shikaku", "--json"])
        #expect(show.status == 0)
        let layout = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        #expect((layout?["paper"] as? [String: Any])?["size"] as? String == "B4")
        #expect(((layout?["fields"] as? [[String: Any]])?.first?["box"] as? [String: Any])?["width"] is Double)
    }

    @Test("forms validate accepts the seeds and rejects a bad file with the SeedError message")
    func validate() throws {
        #expect(try counter(["forms", "validate"]).status == 0)
        let folder = Fixtures.temporaryFolder("cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad-form.json")
        try Data(Fixtures.layoutJSON(field: Fixtures.validFieldJSON.replacingOccurrences(of: #""source": "name""#, with: #""source": "phone""#)).utf8).write(to: bad)
        let good = Fixtures.seeds.file("forms/juminhyo-koufu.r1.json")
        let run = try counter(["forms", "validate", good.path, bad.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("bad-form.json") && run.stderr.contains("source"))
        #expect(run.stdout.contains("juminhyo-koufu"))
    }

    /// A seeds folder with the real eras, 住民票 form, a malformed file and a file with an unknown source.
    private func seedsWithBadForms() throws -> URL {
        let folder = Fixtures.temporaryFolder("seeds")
        let forms = folder.appendingPathComponent("forms")
        try FileManager.default.createDirectory(at: forms, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.seeds.file("eras.json"), to: folder.appendingPathComponent("eras.json"))
        try FileManager.default.copyItem(at: Fixtures.seeds.file("forms/juminhyo-koufu.r1.json"), to: forms.appendingPathComponent("juminhyo-koufu.r1.json"))
        try Data("[1, 2".utf8).write(to: forms.appendingPathComponent("broken.json"))
        try Data(Fixtures.layoutJSON(field: Fixtures.validFieldJSON.replacingOccurrences(of: #""source": "name""#, with: #""source": "phone""#)).utf8)
            .write(to: forms.appendingPathComponent("phone-form.json"))
        return folder
    }

    @Test("forms validate without files lists every bad file and exits non-zero")
    func validateAll() throws {
        let seeds = try seedsWithBadForms()
        defer { try? FileManager.default.removeItem(at: seeds) }
        let run = try counter(["forms", "validate"], seeds: seeds)
        #expect(run.status == 1)
        #expect(run.stderr.contains("broken.json") && run.stderr.contains("phone-form.json") && run.stderr.contains("phone"))
        #expect(run.stdout.contains("有効な帳票ファイル 1 件、誤りのあるファイル 2 件"))
    }

    @Test("one bad form file does not stop the others: preprint prints the valid form and warns about the bad ones")
    func preprintBesideBadFiles() throws {
        let seeds = try seedsWithBadForms()
        defer { try? FileManager.default.removeItem(at: seeds) }
        let info = seeds.appendingPathComponent("info.json")
        try Data(#"{"name":"髙橋　﨑子","address":"大阪府大阪市北区中之島1丁目3番20号","birthDate":"1980-02-17","sex":"2"}"#.utf8).write(to: info)
        let out = seeds.appendingPathComponent("out")
        let run = try counter(["preprint", "--forms", "juminhyo-koufu", "--info-json", info.path, "--out", out.path], seeds: seeds)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("juminhyo-koufu"))
        #expect(run.stderr.contains("警告: 帳票ファイル 2 件に誤りがある") && run.stderr.contains("broken.json"))
    }

    @Test("counter tui --help says where PDFs go without a printer, and that they must be deleted")
    func tuiHelp() throws {
        let run = try counter(["tui", "--help"])
        #expect(run.status == 0)
        let help = run.stdout.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: "")
        #expect(help.contains("--dbのファイルと同じフォルダのpdf/に保存されます"))
        #expect(help.contains("0700") && help.contains("削除してください"))
        #expect(run.stdout.contains("--mode"))
    }
}
