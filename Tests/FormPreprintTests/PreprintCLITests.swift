import Foundation
import Testing

/// Runs the built `counter` binary (`$COUNTER_BIN_DIR`, else `<repo>/.build/debug`).
private func counter(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let directory = ProcessInfo.processInfo.environment["COUNTER_BIN_DIR"].map { URL(fileURLWithPath: $0) }
        ?? Fixtures.repository.appendingPathComponent(".build/debug")
    let process = Process()
    process.executableURL = directory.appendingPathComponent("counter")
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(["COUNTER_SEEDS": Fixtures.seeds.url.path]) { $1 }
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
}
