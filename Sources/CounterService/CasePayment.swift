import CashlessLedger
import CounterCore
import Foundation

/// The payment step of one case, shared by every fee-taking flow (fees at the counter now, certificates
/// next): quote, then pay by cash, by a keyed cashless slip, or through a payment terminal. The payment is
/// durable in the ledger before it returns; then the case records how it was paid and how long the step
/// took (``CaseEventKind/paymentTaken(method:durationMilliseconds:)``), never the amount.
///
/// The step keeps one payment id, so paying again after a failure (the database busy, the terminal
/// unreachable) is a retry of the same payment, never a second one.
public struct CasePayment: Sendable {
    let scope: CaseScope
    /// The ledger of this terminal.
    public let cashier: Cashier
    /// The request paid: one payment per request.
    public let requestID: String
    /// The payment's id and idempotency key, fixed for the whole step.
    public let paymentID: UUID
    /// When the step opened (the start of the payment time the KPIs compare).
    public let startedAt: Date

    /// The case the payment belongs to.
    public var caseID: UUID { scope.caseID }

    /// What `lines` cost today.
    public func quote(_ lines: [OrderLine]) throws(LedgerError) -> (items: [PaidItem], total: Yen) {
        try cashier.quote(lines)
    }

    /// Records the payment of `lines` tendered as `tender` (cash, or a cashless slip keyed from a
    /// stand-alone terminal), then the case's payment event.
    public func pay(_ lines: [OrderLine], tender: TenderInput) throws -> Cashier.Receipt {
        let receipt = try cashier.pay(order(lines, tender: tender))
        noteTaken(receipt)
        return receipt
    }

    /// Charges the total of `lines` through `terminal` and records the approved payment, then the case's
    /// payment event. A timeout is resolved by the terminal's answer to a query, never by charging again.
    public func pay(_ lines: [OrderLine], through terminal: any PaymentTerminal) async throws -> Cashier.Receipt {
        // The tender is the terminal's: the brand and slip come with its approval.
        let receipt = try await cashier.pay(order(lines, tender: .cashless(brandID: "", slip: nil)), through: terminal)
        noteTaken(receipt)
        return receipt
    }

    /// Records a payment made by another use case under this step's id (a certificate issuance commits the
    /// payment with its own records), then the case's payment event.
    public func record(_ work: (UUID) throws -> Cashier.Receipt) rethrows -> Cashier.Receipt {
        let receipt = try work(paymentID)
        noteTaken(receipt)
        return receipt
    }

    /// ``record(_:)`` for work that waits (a charge on the payment terminal first).
    public func record(_ work: (UUID) async throws -> Cashier.Receipt) async rethrows -> Cashier.Receipt {
        let receipt = try await work(paymentID)
        noteTaken(receipt)
        return receipt
    }

    private func order(_ lines: [OrderLine], tender: TenderInput) -> PaymentOrder {
        PaymentOrder(id: paymentID, requestID: requestID, actor: scope.actor, channel: scope.service.channel,
                     lines: lines, tender: tender)
    }

    /// Records how the payment was made, once: a retry that found it recorded adds nothing.
    private func noteTaken(_ receipt: Cashier.Receipt) {
        guard !receipt.wasRecordedBefore else { return }
        let milliseconds = Int((scope.service.clock.now().timeIntervalSince(startedAt) * 1000).rounded())
        scope.record(.paymentTaken(method: receipt.payment.tender.method, durationMilliseconds: max(0, milliseconds)))
    }
}

extension OpenCase {
    /// Opens the payment step of this case on `cashier`'s ledger, for `requestID` (the case itself unless a
    /// flow names its own request, as a certificate issuance does).
    public func beginPayment(on cashier: Cashier, requestID: String? = nil) -> CasePayment {
        CasePayment(scope: scope, cashier: cashier, requestID: requestID ?? id.uuidString.lowercased(),
                    paymentID: UUID(), startedAt: scope.service.clock.now())
    }
}
