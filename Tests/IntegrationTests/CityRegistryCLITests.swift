import CounterCity
import CounterCore
import CounterTestSupport
import Foundation
import Testing

/// `--registry postgres://…` from the command line, on the real server: the demo registry imported into the city,
/// searched and issued from a terminal whose own database holds no resident at all.
@Suite("City registry (CLI, PostgreSQL)")
struct CityRegistryCLITests {
    let environment = ProcessInfo.processInfo.environment.merging(["COUNTER_SEEDS": Fixtures.seeds.url.path]) { $1 }

    func counter(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(TestBinaries.url("counter"), arguments, environment: environment)
    }

    @Test("residents import and find on the city registry give what the terminal's SQLite registry gives; a certificate is issued from it")
    func importFindIssue() throws {
        let city = try CityTestServer.database()
        let folder = Fixtures.temporaryFolder("city-registry")
        let local = folder.appendingPathComponent("local.sqlite").path
        let empty = folder.appendingPathComponent("empty.sqlite").path
        let demo = Fixtures.seeds.file("demo/registry").path
        let imported = try counter(["residents", "import", demo, "--registry", city.url(), "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let again = try counter(["residents", "import", demo, "--registry", city.url(), "--if-empty", "--json"])
        #expect(again.status == 0 && again.stdout.contains("\"skipped\""))
        let importedHere = try counter(["residents", "import", demo, "--db", local, "--json"])
        #expect(importedHere.stdout == imported.stdout)

        for query in [["--name", "高橋"], ["--name", "\u{9AD9}橋"], ["--kana", "たかはし"], ["--birth", "2000-02-29"], ["--name", "渡辺", "--limit", "500"]] {
            let fromCity = try counter(["residents", "find", "--registry", city.url("COUNTER_CITY_URL"), "--json"] + query)
            let fromTerminal = try counter(["residents", "find", "--db", local, "--json"] + query)
            #expect(fromCity.status == 0 && !fromCity.stdout.isEmpty, "\(query): \(fromCity.stderr)")
            #expect(Array(fromCity.stdout.utf8) == Array(fromTerminal.stdout.utf8), "\(query)")
        }

        // A terminal with an empty database of its own issues to a resident of the city registry.
        let keys = folder.appendingPathComponent("keys").path
        #expect(try counter(["keys", "init", "--dir", keys]).status == 0)
        let issued = try counter(["certificate", "issue", "--db", empty, "--registry", city.url(), "--keys", keys, "--office", "kita",
                                  "--terminal", "T01", "--resident", "P90001", "--kind", "juminhyo-personal", "--copies", "1",
                                  "--out", folder.appendingPathComponent("pdf").path, "--clerk", "c1", "--request", "CITY-1", "--json"])
        #expect(issued.status == 0, "\(issued.stderr)")
        let withoutCity = try counter(["certificate", "issue", "--db", empty, "--keys", keys, "--office", "kita",
                                       "--terminal", "T01", "--resident", "P90001", "--kind", "juminhyo-personal", "--copies", "1",
                                       "--out", folder.appendingPathComponent("pdf").path, "--clerk", "c1", "--request", "CITY-2"])
        #expect(withoutCity.status != 0)
    }

    @Test("a --registry that is no postgres URL, an unreachable server, a refused password and an unmigrated database are told in Japanese")
    func badRegistry() throws {
        let wrongScheme = try counter(["residents", "find", "--registry", "mysql://x@localhost/counter", "--name", "高橋"])
        #expect(wrongScheme.status == 64 && wrongScheme.stderr.contains("--registry は postgres://"))
        let unreachable = try counter(["residents", "find", "--registry", "postgres://a:b@127.0.0.1:9/counter", "--name", "高橋"])
        #expect(unreachable.status != 0 && unreachable.stderr.contains(CityError.unreachable.userMessage.prefix(20)))
        let url = try #require(CityTestServer.credentials["COUNTER_CITY_URL"])
        let wrongPassword = url.replacingOccurrences(of: #"(postgres://[^:]+:)[^@]+@"#, with: "$1wrong@", options: .regularExpression)
        let refused = try counter(["residents", "find", "--registry", wrongPassword, "--name", "高橋"])
        #expect(refused.status != 0 && refused.stderr.contains("接続を断られました"))
        let fresh = try CityTestServer.database(migrated: false)
        let older = try counter(["residents", "find", "--registry", fresh.url(), "--name", "高橋"])
        #expect(older.status != 0 && older.stderr.contains("counter city migrate"))
        for result in [unreachable, refused, older] {
            #expect(!result.stderr.contains("SELECT") && !result.stderr.contains("CityError") && !result.stderr.contains("password"))
        }
    }
}
