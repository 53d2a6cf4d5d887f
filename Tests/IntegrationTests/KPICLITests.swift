import CounterTestSupport
import Foundation
import Testing

/// `counter demo-data`, `counter report` and `counter kpi` on the real binary and SQLite file.
@Suite("counter report and counter kpi (CLI)")
struct KPICLITests {
    private func demoDatabase(seed: Int) throws -> URL {
        let db = Fixtures.temporaryFolder("kpi-cli").appendingPathComponent("c.sqlite")
        let result = try CounterCLI.run(["demo-data", "--offices", "3", "--days", "5", "--seed", String(seed), "--until", "2026-11-27",
                                         "--db", db.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("件") && result.stdout.contains("毎秒"))
        #expect(result.stderr.isEmpty, "no progress bar when stderr is not a terminal")
        return db
    }

    @Test("demo-data is the same for a seed, and another seed differs; the rollups verify; an altered rollup is found and rebuilt")
    func demoDataAndVerify() throws {
        let first = try demoDatabase(seed: 7), second = try demoDatabase(seed: 7), other = try demoDatabase(seed: 8)
        func fy(_ db: URL) throws -> String {
            let result = try CounterCLI.run(["report", "fy", "--date", "2026-11-27", "--format", "json", "--db", db.path])
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        let report = try fy(first)
        #expect(report == (try fy(second)))
        #expect(report != (try fy(other)))
        let json = try #require(JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let payments = try #require(json["payments"] as? [String: Any])
        #expect((payments["count"] as? Int ?? 0) > 100, "three offices, four weekdays")
        #expect(try CounterCLI.run(["kpi", "verify", "--db", first.path]).stdout.contains("一致しています"))
        let altered = try runProcess(URL(fileURLWithPath: "/usr/bin/sqlite3"),
                                     [first.path, "UPDATE kpi_month SET total = total + 300 WHERE metric = 'payment' AND dim = 'cash' AND terminal_id = 'KITA-01'"])
        #expect(altered.status == 0, "\(altered.stderr)")
        let broken = try CounterCLI.run(["kpi", "verify", "--db", first.path])
        #expect(broken.status == 1 && broken.stderr.contains("食い違っています") && broken.stderr.contains("counter kpi rebuild"))
        #expect(try CounterCLI.run(["kpi", "rebuild", "--db", first.path]).status == 0)
        #expect(try CounterCLI.run(["kpi", "verify", "--db", first.path]).status == 0)
        #expect(try fy(first) == report)
    }

    @Test("report in each format: text with the targets, CSV with a BOM, a PDF file; the convenience import twice counts once")
    func formatsAndImport() throws {
        let db = try demoDatabase(seed: 3)
        let text = try CounterCLI.run(["report", "month", "--date", "2026-11-27", "--office", "kita", "--db", db.path])
        #expect(text.status == 0 && text.stdout.contains("キャッシュレス決済の利用率（計画 p.36）") && text.stdout.contains("45.0%"))
        let csv = try CounterCLI.run(["report", "day", "--date", "2026-11-26", "--format", "csv", "--db", db.path])
        #expect(csv.status == 0 && csv.stdout.hasPrefix("\u{FEFF}"))
        let pdf = Fixtures.temporaryFolder("kpi-pdf").appendingPathComponent("fy.pdf")
        let written = try CounterCLI.run(["report", "fy", "--date", "2026-11-27", "--format", "pdf", "--out", pdf.path, "--db", db.path])
        #expect(written.status == 0, "\(written.stderr)")
        let pdfText = try Poppler.text(Data(contentsOf: pdf))
        #expect(pdfText.contains("キオスク") && pdfText.contains("57.8%"))
        let file = Fixtures.temporaryFolder("kpi-conv").appendingPathComponent("convenience.csv")
        try "month,office,kind,count\r\n2026-11,kita,juminhyo-household,120\r\n".write(to: file, atomically: true, encoding: .utf8)
        let once = try CounterCLI.run(["kpi", "import-convenience", file.path, "--db", db.path])
        #expect(once.status == 0 && once.stdout.contains("新しい行 1"))
        let twice = try CounterCLI.run(["kpi", "import-convenience", file.path, "--db", db.path])
        #expect(twice.status == 0 && twice.stdout.contains("新しい行 0") && twice.stdout.contains("取り込み済みの行 1"))
        let month = try CounterCLI.run(["report", "month", "--date", "2026-11-27", "--format", "json", "--db", db.path])
        #expect(month.stdout.contains("\"convenienceCopies\" : 120"))
    }

    @Test("bad arguments: a Japanese message naming the option, exit 64, nothing written")
    func refusals() throws {
        let db = Fixtures.temporaryFolder("kpi-bad").appendingPathComponent("c.sqlite")
        for (arguments, message) in [
            (["report", "week"], "期間は shift、day、month、fy"),
            (["report", "day", "--date", "2026-02-30"], "--date は YYYY-MM-DD"),
            (["report", "day", "--format", "xls"], "--format は text、csv、json、pdf"),
            (["report", "fy", "--format", "pdf"], "--out"),
            (["report", "day", "--shift", "am"], "--shift は期間 shift"),
            (["report", "day", "--office", "atlantis", "--db", db.path], "--office の事務所"),
            (["report", "shift", "--shift", "night", "--db", db.path], "--shift のシフト"),
            (["demo-data", "--days", "0"], "--days は 1〜"),
            (["demo-data", "--offices", "99"], "--offices は 1〜"),
        ] {
            let result = try CounterCLI.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Error:") && !result.stderr.contains("atlantis"), "\(arguments)")
        }
        let missing = try CounterCLI.run(["kpi", "import-convenience", "/nonexistent/c.csv", "--db", db.path])
        #expect(missing.status == 1 && missing.stderr.contains("を読めません"))
    }
}
