import CashlessLedger
import CounterCore
import Foundation

/// A payment terminal that answers as scripted and counts the charges it received.
public final class ScriptedTerminal: PaymentTerminal, @unchecked Sendable {
    private let lock = NSLock()
    private let chargeAnswer: ChargeOutcome
    private var queryAnswers: [QueryOutcome]
    private let cancelAnswer: Bool
    private var charges = 0, cancels = 0

    /// Answers every charge with `charge`, the queries in turn with `queries` (then unreachable), every cancel with `cancel`.
    public init(charge: ChargeOutcome, queries: [QueryOutcome] = [], cancel: Bool = true) {
        chargeAnswer = charge
        queryAnswers = queries
        cancelAnswer = cancel
    }

    /// Charges received.
    public var chargeCount: Int { lock.withLock { charges } }
    /// Cancellations received.
    public var cancelCount: Int { lock.withLock { cancels } }

    public func charge(reference: UUID, amount: Yen) async -> ChargeOutcome {
        lock.withLock { charges += 1 }
        return chargeAnswer
    }

    public func query(reference: UUID) async -> QueryOutcome {
        lock.withLock { queryAnswers.isEmpty ? .unreachable : queryAnswers.removeFirst() }
    }

    public func cancel(reference: UUID) async -> Bool {
        lock.withLock { cancels += 1 }
        return cancelAnswer
    }
}
