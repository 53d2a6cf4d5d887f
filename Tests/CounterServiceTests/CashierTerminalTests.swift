import CashlessLedger
import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import Testing


@Suite("Cashier through a payment terminal: a timeout is resolved by a query, never a second charge")
struct CashierTerminalTests {
    let database: CounterDatabase
    let cashier: Cashier

    init() throws {
        database = try CounterStorage.inMemory()
        cashier = Cashier(database: database, catalog: LedgerFixtures.catalog,
                          clock: FixedClock(LedgerFixtures.instant(LedgerFixtures.day)), terminalID: "T1")
    }

    private var order: PaymentOrder {
        PaymentOrder(requestID: "R1", actor: .clerk(id: "c1"), channel: .counter,
                     lines: [OrderLine(code: "etsuran-juki", quantity: 1)], tender: .cashless(brandID: "visa", slip: nil))
    }

    private func payments() throws -> Int { try cashier.payments().count }

    @Test("approved: one payment with the terminal's brand and slip; a retry with the id charges nothing")
    func approved() async throws {
        let terminal = ScriptedTerminal(charge: .approved(Approval(brandID: "icoca", slip: "000123")))
        let order = order
        let receipt = try await cashier.pay(order, through: terminal)
        #expect(receipt.payment.tender == .cashless(brandID: "icoca", group: .emoney, slip: "000123"))
        let retry = try await cashier.pay(order, through: terminal)
        #expect(try retry.wasRecordedBefore && terminal.chargeCount == 1 && payments() == 1)
    }

    @Test("declined: no payment")
    func declined() async throws {
        let terminal = ScriptedTerminal(charge: .declined(reason: "limit"))
        await #expect(throws: ChargeError.declined) { try await cashier.pay(order, through: terminal) }
        #expect(try payments() == 0)
    }

    @Test("timed out, then the query finds it approved: exactly one payment, one charge")
    func timeoutApproved() async throws {
        let terminal = ScriptedTerminal(charge: .timedOut,
                                        queries: [.unreachable, .approved(Approval(brandID: "paypay", slip: "Q-77"))])
        let receipt = try await cashier.pay(order, through: terminal)
        #expect(receipt.payment.tender.settlement == .cashless(.code))
        #expect(try terminal.chargeCount == 1 && payments() == 1)
    }

    @Test("dropped before the terminal got it (the query finds nothing): no payment, no second charge")
    func droppedNotFound() async throws {
        let terminal = ScriptedTerminal(charge: .timedOut, queries: [.notFound])
        await #expect(throws: ChargeError.notCharged) { try await cashier.pay(order, through: terminal) }
        #expect(try terminal.chargeCount == 1 && payments() == 0)
    }

    @Test("no answer at all: unresolved, nothing recorded that the terminal did not approve")
    func unresolved() async throws {
        let terminal = ScriptedTerminal(charge: .timedOut)
        await #expect(throws: ChargeError.unresolved) { try await cashier.pay(order, through: terminal) }
        #expect(try terminal.chargeCount == 1 && payments() == 0)
    }

    @Test("an approval the ledger refuses (a brand a kiosk does not accept) is cancelled on the terminal, nothing recorded")
    func refusedApprovalUndone() async throws {
        let terminal = ScriptedTerminal(charge: .approved(Approval(brandID: "waon", slip: "W1")))
        var kiosk = order
        kiosk.actor = .kiosk(terminalID: "K1")
        await #expect(throws: LedgerError.brandNotAtKiosk) { try await cashier.pay(kiosk, through: terminal) }
        #expect(try terminal.cancelCount == 1 && payments() == 0)
    }

    @Test("a cashless cancellation goes through the terminal first; unconfirmed, nothing is recorded")
    func cancelThroughTerminal() async throws {
        try ClerkRepository(database: database, clock: SystemClock()).create(clerkID: "boss", displayName: "係長",
                                                                              role: .supervisor, password: "chief-pass-2026")
        let paid = try await cashier.pay(order, through: ScriptedTerminal(charge: .approved(Approval(brandID: "visa", slip: "1"))))
        let request = CancellationRequest(paymentID: paid.payment.id, actor: .clerk(id: "c1"), channel: .counter,
                                          supervisorID: "boss", reasonCode: "withdrawn", note: nil)
        let refusing = ScriptedTerminal(charge: .timedOut, cancel: false)
        await #expect(throws: ChargeError.cancelNotConfirmed) {
            try await cashier.cancel(request, supervisorPassword: "chief-pass-2026", through: refusing)
        }
        #expect(try cashier.payments().first?.cancellation == nil)
        let confirming = ScriptedTerminal(charge: .timedOut)
        _ = try await cashier.cancel(request, supervisorPassword: "chief-pass-2026", through: confirming)
        #expect(try confirming.cancelCount == 1 && cashier.payments().first?.cancellation != nil)
    }

    @Test("manual: the clerk's keyed brand and slip are the approval")
    func manual() async throws {
        let receipt = try await cashier.pay(order, through: ManualPaymentTerminal(brandID: "visa", slip: "4711"))
        #expect(receipt.payment.tender == .cashless(brandID: "visa", group: .credit, slip: "4711"))
    }
}

@Suite("Cashier on a busy or read-only database: a clear error, nothing lost")
struct CashierStorageTests {
    @Test("busy: StoreError.busy and no record; after the lock is released the same order is recorded once")
    func busy() throws {
        let folder = Fixtures.temporaryFolder("ledger-busy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("counter.sqlite").path
        let database = try CounterStorage.open(path: path, busyTimeout: .milliseconds(200))
        let cashier = Cashier(database: database, catalog: LedgerFixtures.catalog,
                              clock: FixedClock(LedgerFixtures.instant(LedgerFixtures.day)), terminalID: "T1")
        let order = PaymentOrder(requestID: "R1", actor: .clerk(id: "c1"), channel: .cli,
                                 lines: [OrderLine(code: "etsuran-juki", quantity: 1)], tender: .cash(received: nil))
        let holder = try WriteLockHolder(path: path)
        #expect(throws: StoreError.busy) { try cashier.pay(order) }
        holder.release()
        #expect(try !cashier.pay(order).wasRecordedBefore)
        #expect(try cashier.pay(order).wasRecordedBefore)
        #expect(try cashier.payments().count == 1)

        let readOnly = Cashier(database: try CounterStorage.openReadOnly(path: path), catalog: LedgerFixtures.catalog,
                               clock: FixedClock(LedgerFixtures.instant(LedgerFixtures.day)), terminalID: "T1")
        var another = order
        another.id = UUID()
        another.requestID = "R2"
        #expect(throws: StoreError.self) { try readOnly.pay(another) }
        #expect(try cashier.payments().count == 1)
    }
}
