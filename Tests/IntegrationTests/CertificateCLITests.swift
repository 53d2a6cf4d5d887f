import CertificateIssue
import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `counter certificate …` as a clerk's script runs it, on the demo registry: gapless 連番 with two processes
/// issuing at once, and SIGKILL at random points leaving nothing or a paid, numbered issuance that prints again.
@Suite("counter certificate (CLI)")
struct CertificateCLITests {
    struct SetupFailure: Error {
        var message: String
    }

    /// A database with the demo registry and a key folder, and the environment to run `counter` in.
    struct Installation {
        let folder = Fixtures.temporaryFolder("certificate-cli")
        var db: String { folder.appendingPathComponent("data/counter.sqlite").path }
        var keys: String { folder.appendingPathComponent("keys").path }
        var out: String { folder.appendingPathComponent("pdf").path }
        let environment = ProcessInfo.processInfo.environment.merging(["COUNTER_SEEDS": Fixtures.seeds.url.path]) { $1 }

        init() throws {
            for arguments in [["residents", "import", Fixtures.seeds.file("demo/registry").path, "--db", db],
                              ["keys", "init", "--dir", keys]] {
                let result = try runProcess(TestBinaries.url("counter"), arguments, environment: environment)
                guard result.status == 0 else { throw SetupFailure(message: result.stderr) }
            }
        }

        func issueArguments(request: String, person: String = "P90001", kind: String = "juminhyo-personal",
                            copies: Int = 1, terminal: String = "T01") -> [String] {
            ["certificate", "issue", "--db", db, "--keys", keys, "--office", "kita", "--terminal", terminal,
             "--resident", person, "--kind", kind, "--copies", "\(copies)", "--out", out, "--clerk", "c1",
             "--request", request, "--json"]
        }

        func serials(terminal: String = "T01") throws -> [Int] {
            let database = try CounterStorage.open(path: db)
            return try database.read { db in
                try Int.fetchAll(db, sql: "SELECT serial FROM certificate_number WHERE terminal_id = ? ORDER BY serial",
                                 arguments: [terminal])
            }
        }
    }

    @Test("kinds lists every kind with its fee; a bad option, requester or copies is refused in Japanese before anything")
    func kindsAndRefusals() throws {
        let installation = try Installation()
        let kinds = try CounterCLI.run(["certificate", "kinds", "--json"])
        #expect(kinds.status == 0 && kinds.stdout.contains("\"juminhyo-household\"") && kinds.stdout.contains("\"feePerCopy\":300"))
        var bad = installation.issueArguments(request: "BAD-1")
        bad += ["--option", "everything"]
        let refused = try runProcess(TestBinaries.url("counter"), bad, environment: installation.environment)
        #expect(refused.status == 64 && refused.stderr.contains("--option は"))
        let proxy = try runProcess(TestBinaries.url("counter"), installation.issueArguments(request: "BAD-2")
            + ["--requester", "proxy", "--option", "individualNumber"], environment: installation.environment)
        #expect(proxy.status == 1 && proxy.stderr.contains("代理人の請求では「個人番号」は記載できません"))
        let support = try runProcess(TestBinaries.url("counter"), installation.issueArguments(request: "BAD-3", person: "P90005"),
                                     environment: installation.environment)
        #expect(support.status == 1 && support.stderr.contains("要確認") && !support.stderr.contains("支援措置"))
        #expect(try installation.serials().isEmpty)
    }

    @Test("two processes issuing at once: every 連番 once, none skipped; history lists each issuance and print")
    func twoProcessesGapless() throws {
        let installation = try Installation()
        let counter = TestBinaries.url("counter").path
        let loops = (0..<2).map { worker -> String in
            (0..<8).map { index in
                installation.issueArguments(request: "W\(worker)-\(index)", copies: index % 2 + 1)
                    .map { "'\($0)'" }.joined(separator: " ")
            }.map { "'\(counter)' \($0) >/dev/null || exit 1" }.joined(separator: "\n")
        }
        let workers = try loops.map { script in
            try RunningProcess(URL(fileURLWithPath: "/bin/bash"), ["-c", script], environment: installation.environment)
        }
        for worker in workers { #expect(try worker.finish().status == 0) }
        let serials = try installation.serials()
        #expect(serials == Array(1...24))
        let history = try CounterCLI.run(["certificate", "history", "--db", installation.db, "--resident", "P90001", "--json"])
        let entries = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(entries.filter { $0["kind"] as? String == "issue" }.count == 16)
        #expect(entries.filter { $0["kind"] as? String == "print" && $0["outcome"] as? String == "ok" }.count == 24)
        let verify = try CounterCLI.run(["ledger", "verify", "--db", installation.db])
        #expect(verify.status == 0)
    }

    @Test("200 issuances killed at random points and retried with their request: payments = issuances, every copy numbered and printed once", .timeLimit(.minutes(4)))
    func killDuringIssuance() async throws {
        let installation = try Installation()
        var random = SplitMix64(seed: 0xCE27)
        var killed = 0
        var copiesAsked: [String: Int] = [:]
        for index in 0..<200 {
            let request = "K-\(index)"
            let copies = Int.random(in: 1...2, using: &random)
            copiesAsked[request] = copies
            let arguments = installation.issueArguments(request: request, copies: copies)
            let process = try RunningProcess(TestBinaries.url("counter"), arguments, environment: installation.environment)
            // A blocking sleep: the kill must come at the drawn time, not whenever a pooled thread is free.
            usleep(UInt32.random(in: 0...250_000, using: &random))
            if process.isRunning {
                kill(process.pid, SIGKILL)
                killed += 1
            }
            _ = try process.finish()
            // Every run is retried with its request: a finished one returns the issuance, a killed one completes.
            let retry = try runProcess(TestBinaries.url("counter"), arguments, environment: installation.environment)
            #expect(retry.status == 0, "issuance \(index): \(retry.stderr)")
        }
        #expect(killed >= 40, "only \(killed) of 200 runs were killed")
        let database = try CounterStorage.open(path: installation.db)
        let (issues, payments, numbered, printed) = try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM certificate_log WHERE kind = 'issue'") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_entry WHERE kind = 'payment'") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM certificate_number") ?? -1,
             try Int.fetchOne(db, sql: """
                SELECT COUNT(DISTINCT copy_serial) FROM certificate_log WHERE kind = 'print' AND outcome = 'ok'
                """) ?? -1)
        }
        let totalCopies = copiesAsked.values.reduce(0, +)
        #expect(issues == 200 && payments == 200, "a payment or an issuance was lost or doubled")
        #expect(numbered == totalCopies && printed == totalCopies)
        #expect(try installation.serials() == Array(1...totalCopies))
        let paidWithoutIssue = try database.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM ledger_entry p WHERE p.kind = 'payment'
                AND NOT EXISTS (SELECT 1 FROM certificate_log c WHERE c.kind = 'issue' AND c.payment_id = p.id)
                """) ?? -1
        }
        #expect(paidWithoutIssue == 0)
        #expect(try CertificateDesk.verify(database).chains.firstBreak == nil)
        #expect(try CounterCLI.run(["ledger", "verify", "--db", installation.db]).status == 0)
    }
}
