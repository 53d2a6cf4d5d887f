import CashlessLedger
import CounterCore
import CounterTestSupport
import Foundation
import Testing

@Suite("Ledger rules: every posting set balances; refusals")
struct PaymentRulesTests {
    let catalog = LedgerFixtures.catalog
    let now = LedgerFixtures.instant(LedgerFixtures.day)

    private func order(_ lines: [OrderLine], _ tender: TenderInput, actor: EventActor = .clerk(id: "c1")) -> PaymentOrder {
        PaymentOrder(requestID: "R1", actor: actor, channel: .counter, lines: lines, tender: tender)
    }

    private func pay(_ lines: [OrderLine], _ tender: TenderInput, actor: EventActor = .clerk(id: "c1"),
                     catalog: LedgerCatalog? = nil) throws(LedgerError) -> Payment {
        try PaymentRules.payment(for: order(lines, tender, actor: actor), terminalID: "T1", at: now,
                                 catalog: catalog ?? self.catalog)
    }

    @Test("5,000 random payments and their cancellations: each entry balances, revenue equals the total, and a payment with its cancellation nets every account to zero")
    func randomPostingsBalance() throws {
        var random = SplitMix64(seed: 0x1ED6E5)
        let brands = catalog.brands(on: LedgerFixtures.day)
        var ledger: [LedgerAccount: Int64] = [:]
        for index in 0..<5_000 {
            let lines = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                OrderLine(code: catalog.items.randomElement(using: &random)!.code, quantity: Int.random(in: 1...99, using: &random),
                          exempt: Int.random(in: 0..<5, using: &random) == 0)
            }
            let tender: TenderInput = Bool.random(using: &random)
                ? .cash(received: nil)
                : .cashless(brandID: brands.randomElement(using: &random)!.id, slip: "S\(index)")
            let payment: Payment
            do {
                payment = try pay(lines, tender)
            } catch .cashlessWithoutAmount {
                continue  // every line exempt: 0 yen is recorded as cash, never cashless
            }
            let (debits, credits) = try PostingSet.sides(of: payment.postings.postings)
            #expect(debits == credits)
            let revenue = try Yen.sum(payment.postings.postings.filter {
                if case .revenue = $0.account { return $0.side == .credit }
                return false
            }.map(\.amount))
            #expect(revenue == payment.total)
            var net: [LedgerAccount: Int64] = [:]
            var entries = [payment.postings]
            if Bool.random(using: &random) {
                let cancellation = try PaymentRules.cancellation(
                    of: payment, request: CancellationRequest(paymentID: payment.id, actor: .clerk(id: "c1"), channel: .counter,
                                                              supervisorID: "boss", reasonCode: "wrong-amount", note: nil),
                    at: now, catalog: catalog)
                let (reversedDebits, reversedCredits) = try PostingSet.sides(of: cancellation.postings.postings)
                #expect(reversedDebits == reversedCredits && reversedDebits == debits)
                entries.append(cancellation.postings)
            }
            for posting in entries.flatMap(\.postings) {
                let signed = posting.side == .debit ? posting.amount.amount : -posting.amount.amount
                net[posting.account, default: 0] += signed
                ledger[posting.account, default: 0] += signed
            }
            if entries.count == 2 { #expect(net.values.allSatisfy { $0 == 0 }) }
        }
        #expect(ledger.values.reduce(0, +) == 0)
    }

    @Test("an unbalanced or empty posting set is refused")
    func unbalancedRefused() {
        #expect(throws: LedgerError.unbalanced) {
            try PostingSet([Posting(.debit, .cash, Yen(300)), Posting(.credit, .revenue(itemCode: "x"), Yen(299))])
        }
        #expect(throws: LedgerError.unbalanced) { try PostingSet([]) }
        #expect(throws: LedgerError.unbalanced) {
            try PostingSet([Posting(.debit, .cash, Yen(0)), Posting(.credit, .revenue(itemCode: "x"), Yen(0))])
        }
    }

    @Test("cash: change is received − total; an exempt line is a memo pair, not revenue")
    func cashAndExempt() throws {
        let payment = try pay([OrderLine(code: "etsuran-juki", quantity: 2),
                               OrderLine(code: "inkan-saikoufu", quantity: 1, exempt: true)], .cash(received: Yen(1000)))
        #expect(payment.total == Yen(600))
        #expect(payment.tender == .cash(received: Yen(1000), change: Yen(400)))
        #expect(Set(payment.postings.postings) == [
            Posting(.debit, .cash, Yen(600)), Posting(.credit, .revenue(itemCode: "etsuran-juki"), Yen(600)),
            Posting(.debit, .exemptMemo, Yen(300)), Posting(.credit, .exemptMemoContra, Yen(300)),
        ])
        let exemptOnly = try pay([OrderLine(code: "inkan-saikoufu", quantity: 1, exempt: true)], .cash(received: nil))
        #expect(exemptOnly.total == .zero)
    }

    @Test("refusals: unknown item, quantity, unknown brand, brand out of its dates, kiosk brand, no slip, bad slip, cash short, 0 yen cashless, overflow, bad request id")
    func refusals() throws {
        let juki = [OrderLine(code: "etsuran-juki", quantity: 1)]
        #expect(throws: LedgerError.noItems) { try pay([], .cash(received: nil)) }
        #expect(throws: LedgerError.unknownItem(position: 2)) {
            try pay(juki + [OrderLine(code: "no-such-item", quantity: 1)], .cash(received: nil))
        }
        #expect(throws: LedgerError.invalidQuantity(position: 1)) {
            try pay([OrderLine(code: "etsuran-juki", quantity: 0)], .cash(received: nil))
        }
        #expect(throws: LedgerError.invalidQuantity(position: 1)) {
            try pay([OrderLine(code: "etsuran-juki", quantity: 100)], .cash(received: nil))
        }
        #expect(throws: LedgerError.unknownBrand) { try pay(juki, .cashless(brandID: "no-such", slip: "1")) }
        #expect(throws: LedgerError.slipRequired) { try pay(juki, .cashless(brandID: "visa", slip: nil)) }
        #expect(throws: LedgerError.slipRequired) { try pay(juki, .cashless(brandID: "visa", slip: "")) }
        #expect(throws: LedgerError.invalidSlip) { try pay(juki, .cashless(brandID: "visa", slip: "12\u{1B}[2J")) }
        #expect(throws: LedgerError.cashBelowTotal) { try pay(juki, .cash(received: Yen(299))) }
        #expect(throws: LedgerError.brandNotAtKiosk) {
            try pay(juki, .cashless(brandID: "waon", slip: "1"), actor: .kiosk(terminalID: "K1"))
        }
        #expect(throws: LedgerError.cashlessWithoutAmount) {
            try pay([OrderLine(code: "etsuran-juki", quantity: 1, exempt: true)], .cashless(brandID: "visa", slip: "1"))
        }
        #expect(throws: LedgerError.invalidRequestID) {
            try PaymentRules.payment(for: PaymentOrder(requestID: "", actor: .clerk(id: "c1"), channel: .cli, lines: juki,
                                                       tender: .cash(received: nil)),
                                     terminalID: "T1", at: now, catalog: catalog)
        }

        let ended = PaymentBrand(id: "old", displayName: "Old", group: .credit, validFrom: CalendarDate(year: 2020, month: 1, day: 1),
                                 validTo: CalendarDate(year: 2026, month: 11, day: 30), kioskAccepts: true)
        let huge = LedgerItem(code: "huge", label: "巨大", fees: [.init(validFrom: CalendarDate(year: 2000, month: 1, day: 1),
                                                                      yen: Yen(Int64.max / 50))])
        let later = LedgerItem(code: "later", label: "後日", fees: [.init(validFrom: CalendarDate(year: 2027, month: 1, day: 1),
                                                                        yen: Yen(100))])
        let special = LedgerCatalog(brands: [ended], items: [huge, later], cancelReasons: catalog.cancelReasons)
        #expect(throws: LedgerError.brandNotInForce) {
            try pay([OrderLine(code: "huge", quantity: 1)], .cashless(brandID: "old", slip: "1"), catalog: special)
        }
        #expect(throws: LedgerError.itemNotInForce(position: 1)) {
            try pay([OrderLine(code: "later", quantity: 1)], .cash(received: nil), catalog: special)
        }
        #expect(throws: LedgerError.overflow) {
            try pay([OrderLine(code: "huge", quantity: 99)], .cash(received: nil), catalog: special)
        }
        #expect(throws: LedgerError.overflow) {
            try pay([OrderLine(code: "huge", quantity: 40), OrderLine(code: "huge", quantity: 40)], .cash(received: nil),
                    catalog: special)
        }
    }

    @Test("a cancellation is refused on another day, with an unknown reason, or without the note その他 needs")
    func cancellationRules() throws {
        let payment = try pay([OrderLine(code: "etsuran-juki", quantity: 1)], .cash(received: nil))
        func request(_ reason: String, note: String? = nil) -> CancellationRequest {
            CancellationRequest(paymentID: payment.id, actor: .clerk(id: "c1"), channel: .counter, supervisorID: "boss",
                                reasonCode: reason, note: note)
        }
        #expect(throws: LedgerError.cancelOtherDay) {
            try PaymentRules.cancellation(of: payment, request: request("withdrawn"), at: now.addingTimeInterval(86_400),
                                          catalog: catalog)
        }
        #expect(throws: LedgerError.unknownReason) {
            try PaymentRules.cancellation(of: payment, request: request("no-such"), at: now, catalog: catalog)
        }
        #expect(throws: LedgerError.noteRequired) {
            try PaymentRules.cancellation(of: payment, request: request("other"), at: now, catalog: catalog)
        }
        #expect(throws: LedgerError.invalidNote) {
            try PaymentRules.cancellation(of: payment, request: request("other", note: "a\u{202E}b"), at: now, catalog: catalog)
        }
        let cancelled = try PaymentRules.cancellation(of: payment, request: request("other", note: "申請者の勘違い"), at: now,
                                                      catalog: catalog)
        #expect(cancelled.amount == payment.total && cancelled.postings == payment.postings.reversed())
    }

    @Test("the denomination list and terminal totals are read strictly")
    func countsParse() throws {
        let count = try CashCount(parsing: "10000=3,1000=5,1=2")
        #expect(try count.total() == Yen(35_002))
        #expect(try CashCount(parsing: "").total() == .zero)
        for bad in ["10000=3,", "3000=1", "10000=-1", "10000=3,10000=1", "10000", "=3", "10000=x", "10000=1000001"] {
            #expect(throws: LedgerError.malformedCount, "\(bad)") { try CashCount(parsing: bad) }
        }
        #expect(try TerminalTotals(parsing: "credit=1200,code=300").amount(of: .code) == Yen(300))
        for bad in ["visa=100", "credit=-1", "credit=1,credit=2", "credit"] {
            #expect(throws: LedgerError.malformedTerminalTotal, "\(bad)") { try TerminalTotals(parsing: bad) }
        }
    }
}
