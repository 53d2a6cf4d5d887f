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

/// `counter ledger pay` killed with SIGKILL at random points, each payment retried with its id: nothing lost,
/// nothing doubled, every entry balanced, the chain intact, the sums right.
@Suite("Crash: SIGKILL during ledger payments")
struct LedgerCrashTests {
    @Test("200 payments killed at random points, each killed one (and every fourth finished one) retried with its id", .timeLimit(.minutes(3)))
    func killDuringPayments() async throws {
        let folder = Fixtures.temporaryFolder("ledger-crash")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("data/counter.sqlite").path
        _ = try CounterStorage.open(path: db)
        let environment = ProcessInfo.processInfo.environment.merging(["COUNTER_SEEDS": Fixtures.seeds.url.path]) { $1 }
        let fees = ["etsuran-juki": 300, "etsuran-todoke": 350, "inkan-saikoufu": 300, "mynumber-saikoufu": 1000]
        let codes = fees.keys.sorted()
        var random = SplitMix64(seed: 0xC0FFEE)
        var expected: [String: Int] = [:]  // payment id → total
        var killed = 0
        for index in 0..<200 {
            let id = UUID().uuidString
            let code = codes.randomElement(using: &random)!
            let quantity = Int.random(in: 1...3, using: &random)
            var arguments = ["ledger", "pay", "--db", db, "--terminal", "CRASH", "--request", "R\(index)",
                             "--item", "\(code):\(quantity)", "--clerk", "c1", "--payment-id", id]
            arguments += index % 3 == 0 ? ["--method", "cashless", "--brand", "visa", "--slip", "S\(index)"]
                : ["--method", "cash", "--cash-received", "5000"]
            expected[id] = fees[code]! * quantity
            let process = try RunningProcess(TestBinaries.url("counter"), arguments, environment: environment)
            // A blocking sleep: the kill must come at the drawn time, not whenever a pooled thread is free.
            usleep(UInt32.random(in: 0...110_000, using: &random))
            var wasKilled = false
            if process.isRunning {
                kill(process.pid, SIGKILL)
                wasKilled = true
                killed += 1
            }
            let first = try process.finish()
            if !wasKilled { #expect(first.status == 0 || first.status == 128 + SIGKILL, "payment \(index): \(first.stderr)") }
            // Every killed run is retried with its id, and every fourth finished one too (a retry of a recorded payment).
            guard wasKilled || index % 4 == 0 else { continue }
            let retry = try runProcess(TestBinaries.url("counter"), arguments, environment: environment)
            #expect(retry.status == 0, "payment \(index): \(retry.stderr)")
        }
        #expect(killed >= 50, "only \(killed) of 200 runs were killed")

        let verify = try CounterCLI.run(["ledger", "verify", "--db", db])
        #expect(verify.status == 0, "\(verify.stderr)")
        let database = try CounterStorage.open(path: db)
        let (rows, unbalanced) = try database.read { (db: Database) throws -> ([Row], Int) in
            let rows = try Row.fetchAll(db, sql: "SELECT id, total_yen FROM ledger_entry WHERE kind = 'payment'")
            let unbalanced = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT entry_id, SUM(CASE side WHEN 'debit' THEN amount_yen ELSE -amount_yen END) AS net
                FROM ledger_posting GROUP BY entry_id) WHERE net != 0
                """) ?? -1
            return (rows, unbalanced)
        }
        let recorded = Dictionary(rows.map { ($0["id"] as String, $0["total_yen"] as Int) }, uniquingKeysWith: { _, _ in -1 })
        #expect(rows.count == 200, "a payment was lost or doubled")
        #expect(recorded == expected)
        #expect(unbalanced == 0)
        let report = try CounterCLI.run(["ledger", "report", "--db", db, "--terminal", "CRASH", "--format", "json",
                                         "--date", SystemClock().today().iso])
        let json = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any]
        let cash = (json?["cash"] as? [String: Any])?["sales"] as? Int
        let credit = ((json?["groups"] as? [[String: Any]])?.first { $0["group"] as? String == "credit" })?["sales"] as? Int
        #expect((cash ?? 0) + (credit ?? 0) == expected.values.reduce(0, +))
    }
}
