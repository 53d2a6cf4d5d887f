import CashlessLedger
import CounterCore
import Foundation
import GRDB

/// The write-once ledger of every terminal in this database: payments, cancellations and closes, each an
/// entry chained per terminal with its items and postings. Operations take the open `Database`, so an
/// entry and its children commit together (and with the caller's other writes).
public enum LedgerRepository {
    /// Appends a payment with its items and postings.
    public static func append(_ payment: Payment, in db: Database) throws {
        try insert(LedgerRows.record(of: payment), terminalID: payment.terminalID, in: db)
    }

    /// Appends a cancellation with its reversing postings.
    public static func append(_ cancellation: Cancellation, in db: Database) throws {
        try insert(LedgerRows.record(of: cancellation), terminalID: cancellation.terminalID, in: db)
    }

    /// Appends a close; returns its seal (the close entry's hash is the chain head it anchors).
    @discardableResult
    public static func append(_ close: DailyClose, in db: Database) throws -> CloseSeal {
        let hash = try insert(LedgerRows.record(of: close), terminalID: close.report.terminalID, in: db)
        return CloseSeal(id: close.id, closedAt: close.closedAt, actor: close.actor, supervisorID: close.supervisorID,
                         chainHead: hex(hash))
    }

    /// The kind of the entry with `id` (`payment`, `cancellation`, `close`), if stored.
    public static func kind(of id: UUID, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT kind FROM ledger_entry WHERE id = ?", arguments: [id.uuidString])
    }

    /// The payment with `id`, if stored.
    public static func payment(id: UUID, in db: Database) throws -> Payment? {
        try payments(where: "e.id = ?", [id.uuidString], in: db).first
    }

    /// The payments of `terminalID` on `day`, in recorded order.
    public static func payments(terminalID: String, day: CalendarDate, in db: Database) throws -> [Payment] {
        try payments(where: "e.terminal_id = ? AND e.day = ?", [terminalID, day.iso], in: db)
    }

    /// The cancellation with `id`, if stored.
    public static func cancellation(id: UUID, in db: Database) throws -> Cancellation? {
        try cancellations(where: "e.id = ?", [id.uuidString], in: db).first
    }

    /// The cancellation of the payment `paymentID`, if it was cancelled.
    public static func cancellation(ofPayment paymentID: UUID, in db: Database) throws -> Cancellation? {
        try cancellations(where: "e.original_id = ?", [paymentID.uuidString], in: db).first
    }

    /// The cancellations of `terminalID` on `day`, in recorded order.
    public static func cancellations(terminalID: String, day: CalendarDate, in db: Database) throws -> [Cancellation] {
        try cancellations(where: "e.terminal_id = ? AND e.day = ?", [terminalID, day.iso], in: db)
    }

    /// True when `requestID` has a payment that is not cancelled, at any terminal of this database.
    public static func requestPaid(_ requestID: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM ledger_entry p WHERE p.kind = 'payment' AND p.request_id = ?
                AND NOT EXISTS (SELECT 1 FROM ledger_entry c WHERE c.kind = 'cancellation' AND c.original_id = p.id))
            """, arguments: [requestID]) ?? false
    }

    /// True when `brandID` + `slip` is recorded on `day` at `terminalID`.
    public static func slipUsed(brandID: String, slip: String, terminalID: String, day: CalendarDate,
                                in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM ledger_entry WHERE kind = 'payment' AND terminal_id = ? AND day = ?
                AND brand_id = ? AND slip = ?)
            """, arguments: [terminalID, day.iso, brandID, slip]) ?? false
    }

    /// The seal of the close of `terminalID`'s `day`, nil while the day is open.
    public static func seal(terminalID: String, day: CalendarDate, in db: Database) throws -> CloseSeal? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT * FROM ledger_entry WHERE kind = 'close' AND terminal_id = ? AND day = ?
            """, arguments: [terminalID, day.iso]) else { return nil }
        let base = try header(of: row)
        return CloseSeal(id: base.id, closedAt: base.at, actor: base.actor, supervisorID: row["supervisor_id"] ?? "",
                         chainHead: hex(row["hash"] as Data))
    }

    /// The count keyed at the close of `terminalID`'s `day`, nil while the day is open.
    public static func closeCount(terminalID: String, day: CalendarDate, in db: Database) throws -> DailyCount? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT c.* FROM ledger_close c JOIN ledger_entry e ON e.id = c.entry_id
            WHERE e.terminal_id = ? AND e.day = ?
            """, arguments: [terminalID, day.iso]) else { return nil }
        do {
            var pieces: [Int64: Int64] = [:]
            for (denomination, column) in zip(CashCount.denominations, LedgerRows.denominationColumns) {
                pieces[denomination] = row[column]
            }
            var totals: [BrandGroup: Yen] = [:]
            for (group, column) in zip(BrandGroup.allCases, LedgerRows.groupColumns(prefix: "terminal")) {
                totals[group] = Yen(row[column])
            }
            return DailyCount(float: Yen(row["float_yen"]), counted: try CashCount(pieces: pieces),
                              terminalTotals: try TerminalTotals(totals))
        } catch {
            throw StoreError.corruptRecord
        }
    }

    /// The hash of `terminalID`'s last entry (its chain head), or the genesis for an empty chain.
    public static func chainHead(terminalID: String, in db: Database) throws -> Data {
        try Data.fetchOne(db.cachedStatement(sql: "SELECT hash FROM ledger_entry WHERE terminal_id = ? ORDER BY seq DESC LIMIT 1"),
                          arguments: [terminalID]) ?? HashChain.genesis
    }

    /// The ledger's write-once triggers missing from the schema (someone dropped them).
    public static func missingGuards(in db: Database) throws -> [String] {
        guard try db.tableExists("ledger_entry") else { return [] }
        let present = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        return LedgerSchema.guards.filter { !present.contains($0) }
    }

    // MARK: - Writing

    @discardableResult
    private static func insert(_ record: LedgerRows.Record, terminalID: String, in db: Database) throws -> Data {
        let previous = try chainHead(terminalID: terminalID, in: db)
        let hash = HashChain.link(previous: previous, fields: record.canonical)
        var arguments = LedgerRows.arguments(record.entry)
        arguments += [previous, hash]
        // Cached statements: the KPI triggers make an insert costly to compile.
        try db.cachedStatement(sql: LedgerRows.insertSQL("ledger_entry", LedgerRows.entryColumns, extra: ["prev_hash", "hash"]))
            .execute(arguments: arguments)
        let entryID: (any DatabaseValueConvertible)? = {
            if case .text(let id) = record.entry[0] { return id }
            return nil
        }()
        for item in record.items {
            try db.cachedStatement(sql: LedgerRows.insertSQL("ledger_item", LedgerRows.itemColumns))
                .execute(arguments: [entryID] + LedgerRows.arguments(item))
        }
        for posting in record.postings {
            try db.cachedStatement(sql: LedgerRows.insertSQL("ledger_posting", LedgerRows.postingColumns))
                .execute(arguments: [entryID] + LedgerRows.arguments(posting))
        }
        if let close = record.close {
            try db.execute(sql: LedgerRows.insertSQL("ledger_close", LedgerRows.closeColumns),
                           arguments: [entryID] + LedgerRows.arguments(close))
        }
        return hash
    }

    // MARK: - Reading

    private struct Header {
        var id: UUID, terminalID: String, actor: EventActor, channel: CaseChannel, at: Date, day: CalendarDate
    }

    private static func header(of row: Row) throws -> Header {
        guard let id = UUID(uuidString: row["id"]), let actor = EventActor(kindName: row["actor_kind"], id: row["actor_id"]),
              let channel = CaseChannel(rawValue: row["channel"]), let day = CalendarDate(iso: row["day"]) else {
            throw StoreError.corruptRecord
        }
        let milliseconds: Int64 = row["occurred_at_ms"]
        return Header(id: id, terminalID: row["terminal_id"], actor: actor, channel: channel,
                      at: Date(timeIntervalSince1970: Double(milliseconds) / 1000), day: day)
    }

    /// Postings of the entries matching `condition`, per entry id.
    private static func postings(where condition: String, _ arguments: StatementArguments,
                                 in db: Database) throws -> [String: PostingSet] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT p.* FROM ledger_posting p JOIN ledger_entry e ON e.id = p.entry_id WHERE \(condition)
            ORDER BY e.seq, p.line_no
            """, arguments: arguments)
        var lines: [String: [Posting]] = [:]
        for row in rows {
            guard let account = LedgerAccount(code: row["account"]), let side = PostingSide(rawValue: row["side"]) else {
                throw StoreError.corruptRecord
            }
            lines[row["entry_id"], default: []].append(Posting(side, account, Yen(row["amount_yen"])))
        }
        do {
            return try lines.mapValues { try PostingSet($0) }
        } catch {
            throw StoreError.corruptRecord
        }
    }

    private static func payments(where condition: String, _ arguments: StatementArguments,
                                 in db: Database) throws -> [Payment] {
        let filter = "e.kind = 'payment' AND \(condition)"
        let postings = try postings(where: filter, arguments, in: db)
        var items: [String: [PaidItem]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT i.* FROM ledger_item i JOIN ledger_entry e ON e.id = i.entry_id WHERE \(filter) ORDER BY e.seq, i.line_no
            """, arguments: arguments) {
            items[row["entry_id"], default: []].append(PaidItem(
                code: row["code"], label: row["label"], unitFee: Yen(row["unit_fee_yen"]), quantity: row["quantity"],
                exempt: row["exempt"] as Int64 == 1))
        }
        return try Row.fetchAll(db, sql: "SELECT * FROM ledger_entry e WHERE \(filter) ORDER BY e.seq",
                                arguments: arguments).map { row in
            let base = try header(of: row)
            let tender: Tender
            if row["method"] as String == PaymentMethod.cash.rawValue {
                tender = .cash(received: Yen(row["cash_received_yen"]), change: Yen(row["change_yen"]))
            } else {
                guard let group = BrandGroup(rawValue: row["brand_group"] ?? "") else { throw StoreError.corruptRecord }
                tender = .cashless(brandID: row["brand_id"], group: group, slip: row["slip"])
            }
            guard let postingSet = postings[base.id.uuidString] else { throw StoreError.corruptRecord }
            return Payment(id: base.id, requestID: row["request_id"], terminalID: base.terminalID, actor: base.actor,
                           channel: base.channel, recordedAt: base.at, day: base.day,
                           items: items[base.id.uuidString] ?? [], total: Yen(row["total_yen"]), tender: tender,
                           postings: postingSet)
        }
    }

    private static func cancellations(where condition: String, _ arguments: StatementArguments,
                                      in db: Database) throws -> [Cancellation] {
        let filter = "e.kind = 'cancellation' AND \(condition)"
        let postings = try postings(where: filter, arguments, in: db)
        return try Row.fetchAll(db, sql: "SELECT * FROM ledger_entry e WHERE \(filter) ORDER BY e.seq",
                                arguments: arguments).map { row in
            let base = try header(of: row)
            guard let original = UUID(uuidString: row["original_id"]), let postingSet = postings[base.id.uuidString]
            else { throw StoreError.corruptRecord }
            let settlement: Settlement = (row["brand_group"] as String?).flatMap(BrandGroup.init(rawValue:)).map {
                .cashless($0)
            } ?? .cash
            return Cancellation(id: base.id, paymentID: original, terminalID: base.terminalID, actor: base.actor,
                                channel: base.channel, supervisorID: row["supervisor_id"], reasonCode: row["reason_code"],
                                note: row["reason_note"], recordedAt: base.at, day: base.day,
                                amount: Yen(row["total_yen"]), settlement: settlement, postings: postingSet)
        }
    }

    static func hex(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }
}
