import CounterCore
import Foundation

/// The rules that turn an order into a balanced payment and a payment into its reversal: the one place
/// that prices items, checks the tender and builds the postings.
///
/// Postings of a payment of total T (see `docs/ledger.md`):
/// debit 現金 (cash) or the group's receivable T; credit `revenue.<code>` with each charged item's amount;
/// for each exempt item, debit `memo.exempt` and credit `memo.exempt-contra` with the amount waived.
public enum PaymentRules {
    /// The most copies or units of one line.
    public static let maximumQuantity = 99
    /// The longest slip/approval number.
    public static let maximumSlipLength = 32
    /// The longest free text of a cancellation.
    public static let maximumNoteLength = 200

    /// Prices `order` with the fee table of its day and builds its payment; refuses what the rules forbid.
    ///
    /// Checks that need other records (a closed day, a slip used already) are the store's, in the same
    /// transaction as the write.
    public static func payment(for order: PaymentOrder, terminalID: String, at now: Date,
                               catalog: LedgerCatalog) throws(LedgerError) -> Payment {
        let day = CalendarDate.inJapan(at: now)
        guard RecordIdentifier.isValid(order.requestID) else { throw .invalidRequestID }
        guard !order.lines.isEmpty else { throw .noItems }
        var items: [PaidItem] = []
        for (index, line) in order.lines.enumerated() {
            guard let item = catalog.item(code: line.code) else { throw .unknownItem(position: index + 1) }
            guard let fee = item.fee(on: day) else { throw .itemNotInForce(position: index + 1) }
            guard (1...maximumQuantity).contains(line.quantity) else { throw .invalidQuantity(position: index + 1) }
            items.append(PaidItem(code: item.code, label: item.label, unitFee: fee, quantity: line.quantity,
                                  exempt: line.exempt))
        }
        var charged: [Yen] = []
        for item in items where !item.exempt { charged.append(try item.amount()) }
        let total: Yen
        do { total = try Yen.sum(charged) } catch { throw .overflow }

        let tender = try tender(for: order, total: total, day: day, catalog: catalog)
        let postings = try postings(items: items, total: total, settlement: tender.settlement)
        return Payment(id: order.id, requestID: order.requestID, terminalID: terminalID, actor: order.actor,
                       channel: order.channel, recordedAt: now, day: day, items: items, total: total, tender: tender,
                       postings: postings)
    }

    /// The reversing entry of `payment`, on `now`'s day; refuses another day and unknown reasons.
    public static func cancellation(of payment: Payment, request: CancellationRequest, at now: Date,
                                    catalog: LedgerCatalog) throws(LedgerError) -> Cancellation {
        guard CalendarDate.inJapan(at: now) == payment.day else { throw .cancelOtherDay }
        guard let reason = catalog.reason(code: request.reasonCode) else { throw .unknownReason }
        let note = request.note.flatMap { $0.isEmpty ? nil : $0 }
        if reason.requiresNote, note == nil { throw .noteRequired }
        if let note, note.count > maximumNoteLength || TextSafety.forbidden(in: note) != nil { throw .invalidNote }
        return Cancellation(id: request.id, paymentID: payment.id, terminalID: payment.terminalID, actor: request.actor,
                            channel: request.channel, supervisorID: request.supervisorID, reasonCode: reason.code,
                            note: note, recordedAt: now, day: payment.day, amount: payment.total,
                            settlement: payment.tender.settlement, postings: payment.postings.reversed())
    }

    /// The postings of a payment: the settlement's account against revenue per item, exempt items as memo.
    public static func postings(items: [PaidItem], total: Yen, settlement: Settlement) throws(LedgerError) -> PostingSet {
        var postings: [Posting] = []
        if total > .zero { postings.append(Posting(.debit, .settling(settlement), total)) }
        for item in items where !item.exempt {
            let amount = try item.amount()
            if amount > .zero { postings.append(Posting(.credit, .revenue(itemCode: item.code), amount)) }
        }
        for item in items where item.exempt {
            let waived = try item.amount()
            guard waived > .zero else { continue }
            postings.append(Posting(.debit, .exemptMemo, waived))
            postings.append(Posting(.credit, .exemptMemoContra, waived))
        }
        return try PostingSet(postings)
    }

    /// True when `slip` may be stored: ASCII letters, digits and `-`, 1…``maximumSlipLength`` characters.
    public static func isValidSlip(_ slip: String) -> Bool {
        (1...maximumSlipLength).contains(slip.unicodeScalars.count)
            && slip.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
    }

    private static func tender(for order: PaymentOrder, total: Yen, day: CalendarDate,
                               catalog: LedgerCatalog) throws(LedgerError) -> Tender {
        switch order.tender {
        case .cash(let received):
            let received = received ?? total
            guard received >= total else { throw .cashBelowTotal }
            do { return .cash(received: received, change: try received.subtracting(total)) } catch { throw .overflow }
        case .cashless(let brandID, let slip):
            guard let brand = catalog.brand(id: brandID) else { throw .unknownBrand }
            guard brand.isValid(on: day) else { throw .brandNotInForce }
            if case .kiosk = order.actor, !brand.kioskAccepts { throw .brandNotAtKiosk }
            guard let slip, !slip.isEmpty else { throw .slipRequired }
            guard isValidSlip(slip) else { throw .invalidSlip }
            guard total > .zero else { throw .cashlessWithoutAmount }
            return .cashless(brandID: brand.id, group: brand.group, slip: slip)
        }
    }
}
