@testable import CounterCity
import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import GRDB
import Testing

/// The ledger and the certificates' log synced to the city on the real server: every record and its rows once,
/// chains recomputed on arrival with their items, postings and closes, and many terminals at once.
@Suite("City sync of the ledger and certificates (PostgreSQL)")
struct CityLedgerSyncTests {
    /// A terminal database with `offices` offices × `days` days of demo history (cases, payments, cancellations,
    /// closes, issuances, prints), made by `counter demo-data`.
    static func history(offices: Int, days: Int, seed: Int) throws -> URL {
        let file = Fixtures.temporaryFolder("city-ledger").appendingPathComponent("t.sqlite")
        let environment = ProcessInfo.processInfo.environment.merging(["COUNTER_SEEDS": Fixtures.seeds.url.path]) { $1 }
        let made = try runProcess(TestBinaries.url("counter"), ["demo-data", "--offices", "\(offices)", "--days", "\(days)",
                                                                "--seed", "\(seed)", "--until", "2026-11-20", "--db", file.path],
                                  environment: environment)
        guard made.status == 0 else { throw CityTestServer.Unavailable(description: "demo-data: \(made.stderr)") }
        return file
    }

    /// Closes the last day of `terminal` in `file` (a supervisor approving, as `counter ledger close` does).
    static func close(_ terminal: String, in file: URL) throws {
        let environment = ProcessInfo.processInfo.environment.merging(["COUNTER_SEEDS": Fixtures.seeds.url.path]) { $1 }
        let counter = TestBinaries.url("counter")
        _ = try runProcess(counter, ["clerk", "add", "--db", file.path, "--id", "s1", "--name", "係長", "--role", "supervisor"],
                           stdin: "pw-supervisor1\n", environment: environment)
        let closed = try runProcess(counter, ["ledger", "close", "--db", file.path, "--terminal", terminal, "--date", "2026-11-20",
                                              "--float", "30000", "--counted", "10000=3,1000=12", "--terminal-total", "code=1200",
                                              "--supervisor", "s1"], stdin: "pw-supervisor1\n", environment: environment)
        guard closed.status == 0 else { throw CityTestServer.Unavailable(description: "ledger close: \(closed.stderr)") }
    }

    /// Per terminal: entries, their amount, items, postings, closes, certificate log entries and numbered copies.
    static let figures = [
        ("entries", "SELECT terminal_id, COUNT(*) FROM %@ledger_entry GROUP BY terminal_id"),
        ("amount", "SELECT terminal_id, SUM(COALESCE(total_yen, 0)) FROM %@ledger_entry GROUP BY terminal_id"),
        ("items", "SELECT e.terminal_id, SUM(i.quantity) FROM %@ledger_item i JOIN %@ledger_entry e ON e.id = i.entry_id GROUP BY e.terminal_id"),
        ("postings", "SELECT e.terminal_id, SUM(p.amount_yen) FROM %@ledger_posting p JOIN %@ledger_entry e ON e.id = p.entry_id GROUP BY e.terminal_id"),
        ("closes", "SELECT e.terminal_id, SUM(c.counted_cash_yen) FROM %@ledger_close c JOIN %@ledger_entry e ON e.id = c.entry_id GROUP BY e.terminal_id"),
        ("certificates", "SELECT terminal_id, COUNT(*) FROM %@certificate_log GROUP BY terminal_id"),
        ("copies", "SELECT terminal_id, COUNT(*), SUM(serial) FROM %@certificate_number GROUP BY terminal_id"),
    ]

    static func localFigures(_ database: CounterDatabase) throws -> [String: [String: String]] {
        try database.read { db in
            var result: [String: [String: String]] = [:]
            for (name, sql) in figures {
                for row in try Row.fetchAll(db, sql: sql.replacingOccurrences(of: "%@", with: "")) {
                    result[name, default: [:]][row[0] as String] = (1..<row.count).map { String(row[$0] as Int64) }.joined(separator: "/")
                }
            }
            return result
        }
    }

    static func cityFigures(_ city: CityConnection) throws -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for (name, sql) in figures {
            for row in try city.execute(sql.replacingOccurrences(of: "%@", with: "city_")) {
                result[name, default: [:]][row[0] ?? ""] = row.dropFirst().map { $0 ?? "" }.joined(separator: "/")
            }
        }
        return result
    }

    @Test("every terminal's ledger (payments, cancellations, closes with their rows) and certificate log arrive whole; again sends nothing")
    func ledgerAndCertificates() throws {
        let file = try Self.history(offices: 1, days: 3, seed: 5)
        let local = try CounterStorage.open(path: file.path)
        let terminals = try local.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT terminal_id FROM ledger_entry ORDER BY 1") }
        #expect(terminals.count >= 2)
        try Self.close(terminals[0], in: file)
        let kinds = try local.read { db in try Set(String.fetchAll(db, sql: "SELECT DISTINCT kind FROM ledger_entry")) }
        #expect(kinds == ["payment", "cancellation", "close"], "the history holds every kind of entry")
        let city = try CityConnection(url: try CityTestServer.database().url())
        var sent: [String: Int] = [:]
        for terminal in terminals {
            let summary = try CitySync.push(from: local, to: city, terminal: terminal, batchSize: 70)
            for (stream, count) in summary.sentPerStream { sent[stream, default: 0] += count }
        }
        #expect(try Self.cityFigures(city) == Self.localFigures(local))
        let entries = try local.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_entry") ?? 0 }
        let certificates = try local.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM certificate_log") ?? 0 }
        #expect(sent["ledger"] == entries && sent["certificates"] == certificates && certificates > 0)
        for terminal in terminals {
            #expect(try CitySync.push(from: local, to: city, terminal: terminal).sent == 0)
        }
        // A row added afterwards to an entry the city holds would change a hashed record: refused, even to the owner.
        let entry = try #require(try city.execute("SELECT id FROM city_ledger_entry WHERE kind = 'payment' LIMIT 1").first?.first ?? nil)
        #expect(throws: CityError.notPermitted) {
            try city.execute("INSERT INTO city_ledger_item (entry_id, line_no, code, label, unit_fee_yen, quantity, exempt) VALUES ($1, 99, 'x', 'x', 1, 1, 0)", [entry])
        }
        #expect(throws: CityError.notPermitted) { try city.execute("UPDATE city_ledger_posting SET amount_yen = 1") }
    }

    @Test("a ledger item altered on the terminal fails its entry's hash at commit: nothing of the batch is kept")
    func alteredItem() throws {
        let file = try Self.history(offices: 1, days: 1, seed: 9)
        let terminal = try #require(try CounterStorage.open(path: file.path).read { db in
            try String.fetchOne(db, sql: "SELECT terminal_id FROM ledger_entry WHERE kind = 'payment' ORDER BY seq LIMIT 1")
        })
        let sqlite = try runProcess(URL(fileURLWithPath: "/usr/bin/sqlite3"), [file.path, """
            DROP TRIGGER ledger_item_no_update;
            UPDATE ledger_item SET quantity = quantity + 1 WHERE entry_id = (SELECT id FROM ledger_entry WHERE terminal_id = '\(terminal)' AND kind = 'payment' ORDER BY seq LIMIT 1 OFFSET 2);
            """])
        #expect(sqlite.status == 0, "\(sqlite.stderr)")
        let city = try CityConnection(url: try CityTestServer.database().url())
        let local: CounterDatabase = try CounterStorage.open(path: file.path)
        #expect(throws: CityError.chainBroken(terminal: terminal)) { try CitySync.push(from: local, to: city, terminal: terminal, batchSize: 500) }
        #expect(try city.execute("SELECT COUNT(*) FROM city_ledger_entry WHERE terminal_id = $1", [terminal]).first?.first == "0")
        #expect(try city.execute("SELECT COUNT(*) FROM city_ledger_item").first?.first == "0")
    }

    @Test("24 terminals sync at once, each with its own role: every record of each arrives once, the figures agree")
    func twentyFourTerminals() throws {
        let file = try Self.history(offices: 24, days: 1, seed: 11)
        let local = try CounterStorage.open(path: file.path)
        let terminals = Array(try local.read { db in
            try String.fetchAll(db, sql: "SELECT terminal_id FROM case_event GROUP BY terminal_id ORDER BY COUNT(*) DESC")
        }.prefix(24))
        #expect(terminals.count == 24)
        let database = try CityTestServer.database()
        let admin = try CityConnection(url: database.url())
        let counter = TestBinaries.url("counter")
        let processes = try terminals.map { terminal -> RunningProcess in
            // Roles belong to the whole server: the one an earlier run made for this terminal goes first.
            try admin.executeScript("DROP ROLE IF EXISTS \"\(CitySchema.roleName(for: terminal))\"")
            let made = try CitySchema.addTerminal(terminal, to: admin)
            let url = database.url().replacingOccurrences(of: #"counter_admin:[^@]*@"#, with: "\(made.role):\(made.password)@",
                                                          options: .regularExpression)
            return try RunningProcess(counter, ["sync", "--city", url, "--terminal", terminal, "--db", file.path, "--batch", "200"])
        }
        for (terminal, process) in zip(terminals, processes) {
            let result = try process.finish()
            #expect(result.status == 0, "\(terminal): \(result.stderr)")
        }
        let localFigures = try Self.localFigures(local).mapValues { $0.filter { terminals.contains($0.key) } }
        #expect(try Self.cityFigures(admin) == localFigures)
        let events = try local.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_event WHERE terminal_id IN (\(terminals.map { "'\($0)'" }.joined(separator: ",")))") ?? 0
        }
        #expect(try admin.execute("SELECT COUNT(*) FROM city_case_event").first?.first == String(events))
    }
}

/// Attempts on the city's checks by a terminal's own role (and by the admin where it says so).
@Suite("City checks under attack (PostgreSQL)")
struct CityAttackTests {
    /// A fresh city, `terminal`'s role there, and the terminal's connection with that role.
    static func terminalConnection(_ terminal: String, in database: CityTestServer.Database) throws -> (admin: CityConnection, terminal: CityConnection) {
        let admin = try CityConnection(url: database.url())
        try admin.executeScript("DROP ROLE IF EXISTS \"\(CitySchema.roleName(for: terminal))\"")
        let made = try CitySchema.addTerminal(terminal, to: admin)
        let url = database.url().replacingOccurrences(of: #"counter_admin:[^@]*@"#, with: "\(made.role):\(made.password)@",
                                                      options: .regularExpression)
        return (admin, try CityConnection(url: url))
    }

    @Test("a terminal's role sends its ledger, but cannot shadow a city table with a temporary one, nor add a row to an entry the city holds")
    func shadowAndLateRows() throws {
        let file = try CityLedgerSyncTests.history(offices: 1, days: 1, seed: 31)
        let local = try CounterStorage.open(path: file.path)
        let terminal = try #require(try local.read { db in
            try String.fetchOne(db, sql: "SELECT terminal_id FROM ledger_entry WHERE kind = 'payment' GROUP BY terminal_id ORDER BY COUNT(*) DESC")
        })
        let database = try CityTestServer.database()
        let (admin, connection) = try Self.terminalConnection(terminal, in: database)
        let summary = try CitySync.push(from: local, to: connection, terminal: terminal)
        #expect((summary.sentPerStream["ledger"] ?? 0) > 0)
        // A temporary city_terminal would map this role to another terminal inside the arrival check.
        #expect(throws: CityError.notPermitted) {
            try connection.executeScript("CREATE TEMP TABLE city_terminal (terminal_id TEXT, role_name TEXT)")
        }
        let entry = try #require(try connection.execute("SELECT id FROM city_ledger_entry WHERE kind = 'payment' LIMIT 1").first?.first ?? nil)
        #expect(throws: CityError.notPermitted) {
            try connection.execute("INSERT INTO city_ledger_item (entry_id, line_no, code, label, unit_fee_yen, quantity, exempt) VALUES ($1, 9, 'x', 'x', 1, 1, 0)", [entry])
        }
        // Even with the checks made immediate, a row for an entry the city holds is refused.
        #expect(throws: CityError.notPermitted) {
            try connection.transaction { () throws(CityError) in
                try connection.execute("SET CONSTRAINTS ALL IMMEDIATE")
                try connection.execute("INSERT INTO city_ledger_posting (entry_id, line_no, account, side, amount_yen) VALUES ($1, 9, 'x', 'debit', 1)", [entry])
            }
        }
        // Rows sent ahead of a record that never comes are not kept.
        #expect(throws: CityError.self) {
            try connection.transaction { () throws(CityError) in
                try connection.execute("INSERT INTO city_ledger_item (entry_id, line_no, code, label, unit_fee_yen, quantity, exempt) VALUES ('no-such-entry', 1, 'x', 'x', 1, 1, 0)")
            }
        }
        #expect(try admin.execute("SELECT COUNT(*) FROM city_ledger_item WHERE line_no = 9 OR entry_id = 'no-such-entry'").first?.first == "0")
        // Sending everything again adds nothing (every record and row is the same again).
        #expect(try CitySync.push(from: local, to: connection, terminal: terminal).sent == 0)
    }

    @Test("a record under a seq before the terminal's last is refused, even with the right hashes (a fork of the chain)")
    func lowerSeq() throws {
        let terminal = "FORK-" + UUID().uuidString.prefix(6)
        let file = try CitySyncTests.terminalDatabase(terminal: terminal, cases: 2)
        let local = try CounterStorage.open(path: file.path)
        let database = try CityTestServer.database()
        let city = try CityConnection(url: database.url())
        _ = try CitySync.push(from: local, to: city, terminal: terminal)
        // The next record, valid in every hashed field, but numbered before the last one the city holds.
        try CitySyncTests.addCases(1, of: terminal, to: local, first: 2, seed: 5)
        let sqlite = try runProcess(URL(fileURLWithPath: "/usr/bin/sqlite3"), [file.path, """
            DROP TRIGGER case_event_no_update;
            UPDATE case_event SET seq = -seq WHERE seq > (SELECT MAX(seq) FROM case_event) - (SELECT COUNT(*) FROM case_event WHERE case_id = (SELECT case_id FROM case_event ORDER BY seq DESC LIMIT 1));
            """])
        #expect(sqlite.status == 0, "\(sqlite.stderr)")
        let columns = CitySync.columns
        let first = try #require(try local.read { db in
            try Row.fetchOne(db, sql: "SELECT \(columns.joined(separator: ", ")), seq, hex(prev_hash) AS prev, hex(hash) AS hash FROM case_event WHERE seq < 0 ORDER BY seq DESC")
        })
        var values: [String?] = columns.map { (first[$0] as DatabaseValue).storage.text }
        values += [String(first["seq"] as Int64), "\\x" + (first["prev"] as String), "\\x" + (first["hash"] as String)]
        let placeholders = (1...values.count).map { "$\($0)" }.joined(separator: ", ")
        #expect(throws: CityError.chainBroken(terminal: terminal)) {
            try city.execute("INSERT INTO city_case_event (\(columns.joined(separator: ", ")), seq, prev_hash, hash) VALUES (\(placeholders))", values)
        }
    }

    @Test("city verify holds on what was synced, and finds the first record the audit role changed, an item included")
    func verifyFindsChanges() throws {
        let file = try CityLedgerSyncTests.history(offices: 1, days: 1, seed: 41)
        let local = try CounterStorage.open(path: file.path)
        let terminals = try local.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT terminal_id FROM case_event ORDER BY 1") }
        let database = try CityTestServer.database()
        let city = try CityConnection(url: database.url())
        for terminal in terminals { _ = try CitySync.push(from: local, to: city, terminal: terminal) }
        let clean = try CityAudit.verify(city)
        #expect(clean.holds && (clean.records["ledger"] ?? 0) > 0 && (clean.records["events"] ?? 0) > 0)
        let audit = try CityConnection(url: database.url("COUNTER_CITY_AUDIT_URL"))
        let target = try #require(try city.execute("""
            SELECT e.terminal_id, e.seq, i.entry_id FROM city_ledger_item i JOIN city_ledger_entry e ON e.id = i.entry_id
            ORDER BY e.seq DESC LIMIT 1
            """).first)
        try audit.execute("UPDATE city_ledger_item SET quantity = quantity + 1 WHERE entry_id = $1", [target[2]])
        let changed = try CityAudit.verify(city)
        #expect(changed.breaks == [CityAudit.Break(stream: "ledger", terminal: target[0] ?? "", seq: Int64(target[1] ?? "") ?? 0)])
        let environment = ProcessInfo.processInfo.environment.merging(["COUNTER_SEEDS": Fixtures.seeds.url.path]) { $1 }
        let cli = try runProcess(TestBinaries.url("counter"), ["city", "verify", "--city", database.url()], environment: environment)
        #expect(cli.status == 1 && cli.stderr.contains("連鎖が崩れています") && cli.stderr.contains(target[0] ?? "?"))
    }
}
