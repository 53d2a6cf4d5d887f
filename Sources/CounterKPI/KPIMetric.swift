/// What one rollup row counts (`docs/kpi.md`): each metric has a dimension (`dim`), a count (`n`) and a total.
public enum KPIMetric: String, Sendable, CaseIterable {
    /// A case began; dim: its style (preprinted, handwritten, fee, certificate).
    case caseStarted = "case"
    /// A case ended; dim: its style; total: its duration in ms.
    case caseTime
    /// A case left open by a process that died (no duration).
    case caseAbandoned = "abandoned"
    /// A form printed; dim: the form; total: copies.
    case formPrinted
    /// A form print that failed; dim: the form.
    case formFailed
    /// A payment step; dim: cash or cashless; total: its duration in ms.
    case paymentTime
    /// A fee payment that charged money, net of its cancellation (counted on the payment's day); dim: the method;
    /// total: yen.
    case payment
    /// A 公用 payment (0 yen, every item exempt); not a fee payment.
    case exemptPayment
    /// A cancellation (取消), on its own day; dim: the method of the payment cancelled; total: its yen.
    case cancellation
    /// A paid item, net of cancellations; dim: `<fee code>|<method>`; n: quantity; total: yen charged.
    case item
    /// An issuance (交付); dim: the certificate kind; total: copies.
    case issuance
    /// An issuance for 公用; dim: the kind; total: copies.
    case officialIssuance
    /// A reprint under new numbers (再交付, no new fee); dim: the kind; total: copies.
    case reprint
    /// A printed copy voided (処分).
    case void
    /// An issuance by how it was paid, net of a cancelled payment; dim: `<kind>|<cash, cashless or exempt>`; total: copies.
    case certificateCopies
    /// The same issuances' fee; total: yen.
    case certificateAmount
    /// The one-stop counter: a life event chosen; dim: its id.
    case lifeEvent
    /// The one-stop counter: a procedure kept; dim: its id.
    case procedure
}

/// Where one metric's rows come from: a table, the rows that count, and how each is keyed and counted. The same
/// expressions serve the triggers (one new row) and the recomputation from raw events (grouped), so a figure is
/// never decided twice.
struct KPISource: Sendable {
    var metric: KPIMetric
    /// The table whose insert it counts (the trigger's table).
    var table: String
    /// `FROM …` with the alias `e` for `table` and any joins.
    var from: String
    /// The rows that count.
    var condition: String
    var day = "e.day", terminal = "e.terminal_id", actor = "e.actor_id", channel = "e.channel"
    var dim: String
    var n = "1", total = "0"

    /// Every source: case events, the ledger and the certificates' log.
    static let all: [KPISource] = {
        let event = "case_event e"
        let started = "case_event e JOIN case_event s ON s.case_id = e.case_id AND s.kind = 'caseStarted'"
        let entry = "ledger_entry e"
        let cancelled = "ledger_entry e JOIN ledger_entry o ON o.id = e.original_id"
        let items = "ledger_item i JOIN ledger_entry e ON e.id = i.entry_id"
        let cancelledItems = "ledger_entry e JOIN ledger_entry o ON o.id = e.original_id JOIN ledger_item i ON i.entry_id = o.id"
        let charged = "CASE WHEN i.exempt = 1 THEN 0 ELSE i.unit_fee_yen * i.quantity END"
        let log = "certificate_log e"
        let paid = "certificate_log e LEFT JOIN ledger_entry p ON p.id = e.payment_id"
        let cancelledIssuance = "ledger_entry e JOIN ledger_entry o ON o.id = e.original_id JOIN certificate_log c ON c.payment_id = o.id AND c.kind = 'issue'"
        /// How the issuance was paid: the payment's method, or exempt (公用, 0 yen, or no payment).
        func paidMethod(_ alias: String) -> String {
            "CASE WHEN \(alias).id IS NULL OR \(alias).total_yen = 0 THEN 'exempt' ELSE COALESCE(\(alias).method, '') END"
        }
        return [
            // A case recorded before styles were (migration v3) was a preprinted one, as the events read it.
            KPISource(metric: .caseStarted, table: "case_event", from: event, condition: "e.kind = 'caseStarted'",
                      dim: "COALESCE(e.style, 'preprinted')"),
            KPISource(metric: .caseTime, table: "case_event", from: started, condition: "e.kind = 'caseEnded'",
                      dim: "COALESCE(s.style, 'preprinted')", total: "COALESCE(e.duration_ms, 0)"),
            KPISource(metric: .caseAbandoned, table: "case_event", from: event, condition: "e.kind = 'caseAbandoned'", dim: "''"),
            KPISource(metric: .formPrinted, table: "case_event", from: event, condition: "e.kind = 'formPrinted' AND e.outcome = 'ok'",
                      dim: "COALESCE(e.form_id, '')", total: "COALESCE(e.copies, 0)"),
            KPISource(metric: .formFailed, table: "case_event", from: event,
                      condition: "e.kind = 'formPrinted' AND e.outcome = 'failed'", dim: "COALESCE(e.form_id, '')"),
            KPISource(metric: .paymentTime, table: "case_event", from: event, condition: "e.kind = 'paymentTaken'",
                      dim: "COALESCE(e.source, '')", total: "COALESCE(e.duration_ms, 0)"),
            KPISource(metric: .lifeEvent, table: "case_event", from: event, condition: "e.kind = 'lifeEventChosen'",
                      dim: "COALESCE(e.source, '')"),
            KPISource(metric: .procedure, table: "case_event", from: event,
                      condition: "e.kind = 'procedureChosen' AND e.outcome = 'kept'", dim: "COALESCE(e.form_id, '')"),
            KPISource(metric: .payment, table: "ledger_entry", from: entry, condition: "e.kind = 'payment' AND e.total_yen > 0",
                      dim: "COALESCE(e.method, '')", total: "e.total_yen"),
            // A cancellation takes its payment out of the payment's own day, terminal and clerk.
            KPISource(metric: .payment, table: "ledger_entry", from: cancelled, condition: "e.kind = 'cancellation' AND o.total_yen > 0",
                      day: "o.day", terminal: "o.terminal_id", actor: "o.actor_id", channel: "o.channel",
                      dim: "COALESCE(o.method, '')", n: "-1", total: "-o.total_yen"),
            KPISource(metric: .exemptPayment, table: "ledger_entry", from: entry, condition: "e.kind = 'payment' AND e.total_yen = 0",
                      dim: "''"),
            KPISource(metric: .exemptPayment, table: "ledger_entry", from: cancelled,
                      condition: "e.kind = 'cancellation' AND o.total_yen = 0",
                      day: "o.day", terminal: "o.terminal_id", actor: "o.actor_id", channel: "o.channel", dim: "''", n: "-1"),
            KPISource(metric: .cancellation, table: "ledger_entry", from: cancelled, condition: "e.kind = 'cancellation'",
                      dim: "COALESCE(o.method, '')", total: "o.total_yen"),
            KPISource(metric: .item, table: "ledger_item", from: items, condition: "e.kind = 'payment'",
                      dim: "i.code || '|' || COALESCE(e.method, '')", n: "i.quantity", total: charged),
            KPISource(metric: .item, table: "ledger_entry", from: cancelledItems, condition: "e.kind = 'cancellation'",
                      day: "o.day", terminal: "o.terminal_id", actor: "o.actor_id", channel: "o.channel",
                      dim: "i.code || '|' || COALESCE(o.method, '')", n: "-i.quantity", total: "-(\(charged))"),
            KPISource(metric: .issuance, table: "certificate_log", from: log, condition: "e.kind = 'issue'",
                      dim: "COALESCE(e.certificate_kind, '')", total: "COALESCE(e.copies, 0)"),
            KPISource(metric: .certificateCopies, table: "certificate_log", from: paid, condition: "e.kind = 'issue'",
                      dim: "COALESCE(e.certificate_kind, '') || '|' || \(paidMethod("p"))", total: "COALESCE(e.copies, 0)"),
            KPISource(metric: .certificateAmount, table: "certificate_log", from: paid, condition: "e.kind = 'issue'",
                      dim: "COALESCE(e.certificate_kind, '') || '|' || \(paidMethod("p"))", total: "COALESCE(p.total_yen, 0)"),
            // A cancelled payment takes its issuance out of the payment's own day, terminal and clerk.
            KPISource(metric: .certificateCopies, table: "ledger_entry", from: cancelledIssuance, condition: "e.kind = 'cancellation'",
                      day: "o.day", terminal: "o.terminal_id", actor: "o.actor_id", channel: "o.channel",
                      dim: "COALESCE(c.certificate_kind, '') || '|' || \(paidMethod("o"))", n: "-1", total: "-COALESCE(c.copies, 0)"),
            KPISource(metric: .certificateAmount, table: "ledger_entry", from: cancelledIssuance, condition: "e.kind = 'cancellation'",
                      day: "o.day", terminal: "o.terminal_id", actor: "o.actor_id", channel: "o.channel",
                      dim: "COALESCE(c.certificate_kind, '') || '|' || \(paidMethod("o"))", n: "-1", total: "-COALESCE(o.total_yen, 0)"),
            KPISource(metric: .officialIssuance, table: "certificate_log", from: log, condition: "e.kind = 'issue' AND e.official = 1",
                      dim: "COALESCE(e.certificate_kind, '')", total: "COALESCE(e.copies, 0)"),
            KPISource(metric: .reprint, table: "certificate_log", from: log, condition: "e.kind = 'reprint'",
                      dim: "COALESCE(e.certificate_kind, '')", total: "COALESCE(e.copies, 0)"),
            KPISource(metric: .void, table: "certificate_log", from: log, condition: "e.kind = 'void'", dim: "''"),
        ]
    }()

    /// The alias of the row whose day (and time) the count belongs to: `o`, the payment, for what a cancellation takes
    /// out of it; `e` otherwise. A shift's hours are applied to it.
    var attributedAlias: String { String(day.prefix(1)) }

    /// The key and count columns for one row (`rowid` of the new row) or, grouped, for every row in `filter`.
    func select(where filter: String, grouped: Bool) -> String {
        let n = grouped ? "SUM(\(self.n))" : self.n, total = grouped ? "SUM(\(self.total))" : self.total
        return """
            SELECT \(day) AS day, \(terminal) AS terminal_id, \(actor) AS actor_id, \(channel) AS channel, \
            '\(metric.rawValue)' AS metric, \(dim) AS dim, \(n) AS n, \(total) AS total FROM \(from) \
            WHERE \(condition) AND (\(filter))\(grouped ? " GROUP BY 1, 2, 3, 4, 6" : "")
            """
    }

    /// The alias of the trigger's table in `from` (`i` for items, else `e`).
    var rowAlias: String { table == "ledger_item" ? "i" : "e" }

    /// The part of `condition` on the new row alone (`NEW.kind = 'caseStarted'`), so the trigger runs only for the
    /// rows that can count; nil when the condition needs a joined row (an item's entry).
    var rowCondition: String? {
        let own = condition.components(separatedBy: " AND ").filter { $0.hasPrefix("\(rowAlias).") }
        return own.isEmpty ? nil : own.map { "NEW." + $0.dropFirst(2) }.joined(separator: " AND ")
    }
}
