import CashlessLedger
import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import Testing

@Suite("Cashier: pay, cancel, close on a real database")
struct CashierTests {
    let day = LedgerFixtures.day
    let clock = LedgerClock(LedgerFixtures.instant(LedgerFixtures.day))
    let database: CounterDatabase
    let cashier: Cashier
    static let supervisorPassword = "chief-pass-2026"

    init() throws {
        database = try CounterStorage.inMemory()
        cashier = Cashier(database: database, catalog: LedgerFixtures.catalog, clock: clock, terminalID: "T1")
        let clerks = ClerkRepository(database: database, clock: clock)
        try clerks.create(clerkID: "boss", displayName: "係長", role: .supervisor, password: Self.supervisorPassword)
        try clerks.create(clerkID: "c1", displayName: "職員", role: .clerk, password: "clerk-pass-2026")
    }

    /// An order of its own request unless `request` is named (one payment per request).
    private func order(_ lines: [OrderLine], _ tender: TenderInput, id: UUID = UUID(), request: String? = nil) -> PaymentOrder {
        let request = request ?? "R-\(id.uuidString.prefix(8))"
        return PaymentOrder(id: id, requestID: request, actor: .clerk(id: "c1"), channel: .counter, lines: lines, tender: tender)
    }

    private func line(_ code: String, _ quantity: Int = 1, exempt: Bool = false) -> OrderLine {
        OrderLine(code: code, quantity: quantity, exempt: exempt)
    }

    @discardableResult
    private func pay(_ lines: [OrderLine], _ tender: TenderInput) throws -> Payment {
        try cashier.pay(order(lines, tender)).payment
    }

    private func cancel(_ payment: Payment, reason: String = "withdrawn", supervisor: String = "boss",
                        password: String = CashierTests.supervisorPassword, id: UUID = UUID()) throws -> Cancellation {
        try cashier.cancel(CancellationRequest(id: id, paymentID: payment.id, actor: .clerk(id: "c1"), channel: .counter,
                                               supervisorID: supervisor, reasonCode: reason, note: nil),
                           supervisorPassword: password)
    }

    private func close(_ day: CalendarDate, float: Int64, counted: String, totals: String = "") throws -> DailyReport {
        try cashier.close(day: day, count: DailyCount(float: Yen(float), counted: try CashCount(parsing: counted),
                                                      terminalTotals: try TerminalTotals(parsing: totals)),
                          actor: .clerk(id: "c1"), channel: .counter, supervisorID: "boss",
                          supervisorPassword: Self.supervisorPassword)
    }

    private func entryCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_entry") ?? 0 }
    }

    @Test("the same order again returns the first record unchanged; the same id with other content is refused")
    func idempotentRetry() throws {
        let first = order([line("etsuran-juki", 2)], .cash(received: Yen(1000)))
        let recorded = try cashier.pay(first)
        #expect(!recorded.wasRecordedBefore)
        clock.set(LedgerFixtures.instant(day, hour: 11))
        let again = try cashier.pay(first)
        #expect(again.wasRecordedBefore && again.payment == recorded.payment)
        var other = first
        other.lines = [line("etsuran-juki", 3)]
        #expect(throws: LedgerError.idConflict) { try cashier.pay(other) }
        other = first
        other.tender = .cash(received: Yen(2000))
        #expect(throws: LedgerError.idConflict) { try cashier.pay(other) }
        #expect(try entryCount() == 1)
        #expect(try Cashier.verify(database).isIntact)
    }

    @Test("a brand + slip number twice on one day is refused; the next day it is another slip")
    func slipOncePerDay() throws {
        try pay([line("etsuran-juki")], .cashless(brandID: "visa", slip: "A-1"))
        #expect(throws: LedgerError.slipAlreadyUsed) { try pay([line("etsuran-todoke")], .cashless(brandID: "visa", slip: "A-1")) }
        try pay([line("etsuran-todoke")], .cashless(brandID: "jcb", slip: "A-1"))
        clock.set(LedgerFixtures.instant(day.adding(days: 1)))
        try pay([line("etsuran-todoke")], .cashless(brandID: "visa", slip: "A-1"))
        #expect(try entryCount() == 3)
    }

    @Test("日計 of a hand-computed day: 過不足 −5円, cashless 差額 per group, items × method, 公用, cancellations with reasons; then the day is read-only")
    func closeOfADay() throws {
        let p1 = try pay([line("etsuran-juki", 2)], .cash(received: Yen(1000)))            // cash 600
        try pay([line("etsuran-todoke"), line("inkan-saikoufu", exempt: true)], .cash(received: nil))  // cash 350, 公用 300
        try pay([line("mynumber-saikoufu")], .cashless(brandID: "visa", slip: "V1"))         // credit 1000
        try pay([line("etsuran-juki")], .cashless(brandID: "icoca", slip: "I1"))             // emoney 300
        let p5 = try pay([line("inkan-saikoufu")], .cash(received: nil))                    // cash 300, cancelled
        let p6 = try pay([line("etsuran-todoke", 2)], .cashless(brandID: "paypay", slip: "P1"))  // code 700, cancelled
        _ = try cancel(p5, reason: "wrong-amount")
        _ = try cancel(p6, reason: "withdrawn")
        #expect(p1.tender == .cash(received: Yen(1000), change: Yen(400)))

        // Expected cash: 20,000 + (600 + 350 + 300) − 300 = 20,950; counted 20,945 → −5.
        let report = try close(day, float: 20_000, counted: "10000=2,500=1,100=4,10=4,5=1", totals: "credit=1000,emoney=300")
        #expect(report.cashSales == Yen(1250) && report.cashCancellations == Yen(300))
        #expect(report.expectedCash == Yen(20_950) && report.countedCash == Yen(20_945) && report.overShort == Yen(-5))
        #expect(report.groups.map(\.net) == [Yen(1000), Yen(300), Yen(0)])
        #expect(report.groups.map(\.difference) == [Yen(0), Yen(0), Yen(0)])
        #expect(report.groups[2].sales == Yen(700) && report.groups[2].cancellations == Yen(700))
        #expect(report.paymentCount == 6 && report.cancellationCount == 2)
        let items = report.items.map { "\($0.code)/\($0.settlement.name) \($0.payments) \($0.copies) \($0.amount.amount) \($0.cancelledCopies) \($0.cancelledAmount.amount)" }
        #expect(items == ["etsuran-juki/cash 1 2 600 0 0", "etsuran-juki/emoney 1 1 300 0 0", "etsuran-todoke/cash 1 1 350 0 0",
                          "etsuran-todoke/code 1 2 700 2 700", "inkan-saikoufu/cash 1 1 300 1 300",
                          "mynumber-saikoufu/credit 1 1 1000 0 0"])
        #expect(report.exempt.map { "\($0.code) \($0.copies) \($0.waived.amount)" } == ["inkan-saikoufu 1 300"])
        #expect(report.cancellations.map(\.reasonLabel) == ["金額の誤り", "申請の取下げ"])
        let seal = try #require(report.seal)
        #expect(seal.supervisorID == "boss" && seal.chainHead.count == 64)

        // The closed day: the stored report is the same; payments and cancellations are refused.
        #expect(try cashier.report(on: day) == report)
        #expect(throws: LedgerError.dayClosed) { try pay([line("etsuran-juki")], .cash(received: nil)) }
        #expect(throws: LedgerError.dayClosed) { try cancel(p1) }
        #expect(LedgerError.dayClosed.userMessage.hasPrefix("この日は締め済みです"))
        #expect(throws: LedgerError.alreadyClosed) { try close(day, float: 0, counted: "") }
        #expect(throws: LedgerError.dayNotStarted) { try close(day.adding(days: 1), float: 0, counted: "") }
        #expect(try Cashier.verify(database).isIntact)
    }

    @Test("a day with only cancellations nets to the float; a day with nothing closes on the float alone")
    func cancellationsOnlyAndEmptyDay() throws {
        let cash = try pay([line("etsuran-juki")], .cash(received: Yen(500)))
        let card = try pay([line("mynumber-saikoufu")], .cashless(brandID: "jcb", slip: "J9"))
        _ = try cancel(cash)
        _ = try cancel(card)
        let report = try close(day, float: 10_000, counted: "10000=1")
        #expect(report.expectedCash == Yen(10_000) && report.overShort == Yen(0))
        #expect(report.groups.allSatisfy { $0.net == .zero && $0.difference == .zero })
        #expect(report.items.allSatisfy { $0.amount == $0.cancelledAmount })

        let empty = day.adding(days: 1)
        clock.set(LedgerFixtures.instant(empty, hour: 17))
        let nothing = try close(empty, float: 5_000, counted: "1000=4,500=2")
        #expect(nothing.paymentCount == 0 && nothing.cashSales == .zero && nothing.expectedCash == Yen(5_000))
        #expect(nothing.overShort == Yen(0) && nothing.items.isEmpty && nothing.cancellations.isEmpty)
        #expect(try Cashier.verify(database).isIntact)
    }

    @Test("cancel refusals: another day, twice, a cancellation, unknown payment, a wrong password, no supervisor, a clerk as supervisor")
    func cancelRefusals() throws {
        let payment = try pay([line("etsuran-juki")], .cash(received: nil))
        #expect(throws: ClerkError.authenticationFailed) { try cancel(payment, password: "wrong-password") }
        #expect(throws: ClerkError.authenticationFailed) { try cancel(payment, supervisor: "") }
        #expect(throws: ClerkError.notPermitted(task: "支払の取消")) { try cancel(payment, supervisor: "c1", password: "clerk-pass-2026") }
        let cancellationID = UUID()
        let cancellation = try cancel(payment, id: cancellationID)
        #expect(try cancel(payment, id: cancellationID) == cancellation)  // a retry with its id: the first record
        #expect(throws: LedgerError.alreadyCancelled) { try cancel(payment) }
        var reversal = payment
        reversal.id = cancellation.id
        #expect(throws: LedgerError.cannotCancelCancellation) { try cancel(reversal) }
        reversal.id = UUID()
        #expect(throws: LedgerError.unknownPayment) { try cancel(reversal) }
        let yesterday = try pay([line("etsuran-todoke")], .cash(received: nil))
        clock.set(LedgerFixtures.instant(day.adding(days: 1)))
        #expect(throws: LedgerError.cancelOtherDay) { try cancel(yesterday) }
        #expect(try entryCount() == 3)
    }

    @Test("close is refused while a case of this terminal is still open on the day (a print job may run)")
    func closeWithOpenCase() throws {
        let caseID = UUID()
        try database.write { db in
            try CaseEventRepository.append(CaseEvent(terminalID: "T1", actor: .clerk(id: "c1"), channel: .counter, caseID: caseID,
                                                     timestamp: clock.now(), kind: .caseStarted(style: .preprinted)), in: db)
        }
        #expect(throws: LedgerError.openCases(count: 1)) { try close(day, float: 0, counted: "") }
        try database.write { db in
            try CaseEventRepository.append(CaseEvent(terminalID: "T1", actor: .clerk(id: "c1"), channel: .counter, caseID: caseID,
                                                     timestamp: clock.now(), kind: .caseEnded(durationMilliseconds: 1000)), in: db)
        }
        #expect(try close(day, float: 0, counted: "").seal != nil)
    }

    @Test("one payment per request: a second payment of a paid request is refused until the first is cancelled")
    func onePaymentPerRequest() throws {
        let first = try cashier.pay(order([line("etsuran-juki")], .cash(received: nil), request: "REQ-7")).payment
        #expect(throws: LedgerError.requestAlreadyPaid) {
            try cashier.pay(order([line("etsuran-juki", 2)], .cash(received: nil), request: "REQ-7"))
        }
        #expect(try entryCount() == 1)
        _ = try cancel(first)
        let second = try cashier.pay(order([line("etsuran-juki", 2)], .cash(received: nil), request: "REQ-7")).payment
        #expect(second.total == Yen(600) && second.requestID == "REQ-7")
        #expect(try cashier.payments().count == 2)
    }
}
