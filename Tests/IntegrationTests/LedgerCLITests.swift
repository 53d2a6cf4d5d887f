import CounterCore
import CounterTestSupport
import Foundation
import Testing

/// `counter ledger …` through the real binary: refusals in Japanese with exit 1 or 64, the chain broken by one
/// changed byte named by `verify`, and the auditor's script of `docs/ledger.md` run as written.
@Suite("counter ledger (CLI)")
struct LedgerCLITests {
    let folder = Fixtures.temporaryFolder("ledger-cli")
    var db: String { folder.appendingPathComponent("counter.sqlite").path }
    static let password = "chief-pass-2026"

    private func ledger(_ arguments: [String], stdin: String? = nil, seeds: URL = Fixtures.seeds.url) throws -> ProcessResult {
        try CounterCLI.run(["ledger"] + arguments.prefix(1) + ["--db", db] + arguments.dropFirst(), stdin: stdin, seeds: seeds)
    }

    private func pay(_ request: String, _ extra: [String]) throws -> ProcessResult {
        try ledger(["pay", "--terminal", "T1", "--request", request, "--clerk", "c1"] + extra)
    }

    private func sqlite(_ sql: String) throws -> ProcessResult {
        try runProcess(URL(fileURLWithPath: "/usr/bin/sqlite3"), [db, sql])
    }

    /// Four payments (cash, 公用, cashless), one cancellation; returns the cashless payment's id.
    private func fillDay() throws -> String {
        #expect(try CounterCLI.run(["clerk", "add", "--db", db, "--id", "boss", "--name", "係長", "--role", "supervisor"],
                                   stdin: Self.password + "\n").status == 0)
        #expect(try pay("R1", ["--item", "etsuran-juki:2", "--method", "cash", "--cash-received", "1000"]).status == 0)
        #expect(try pay("R2", ["--item", "etsuran-todoke:1", "--item", "inkan-saikoufu:1:exempt", "--method", "cash"]).status == 0)
        let card = try pay("R3", ["--item", "mynumber-saikoufu:1", "--method", "cashless", "--brand", "visa", "--slip", "V-1", "--json"])
        #expect(card.status == 0, "\(card.stderr)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(card.stdout.utf8)) as? [String: Any])?["paymentId"] as? String)
        #expect(try pay("R4", ["--item", "etsuran-juki:1", "--method", "cashless", "--brand", "paypay", "--slip", "P-1"]).status == 0)
        let cancel = try ledger(["cancel", "--terminal", "T1", id, "--reason", "wrong-amount", "--supervisor", "boss"],
                                stdin: Self.password + "\n")
        #expect(cancel.status == 0, "\(cancel.stderr)")
        return id
    }

    private func auditorScript() throws -> ProcessResult {
        let doc = try String(contentsOf: TestBinaries.repoRoot.appendingPathComponent("docs/ledger.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "sqlite3 -json counter.sqlite \"SELECT seq"))
        let end = try #require(doc.range(of: "\nPY\n", range: start.upperBound..<doc.endIndex))
        let script = String(doc[start.lowerBound..<end.upperBound])
        return try runProcess(URL(fileURLWithPath: "/bin/bash"), ["-c", "cd '\(folder.path)' && \(script)"])
    }

    @Test("one changed byte of one posting (trigger dropped with sqlite3) breaks the chain; verify and the auditor's script name that entry")
    func tamperedPosting() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try fillDay()
        #expect(try ledger(["verify"]).status == 0)
        let intact = try auditorScript()
        #expect(intact.status == 0 && intact.stdout.contains("ledger chains intact"), "\(intact.stderr)")
        #expect(try sqlite("UPDATE ledger_posting SET amount_yen = 700 WHERE line_no = 1").status != 0)  // the trigger refuses
        let entry = try sqlite("SELECT id FROM ledger_entry WHERE seq = 3").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try sqlite("""
            DROP TRIGGER ledger_posting_no_update;
            UPDATE ledger_posting SET amount_yen = 2000 WHERE entry_id = '\(entry)' AND line_no = 2;
            """).status == 0)
        let verify = try ledger(["verify"])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("seq 3") && verify.stderr.contains(entry), "\(verify.stderr)")
        #expect(verify.stderr.contains("ledger_posting_no_update"))
        let audit = try auditorScript()
        #expect(audit.status != 0 && audit.stderr.contains("break at seq 3"), "\(audit.stderr)")
    }

    @Test("one changed byte of an entry's own column is named too")
    func tamperedEntry() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try fillDay()
        #expect(try sqlite("DROP TRIGGER ledger_entry_no_update; UPDATE ledger_entry SET actor_id = 'c2' WHERE seq = 2").status == 0)
        let verify = try ledger(["verify"])
        #expect(verify.status == 1 && verify.stderr.contains("seq 2"), "\(verify.stderr)")
    }

    @Test("bad input: Japanese errors, exit 1 for a refused payment, 64 for a command line that cannot be used; nothing recorded")
    func refusals() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let id = try fillDay()
        let cases: [([String], String?, Int32, String)] = [
            (["pay", "--request", "X", "--item", "no-such:1", "--method", "cash"], nil, 1, "手数料表にありません"),
            (["pay", "--request", "X", "--item", "etsuran-juki:1", "--method", "cashless", "--brand", "no-such", "--slip", "1"], nil, 1, "ブランドが登録されていません"),
            (["pay", "--request", "X", "--item", "etsuran-juki:1", "--method", "cashless", "--brand", "visa"], nil, 1, "伝票番号"),
            (["pay", "--request", "X", "--item", "etsuran-juki:1", "--method", "cashless", "--brand", "visa", "--slip", "V-1"], nil, 1, "本日すでに記録"),
            (["pay", "--request", "X", "--item", "etsuran-juki:1", "--method", "cash", "--cash-received", "100"], nil, 1, "足りません"),
            (["pay", "--request", "X", "--item", "etsuran-juki:1", "--method", "cash", "--cash-received", "99999999999999999999"], nil, 64, "--cash-received"),
            (["pay", "--request", "X", "--item", "etsuran-juki:1", "--method", "cash", "--payment-id", id], nil, 1, "別の内容"),
            (["pay", "--request", "X", "--item", "etsuran-juki", "--method", "cash"], nil, 64, "1番目の --item"),
            (["pay", "--request", "X", "--item", "etsuran-juki:1", "--method", "card"], nil, 64, "--method"),
            (["cancel", id, "--reason", "wrong-amount", "--supervisor", "boss"], Self.password + "\n", 1, "すでに取り消されています"),
            (["cancel", id, "--reason", "wrong-amount"], Self.password + "\n", 64, "--supervisor"),
            (["cancel", id, "--reason", "wrong-amount", "--supervisor", "boss"], "wrong-password\n", 1, "パスワードが違います"),
            (["close", "--date", "2026-12-01", "--float", "0", "--counted", "10000=1,3000=2", "--supervisor", "boss"], Self.password + "\n", 64, "--counted"),
            (["close", "--date", "2026-12-01", "--float", "0", "--counted", "", "--terminal-total", "visa=1", "--supervisor", "boss"], Self.password + "\n", 64, "--terminal-total"),
            (["report", "--date", "2026-13-01"], nil, 64, "--date"),
            (["report", "--date", "2026-12-01", "--format", "pdf"], nil, 64, "--out"),
        ]
        for (arguments, stdin, status, message) in cases {
            let withTerminal = arguments.prefix(1) + ["--terminal", "T1"] + arguments.dropFirst()
            let result = try ledger(Array(withTerminal), stdin: stdin)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Error:") && !result.stderr.contains("SQL"), "\(arguments): \(result.stderr)")
        }
        let list = try ledger(["list", "--terminal", "T1", "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [Any])?.count == 4)
    }

    @Test("close twice is refused; the report as CSV has a BOM, as PDF is an A4 file 0600, as JSON holds the chain head")
    func closeAndReport() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try fillDay()
        let today = SystemClock().today().iso
        let close = ["close", "--terminal", "T1", "--date", today, "--float", "10000", "--counted", "10000=1,500=1,100=4,50=1",
                     "--terminal-total", "code=300", "--supervisor", "boss", "--json"]
        let closed = try ledger(close, stdin: Self.password + "\n")
        #expect(closed.status == 0, "\(closed.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(closed.stdout.utf8)) as? [String: Any])
        #expect((json["cash"] as? [String: Any])?["overShort"] as? Int == 0)  // 10,000 + 600 + 350 = 10,950 counted
        let head = try #require((json["close"] as? [String: Any])?["chainHead"] as? String)
        let again = try ledger(close, stdin: Self.password + "\n")
        #expect(again.status == 1 && again.stderr.contains("締め済み"))
        let paid = try pay("R9", ["--item", "etsuran-juki:1", "--method", "cash"])
        #expect(paid.status == 1 && paid.stderr.contains("この日は締め済みです"))

        let csv = try ledger(["report", "--terminal", "T1", "--date", today, "--format", "csv"])
        #expect(csv.stdoutData.prefix(3) == Data([0xEF, 0xBB, 0xBF]) && csv.stdout.contains("過不足"))
        let text = try ledger(["report", "--terminal", "T1", "--date", today])
        #expect(text.stdout.contains(head) && text.stdout.contains("金額の誤り"))
        let pdf = folder.appendingPathComponent("nikkei.pdf")
        #expect(try ledger(["report", "--terminal", "T1", "--date", today, "--format", "pdf", "--out", pdf.path]).status == 0)
        #expect(try Data(contentsOf: pdf).prefix(4) == Data("%PDF".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: pdf.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try ledger(["verify"]).status == 0)
    }

    @Test("a malformed payment-brands.json is refused naming the file, entry and field; nothing is recorded")
    func malformedSeeds() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let seeds = folder.appendingPathComponent("seeds")
        try FileManager.default.copyItem(at: Fixtures.seeds.url, to: seeds)
        try Data(#"{"brands": [{"id": "visa", "displayName": "Visa", "group": "cheque", "validFrom": "2022-01-04", "kioskAccepts": true}]}"#.utf8)
            .write(to: seeds.appendingPathComponent("payment-brands.json"))
        let result = try ledger(["pay", "--terminal", "T1", "--request", "R1", "--item", "etsuran-juki:1", "--method", "cash"],
                                seeds: seeds)
        #expect(result.status == 1)
        #expect(result.stderr.contains("payment-brands.json") && result.stderr.contains("brands[0]")
            && result.stderr.contains("group"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db))  // refused before the database was even opened
    }
}
