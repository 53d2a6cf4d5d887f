import CashlessLedger
import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import Testing
@testable import CounterTUI

/// The supervisor's KPI dashboard in the counter UI, on a real database with a hand-made day.
@Suite("KPI dashboard in the UI")
struct KPIDashboardTests {
    /// 2026-11-21 (Fixture.now's day) at `time` in Japan.
    static func at(_ time: String) -> Date { ISO8601DateFormatter().date(from: "2026-11-21T\(time):00+09:00")! }

    private func make() async throws -> (HeadlessDriver, FakeFormPrinting) {
        let (driver, _, printer, database) = try Fixture.make(kpi: true)
        try ClerkRepository(database: database, clock: SystemClock())
            .create(clerkID: "s.tanaka", displayName: "田中", role: .supervisor, password: "chief-pass-1")
        let writer = CaseHistoryWriter(catalog: try LedgerCatalog.load(from: SeedDirectory(url: Fixture.repoRoot.appendingPathComponent("seeds"))))
        var ids = SplitMix64(seed: 5)
        let clerk = EventActor.clerk(id: "k.yamada")
        try database.write { db in
            // 09:00 cash, 09:30 cashless (preprinted); 13:00 cash: cashless 1 of 3 (33.3 %) against the ward target 45 %.
            for (time, cashless) in [("09:00", false), ("09:30", true), ("13:00", false)] {
                try writer.write(HistoryCase(terminal: "KITA-01", actor: clerk, channel: .counter, style: .preprinted, start: Self.at(time),
                                             seconds: 200, forms: ["juminhyo-koufu"],
                                             fee: .init(lines: [OrderLine(code: "cert-juminhyo", quantity: 1)], cashless: cashless, seconds: 10)),
                                 ids: &ids, in: db)
            }
        }
        return (driver, printer)
    }

    @Test("a 係長 opens it with F6: the KPIs as bars against their targets, the one below marked 目標未達 in the alert style; 4 the current shift; F2 prints the report")
    func dashboard() async throws {
        let (driver, printer) = try await make()
        await driver.settle()
        await driver.type("s.tanaka")
        await driver.send(.confirm)
        await driver.type("chief-pass-1")
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.screenText().contains("F6 KPI ダッシュボード"))
        await driver.send(.function(6))
        await driver.settle()
        let width = 140
        let text = driver.screenText(width: width)
        #expect(text.contains("今日") && text.contains("キャッシュレス利用率"))
        #expect(text.contains(" 33.3%  目標 45.0%  目標未達"), "\(text)")
        #expect(text.contains("書かない窓口 3件") && text.contains("収納 3件 900円（うちキャッシュレス 1件）"))
        let screen = driver.render(width: width)
        let cashlessRow = try #require((0..<screen.height).first { row in
            (0..<screen.width).map { screen[row, $0].text }.joined().contains("キャッシュレス利用率")
        })
        #expect((0..<screen.width).contains { screen[cashlessRow, $0].style == .alert }, "below target: the alert style")
        await driver.send(.text("4"))
        await driver.settle()
        #expect(driver.screenText(width: width).contains("今のシフト"))
        #expect(driver.screenText(width: width).contains("収納 2件 600円"), "10:00 is the morning shift: 09:00 and 09:30 only")
        await driver.send(.function(2))
        await driver.settle()
        #expect(printer.printedDocuments.map(\.title) == ["kpi-report"])
        let pdf = try Poppler.text(try #require(printer.printedDocuments.first).pdf)
        #expect(pdf.contains("KPI報告（シフト）"))
        await driver.send(.back)
        await driver.settle()
        #expect(driver.screenText().contains("1  新しい受付"))
    }

    @Test("a clerk's menu has no dashboard, and F6 does nothing")
    func clerkHasNone() async throws {
        let (driver, _) = try await make()
        await driver.logIn()
        await driver.settle()
        #expect(!driver.screenText().contains("KPI"))
        await driver.send(.function(6))
        await driver.settle()
        #expect(driver.screenText().contains("1  新しい受付"))
    }
}
