import CashlessLedger
import CertificateIssue
import CertificateSeal
import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import DocumentPrint
import Foundation
import GRDB
import MyNumberReader
import Testing
@testable import CounterTUI

/// Certificates at the counter, headless on a real database with the demo registry: search or the card's four
/// fields → the person → kind, options, copies → the payment step → the issuance recorded with its payment →
/// each copy printed (a PDF folder) with its signed code.
@Suite("Certificates at the counter")
struct CertificateFlowTests {
    /// 髙橋　﨑子 as the registry holds her (P90001).
    static let takahashi = BasicInfo(name: "髙橋　﨑子", address: "大阪市北区中之島１丁目３－２０",
                                     birthDate: CalendarDate(year: 1985, month: 4, day: 12), sex: .female)
    static let kita = Office(id: "kita", type: .ward, name: "北区役所", ward: "北区")

    struct Counter {
        let driver: HeadlessDriver
        let card: SimulatedCardSlot
        let database: CounterDatabase
        let folder: URL
        let key: SealKey
        let desk: CertificateDesk

        init() throws {
            let database = try CounterStorage.inMemory()
            _ = try RegistryImport(seeds: Fixtures.seeds).run(folder: Fixtures.seeds.file("demo/registry"), into: database)
            let key = SealKey.generate()
            let folder = Fixtures.temporaryFolder("tui-certificates")
            let desk = try CertificateDesk.make(database: database, seeds: Fixtures.seeds, clock: FixedClock(Fixture.now),
                                                terminalID: "T01", office: CertificateFlowTests.kita,
                                                marker: SealCodeMarker(key: key))
            let printer = PDFFolderPrinter(directory: folder, clock: FixedClock(Fixture.now))
            (driver, card, _, _) = try Fixture.make(holder: CertificateFlowTests.takahashi, certificates: (desk, printer),
                                                    database: database)
            self.database = database
            self.folder = folder
            self.key = key
            self.desk = desk
        }

        func pdfs() throws -> [URL] {
            try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).filter { $0.pathExtension == "pdf" }
        }

        func count(_ sql: String) throws -> Int {
            try database.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
        }
    }

    /// Logs in, opens 8 and searches 高橋 born S60.4.12: the one result is 髙橋　﨑子.
    private func searchTakahashi(_ driver: HeadlessDriver) async {
        await driver.logIn()
        await driver.send(.text("8"))
        await driver.type("高橋")
        await driver.send(.confirm)
        await driver.send(.confirm)
        await driver.type("S60.4.12")
        await driver.send(.confirm)
        await driver.settle()
    }

    @Test("search → 住民票の写し（世帯全員）, cash: paid, numbered, printed with a code that verifies; the case records it")
    func searchAndIssue() async throws {
        let counter = try Counter()
        let driver = counter.driver
        await driver.logIn()
        #expect(driver.screenText().contains("8  証明書の交付"))
        await driver.send(.text("8"))
        await driver.type("高橋")
        await driver.send(.confirm)
        await driver.send(.confirm)
        await driver.type("S60.4.12")
        await driver.send(.confirm)
        await driver.settle()
        // The variant-tolerant search finds 髙橋 typed as 高橋.
        #expect(driver.screenText().contains("> 髙橋　﨑子"))
        Golden.check(driver, "certificate-results", showing: ["> 髙橋　﨑子"])
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.screenText().contains("> 住民票の写し（世帯全員）  300円"))
        await driver.send(.text("1"))
        await driver.send(.increase)
        #expect(driver.screenText().contains("1[x]世帯主・続柄") && driver.screenText().contains("通数 2"))
        Golden.check(driver, "certificate-request", showing: ["1[x]世帯主・続柄", "通数 2"])
        await driver.send(.confirm)
        #expect(driver.screenText().contains("合計  600円"))
        await driver.send(.text("1"))
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.screenText().contains("支払を記録しました（現金  合計 600円）"))
        await driver.send(.confirm)
        await driver.settle()
        Golden.check(driver, "certificate-printed", showing: ["の交付を記録しました"])
        let screen = driver.screenText()
        #expect(screen.contains("発行番号 20261121 大阪市北区 T01 プリンタ001 001") && screen.contains("発行番号 20261121 大阪市北区 T01 プリンタ001 002"))
        #expect(!screen.contains("印刷できませんでした"))
        let pdfs = try counter.pdfs()
        #expect(pdfs.count == 2)
        let pages = try QRDecoder.decodePDF(at: try #require(pdfs.first))
        let code = try #require(pages.first?.first)
        guard case .valid(let content) = VerificationCode.verify(code, publicKey: counter.key.publicKey) else {
            Issue.record("the printed code does not verify")
            return
        }
        #expect(content.fields.contains { $0.key == "p1.name" && $0.value == "髙橋　﨑子" })
        #expect(try counter.count("SELECT COUNT(*) FROM certificate_log WHERE kind = 'issue'") == 1)
        #expect(try counter.count("SELECT COUNT(*) FROM certificate_log WHERE kind = 'print' AND outcome = 'ok'") == 2)
        #expect(try counter.count("SELECT COUNT(*) FROM ledger_entry WHERE kind = 'payment' AND total_yen = 600") == 1)
        await driver.send(.confirm)
        #expect(driver.screenText().contains("受付を終了しました"))
        await driver.waitUntilEventsSaved()
        let kinds = try Fixture.events(counter.database).map(\.kind)
        #expect(kinds.first == .caseStarted(style: .certificate))
        #expect(kinds.contains(.paymentTaken(method: .cash, durationMilliseconds: 0)))
    }

    @Test("from the card: F9 on the confirmation finds the person by the four fields; 公用 is recorded at 0 yen")
    func fromTheCard() async throws {
        let counter = try Counter()
        let driver = counter.driver
        await driver.readCard(counter.card, pin: "1234")
        #expect(driver.screenText().contains("F9"))
        await driver.send(.function(9))
        await driver.settle()
        #expect(driver.screenText().contains("髙橋　﨑子  昭和60年4月12日"))
        await driver.send(.next)
        await driver.send(.next)
        #expect(driver.screenText().contains("> 住民票の写し（個人票）"))
        await driver.send(.function(4))
        #expect(driver.screenText().contains("公用（手数料免除）"))
        await driver.send(.confirm)
        #expect(driver.screenText().contains("公用のため手数料はかかりません"))
        await driver.send(.confirm)
        await driver.settle()
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.screenText().contains("の交付を記録しました"))
        #expect(try counter.pdfs().count == 1)
        #expect(try counter.count("SELECT COUNT(*) FROM certificate_log WHERE kind = 'issue' AND official = 1") == 1)
        #expect(try counter.count("SELECT COUNT(*) FROM ledger_entry WHERE kind = 'payment' AND total_yen = 0") == 1)
    }

    @Test("a person under 支援措置 shows 「要確認」 and cannot be chosen; nothing is recorded")
    func supportMeasure() async throws {
        let counter = try Counter()
        let driver = counter.driver
        await driver.logIn()
        await driver.send(.text("8"))
        await driver.type("山崎　由美")
        for _ in 0..<3 { await driver.send(.confirm) }
        await driver.settle()
        #expect(driver.screenText().contains("要確認"))
        #expect(!driver.screenText().contains("支援措置"))
        await driver.send(.confirm)
        #expect(driver.message == IssuanceError.supportMeasure.userMessage)
        #expect(driver.screenText().contains("住民の選択"))
        #expect(try counter.count("SELECT COUNT(*) FROM certificate_log") == 0)
    }

    @Test("交付履歴 (F7): F2 reprints a copy under a new number without a fee; F8 records its 処分 with a 係長")
    func historyReprintAndVoid() async throws {
        let counter = try Counter()
        try ClerkRepository(database: counter.database, clock: SystemClock())
            .create(clerkID: "s.tanaka", displayName: "田中", role: .supervisor, password: "chief-pass-1")
        _ = try counter.desk.issue(CertificateRequest(personID: "P90001", kindID: "inkan"), requestID: "EARLIER",
                                   tender: .cash(received: nil), actor: .clerk(id: "k.yamada"), channel: .counter)
        let driver = counter.driver
        await searchTakahashi(driver)
        await driver.send(.confirm)
        await driver.settle()
        await driver.send(.function(7))
        await driver.settle()
        #expect(driver.screenText().contains("> 2026-11-21 連番001 印鑑登録証明書 未印刷"))
        Golden.check(driver, "certificate-history", showing: ["連番001"])
        await driver.send(.function(2))
        await driver.type("汚損")
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.message == "再交付しました（発行番号 20261121 大阪市北区 T01 プリンタ001 002）。")
        #expect(driver.screenText().contains("連番002 印鑑登録証明書（再交付） 印刷済"))
        #expect(try counter.count("SELECT COUNT(*) FROM ledger_entry") == 1)
        await driver.send(.function(8))
        await driver.type("二重交付")
        await driver.send(.confirm)
        #expect(driver.screenText().contains("証明書の処分には係長（または管理者）の承認が必要です"))
        await driver.type("s.tanaka")
        await driver.send(.confirm)
        await driver.type("chief-pass-1")
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.message == "処分を記録しました（連番 002）。")
        #expect(driver.screenText().contains("連番002 印鑑登録証明書（再交付） 処分済"))
        #expect(try counter.count("SELECT COUNT(*) FROM certificate_log WHERE kind = 'void' AND supervisor_id = 's.tanaka'") == 1)
    }

    @Test("世帯一部: F6 chooses the members (Space), the certificate prints only them; none chosen is refused")
    func partialHousehold() async throws {
        let counter = try Counter()
        let driver = counter.driver
        await driver.readCard(counter.card, pin: "1234")
        await driver.send(.function(9))
        await driver.settle()
        await driver.send(.next)
        #expect(driver.screenText().contains("> 住民票の写し（世帯一部）"))
        await driver.send(.confirm)
        #expect(driver.message == IssuanceError.invalidMembers.userMessage)
        await driver.send(.function(6))
        #expect(driver.screenText().contains("世帯一部の写しに記載する世帯員を選んでください"))
        await driver.send(.next)
        await driver.send(.text(" "))
        #expect(driver.screenText().contains("> [x] 髙橋　陽翔（子）"))
        await driver.send(.confirm)
        #expect(driver.screenText().contains("世帯員 1人（F6）"))
        await driver.send(.confirm)
        await driver.send(.text("1"))
        await driver.send(.confirm)
        await driver.settle()
        await driver.send(.confirm)
        await driver.settle()
        let pdf = try #require(try counter.pdfs().first)
        let text = try Poppler.text(Data(contentsOf: pdf)).filter { !$0.isWhitespace }
        #expect(text.contains("陽翔") && !text.contains("美﨑") && text.contains("世帯一部"))
    }
}
