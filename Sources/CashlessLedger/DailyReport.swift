import CounterCore
import Foundation

/// What the supervisor keys at the close: the float, the counted cash, the payment terminal's totals.
public struct DailyCount: Sendable, Hashable {
    /// 釣銭準備金: the cash in the drawer before the first payment.
    public var float: Yen
    /// The cash counted at the close.
    public var counted: CashCount
    /// The payment terminal's own totals per brand group.
    public var terminalTotals: TerminalTotals

    /// A count.
    public init(float: Yen, counted: CashCount, terminalTotals: TerminalTotals) {
        self.float = float
        self.counted = counted
        self.terminalTotals = terminalTotals
    }
}

/// The seal of a closed day: who closed it, when, and the chain head it anchors.
public struct CloseSeal: Sendable, Hashable {
    /// The close entry's id.
    public var id: UUID
    /// When the day was closed.
    public var closedAt: Date
    /// The clerk who closed it.
    public var actor: EventActor
    /// The approving supervisor.
    public var supervisorID: String
    /// The close entry's hash (hex): the head of the terminal's chain, printed so paper anchors it.
    public var chainHead: String

    /// A seal.
    public init(id: UUID, closedAt: Date, actor: EventActor, supervisorID: String, chainHead: String) {
        self.id = id
        self.closedAt = closedAt
        self.actor = actor
        self.supervisorID = supervisorID
        self.chainHead = chainHead
    }
}

/// 日計表: one terminal's day, computed from its payments and cancellations (and the count, once keyed).
public struct DailyReport: Sendable, Hashable {
    /// Counts, copies and amounts of one item code paid one way.
    public struct ItemLine: Sendable, Hashable {
        public var code: String, label: String, settlement: Settlement
        /// Payments holding the item, and their copies and amount (cancelled ones included).
        public var payments: Int, copies: Int, amount: Yen
        /// Of those, the cancelled copies and amount.
        public var cancelledCopies: Int, cancelledAmount: Yen
    }

    /// 公用: copies of one exempt item and the fee waived (cancelled ones excluded).
    public struct ExemptLine: Sendable, Hashable {
        public var code: String, label: String, copies: Int, waived: Yen
    }

    /// A brand group's system total against the payment terminal's.
    public struct GroupLine: Sendable, Hashable {
        public var group: BrandGroup
        /// Sales, cancellations, and sales − cancellations.
        public var sales: Yen, cancellations: Yen, net: Yen
        /// The payment terminal's total and 差額 (terminal − net), once the count is keyed.
        public var terminalTotal: Yen?, difference: Yen?
    }

    /// One cancellation with its reason.
    public struct CancellationLine: Sendable, Hashable {
        public var id: UUID, paymentID: UUID, requestID: String, settlement: Settlement, amount: Yen
        public var reasonCode: String, reasonLabel: String, note: String?, supervisorID: String, recordedAt: Date
    }

    public var terminalID: String
    public var day: CalendarDate
    /// Payments and cancellations of the day.
    public var paymentCount: Int, cancellationCount: Int
    /// Cash sales and cash cancellations.
    public var cashSales: Yen, cashCancellations: Yen
    /// The count keyed at the close (nil for a preview of an open day).
    public var count: DailyCount?
    /// float + cash sales − cash cancellations; the counted cash; 過不足 (counted − expected). Nil without a count.
    public var expectedCash: Yen?, countedCash: Yen?, overShort: Yen?
    public var groups: [GroupLine]
    public var items: [ItemLine]
    public var exempt: [ExemptLine]
    public var cancellations: [CancellationLine]
    /// The close, when the day is closed.
    public var seal: CloseSeal?

    /// Computes the day from its records. `reasonLabel` gives a reason code's label (the code when unknown).
    public static func compute(terminalID: String, day: CalendarDate, payments: [Payment], cancellations: [Cancellation],
                               count: DailyCount?, reasonLabel: (String) -> String) throws(LedgerError) -> DailyReport {
        do {
            return try computeChecked(terminalID: terminalID, day: day, payments: payments, cancellations: cancellations,
                                      count: count, reasonLabel: reasonLabel)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .overflow
        }
    }

    private static func computeChecked(terminalID: String, day: CalendarDate, payments: [Payment],
                                       cancellations: [Cancellation], count: DailyCount?,
                                       reasonLabel: (String) -> String) throws -> DailyReport {
        let cancelled = Set(cancellations.map(\.paymentID))
        let byID = Dictionary(payments.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var sales: [Settlement: Yen] = [:], reversed: [Settlement: Yen] = [:]
        var items: [String: ItemLine] = [:], exempt: [String: ExemptLine] = [:]
        var order: [String] = [], exemptOrder: [String] = []
        for payment in payments {
            let settlement = payment.tender.settlement
            sales[settlement] = try (sales[settlement] ?? .zero).adding(payment.total)
            let isCancelled = cancelled.contains(payment.id)
            for item in payment.items {
                let amount = try item.amount()
                if item.exempt {
                    guard !isCancelled else { continue }
                    if exempt[item.code] == nil { exemptOrder.append(item.code) }
                    var line = exempt[item.code] ?? ExemptLine(code: item.code, label: item.label, copies: 0, waived: .zero)
                    line.copies += item.quantity
                    line.waived = try line.waived.adding(amount)
                    exempt[item.code] = line
                    continue
                }
                let key = "\(item.code)\u{0}\(settlement.name)"
                if items[key] == nil { order.append(key) }
                var line = items[key] ?? ItemLine(code: item.code, label: item.label, settlement: settlement, payments: 0,
                                                  copies: 0, amount: .zero, cancelledCopies: 0, cancelledAmount: .zero)
                line.payments += 1
                line.copies += item.quantity
                line.amount = try line.amount.adding(amount)
                if isCancelled {
                    line.cancelledCopies += item.quantity
                    line.cancelledAmount = try line.cancelledAmount.adding(amount)
                }
                items[key] = line
            }
        }
        var lines: [CancellationLine] = []
        for cancellation in cancellations {
            reversed[cancellation.settlement] = try (reversed[cancellation.settlement] ?? .zero).adding(cancellation.amount)
            lines.append(CancellationLine(
                id: cancellation.id, paymentID: cancellation.paymentID,
                requestID: byID[cancellation.paymentID]?.requestID ?? "", settlement: cancellation.settlement,
                amount: cancellation.amount, reasonCode: cancellation.reasonCode,
                reasonLabel: reasonLabel(cancellation.reasonCode), note: cancellation.note,
                supervisorID: cancellation.supervisorID, recordedAt: cancellation.recordedAt))
        }
        let cashSales = sales[.cash] ?? .zero, cashCancellations = reversed[.cash] ?? .zero
        var expected: Yen?, counted: Yen?, overShort: Yen?
        if let count {
            let expectation = try count.float.adding(cashSales).subtracting(cashCancellations)
            let countedCash = try count.counted.total()
            expected = expectation
            counted = countedCash
            overShort = try countedCash.subtracting(expectation)
        }
        var groups: [GroupLine] = []
        for group in BrandGroup.allCases {
            let groupSales = sales[.cashless(group)] ?? .zero, groupCancelled = reversed[.cashless(group)] ?? .zero
            let net = try groupSales.subtracting(groupCancelled)
            let terminal = count?.terminalTotals.amount(of: group)
            groups.append(GroupLine(group: group, sales: groupSales, cancellations: groupCancelled, net: net,
                                    terminalTotal: terminal, difference: try terminal.map { try $0.subtracting(net) }))
        }
        let itemLines = order.compactMap { items[$0] }.sorted {
            ($0.code, $0.settlement) < ($1.code, $1.settlement)
        }
        return DailyReport(terminalID: terminalID, day: day, paymentCount: payments.count,
                           cancellationCount: cancellations.count, cashSales: cashSales,
                           cashCancellations: cashCancellations, count: count, expectedCash: expected,
                           countedCash: counted, overShort: overShort, groups: groups, items: itemLines,
                           exempt: exemptOrder.compactMap { exempt[$0] }.sorted { $0.code < $1.code },
                           cancellations: lines, seal: nil)
    }
}
