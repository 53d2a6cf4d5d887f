import Foundation
import Testing

/// Runs the built `counter` binary (`$COUNTER_BIN_DIR`, else `<repo>/.build/debug`).
private func counter(_ arguments: [String], seeds: URL = Fixtures.seeds.url) throws -> (status: Int32, stdout: String, stderr: String) {
    let directory = ProcessInfo.processInfo.environment["COUNTER_BIN_DIR"].map { URL(fileURLWithPath: $0) }
        ?? Fixtures.repository.appendingPathComponent(".build/debug")
    let process = Process()
    process.executableURL = directory.appendingPathComponent("counter")
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(["COUNTER_SEEDS": seeds.path]) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

@Suite("counter forms / counter preprint")
struct PreprintCLITests {
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
        try Data(FormValidationTests.layout(field: FormValidationTests.validField.replacingOccurrences(of: #""source": "name""#, with: #""source": "phone""#)).utf8).write(to: bad)
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
        try Data(FormValidationTests.layout(field: FormValidationTests.validField.replacingOccurrences(of: #""source": "name""#, with: #""source": "phone""#)).utf8)
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
