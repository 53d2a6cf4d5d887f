import CertificateIssue
import CounterCore
import CounterTestSupport
import Foundation
import Testing

/// `counter residents import` and `find` through the built binary (COUNTER_BIN_DIR).
@Suite("counter residents (CLI)")
struct ResidentsCLITests {
    let folder = Fixtures.temporaryFolder("residents-cli")
    var db: String { folder.appendingPathComponent("counter.sqlite").path }

    private func residents(_ arguments: [String]) throws -> ProcessResult {
        try CounterCLI.run(["residents"] + arguments.prefix(1) + ["--db", db] + arguments.dropFirst())
    }

    @Test("import prints the counts, --if-empty makes a second run a no-op, a plain second run is refused with exit 1")
    func importCounts() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try residents(["import", RegistryFixtures.demoFolder.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("世帯\t81") && first.stdout.contains("JPKI 連携\t4"))
        let again = try residents(["import", RegistryFixtures.demoFolder.path, "--if-empty"])
        #expect(again.status == 0 && again.stdout.contains("登録済み"))
        let refused = try residents(["import", RegistryFixtures.demoFolder.path])
        #expect(refused.status == 1 && refused.stderr.contains("households.csv の2行目") && refused.stderr.contains("何も取り込んでいません"))
        let file = try FileManager.default.attributesOfItem(atPath: db)[.posixPermissions] as? Int
        #expect(file == 0o600)
    }

    @Test("a bad row fails with exit 1 and a Japanese message naming file, row and column, never the value")
    func importRefused() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = try RegistryFixtures.demoCopy()
        defer { try? FileManager.default.removeItem(at: broken) }
        let lines = try String(contentsOf: broken.appendingPathComponent("persons.csv"), encoding: .utf8).components(separatedBy: "\n")
        try RegistryFixtures.replaceLine(3, of: "persons.csv", in: broken, with: lines[2].replacingOccurrences(of: ",2014-07-03,", with: ",2014-07-32,"))
        let result = try residents(["import", broken.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("persons.csv の3行目、列「birth_date」") && !result.stderr.contains("2014-07-32"), "\(result.stderr)")
        #expect(try residents(["find", "--name", "髙橋"]).stdout.contains("該当する住民はいません"))
    }

    @Test("find --json never carries a 個人番号 or 住民票コード; 支援措置 is only 「要確認」/attention; 高橋 finds 髙橋 byte for byte")
    func findOutput() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try residents(["import", RegistryFixtures.demoFolder.path]).status == 0)
        let registry = try RegistryFixtures.demoRegistry()
        let numbers = try registry.database.read { db in try String.fetchAll(db, sql: "SELECT number FROM registry_individual_number") }
        let codes = try registry.database.read { db in try String.fetchAll(db, sql: "SELECT juminhyo_code FROM registry_person") }
        #expect(numbers.count >= 3)

        let json = try residents(["find", "--name", "高橋", "--limit", "500", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        for secret in numbers + codes { #expect(!json.stdout.contains(secret)) }
        #expect(!json.stdout.contains("individualNumber\"") && json.stdout.contains("\"hasIndividualNumber\":true"))
        let listed = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]])
        let takahashi = try #require(listed.first { $0["personId"] as? String == "P90001" })
        #expect(Array((takahashi["name"] as? String ?? "").utf8) == Array("\u{9AD9}\u{6A4B}\u{3000}\u{FA11}\u{5B50}".utf8))
        #expect(json.stdoutData.range(of: Data("\u{9AD9}\u{6A4B}\u{3000}\u{FA11}\u{5B50}".utf8)) != nil)

        let all = try residents(["find", "--birth", "1990-06-14", "--json"])
        let people = try #require(try JSONSerialization.jsonObject(with: all.stdoutData) as? [[String: Any]])
        let protected = try #require(people.first { $0["personId"] as? String == "P90005" })
        #expect(protected["attention"] as? Bool == true && !all.stdout.contains("support"))
        let text = try residents(["find", "--birth", "1990-06-14"])
        let line = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("P90005\t") })
        #expect(line.hasSuffix("\t要確認") && !text.stdout.contains("支援措置"))
        for secret in numbers + codes { #expect(!text.stdout.contains(secret)) }
    }

    @Test("find refuses a missing criterion, an over-long name and a malformed date with exit 64 and the option's name")
    func findUsage() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let none = try residents(["find"])
        #expect(none.status == 64 && none.stderr.contains("検索条件"))
        let long = try residents(["find", "--name", String(repeating: "山", count: 101)])
        #expect(long.status == 64 && long.stderr.contains("--name") && !long.stderr.contains("山山山"))
        let date = try residents(["find", "--birth", "1985-13-01"])
        #expect(date.status == 64 && date.stderr.contains("--birth") && !date.stderr.contains("1985-13-01"))
    }
}

/// The committed demo registry is what its generator writes.
@Suite("Demo registry generator")
struct DemoRegistryGeneratorTests {
    @Test("registry-demo-data writes the committed CSV files byte for byte, and one seal image per seal row")
    func reproducible() throws {
        let folder = Fixtures.temporaryFolder("registry-demo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ProcessInfo.processInfo.environment.merging(["COUNTER_SEEDS": Fixtures.seeds.url.path]) { $1 }
        let result = try runProcess(TestBinaries.url("registry-demo-data"), [folder.path], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        for file in RegistryImport.File.allCases {
            let written = try Data(contentsOf: folder.appendingPathComponent(file.rawValue))
            let committed = try Data(contentsOf: RegistryFixtures.demoFolder.appendingPathComponent(file.rawValue))
            #expect(written == committed, "\(file.rawValue)")
        }
        let seals = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("seals").path)
        let rows = try CSVFile(data: Data(contentsOf: folder.appendingPathComponent("seals.csv")), name: "seals.csv").rows.count
        #expect(seals.count == rows && seals.allSatisfy { $0.hasSuffix(".png") })
    }
}
