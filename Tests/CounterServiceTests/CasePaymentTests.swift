import CashlessLedger
import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import MyNumberCardSim
import MyNumberReader
import Testing

/// The payment step of a case: the ledger has the payment durably, the case records its method and
/// duration (never the amount), and a retry of the step is never a second payment.
@Suite("Case payment step")
struct CasePaymentTests {
    let clock = LedgerClock(LedgerFixtures.instant(LedgerFixtures.day))
    let database: CounterDatabase
    let service: CaseService
    let cashier: Cashier

    init() throws {
        database = try CounterStorage.inMemory()
        cashier = Cashier(database: database, catalog: LedgerFixtures.catalog, clock: clock, terminalID: "T1")
        service = CaseService(terminalID: "T1", channel: .counter, clock: clock, events: EventQueue(database: database),
                              printing: FakeFormPrinting(), card: CardInfoReader(sessions: try SimulatedCardSlot(holder: Fixtures.takahashi)))
    }

    private func events() async throws -> [CaseEventKind] {
        await service.events.waitUntilSaved()
        return try EventLog.events(database, day: LedgerFixtures.day).map(\.kind)
    }

    @Test("cash: the payment is in the ledger; the case records paymentTaken with the method and the step's time")
    func cash() async throws {
        let open = service.begin(actor: .clerk(id: "c1"), style: .fee)
        let step = open.beginPayment(on: cashier)
        clock.set(LedgerFixtures.instant(LedgerFixtures.day, hour: 10, minute: 1))
        let receipt = try step.pay([OrderLine(code: "etsuran-juki", quantity: 2)], tender: .cash(received: Yen(1000)))
        #expect(receipt.payment.tender == .cash(received: Yen(1000), change: Yen(400)))
        #expect(receipt.payment.requestID == open.id.uuidString.lowercased())
        #expect(receipt.payment.actor == .clerk(id: "c1") && receipt.payment.channel == .counter)
        open.end()
        let kinds = try await events()
        #expect(kinds.contains(.caseStarted(style: .fee)))
        #expect(kinds.contains(.paymentTaken(method: .cash, durationMilliseconds: 60_000)))
    }

    @Test("a retry of the same step returns the first payment and records no second event")
    func retry() async throws {
        let open = service.begin(actor: .clerk(id: "c1"), style: .fee)
        let step = open.beginPayment(on: cashier)
        let lines = [OrderLine(code: "inkan-saikoufu", quantity: 1)]
        let first = try step.pay(lines, tender: .cashless(brandID: "visa", slip: "A-100"))
        let again = try step.pay(lines, tender: .cashless(brandID: "visa", slip: "A-100"))
        #expect(!first.wasRecordedBefore && again.wasRecordedBefore && again.payment == first.payment)
        #expect(try cashier.payments().count == 1)
        let taken = try await events().filter { if case .paymentTaken = $0 { true } else { false } }
        #expect(taken == [.paymentTaken(method: .cashless, durationMilliseconds: 0)])
    }

    @Test("a second step of the same case is refused while the first payment stands (one payment per request)")
    func secondStepRefused() throws {
        let open = service.begin(actor: .clerk(id: "c1"), style: .fee)
        _ = try open.beginPayment(on: cashier).pay([OrderLine(code: "etsuran-juki", quantity: 1)], tender: .cash(received: nil))
        #expect(throws: LedgerError.requestAlreadyPaid) {
            try open.beginPayment(on: cashier).pay([OrderLine(code: "etsuran-juki", quantity: 1)], tender: .cash(received: nil))
        }
        #expect(try cashier.payments().count == 1)
    }

    @Test("a refused payment records nothing: no ledger entry, no payment event")
    func refusedRecordsNothing() async throws {
        let open = service.begin(actor: .clerk(id: "c1"), style: .fee)
        let step = open.beginPayment(on: cashier)
        #expect(throws: LedgerError.cashBelowTotal) {
            try step.pay([OrderLine(code: "etsuran-juki", quantity: 2)], tender: .cash(received: Yen(599)))
        }
        #expect(throws: LedgerError.slipRequired) {
            try step.pay([OrderLine(code: "etsuran-juki", quantity: 2)], tender: .cashless(brandID: "visa", slip: nil))
        }
        #expect(try cashier.payments().isEmpty)
        #expect(!(try await events()).contains { if case .paymentTaken = $0 { true } else { false } })
    }
}
