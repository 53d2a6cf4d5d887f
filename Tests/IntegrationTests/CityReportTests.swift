import CounterCity
import CounterCore
import CounterKPI
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import Testing

/// City reports on the real server: the terminals' records synced, the city's rollups recomputed, and every figure of
/// `counter report … --source postgres://` equal to the same report on the terminals' own database.
@Suite("City reports (PostgreSQL)")
struct CityReportTests {
    let environment = ProcessInfo.processInfo.environment.merging(["COUNTER_SEEDS": Fixtures.seeds.url.path]) { $1 }

    func report(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(TestBinaries.url("counter"), ["report"] + arguments + ["--format", "json"], environment: environment)
    }

    @Test("shift, day, month and FY reports of the city and of one ward equal the terminals' own, figure for figure")
    func cityEqualsTerminals() throws {
        let file = try CityLedgerSyncTests.history(offices: 2, days: 4, seed: 21)
        let local = try CounterStorage.open(path: file.path)
        let terminals = try local.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT terminal_id FROM case_event ORDER BY 1") }
        try CityLedgerSyncTests.close(terminals[0], in: file)
        let database = try CityTestServer.database()
        let city = try CityConnection(url: database.url())
        let never = try report(["day", "--date", "2026-11-20", "--source", database.url()])
        #expect(never.status == 1 && never.stderr.contains("counter city rollup"))
        for terminal in terminals { _ = try CitySync.push(from: local, to: city, terminal: terminal) }
        let summary = try CityRollup.refresh(city)
        #expect(summary.records > 0 && summary.dayRows > 0)
        let office = try #require(try local.read { db in
            try String.fetchOne(db, sql: "SELECT terminal_id FROM case_event ORDER BY seq LIMIT 1")
        }.flatMap { terminal in try TerminalDirectory(seeds: Fixtures.seeds).office(of: terminal, on: CalendarDate(iso: "2026-11-20")!)?.id })
        let scopes: [[String]] = [
            ["day", "--date", "2026-11-20"], ["day", "--date", "2026-11-19", "--office", office], ["month", "--date", "2026-11-20"],
            ["fy", "--date", "2026-11-20"], ["fy", "--date", "2026-11-20", "--office", office], ["month", "--date", "2026-11-20", "--office", "all"],
            ["shift", "--date", "2026-11-20", "--shift", "am"],
        ]
        for scope in scopes {
            let terminal = try report(scope + ["--db", file.path])
            let fromCity = try report(scope + ["--source", database.url("COUNTER_CITY_REPORT_URL")])
            #expect(terminal.status == 0 && fromCity.status == 0, "\(scope): \(terminal.stderr) \(fromCity.stderr)")
            #expect(!terminal.stdout.isEmpty && fromCity.stdout == terminal.stdout, "\(scope)")
            #expect(fromCity.stderr.contains("時点"))
        }
        // The city's day report has one line per ward.
        let day = try report(["day", "--date", "2026-11-20", "--source", database.url("COUNTER_CITY_REPORT_URL")])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(day.stdout.utf8)) as? [String: Any])
        let wards = try #require(json["perOffice"] as? [[String: Any]])
        #expect(wards.count == 2, "one line per ward")
        let payments = try #require(json["payments"] as? [String: Any])
        #expect((payments["count"] as? Int ?? 0) > 0 || payments.values.contains { ($0 as? Int ?? 0) > 0 }, "\(payments)")
    }

    @Test("--source that is no postgres URL, or with --db, is refused in Japanese before anything")
    func badSource() throws {
        let wrong = try report(["day", "--source", "http://example.org/"])
        #expect(wrong.status == 64 && wrong.stderr.contains("--source は postgres://"))
        let both = try report(["day", "--source", "postgres://a:b@127.0.0.1:9/x", "--db", "/tmp/x.sqlite"])
        #expect(both.status == 64 && both.stderr.contains("--source と --db"))
    }
}
