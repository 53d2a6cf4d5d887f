import CashlessLedger
import CounterCore
import Foundation
import GRDB

/// The column form of ledger entries and the canonical fields of their hash (`docs/ledger.md`): an entry's
/// own columns, then each child table's row count and rows (items, postings, the close) in line order.
enum LedgerRows {
    static let entryColumns = ["id", "terminal_id", "kind", "actor_kind", "actor_id", "channel", "occurred_at_ms", "day",
                               "request_id", "method", "brand_id", "brand_group", "slip", "total_yen", "cash_received_yen",
                               "change_yen", "original_id", "supervisor_id", "reason_code", "reason_note"]
    static let itemColumns = ["line_no", "code", "label", "unit_fee_yen", "quantity", "exempt"]
    static let postingColumns = ["line_no", "account", "side", "amount_yen"]
    static let denominationColumns = CashCount.denominations.map { "count_\($0)" }
    static func groupColumns(prefix: String) -> [String] { BrandGroup.allCases.map { "\(prefix)_\($0.rawValue)_yen" } }
    static let closeColumns = ["float_yen"] + denominationColumns + groupColumns(prefix: "terminal")
        + ["cash_sales_yen", "cash_cancelled_yen", "expected_cash_yen", "counted_cash_yen", "over_short_yen"]
        + groupColumns(prefix: "system") + ["payments", "cancellations"]

    /// One entry with its child rows, each row's values in its table's column order.
    struct Record {
        var entry: [HashChain.Field]
        var items: [[HashChain.Field]] = []
        var postings: [[HashChain.Field]] = []
        var close: [HashChain.Field]?

        /// The fields the hash covers.
        var canonical: [HashChain.Field] {
            var fields = entry
            fields.append(.integer(Int64(items.count)))
            fields += items.flatMap { $0 }
            fields.append(.integer(Int64(postings.count)))
            fields += postings.flatMap { $0 }
            fields.append(.integer(close == nil ? 0 : 1))
            fields += close ?? []
            return fields
        }
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    static func yen(_ value: Yen?) -> HashChain.Field { .integer(value?.amount) }

    static func entryFields(id: UUID, terminalID: String, kind: String, actor: EventActor, channel: CaseChannel,
                            at date: Date, day: CalendarDate, requestID: String? = nil, method: PaymentMethod? = nil,
                            brandID: String? = nil, group: BrandGroup? = nil, slip: String? = nil, total: Yen? = nil,
                            received: Yen? = nil, change: Yen? = nil, originalID: UUID? = nil,
                            supervisorID: String? = nil, reasonCode: String? = nil, note: String? = nil) -> [HashChain.Field] {
        [.text(id.uuidString), .text(terminalID), .text(kind), .text(actor.kindName), .text(actor.id),
         .text(channel.rawValue), .integer(milliseconds(date)), .text(day.iso), .text(requestID), .text(method?.rawValue),
         .text(brandID), .text(group?.rawValue), .text(slip), yen(total), yen(received), yen(change),
         .text(originalID?.uuidString), .text(supervisorID), .text(reasonCode), .text(note)]
    }

    static func postingRows(_ postings: PostingSet) -> [[HashChain.Field]] {
        postings.postings.enumerated().map { index, posting in
            [.integer(Int64(index + 1)), .text(posting.account.code), .text(posting.side.rawValue), yen(posting.amount)]
        }
    }

    static func record(of payment: Payment) -> Record {
        var received: Yen?, change: Yen?, brandID: String?, group: BrandGroup?, slip: String?
        switch payment.tender {
        case .cash(let cash, let given): (received, change) = (cash, given)
        case .cashless(let brand, let brandGroup, let number): (brandID, group, slip) = (brand, brandGroup, number)
        }
        let entry = entryFields(id: payment.id, terminalID: payment.terminalID, kind: "payment", actor: payment.actor,
                                channel: payment.channel, at: payment.recordedAt, day: payment.day,
                                requestID: payment.requestID, method: payment.tender.method, brandID: brandID,
                                group: group, slip: slip, total: payment.total, received: received, change: change)
        let items = payment.items.enumerated().map { index, item -> [HashChain.Field] in
            [.integer(Int64(index + 1)), .text(item.code), .text(item.label), yen(item.unitFee),
             .integer(Int64(item.quantity)), .integer(item.exempt ? 1 : 0)]
        }
        return Record(entry: entry, items: items, postings: postingRows(payment.postings))
    }

    static func record(of cancellation: Cancellation) -> Record {
        var group: BrandGroup?
        if case .cashless(let settled) = cancellation.settlement { group = settled }
        let entry = entryFields(id: cancellation.id, terminalID: cancellation.terminalID, kind: "cancellation",
                                actor: cancellation.actor, channel: cancellation.channel, at: cancellation.recordedAt,
                                day: cancellation.day, method: group == nil ? .cash : .cashless, group: group,
                                total: cancellation.amount, originalID: cancellation.paymentID,
                                supervisorID: cancellation.supervisorID, reasonCode: cancellation.reasonCode,
                                note: cancellation.note)
        return Record(entry: entry, postings: postingRows(cancellation.postings))
    }

    static func record(of close: DailyClose) throws -> Record {
        let report = close.report
        guard let count = report.count, let expected = report.expectedCash, let counted = report.countedCash,
              let overShort = report.overShort else { throw LedgerError.malformedCount }
        let entry = entryFields(id: close.id, terminalID: report.terminalID, kind: "close", actor: close.actor,
                                channel: close.channel, at: close.closedAt, day: report.day,
                                supervisorID: close.supervisorID)
        var row: [HashChain.Field] = [yen(count.float)]
        row += CashCount.denominations.map { .integer(count.counted.count(of: $0)) }
        row += BrandGroup.allCases.map { yen(count.terminalTotals.amount(of: $0)) }
        row += [yen(report.cashSales), yen(report.cashCancellations), yen(expected), yen(counted), yen(overShort)]
        row += report.groups.map { yen($0.net) }
        row += [.integer(Int64(report.paymentCount)), .integer(Int64(report.cancellationCount))]
        return Record(entry: entry, close: row)
    }

    /// A stored value as a canonical field (integers stay integers, NULL stays NULL).
    static func field(_ value: DatabaseValue) -> HashChain.Field {
        switch value.storage {
        case .null: return .text(nil)
        case .int64(let number): return .integer(number)
        case .string(let text): return .text(text)
        case .double(let number): return .text(String(number))
        case .blob(let data): return .text(data.map { String(format: "%02x", $0) }.joined())
        }
    }

    static func fields(of row: Row, _ columns: [String]) -> [HashChain.Field] {
        columns.map { field(row[$0] as DatabaseValue) }
    }

    static func arguments(_ fields: [HashChain.Field]) -> StatementArguments {
        StatementArguments(fields.map { field -> (any DatabaseValueConvertible)? in
            switch field {
            case .text(let text): return text
            case .integer(let number): return number
            }
        })
    }

    static func insertSQL(_ table: String, _ columns: [String], extra: [String] = []) -> String {
        let all = (table == "ledger_item" || table == "ledger_posting" || table == "ledger_close" ? ["entry_id"] : [])
            + columns + extra
        return "INSERT INTO \(table) (\(all.joined(separator: ", "))) VALUES (\(all.map { _ in "?" }.joined(separator: ", ")))"
    }
}
