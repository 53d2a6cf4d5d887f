import CounterCore
import Foundation
import GRDB

/// What a check of the ledger's chains found.
public struct LedgerChainReport: Sendable, Equatable {
    /// Entries checked per terminal.
    public var entriesPerTerminal: [String: Int]
    /// The first entry whose stored hash is not the recomputed one, or nil when every chain holds.
    public var firstBreak: Break?

    /// The entry where a chain breaks.
    public struct Break: Sendable, Equatable {
        /// Its terminal.
        public var terminalID: String
        /// Its `seq`.
        public var seq: Int64
        /// Its id (as stored).
        public var entryID: String
    }

    /// True when every chain holds.
    public var isIntact: Bool { firstBreak == nil }
}

extension LedgerRepository {
    /// Recomputes every terminal's chain from the stored columns of the entries and their children, in one pass
    /// per table (ordered by entry), and names the first entry that does not match.
    public static func verifyChains(in db: Database) throws -> LedgerChainReport {
        // A database no ledger binary migrated yet has no ledger: nothing to check.
        guard try db.tableExists("ledger_entry") else { return LedgerChainReport(entriesPerTerminal: [:], firstBreak: nil) }
        let entries = try Row.fetchCursor(db, sql: "SELECT * FROM ledger_entry ORDER BY seq")
        var items = try ChildCursor(db, table: "ledger_item", columns: LedgerRows.itemColumns, order: ", c.line_no")
        var postings = try ChildCursor(db, table: "ledger_posting", columns: LedgerRows.postingColumns, order: ", c.line_no")
        var closes = try ChildCursor(db, table: "ledger_close", columns: LedgerRows.closeColumns, order: "")
        var previous: [String: Data] = [:]
        var counts: [String: Int] = [:]
        while let row = try entries.next() {
            let seq: Int64 = row["seq"]
            let terminal: String = row["terminal_id"]
            var record = LedgerRows.Record(entry: LedgerRows.fields(of: row, LedgerRows.entryColumns))
            record.items = try items.rows(of: seq)
            record.postings = try postings.rows(of: seq)
            let close = try closes.rows(of: seq)
            record.close = close.first
            let expectedPrevious = previous[terminal] ?? HashChain.genesis
            let computed = HashChain.link(previous: expectedPrevious, fields: record.canonical)
            counts[terminal, default: 0] += 1
            let storedPrevious: Data? = row["prev_hash"], stored: Data? = row["hash"]
            guard storedPrevious == expectedPrevious, stored == computed, close.count <= 1 else {
                return LedgerChainReport(entriesPerTerminal: counts, firstBreak: .init(
                    terminalID: terminal, seq: seq, entryID: TextSafety.terminalSafe(row["id"] ?? "")))
            }
            previous[terminal] = computed
        }
        // Child rows whose entry is gone (or was never there) break the ledger too.
        if let orphan = try String.fetchOne(db, sql: """
            SELECT entry_id FROM (SELECT entry_id FROM ledger_item UNION ALL SELECT entry_id FROM ledger_posting
                UNION ALL SELECT entry_id FROM ledger_close) WHERE entry_id NOT IN (SELECT id FROM ledger_entry) LIMIT 1
            """) {
            return LedgerChainReport(entriesPerTerminal: counts,
                                     firstBreak: .init(terminalID: "", seq: 0, entryID: TextSafety.terminalSafe(orphan)))
        }
        return LedgerChainReport(entriesPerTerminal: counts, firstBreak: nil)
    }
}

/// The rows of one child table in entry order, read alongside the entries.
private struct ChildCursor {
    private let cursor: RowCursor
    private let columns: [String]
    private var pending: (seq: Int64, fields: [HashChain.Field])?

    init(_ db: Database, table: String, columns: [String], order: String) throws {
        cursor = try Row.fetchCursor(db, sql: """
            SELECT e.seq AS entry_seq, c.* FROM \(table) c JOIN ledger_entry e ON e.id = c.entry_id ORDER BY e.seq\(order)
            """)
        self.columns = columns
    }

    /// The rows of the entry `seq` (the cursor is advanced past them).
    mutating func rows(of seq: Int64) throws -> [[HashChain.Field]] {
        var rows: [[HashChain.Field]] = []
        while true {
            if pending == nil, let row = try cursor.next() {
                pending = (row["entry_seq"], LedgerRows.fields(of: row, columns))
            }
            guard let next = pending, next.seq == seq else { return rows }
            rows.append(next.fields)
            pending = nil
        }
    }
}
