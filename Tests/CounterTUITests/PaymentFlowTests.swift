import CashlessLedger
import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import Testing
@testable import CounterTUI

/// The counter's fee flows on a real database: the payment step (cash with the change, a keyed cashless slip,
/// a charge on the payment terminal), 本日の収納一覧 with a 係長's 取消, and the 日計 close.
@Suite("Fees at the counter")
struct PaymentFlowTests {
    static let chiefPassword = "chief-pass-1"

    private func make(paymentTerminal: (any PaymentTerminal)? = nil) throws
        -> (HeadlessDriver, FakeFormPrinting, CounterDatabase, Cashier) {
        let (driver, _, printer, database) = try Fixture.make(paymentTerminal: paymentTerminal)
        try ClerkRepository(database: database, clock: SystemClock())
            .create(clerkID: "s.tanaka", displayName: "田中", role: .supervisor, password: Self.chiefPassword)
        let cashier = Cashier(database: database, catalog: LedgerFixtures.catalog, clock: FixedClock(Fixture.now),
                              terminalID: "T01")
        return (driver, printer, database, cashier)
    }

    /// From the menu: 5, two of the first item (住民基本台帳の閲覧, 300 円), Enter: the payment step.
    private func startFee(_ driver: HeadlessDriver) async {
        await driver.send(.text("5"))
        await driver.send(.text("2"))
        await driver.send(.confirm)
    }

    /// Logs in and pays the fee of `startFee` in cash (exactly the total), then back at the menu.
    private func payCashAndReturnToMenu(_ driver: HeadlessDriver) async {
        await driver.logIn()
        await startFee(driver)
        await driver.send(.text("1"))
        await driver.send(.confirm)
        await driver.settle()
        await driver.send(.confirm)
        await driver.send(.confirm)
    }

    private func approve(_ driver: HeadlessDriver, _ id: String, _ password: String) async {
        await driver.type(id)
        await driver.send(.confirm)
        await driver.type(password)
        await driver.send(.confirm)
        await driver.settle()
    }

    private func paymentEvents(_ database: CounterDatabase) throws -> [CaseEventKind] {
        try Fixture.events(database).map(\.kind).filter { if case .paymentTaken = $0 { true } else { false } }
    }

    @Test("cash: the change shows in large digits as the amount is typed; the ledger and the case record the payment")
    func cash() async throws {
        let (driver, _, database, cashier) = try make()
        await driver.logIn()
        #expect(driver.screenText().contains("5  手数料の収納（閲覧・再交付など）"))
        await startFee(driver)
        #expect(driver.screenText().contains("合計  600円"))
        Golden.check(driver, "payment-method", showing: ["合計  600円", "1  現金"])
        await driver.send(.text("1"))
        await driver.type("1000")
        let screen = driver.render()
        #expect(screen.text.contains("おつり"))
        // The change (400) is drawn in reversed cells, two per lit pixel of the large-digit font.
        #expect(!screen.text.contains("400円"))
        let bodyRows = 3..<(screen.height - 3)
        let reversed = bodyRows.reduce(0) { sum, row in
            sum + (0..<screen.width).filter { screen[row, $0].style == .reverse }.count
        }
        let lit = (BigDigits.pixels("400") ?? []).joined().filter { $0 == "#" }.count
        #expect(lit > 0 && reversed == lit * BigDigits.pixelWidth)
        Golden.check(driver, "payment-cash", showing: ["おつり", "お預かり金額"])
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.screenText().contains("支払を記録しました（現金  合計 600円）"))
        let payments = try cashier.payments()
        #expect(payments.count == 1)
        #expect(payments.first?.payment.tender == .cash(received: Yen(1000), change: Yen(400)))
        #expect(payments.first?.payment.items.map(\.quantity) == [2])
        await driver.send(.confirm)
        #expect(driver.screenText().contains("受付を終了しました"))
        await driver.waitUntilEventsSaved()
        let kinds = try Fixture.events(database).map(\.kind)
        #expect(kinds.first == .caseStarted(style: .fee))
        #expect(try paymentEvents(database) == [.paymentTaken(method: .cash, durationMilliseconds: 0)])
        #expect(kinds.last.map { if case .caseEnded = $0 { true } else { false } } == true)
    }

    @Test("cash below the total and a non-number are refused with nothing recorded; the corrected amount pays")
    func cashRefusals() async throws {
        let (driver, _, _, cashier) = try make()
        await driver.logIn()
        await startFee(driver)
        await driver.send(.text("1"))
        await driver.type("500")
        #expect(driver.screenText().contains("お預かり金額が合計に足りません"))
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.message == LedgerError.cashBelowTotal.userMessage)
        #expect(try cashier.payments().isEmpty)
        await driver.send(.erase)
        await driver.type("-1")
        await driver.send(.confirm)
        #expect(driver.message == PaymentStepError.receivedNotANumber.userMessage)
        for _ in 0..<5 { await driver.send(.erase) }
        // Empty: exactly the total.
        await driver.send(.confirm)
        await driver.settle()
        #expect(try cashier.payments().first?.payment.tender == .cash(received: Yen(600), change: .zero))
    }

    @Test("cashless keyed: the brand chosen and the slip typed are recorded; no slip is refused; a used slip is refused")
    func cashlessKeyed() async throws {
        let (driver, _, _, cashier) = try make()
        await driver.logIn()
        await startFee(driver)
        await driver.send(.text("2"))
        #expect(driver.screenText().contains("* Visa（クレジット）"))
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.message == LedgerError.slipRequired.userMessage)
        #expect(try cashier.payments().isEmpty)
        let icoca = try #require(cashier.brands().firstIndex { $0.id == "icoca" })
        for _ in 0..<icoca { await driver.send(.next) }
        await driver.type("S-0042")
        Golden.check(driver, "payment-cashless", showing: ["* ICOCA（電子マネー）", "伝票番号"])
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.screenText().contains("伝票番号 S-0042"))
        #expect(try cashier.payments().first?.payment.tender == .cashless(brandID: "icoca", group: .emoney, slip: "S-0042"))
        await driver.send(.confirm)
        // The same brand and slip in a second case is refused.
        await driver.send(.confirm)
        await startFee(driver)
        await driver.send(.text("2"))
        for _ in 0..<icoca { await driver.send(.next) }
        await driver.type("S-0042")
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.message == LedgerError.slipAlreadyUsed.userMessage)
        #expect(try cashier.payments().count == 1)
    }

    @Test("公用 (F4): counted and not charged; the step records 0 yen as cash with Enter")
    func exempt() async throws {
        let (driver, _, _, cashier) = try make()
        await driver.logIn()
        await driver.send(.text("5"))
        await driver.send(.text("1"))
        await driver.send(.function(4))
        #expect(driver.screenText().contains("公用"))
        await driver.send(.confirm)
        #expect(driver.screenText().contains("公用のため手数料はかかりません"))
        await driver.send(.confirm)
        await driver.settle()
        let payment = try #require(try cashier.payments().first?.payment)
        #expect(payment.total == .zero && payment.items.first?.exempt == true)
    }

    @Test("nothing chosen is refused; ESC on the items asks before ending the case")
    func nothingChosen() async throws {
        let (driver, _, _, cashier) = try make()
        await driver.logIn()
        await driver.send(.text("5"))
        await driver.send(.confirm)
        #expect(driver.message == FeeChoiceError.nothingChosen.userMessage)
        await driver.send(.back)
        #expect(driver.screenText().contains("この受付を中止しますか？"))
        await driver.send(.text("1"))
        #expect(driver.screenText().contains("受付を中止しました"))
        #expect(try cashier.payments().isEmpty)
    }

    @Test("取消 from 本日の収納一覧: a clerk's password is refused, a 係長's cancels once; the list marks it")
    func cancel() async throws {
        let (driver, _, _, cashier) = try make()
        await payCashAndReturnToMenu(driver)
        await driver.send(.text("6"))
        await driver.settle()
        #expect(driver.screenText().contains("本日 1件（取消 0件）  収納額 600円"))
        await driver.send(.function(7))
        #expect(driver.screenText().contains("取り消す支払"))
        // その他 needs a note.
        let other = try #require(cashier.cancelReasons.firstIndex { $0.requiresNote })
        for _ in 0..<other { await driver.send(.next) }
        await driver.send(.confirm)
        #expect(driver.message == LedgerError.noteRequired.userMessage)
        await driver.type("金額を打ち間違えた")
        await driver.send(.confirm)
        #expect(driver.screenText().contains("支払の取消には係長（または管理者）の承認が必要です"))
        await approve(driver, "k.yamada", "counter-pass")
        #expect(driver.message == ClerkError.notPermitted(task: "支払の取消").userMessage)
        #expect(try cashier.payments().first?.cancellation == nil)
        await driver.send(.previous)
        for _ in 0..<10 { await driver.send(.erase) }
        await approve(driver, "s.tanaka", Self.chiefPassword)
        #expect(driver.message?.contains("を取り消しました。現金 600円 を返金してください。") == true)
        let listing = try #require(try cashier.payments().first)
        #expect(listing.cancellation?.supervisorID == "s.tanaka" && listing.cancellation?.note == "金額を打ち間違えた")
        #expect(driver.screenText().contains("取消済"))
        #expect(driver.screenText().contains("本日 1件（取消 1件）  収納額 0円"))
        await driver.send(.function(7))
        #expect(driver.message == LedgerError.alreadyCancelled.userMessage)
    }

    @Test("日計: the counted cash and terminal totals give 過不足 and 差額; a 係長 closes; the 日計表 prints; the day is read-only")
    func dailyClose() async throws {
        let (driver, printer, _, cashier) = try make()
        await payCashAndReturnToMenu(driver)
        await driver.send(.text("7"))
        await driver.settle()
        #expect(driver.screenText().contains("本日 2026-11-21  収納 1件  取消 0件"))
        // Float 10,000; counted one 10000 and one 500 (10,500): 100 short of 10,600.
        await driver.type("10000")
        await driver.send(.confirm)
        await driver.type("1")
        for _ in 0..<4 { await driver.send(.confirm) }
        await driver.type("1")
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.screenText().contains("理論上の現金 10,600円  実査 10,500円  過不足 -100円"))
        Golden.check(driver, "daily-close", showing: ["過不足 -100円"])
        for _ in 0..<8 { await driver.send(.confirm) }
        #expect(driver.screenText().contains("日計の締めには係長（または管理者）の承認が必要です"))
        await approve(driver, "s.tanaka", Self.chiefPassword)
        #expect(driver.message == "日計を締めました。過不足 -100円、差額のあるグループ 0件。日計表に記録されています。")
        let report = try cashier.report(on: CalendarDate(year: 2026, month: 11, day: 21))
        #expect(report.seal?.supervisorID == "s.tanaka" && report.overShort == Yen(-100))
        #expect(driver.screenText().contains("本日の日計を締めました"))
        await driver.send(.function(2))
        await driver.settle()
        #expect(printer.printedDocuments.count == 1)
        #expect(printer.printedDocuments.first?.pdf.starts(with: Data("%PDF".utf8)) == true)
        await driver.send(.confirm)
        await startFee(driver)
        await driver.send(.text("1"))
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.message == LedgerError.dayClosed.userMessage)
        #expect(try cashier.payments().count == 1)
    }

    @Test("a field of the count that is not a number is named, and nothing closes")
    func closeRefusesBadField() async throws {
        let (driver, _, _, cashier) = try make()
        await driver.logIn()
        await driver.send(.text("7"))
        await driver.type("-5")
        await driver.send(.confirm)
        #expect(driver.message == CloseInputError.notANumber(field: "釣銭準備金（円）").userMessage)
        #expect(try cashier.report(on: CalendarDate(year: 2026, month: 11, day: 21)).seal == nil)
    }

    @Test("after printing, F9 takes the procedure's fee in the same case; Enter then ends the case")
    func feeAfterPrinting() async throws {
        let (driver, card, _, database) = try Fixture.make()
        await driver.readCard(card, pin: "1234")
        await driver.send(.confirm)
        await driver.send(.text("1"))
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.screenText().contains("F9"))
        let caseID = driver.caseID
        await driver.send(.function(9))
        await driver.send(.text("1"))
        await driver.send(.confirm)
        await driver.send(.text("1"))
        await driver.send(.confirm)
        await driver.settle()
        await driver.send(.confirm)
        #expect(driver.screenText().contains("受付を終了しました"))
        await driver.waitUntilEventsSaved()
        let events = try Fixture.events(database).filter { $0.caseID == caseID }
        #expect(events.first?.kind == .caseStarted(style: .preprinted))
        #expect(events.contains { $0.kind == .paymentTaken(method: .cash, durationMilliseconds: 0) })
    }

    @Test("through payment-terminal-sim: the approval's brand and slip are recorded, with one charge in its journal")
    func throughTerminal() async throws {
        let simulator = try PaymentTerminalSimulator(brand: "paypay")
        defer { simulator.stop() }
        let (driver, _, _, cashier) = try make(paymentTerminal: SocketPaymentTerminal(path: simulator.socket, timeout: .seconds(5)))
        await driver.logIn()
        await startFee(driver)
        await driver.send(.text("2"))
        #expect(driver.screenText().contains("決済端末に 600円 を送ります"))
        await driver.send(.confirm)
        await driver.settle()
        #expect(try cashier.payments().first?.payment.tender == .cashless(brandID: "paypay", group: .code, slip: "000001"))
        #expect(driver.screenText().contains("PayPay（コード決済）  伝票番号 000001"))
        #expect(simulator.charges() == 1)
    }

    @Test("through payment-terminal-sim declining: the reason shows, nothing is recorded, the step stays open")
    func declinedByTerminal() async throws {
        let simulator = try PaymentTerminalSimulator(brand: "paypay", options: ["--decline", "残高不足"])
        defer { simulator.stop() }
        let (driver, _, _, cashier) = try make(paymentTerminal: SocketPaymentTerminal(path: simulator.socket, timeout: .seconds(5)))
        await driver.logIn()
        await startFee(driver)
        await driver.send(.text("2"))
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.message == ChargeError.declined.userMessage)
        #expect(try cashier.payments().isEmpty)
        #expect(driver.screenText().contains("決済端末に 600円 を送ります"))
    }
}
