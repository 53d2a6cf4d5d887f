import CounterCore
import Foundation

/// One line of what a payment pays for, as the caller asks it: an item code, copies, and whether it is 公用.
public struct OrderLine: Sendable, Hashable {
    /// The item code (`seeds/ledger-items.json`).
    public var code: String
    /// Copies or units, 1…``PaymentRules/maximumQuantity``.
    public var quantity: Int
    /// 公用: fee-exempt (counted, not charged).
    public var exempt: Bool

    /// A line of `quantity` × `code`.
    public init(code: String, quantity: Int, exempt: Bool = false) {
        self.code = code
        self.quantity = quantity
        self.exempt = exempt
    }
}

/// How the caller says the money was tendered.
public enum TenderInput: Sendable, Hashable {
    /// Cash; `received` nil means exactly the total.
    case cash(received: Yen?)
    /// Cashless, with the payment terminal's slip/approval number.
    case cashless(brandID: String, slip: String?)
}

/// A payment as the caller asks for it. Its `id` is the idempotency key: recording the same order again
/// returns the first record; another order with that id is refused.
public struct PaymentOrder: Sendable, Hashable {
    /// The payment's id and idempotency key.
    public var id: UUID
    /// The request (申請) it pays: an opaque id of the caller.
    public var requestID: String
    /// Who takes the payment: a clerk, or a kiosk.
    public var actor: EventActor
    /// Where: counter, kiosk or cli.
    public var channel: CaseChannel
    /// What is paid for.
    public var lines: [OrderLine]
    /// How.
    public var tender: TenderInput

    /// An order.
    public init(id: UUID = UUID(), requestID: String, actor: EventActor, channel: CaseChannel, lines: [OrderLine],
                tender: TenderInput) {
        self.id = id
        self.requestID = requestID
        self.actor = actor
        self.channel = channel
        self.lines = lines
        self.tender = tender
    }
}

/// An item as recorded: its label and unit fee on the payment's day.
public struct PaidItem: Sendable, Hashable {
    /// The item code.
    public var code: String
    /// The label of the fee table.
    public var label: String
    /// The fee per unit on the day.
    public var unitFee: Yen
    /// Copies or units.
    public var quantity: Int
    /// 公用 (fee-exempt): the amount is waived, not charged.
    public var exempt: Bool

    /// A recorded item.
    public init(code: String, label: String, unitFee: Yen, quantity: Int, exempt: Bool) {
        self.code = code
        self.label = label
        self.unitFee = unitFee
        self.quantity = quantity
        self.exempt = exempt
    }

    /// unit fee × quantity (charged, or waived when exempt).
    public func amount() throws(LedgerError) -> Yen {
        do { return try unitFee.multiplied(by: Int64(quantity)) } catch { throw .overflow }
    }
}

/// How a recorded payment was tendered.
public enum Tender: Sendable, Hashable {
    /// Cash received and change given.
    case cash(received: Yen, change: Yen)
    /// A cashless brand, its group, and the payment terminal's slip/approval number.
    case cashless(brandID: String, group: BrandGroup, slip: String)

    /// The method.
    public var method: PaymentMethod {
        if case .cash = self { return .cash }
        return .cashless
    }

    /// The 日計表 column.
    public var settlement: Settlement {
        switch self {
        case .cash: return .cash
        case .cashless(_, let group, _): return .cashless(group)
        }
    }
}

/// A recorded payment: write-once, balanced, chained.
public struct Payment: Sendable, Hashable {
    /// The id (the order's idempotency key).
    public var id: UUID
    /// The request it pays.
    public var requestID: String
    /// The terminal whose ledger holds it.
    public var terminalID: String
    /// Who took it.
    public var actor: EventActor
    /// Where.
    public var channel: CaseChannel
    /// When it was recorded.
    public var recordedAt: Date
    /// The day in Japan it belongs to.
    public var day: CalendarDate
    /// What was paid for.
    public var items: [PaidItem]
    /// The amount charged (exempt items excluded).
    public var total: Yen
    /// How.
    public var tender: Tender
    /// The balanced postings.
    public var postings: PostingSet

    /// A payment (``PaymentRules/payment(for:terminalID:at:catalog:)`` builds and checks one).
    public init(id: UUID, requestID: String, terminalID: String, actor: EventActor, channel: CaseChannel,
                recordedAt: Date, day: CalendarDate, items: [PaidItem], total: Yen, tender: Tender, postings: PostingSet) {
        self.id = id
        self.requestID = requestID
        self.terminalID = terminalID
        self.actor = actor
        self.channel = channel
        self.recordedAt = recordedAt
        self.day = day
        self.items = items
        self.total = total
        self.tender = tender
        self.postings = postings
    }

    /// True when `order` asks for exactly this payment (a retry), whatever the time and the fee table.
    public func isRecord(of order: PaymentOrder, terminalID: String) -> Bool {
        guard order.id == id, order.requestID == requestID, terminalID == self.terminalID, order.actor == actor,
              order.channel == channel,
              order.lines == items.map({ OrderLine(code: $0.code, quantity: $0.quantity, exempt: $0.exempt) })
        else { return false }
        switch (order.tender, tender) {
        case (.cash(let asked), .cash(let received, _)):
            return (asked ?? total) == received
        case (.cashless(let askedBrand, let askedSlip), .cashless(let brand, _, let slip)):
            return askedBrand == brand && askedSlip == slip
        default:
            return false
        }
    }
}

/// A recorded cancellation (取消): the reversing entry of one payment, approved by a supervisor.
public struct Cancellation: Sendable, Hashable {
    /// The cancellation's own id (its idempotency key).
    public var id: UUID
    /// The payment it reverses.
    public var paymentID: UUID
    /// The terminal (the payment's).
    public var terminalID: String
    /// The clerk who cancelled.
    public var actor: EventActor
    /// Where.
    public var channel: CaseChannel
    /// The 係長 (or administrator) who approved it.
    public var supervisorID: String
    /// The reason code.
    public var reasonCode: String
    /// The free text, if given.
    public var note: String?
    /// When it was recorded.
    public var recordedAt: Date
    /// The day (the payment's day).
    public var day: CalendarDate
    /// The amount reversed (the payment's total).
    public var amount: Yen
    /// The payment's settlement.
    public var settlement: Settlement
    /// The reversed postings.
    public var postings: PostingSet

    /// A cancellation (``PaymentRules/cancellation(of:request:at:catalog:)`` builds and checks one).
    public init(id: UUID, paymentID: UUID, terminalID: String, actor: EventActor, channel: CaseChannel,
                supervisorID: String, reasonCode: String, note: String?, recordedAt: Date, day: CalendarDate,
                amount: Yen, settlement: Settlement, postings: PostingSet) {
        self.id = id
        self.paymentID = paymentID
        self.terminalID = terminalID
        self.actor = actor
        self.channel = channel
        self.supervisorID = supervisorID
        self.reasonCode = reasonCode
        self.note = note
        self.recordedAt = recordedAt
        self.day = day
        self.amount = amount
        self.settlement = settlement
        self.postings = postings
    }
}

/// A cancellation as the caller asks for it (the supervisor already approved).
public struct CancellationRequest: Sendable, Hashable {
    /// The cancellation's id and idempotency key.
    public var id: UUID
    /// The payment to reverse.
    public var paymentID: UUID
    /// The clerk cancelling.
    public var actor: EventActor
    /// Where.
    public var channel: CaseChannel
    /// The approving supervisor.
    public var supervisorID: String
    /// A reason code of `cancel-reasons.json`.
    public var reasonCode: String
    /// Free text (required by some reasons).
    public var note: String?

    /// A request.
    public init(id: UUID = UUID(), paymentID: UUID, actor: EventActor, channel: CaseChannel, supervisorID: String,
                reasonCode: String, note: String?) {
        self.id = id
        self.paymentID = paymentID
        self.actor = actor
        self.channel = channel
        self.supervisorID = supervisorID
        self.reasonCode = reasonCode
        self.note = note
    }
}
