import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import Testing

/// The kiosk's words in six languages and its hours, from `seeds/kiosk/`: every catalog has every key, the same
/// placeholders, and the schedule serves as convenience-store issuance does.
@Suite("Kiosk catalog")
struct KioskCatalogTests {
    static func instant(_ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        return calendar.date(from: DateComponents(year: 2026, month: month, day: day, hour: hour, minute: minute))!
    }

    @Test("the shipped catalogs load: six languages, the same keys, texts filled in")
    func shipped() throws {
        let catalog = try KioskCatalog.load(from: Fixtures.seeds)
        #expect(catalog.languages.map(\.tag) == ["ja", "en", "zh-Hans", "ko", "vi", "ja-easy"])
        let keys = Set(catalog.languages[0].messages.keys)
        #expect(keys.count >= 20)
        for language in catalog.languages { #expect(Set(language.messages.keys) == keys, "\(language.tag)") }
        #expect(catalog.text("fee.total", in: "en", ["amount": "300"]) == "The fee is 300 yen.")
        #expect(catalog.text("pin.triesLeft", in: "vi", ["n": "2"]) == "Nếu nhập sai thêm 2 lần, thẻ sẽ bị khóa.")
        // An unknown tag falls back to Japanese.
        #expect(catalog.text("card.remove", in: "xx") == "カードをお取りください。")
    }

    /// The string literals that name a key in `calls` (`text("…"`, `staff("…"`) in the kiosk's Swift files.
    static func keysNamed(in calls: [String]) throws -> Set<String> {
        let folders = ["Sources/CounterTUI/Kiosk", "Sources/CounterService/Kiosk"].map { TestBinaries.repoRoot.appendingPathComponent($0) }
        var keys: Set<String> = []
        for folder in folders {
            for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) where file.pathExtension == "swift" {
                let source = try String(contentsOf: file, encoding: .utf8)
                for call in calls {
                    var rest = source[...]
                    while let range = rest.range(of: "\(call)(\"") {
                        let after = rest[range.upperBound...]
                        if let end = after.firstIndex(of: "\"") { keys.insert(String(after[..<end])) }
                        rest = after
                    }
                }
            }
        }
        return keys
    }

    @Test("every key the kiosk's code names is in the catalogs (a missing one would show as its key), and every catalog key is used")
    func keysInCode() throws {
        let catalog = try KioskCatalog.load(from: Fixtures.seeds)
        let messages = Set(catalog.languages[0].messages.keys)
        // Literal keys only: those built from data (kind.\(…), option.\(…)) are checked below.
        let named = try Self.keysNamed(in: ["text", "failureKey = ", "key: "])
            .filter { ($0.contains(".") || messages.contains($0)) && !$0.contains("\\(") }
        let staffNamed = try Self.keysNamed(in: ["staff", "staffText"])
        #expect(!named.isEmpty && !staffNamed.isEmpty)
        #expect(named.subtracting(messages).isEmpty, "missing in the catalogs: \(named.subtracting(messages).sorted())")
        #expect(staffNamed.subtracting(catalog.staff.keys).isEmpty, "missing in staff-ja.json: \(staffNamed.subtracting(catalog.staff.keys).sorted())")
        // Keys built from data: the kiosk's kinds and options, the steps.
        let certificates = try CertificateDesk.make(database: try CounterStorage.inMemory(), seeds: Fixtures.seeds, clock: SystemClock(),
                                                    terminalID: "K01", office: nil, marker: nil).catalog
        let built = Set(certificates.kinds.filter(\.kiosk).map { "kind.\($0.id)" } + certificates.kioskOptions.map { "option.\($0.rawValue)" }
                        + ["step.card", "step.pin", "step.choose", "step.pay", "step.print"])
        #expect(built.subtracting(messages).isEmpty, "missing: \(built.subtracting(messages).sorted())")
        let sources = try ["Sources/CounterTUI/Kiosk", "Sources/CounterService/Kiosk"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(at: TestBinaries.repoRoot.appendingPathComponent(folder), includingPropertiesForKeys: nil)
                .map { try String(contentsOf: $0, encoding: .utf8) }
        }.joined()
        let unused = messages.subtracting(built).filter { !sources.contains("\"\($0)\"") }
        #expect(unused.isEmpty, "catalog keys no code uses: \(unused.sorted())")
        let unusedStaff = Set(catalog.staff.keys).filter { !sources.contains("\"\($0)\"") }
        #expect(unusedStaff.isEmpty, "staff keys no code uses: \(unusedStaff.sorted())")
    }

    @Test("a catalog lacking a key the others have, or with other placeholders, is refused naming the file and key")
    func refusals() throws {
        let folder = Fixtures.temporaryFolder("kiosk-seeds")
        defer { try? FileManager.default.removeItem(at: folder) }
        let kiosk = folder.appendingPathComponent("kiosk")
        try FileManager.default.copyItem(at: Fixtures.seeds.file("kiosk"), to: kiosk)
        let korean = kiosk.appendingPathComponent("messages-ko.json")
        let original = try String(contentsOf: korean, encoding: .utf8)
        var lines = original.components(separatedBy: "\n")
        lines.removeAll { $0.contains("\"thanks\"") }
        try lines.joined(separator: "\n").write(to: korean, atomically: true, encoding: .utf8)
        do {
            _ = try KioskCatalog.load(from: SeedDirectory(url: folder))
            Issue.record("a catalog without 'thanks' was accepted")
        } catch let error as SeedError {
            #expect(error.file.hasSuffix("messages-ko.json") && error.entry == "thanks")
        }
        try original.replacingOccurrences(of: "{amount}엔", with: "{yen}엔").write(to: korean, atomically: true, encoding: .utf8)
        do {
            _ = try KioskCatalog.load(from: SeedDirectory(url: folder))
            Issue.record("a placeholder other than the Japanese one was accepted")
        } catch let error as SeedError {
            #expect(error.entry == "fee.total" && error.userMessage.contains("差し込み"))
        }
    }

    @Test("hours as コンビニ交付: 6:30 to 23:00, closed 12/29 to 1/3")
    func schedule() throws {
        let schedule = try KioskCatalog.load(from: Fixtures.seeds).schedule
        #expect(!schedule.isOpen(at: Self.instant(12, 1, 6, 29)))
        #expect(schedule.isOpen(at: Self.instant(12, 1, 6, 30)))
        #expect(schedule.isOpen(at: Self.instant(12, 1, 22, 59)))
        #expect(!schedule.isOpen(at: Self.instant(12, 1, 23, 0)))
        #expect(!schedule.isOpen(at: Self.instant(12, 29, 12, 0)) && !schedule.isOpen(at: Self.instant(1, 3, 12, 0)))
        #expect(schedule.isOpen(at: Self.instant(1, 4, 12, 0)))
        #expect(schedule.hoursText == "6:30〜23:00")
    }
}
