// ledger-bench: durable payments per second through Cashier.pay next to the sqlite3 tool inserting the
// equivalent rows (an entry, its item, its two postings; one transaction each; WAL, synchronous=FULL) on the
// same disk; the chain check over many entries; the close of a day with 2,000 payments.
// Usage: swift run -c release --package-path Benchmarks ledger-bench [PAYMENTS (500)] [VERIFY ENTRIES (1000000)]
import CashlessLedger
import CounterCore
import CounterService
import CounterStore
import Foundation

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let payments = arguments.first ?? 500
let verifyEntries = arguments.dropFirst().first ?? 1_000_000
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-bench-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: folder) }
let seeds = try SeedDirectory.locate()
let catalog = try LedgerCatalog.load(from: seeds)
let clock = FixedClock(Date())

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func order(_ index: Int) -> PaymentOrder {
    PaymentOrder(requestID: "R\(index)", actor: .clerk(id: "bench"), channel: .cli,
                 lines: [OrderLine(code: "etsuran-juki", quantity: 1 + index % 3)], tender: .cash(received: nil))
}

// 1. Durable payments per second.
let database = try CounterStorage.open(path: folder.appendingPathComponent("a/counter.sqlite").path)
let cashier = Cashier(database: database, catalog: catalog, clock: clock, terminalID: "BENCH")
let paid = try seconds { for index in 0..<payments { _ = try cashier.pay(order(index)) } }
print(String(format: "%-56@ %8.1f payments/s (%.3f ms each)", "Cashier.pay (durable, chained, one transaction each)" as NSString,
             Double(payments) / paid, paid * 1000 / Double(payments)))

let baselineDB = folder.appendingPathComponent("c.sqlite").path
var script = """
    PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
    CREATE TABLE e (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE, terminal_id TEXT, kind TEXT, day TEXT,
      total_yen INTEGER, prev_hash BLOB, hash BLOB);
    CREATE TABLE i (entry_id TEXT, line_no INTEGER, code TEXT, label TEXT, unit_fee_yen INTEGER, quantity INTEGER,
      PRIMARY KEY (entry_id, line_no));
    CREATE TABLE p (entry_id TEXT, line_no INTEGER, account TEXT, side TEXT, amount_yen INTEGER,
      PRIMARY KEY (entry_id, line_no));

    """
for index in 0..<payments {
    let id = UUID().uuidString
    script += """
        BEGIN; INSERT INTO e (id, terminal_id, kind, day, total_yen, prev_hash, hash)
          VALUES ('\(id)', 'BENCH', 'payment', '2026-12-01', 300, randomblob(32), randomblob(32));
        INSERT INTO i VALUES ('\(id)', 1, 'etsuran-juki', 'label', 300, \(1 + index % 3));
        INSERT INTO p VALUES ('\(id)', 1, 'cash', 'debit', 300); INSERT INTO p VALUES ('\(id)', 2, 'revenue.x', 'credit', 300);
        COMMIT;

        """
}
let process = Process()
process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
process.arguments = [baselineDB]
let input = Pipe()
process.standardInput = input
process.standardOutput = FileHandle.nullDevice
let tool = try seconds {
    try process.run()
    input.fileHandleForWriting.write(Data(script.utf8))
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
}
print(String(format: "%-56@ %8.1f payments/s (%.3f ms each)", "baseline: sqlite3 tool, same rows, same pragmas" as NSString,
             Double(payments) / tool, tool * 1000 / Double(payments)))
print(String(format: "ratio Cashier.pay / sqlite3: %.2f (time per payment)", paid / tool))

// 2. The close of a day with 2,000 payments (the supervisor's password check timed apart).
let dayDB = try CounterStorage.open(path: folder.appendingPathComponent("d/counter.sqlite").path)
let dayCashier = Cashier(database: dayDB, catalog: catalog, clock: clock, terminalID: "BENCH")
try dayDB.write { db in
    for index in 0..<2_000 {
        try LedgerRepository.append(try PaymentRules.payment(for: order(index), terminalID: "BENCH", at: clock.now(),
                                                             catalog: catalog), in: db)
    }
}
_ = try ClerkSessions(database: dayDB, clock: clock).addClerk(clerkID: "boss", displayName: "係長", role: .supervisor,
                                                              password: "bench-pass-2026")
let count = DailyCount(float: Yen(10_000), counted: try CashCount(parsing: "10000=1"), terminalTotals: try TerminalTotals([:]))
let approval = try seconds { _ = try ClerkSessions(database: dayDB, clock: clock).approve("bench", clerkID: "boss", password: "bench-pass-2026") }
let closing = try seconds {
    _ = try dayCashier.close(day: clock.today(), count: count, actor: .clerk(id: "bench"), channel: .cli, supervisorID: "boss",
                             supervisorPassword: "bench-pass-2026")
}
print(String(format: "%-56@ %8.1f ms (of which the password check %.1f ms)", "close of a day with 2,000 payments" as NSString,
             closing * 1000, approval * 1000))

// 3. verify over many entries (written in large transactions: building the data is not what is measured).
let bigDB = try CounterStorage.open(path: folder.appendingPathComponent("v/counter.sqlite").path)
let batch = 20_000
let built = try seconds {
    for start in stride(from: 0, to: verifyEntries, by: batch) {
        try bigDB.write { db in
            for index in start..<min(start + batch, verifyEntries) {
                try LedgerRepository.append(try PaymentRules.payment(for: order(index), terminalID: "T\(index % 4)",
                                                                     at: clock.now(), catalog: catalog), in: db)
            }
        }
    }
}
var intact = false
let verified = try seconds { intact = try Cashier.verify(bigDB).isIntact }
print(String(format: "%-56@ %8.1f s (%.0f entries/s; built in %.0f s; intact: %@)", "ledger verify over \(verifyEntries) entries" as NSString,
             verified, Double(verifyEntries) / verified, built, intact ? "yes" : "NO"))
