import CounterCore
import Foundation

/// The payment terminal's approval of a charge: the brand it read and its slip/approval number.
public struct Approval: Sendable, Hashable, Codable {
    /// The brand id (`payment-brands.json`).
    public var brandID: String
    /// The slip/approval number printed on the 利用控え.
    public var slip: String

    /// An approval.
    public init(brandID: String, slip: String) {
        self.brandID = brandID
        self.slip = slip
    }
}

/// What a charge (or a query of one) came to.
public enum ChargeOutcome: Sendable, Hashable {
    /// Approved: record the payment with this brand and slip.
    case approved(Approval)
    /// Declined by the terminal or the card company, with its reason (no payment is recorded).
    case declined(reason: String)
    /// No answer in time: the charge may or may not have happened. Resolve it by ``PaymentTerminal/query(reference:)``,
    /// never by charging again.
    case timedOut
}

/// What a query by reference found.
public enum QueryOutcome: Sendable, Hashable {
    /// The charge with this reference was approved.
    case approved(Approval)
    /// It was declined.
    case declined(reason: String)
    /// The terminal never received a charge with this reference (nothing was charged).
    case notFound
    /// The terminal did not answer: ask again later.
    case unreachable
}

/// The seam to the payment terminal, a separate device. Every charge carries the payment's id as its
/// idempotency reference, so a timeout or a dropped connection is resolved by a query, never by a second charge.
public protocol PaymentTerminal: Sendable {
    /// Asks the terminal to charge `amount` under `reference`.
    func charge(reference: UUID, amount: Yen) async -> ChargeOutcome
    /// What became of the charge with `reference`.
    func query(reference: UUID) async -> QueryOutcome
    /// Cancels the approved charge with `reference` (a 取消 on the same day); true when the terminal confirmed it.
    func cancel(reference: UUID) async -> Bool
}

/// The usual counter today: a stand-alone terminal whose brand and slip number the clerk keys in.
/// The charge is already approved on the device when the clerk records it.
public struct ManualPaymentTerminal: PaymentTerminal {
    /// What the clerk keyed.
    public let keyed: Approval

    /// The clerk's brand and slip number.
    public init(brandID: String, slip: String) {
        keyed = Approval(brandID: brandID, slip: slip)
    }

    /// ``keyed``: the clerk reads the approval off the device.
    public func charge(reference: UUID, amount: Yen) async -> ChargeOutcome { .approved(keyed) }

    /// ``keyed`` (the device's slip is the answer).
    public func query(reference: UUID) async -> QueryOutcome { .approved(keyed) }

    /// The clerk cancels on the device itself; recorded as confirmed.
    public func cancel(reference: UUID) async -> Bool { true }
}
