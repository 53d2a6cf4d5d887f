import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import GRDB
import Testing

/// What a probe of the first slice found, each held now: bad files, hostile text, bounds, two processes
/// at once, a tampered database.
@Suite("Hardening of the command line")
struct HardeningCLITests {
    /// A folder with an info file holding `json`, an output folder and a database path.
    struct Workspace {
        let folder = Fixtures.temporaryFolder("harden")
        var info: URL { folder.appendingPathComponent("info.json") }
        var out: URL { folder.appendingPathComponent("out") }
        var db: String { folder.appendingPathComponent("data/counter.sqlite").path }

        init(json: String) throws {
            try Data(json.utf8).write(to: info)
        }

        func preprint(_ extra: [String] = []) throws -> ProcessResult {
            try CounterCLI.run(["preprint", "--forms", "juminhyo-koufu", "--info-json", info.path, "--out", out.path,
                                "--db", db] + extra)
        }

        var pdfs: [String] { (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? [] }
    }

    static let person = #""address":"大阪府大阪市北区中之島1丁目3番20号","birthDate":"1980-02-17","sex":"2""#

    @Test("a NUL, an escape or a bidi override in a field is refused by field name, nothing printed half",
          arguments: [(#"髙橋\u0000﨑子"#, "氏名"), (#"ab\u001b]0;pwned\u0007cd"#, "氏名"), (#"大阪\u202e市"#, "氏名")])
    func forbiddenCharacters(name: String, field: String) throws {
        let workspace = try Workspace(json: #"{"name":"\#(name)",\#(Self.person)}"#)
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        let run = try workspace.preprint()
        #expect(run.status != 0)
        #expect(run.stderr.contains("\(field)に使えない文字"))
        #expect(!run.stderr.contains("\u{1B}") && !run.stderr.contains("pwned"))
        #expect(workspace.pdfs.isEmpty)
    }

    @Test("a long name is refused before any layout, a 150,000-character one and a 50 MB file before they are read")
    func bounds() throws {
        let long = try Workspace(json: #"{"name":"\#(String(repeating: "髙", count: 20_000))",\#(Self.person)}"#)
        defer { try? FileManager.default.removeItem(at: long.folder) }
        let run = try long.preprint()
        #expect(run.status != 0)
        #expect(run.stderr.contains("氏名が長すぎます（100文字まで）"))
        #expect(long.pdfs.isEmpty)
        let longer = try Workspace(json: #"{"name":"\#(String(repeating: "髙", count: 150_000))",\#(Self.person)}"#)
        defer { try? FileManager.default.removeItem(at: longer.folder) }
        let tooBig = try longer.preprint()
        #expect(tooBig.status != 0)
        #expect(tooBig.stderr.contains("大きすぎます（64 KiB まで）"))
        #expect(longer.pdfs.isEmpty)

        let huge = try Workspace(json: "{}")
        defer { try? FileManager.default.removeItem(at: huge.folder) }
        let handle = try FileHandle(forWritingTo: huge.info)
        try handle.truncate(atOffset: 50 << 20)
        try handle.close()
        let started = ContinuousClock.now
        let refused = try huge.preprint()
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("大きすぎます（64 KiB まで）"))
        // Refused on the file's size, not after reading it (generous bound on a loaded 2-core machine).
        #expect(ContinuousClock.now - started < .seconds(10))

        let device = try CounterCLI.run(["preprint", "--forms", "juminhyo-koufu", "--info-json", "/dev/zero", "--out",
                                         huge.out.path, "--db", huge.db])
        #expect(device.status != 0)
        #expect(device.stderr.contains("通常のファイルではありません"))
    }

    @Test("future and impossible dates are refused: a 9999-12-31 birth date, --date 9999-12-31")
    func dates() throws {
        let future = try Workspace(json: #"{"name":"大阪　太郎","address":"大阪市","birthDate":"9999-12-31","sex":"1"}"#)
        defer { try? FileManager.default.removeItem(at: future.folder) }
        let run = try future.preprint()
        #expect(run.stderr.contains(InputError.futureBirthDate.userMessage))
        #expect(!run.stderr.contains("枠に収まりません"))
        let fine = try Workspace(json: #"{"name":"大阪　太郎",\#(Self.person)}"#)
        defer { try? FileManager.default.removeItem(at: fine.folder) }
        let farDate = try fine.preprint(["--date", "9999-12-31"])
        #expect(farDate.status != 0)
        #expect(farDate.stderr.contains("日付は 1868-01-01 から"))
        #expect(fine.pdfs.isEmpty)
    }

    @Test("empty, duplicate and empty-folder arguments are refused with a Japanese message")
    func arguments() throws {
        let workspace = try Workspace(json: #"{"name":"大阪　太郎",\#(Self.person)}"#)
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        let base = ["preprint", "--info-json", workspace.info.path, "--db", workspace.db]
        let empty = try CounterCLI.run(base + ["--forms", "", "--out", workspace.out.path])
        #expect(empty.status != 0 && empty.stderr.contains("帳票 id を1つ以上"))
        let twice = try CounterCLI.run(base + ["--forms", "juminhyo-koufu,juminhyo-koufu", "--out", workspace.out.path])
        #expect(twice.status != 0 && twice.stderr.contains("同じ帳票 id が2回以上"))
        let noFolder = try CounterCLI.run(base + ["--forms", "juminhyo-koufu", "--out", ""])
        #expect(noFolder.status != 0 && noFolder.stderr.contains("--out に PDF の保存先フォルダを指定してください"))
        #expect(workspace.pdfs.isEmpty)
    }

    @Test("an existing --out folder that others can write to is refused, said clearly")
    func sharedFolder() throws {
        let workspace = try Workspace(json: #"{"name":"大阪　太郎",\#(Self.person)}"#)
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        try FileManager.default.createDirectory(at: workspace.out, withIntermediateDirectories: true)
        #expect(chmod(workspace.out.path, 0o777) == 0)
        let run = try workspace.preprint()
        #expect(run.status != 0)
        #expect(run.stderr.contains("他のユーザーも書き込めるフォルダのため使いません"))
        #expect(workspace.pdfs.isEmpty)
    }

    @Test("60 processes opening one new database at once all succeed, and no message shows SQL", .timeLimit(.minutes(3)))
    func concurrentFirstStarts() throws {
        let folder = Fixtures.temporaryFolder("race")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("data/counter.sqlite").path
        let environment = ProcessInfo.processInfo.environment.merging(["COUNTER_SEEDS": Fixtures.seeds.url.path]) { $1 }
        let processes = try (0..<60).map { _ in
            try RunningProcess(TestBinaries.url("counter"), ["printer", "calibrate", "--out", folder.appendingPathComponent("pdf").path,
                                                             "--offset", "0.5,-1", "--db", db], environment: environment)
        }
        let results = try processes.map { try $0.finish() }
        let failed = results.filter { $0.status != 0 }
        #expect(failed.isEmpty, "\(failed.count) of 60 failed: \(failed.first?.stderr ?? "")")
        for result in results {
            #expect(!result.stderr.contains("SQLite error") && !result.stderr.contains("table") && !result.stderr.contains("CREATE"))
        }
        #expect(try CounterStorage.open(path: db).read { db in try CaseEventRepository.verifyChains(in: db) }.isIntact)
    }

    @Test("events verify passes on a real case, fails on a tampered row, and the documented auditor script agrees")
    func verifyAndAudit() throws {
        let workspace = try Workspace(json: #"{"name":"大阪　太郎",\#(Self.person)}"#)
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        #expect(try workspace.preprint().status == 0)
        let verified = try CounterCLI.run(["events", "verify", "--db", workspace.db])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("すべての記録のハッシュ連鎖が一致しました（4件）"))

        let script = try auditorScript()
        let audit = try runProcess(URL(fileURLWithPath: "/bin/bash"), ["-c", script], environment: ["DB": workspace.db])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
        #expect(audit.stdout.contains("chains intact"))

        let tamper = try runProcess(URL(fileURLWithPath: "/usr/bin/sqlite3"), [workspace.db, """
            DROP TRIGGER case_event_no_update; UPDATE case_event SET copies = 9 WHERE kind = 'formPrinted';
            """])
        #expect(tamper.status == 0)
        let broken = try CounterCLI.run(["events", "verify", "--db", workspace.db])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("ハッシュ連鎖が一致しません"))
        let reaudit = try runProcess(URL(fileURLWithPath: "/bin/bash"), ["-c", script], environment: ["DB": workspace.db])
        #expect(reaudit.status != 0)
    }

    @Test("a database locked by another program does not stop preprint --out: the case goes to the journal first")
    func lockedDatabase() throws {
        let workspace = try Workspace(json: #"{"name":"大阪　太郎",\#(Self.person)}"#)
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        _ = try CounterStorage.open(path: workspace.db)
        let holder = try WriteLockHolder(path: workspace.db)
        let run = try workspace.preprint()
        holder.release()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(workspace.pdfs.count == 1)
        #expect(run.stderr.contains("記録用のファイルに保存しました"))
        // The next counter on this database writes the case.
        let verify = try CounterCLI.run(["events", "verify", "--db", workspace.db])
        #expect(verify.status == 0)
        #expect(verify.stderr.contains("受付の記録 4 件をデータベースに反映しました"))
        #expect(verify.stdout.contains("（4件）"))
    }

    @Test("events verify never creates a database, refuses a file that is not counter's, and sees dropped triggers")
    func verifyRefusals() throws {
        let folder = Fixtures.temporaryFolder("verify")
        defer { try? FileManager.default.removeItem(at: folder) }
        let typo = folder.appendingPathComponent("typo.sqlite").path
        let missing = try CounterCLI.run(["events", "verify", "--db", typo])
        #expect(missing.status == 1 && missing.stderr.contains("がありません"))
        #expect(!FileManager.default.fileExists(atPath: typo))
        let other = folder.appendingPathComponent("other.sqlite").path
        #expect(try runProcess(URL(fileURLWithPath: "/usr/bin/sqlite3"), [other, "CREATE TABLE t (x);"]).status == 0)
        let foreign = try CounterCLI.run(["events", "verify", "--db", other])
        #expect(foreign.status != 0 && foreign.stderr.contains("counter のデータベースではありません"))
        #expect(try runProcess(URL(fileURLWithPath: "/usr/bin/sqlite3"), [other, ".tables"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "t")

        let workspace = try Workspace(json: #"{"name":"大阪　太郎",\#(Self.person)}"#)
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        #expect(try workspace.preprint().status == 0)
        #expect(try runProcess(URL(fileURLWithPath: "/usr/bin/sqlite3"), [workspace.db, "DROP TRIGGER case_event_no_replace;"]).status == 0)
        let unguarded = try CounterCLI.run(["events", "verify", "--db", workspace.db])
        #expect(unguarded.status == 1 && unguarded.stderr.contains("case_event_no_replace"))
    }

    @Test("a clean run leaves no journal behind and the next run reports no recovery")
    func noSpuriousRecovery() throws {
        let workspace = try Workspace(json: #"{"name":"大阪　太郎",\#(Self.person)}"#)
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        #expect(try workspace.preprint().status == 0)
        let journal = EventJournal.folder(forDatabaseAt: workspace.db).path
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: journal)) ?? []).isEmpty)
        let second = try workspace.preprint()
        #expect(second.status == 0)
        #expect(!second.stderr.contains("反映しました"))
    }

    @Test("identifiers stored in records are bounded to a safe alphabet: --terminal, --clerk")
    func identifiers() throws {
        let workspace = try Workspace(json: #"{"name":"大阪　太郎",\#(Self.person)}"#)
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        let newline = try workspace.preprint(["--terminal", "T1\nすべて一致"])
        #expect(newline.status != 0 && newline.stderr.contains("--terminal は半角英数字"))
        let escape = try workspace.preprint(["--clerk", "\u{1B}]0;x\u{7}"])
        #expect(escape.status != 0 && escape.stderr.contains("--clerk は半角英数字"))
        #expect(!escape.stderr.contains("\u{1B}"))
        #expect(workspace.pdfs.isEmpty)
    }

    @Test("a --out given as a link to an owner-only folder is used; the link's own mode does not matter")
    func symlinkedFolder() throws {
        let workspace = try Workspace(json: #"{"name":"大阪　太郎",\#(Self.person)}"#)
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        let real = workspace.folder.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.createSymbolicLink(at: workspace.out, withDestinationURL: real)
        let run = try workspace.preprint()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: real.path)) ?? []).count == 1)
    }

    /// The shell block of `docs/events.md`, run against `$DB`.
    func auditorScript() throws -> String {
        let doc = try String(contentsOf: TestBinaries.repoRoot.appendingPathComponent("docs/events.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```sh\n")), end = try #require(doc.range(of: "\n```", range: start.upperBound..<doc.endIndex))
        let block = String(doc[start.upperBound..<end.lowerBound])
        return "set -e; cd \"$(mktemp -d)\"; " + block.replacingOccurrences(of: "sqlite3 -json counter.sqlite", with: "sqlite3 -json \"$DB\"")
    }
}
