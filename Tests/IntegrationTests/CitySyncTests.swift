import CashlessLedger
import CounterCity
import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import GRDB
import Testing

/// The city database on the real PostgreSQL server `make test` starts (scripts/start-postgres.sh): migrations,
/// terminal roles, and sync — idempotent, resumable after kill -9, chains checked on arrival.
@Suite("City database and sync (PostgreSQL)")
struct CitySyncTests {
    static var credentials: [String: String] { CityTestServer.credentials }
    typealias CityDatabase = CityTestServer.Database
    static func database(migrated: Bool = true) throws -> CityDatabase { try CityTestServer.database(migrated: migrated) }

    /// A terminal database holding `cases` cases of `terminal`.
    static func terminalDatabase(terminal: String, cases: Int) throws -> URL {
        let file = Fixtures.temporaryFolder("city-terminal").appendingPathComponent("t.sqlite")
        try addCases(cases, of: terminal, to: try CounterStorage.open(path: file.path))
        return file
    }

    /// Writes `cases` more cases of `terminal` into `database`, from `first` on (ids drawn from `seed`).
    static func addCases(_ cases: Int, of terminal: String, to database: CounterDatabase, first: Int = 0, seed: UInt64? = nil) throws {
        let writer = CaseHistoryWriter(catalog: try LedgerCatalog.load(from: Fixtures.seeds))
        var ids = SplitMix64(seed: seed ?? UInt64(cases))
        let start = ISO8601DateFormatter().date(from: "2026-11-20T09:00:00+09:00")!
        try database.write { db in
            for index in first..<(first + cases) {
                try writer.write(HistoryCase(terminal: terminal, actor: .clerk(id: "c1"), channel: .counter, style: .preprinted,
                                             start: start + Double(index * 30), seconds: 20, forms: ["juminhyo-koufu"]),
                                 ids: &ids, in: db)
            }
        }
    }

    static func count(_ connection: CityConnection, _ terminal: String) throws -> Int {
        let value = try connection.execute("SELECT COUNT(*) FROM city_case_event WHERE terminal_id = $1", [terminal]).first?.first ?? nil
        return value.flatMap { Int($0) } ?? -1
    }

    @Test("migrate brings a new database to the current version once; an older and a newer schema are refused in Japanese")
    func migrations() throws {
        let fresh = try Self.database(migrated: false)
        let connection = try CityConnection(url: fresh.url())
        #expect(throws: CityError.schemaOlder(found: 0, expected: CitySchema.latest)) { try CitySchema.requireCurrent(connection) }
        #expect(try CitySchema.migrate(connection) == CitySchema.latest)
        #expect(try CitySchema.migrate(connection) == 0)
        try CitySchema.requireCurrent(connection)
        try connection.execute("INSERT INTO city_schema (version) VALUES ($1)", [String(CitySchema.latest + 1)])
        #expect(throws: CityError.schemaNewer(found: CitySchema.latest + 1, expected: CitySchema.latest)) { try CitySchema.requireCurrent(connection) }
        #expect(CityError.schemaNewer(found: 2, expected: 1).userMessage.contains("このプログラムを更新してください"))
    }

    @Test("sync sends every case event once: again sends nothing, more cases send only the new ones; the counts agree")
    func idempotentSync() throws {
        let city = try Self.database()
        let terminal = "SYNC-" + UUID().uuidString.prefix(6)
        let local = try CounterStorage.open(path: try Self.terminalDatabase(terminal: terminal, cases: 40).path)
        let connection = try CityConnection(url: city.url())
        let first = try CitySync.push(from: local, to: connection, terminal: terminal, batchSize: 25)
        let stored = try local.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_event") ?? 0 }
        #expect(first.sent == stored && first.batches == (stored + 24) / 25 && first.alreadyThere == 0)
        #expect(try CitySync.push(from: local, to: connection, terminal: terminal).sent == 0)
        #expect(try Self.count(connection, terminal) == stored)
        // A record sent again as it is (a batch resent after a lost answer): the arrival trigger skips it, no error.
        let row = try local.read { db in try Row.fetchOne(db, sql: "SELECT id FROM case_event ORDER BY seq LIMIT 1") }
        let id: String = try #require(row)["id"]
        try connection.execute("INSERT INTO city_case_event SELECT * FROM city_case_event WHERE id = $1", [id])
        #expect(try connection.execute("SELECT COUNT(*) FROM city_case_event WHERE id = $1", [id]).first?.first == "1")
        #expect(try Self.count(connection, terminal) == stored)
    }

    @Test("kill -9 during a sync at random points, then sync again: every record arrives once, in one unbroken chain")
    func resumeAfterKill() async throws {
        let city = try Self.database()
        let terminal = "KILL-" + UUID().uuidString.prefix(6)
        let file = try Self.terminalDatabase(terminal: terminal, cases: 300)
        let counter = TestBinaries.url("counter")
        var random = SplitMix64(seed: 42)
        for _ in 0..<4 {
            let process = try RunningProcess(counter, ["sync", "--city", city.url(), "--terminal", terminal, "--db", file.path, "--batch", "40"])
            // A blocking sleep: the kill must come at the drawn time, not whenever a pooled thread is free.
            usleep(UInt32(50_000 + random.next() % 300_000))
            kill(process.pid, SIGKILL)
            _ = try? process.finish()
        }
        let finish = try runProcess(counter, ["sync", "--city", city.url(), "--terminal", terminal, "--db", file.path])
        #expect(finish.status == 0, "\(finish.stderr)")
        let local = try CounterStorage.open(path: file.path)
        let stored = try local.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_event") ?? 0 }
        let connection = try CityConnection(url: city.url())
        #expect(try Self.count(connection, terminal) == stored)
        let seqs = try connection.execute("SELECT COUNT(DISTINCT seq), MIN(seq), MAX(seq) FROM city_case_event WHERE terminal_id = $1", [terminal])
        #expect(seqs.first == [String(stored), "1", String(stored)])
    }

    @Test("roles: a terminal inserts only its own rows and can neither update nor delete; the owner cannot alter history; the audit role can")
    func roles() throws {
        let city = try Self.database()
        let admin = try CityConnection(url: city.url())
        let mine = "ROLE-" + UUID().uuidString.prefix(6), other = "OTHER-" + UUID().uuidString.prefix(6)
        let made = try CitySchema.addTerminal(mine, to: admin)
        let local = try CounterStorage.open(path: try Self.terminalDatabase(terminal: mine, cases: 3).path)
        let terminalURL = city.url().replacingOccurrences(of: #"counter_admin:[^@]*@"#, with: "\(made.role):\(made.password)@", options: .regularExpression)
        let terminal = try CityConnection(url: terminalURL)
        #expect(try CitySync.push(from: local, to: terminal, terminal: mine).sent > 0, "its own rows")
        #expect(throws: CityError.notPermitted) { try terminal.execute("UPDATE city_case_event SET kind = 'x' WHERE terminal_id = $1", [mine]) }
        #expect(throws: CityError.notPermitted) { try terminal.execute("DELETE FROM city_case_event WHERE terminal_id = $1", [mine]) }
        let someone = try CounterStorage.open(path: try Self.terminalDatabase(terminal: other, cases: 1).path)
        #expect(throws: CityError.notPermitted) { try CitySync.push(from: someone, to: terminal, terminal: other) }
        #expect(try Self.count(admin, other) == 0)
        #expect(throws: CityError.notPermitted) { try admin.execute("DELETE FROM city_case_event WHERE terminal_id = $1", [mine]) }
        let report = try CityConnection(url: city.url("COUNTER_CITY_REPORT_URL"))
        #expect(try Self.count(report, mine) > 0)
        #expect(throws: CityError.notPermitted) { try report.execute("DELETE FROM city_case_event") }
        let audit = try CityConnection(url: city.url("COUNTER_CITY_AUDIT_URL"))
        try audit.execute("UPDATE city_case_event SET error_kind = 'audited' WHERE terminal_id = $1 AND seq = 1", [mine])
        #expect(try admin.execute("SELECT error_kind FROM city_case_event WHERE terminal_id = $1 AND seq = 1", [mine]).first?.first == "audited")
    }

    @Test("a chain altered on the terminal is refused on arrival and nothing of the batch is kept; two terminals claiming one id are refused")
    func brokenChainAndClaimedID() throws {
        let city = try Self.database()
        let connection = try CityConnection(url: city.url())
        let terminal = "ALTER-" + UUID().uuidString.prefix(6)
        let file = try Self.terminalDatabase(terminal: terminal, cases: 5)
        // Someone drops the write-once guard on the terminal and alters a record's duration.
        let sqlite = try runProcess(URL(fileURLWithPath: "/usr/bin/sqlite3"), [file.path,
            "DROP TRIGGER case_event_no_update; UPDATE case_event SET duration_ms = 1 WHERE seq = 3;"])
        #expect(sqlite.status == 0, "\(sqlite.stderr)")
        let local = try CounterStorage.open(path: file.path)
        #expect(throws: CityError.chainBroken(terminal: terminal)) { try CitySync.push(from: local, to: connection, terminal: terminal, batchSize: 100) }
        #expect(try Self.count(connection, terminal) == 0, "the whole batch rolled back")
        // Another terminal sends a record under an id the city holds with other content.
        let honest = "HONEST-" + UUID().uuidString.prefix(6)
        let good = try CounterStorage.open(path: try Self.terminalDatabase(terminal: honest, cases: 1).path)
        _ = try CitySync.push(from: good, to: connection, terminal: honest)
        let id = try #require(try connection.execute("SELECT id FROM city_case_event WHERE terminal_id = $1 LIMIT 1", [honest]).first?.first ?? nil)
        #expect(throws: CityError.idClaimed) {
            try connection.execute("""
                INSERT INTO city_case_event (id, terminal_id, seq, actor_kind, actor_id, channel, case_id, occurred_at_ms, day, kind,
                prev_hash, hash) VALUES ($1, 'THIEF', 1, 'clerk', 'x', 'counter', 'c', 1, '2026-11-20', 'caseStarted', '\\x00', '\\x00')
                """, [id])
        }
    }

    @Test("the city unreachable, a wrong password, a bad URL: a Japanese message, no password shown")
    func connectionErrors() throws {
        #expect(throws: CityError.unreachable) { try CityConnection(url: "postgres://counter_admin:x@127.0.0.1:1/counter") }
        let wrong = (Self.credentials["COUNTER_CITY_URL"] ?? "").replacingOccurrences(of: #":[0-9a-f]{32}@"#, with: ":wrong-password@", options: .regularExpression)
        #expect(throws: CityError.authenticationRefused) { try CityConnection(url: wrong) }
        #expect(throws: CityError.invalidURL) { try CityConnection(url: "mysql://x") }
        let result = try CounterCLI.run(["sync", "--city", "postgres://counter_admin:secret-pass@127.0.0.1:1/counter", "--db", "/nonexistent.sqlite"])
        #expect(result.status != 0 && !result.stderr.contains("secret-pass"))
        let unreachable = try CounterCLI.run(["city", "migrate", "--city", "postgres://counter_admin:secret-pass@127.0.0.1:1/counter"])
        #expect(unreachable.status == 1 && unreachable.stderr.contains("市のデータベースにつながりません") && !unreachable.stderr.contains("secret-pass"))
    }
}
