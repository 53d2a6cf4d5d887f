import Foundation
import GRDB

/// The ledger's tables (`docs/ledger.md`): write-once entries (payments, cancellations, closes) chained per
/// terminal, with their items, postings and close counts. One migration per change (never edit a shipped one).
public enum LedgerSchema: SchemaModule {
    /// The write-once tables, each guarded against UPDATE, DELETE and REPLACE.
    static let tables: [(name: String, key: String)] = [
        ("ledger_entry", "id = NEW.id OR seq = NEW.seq"),
        ("ledger_item", "entry_id = NEW.entry_id AND line_no = NEW.line_no"),
        ("ledger_posting", "entry_id = NEW.entry_id AND line_no = NEW.line_no"),
        ("ledger_close", "entry_id = NEW.entry_id"),
    ]

    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("ledger-v1") { db in
            try db.execute(sql: """
                CREATE TABLE ledger_entry (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    terminal_id TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('payment', 'cancellation', 'close')),
                    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('clerk', 'kiosk')),
                    actor_id TEXT NOT NULL,
                    channel TEXT NOT NULL CHECK (channel IN ('counter', 'kiosk', 'cli')),
                    occurred_at_ms INTEGER NOT NULL,
                    day TEXT NOT NULL,
                    request_id TEXT,
                    method TEXT CHECK (method IN ('cash', 'cashless')),
                    brand_id TEXT,
                    brand_group TEXT CHECK (brand_group IN ('credit', 'emoney', 'code')),
                    slip TEXT,
                    total_yen INTEGER,
                    cash_received_yen INTEGER,
                    change_yen INTEGER,
                    original_id TEXT REFERENCES ledger_entry(id),
                    supervisor_id TEXT,
                    reason_code TEXT,
                    reason_note TEXT,
                    prev_hash BLOB NOT NULL,
                    hash BLOB NOT NULL
                );
                CREATE INDEX ledger_entry_terminal_day ON ledger_entry(terminal_id, day, seq);
                CREATE INDEX ledger_entry_terminal_seq ON ledger_entry(terminal_id, seq);
                CREATE UNIQUE INDEX ledger_slip_once ON ledger_entry(terminal_id, day, brand_id, slip)
                    WHERE kind = 'payment' AND slip IS NOT NULL;
                CREATE UNIQUE INDEX ledger_cancel_once ON ledger_entry(original_id) WHERE kind = 'cancellation';
                CREATE UNIQUE INDEX ledger_close_once ON ledger_entry(terminal_id, day) WHERE kind = 'close';
                CREATE TABLE ledger_item (
                    entry_id TEXT NOT NULL REFERENCES ledger_entry(id),
                    line_no INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    label TEXT NOT NULL,
                    unit_fee_yen INTEGER NOT NULL CHECK (unit_fee_yen >= 0),
                    quantity INTEGER NOT NULL CHECK (quantity > 0),
                    exempt INTEGER NOT NULL CHECK (exempt IN (0, 1)),
                    PRIMARY KEY (entry_id, line_no)
                );
                CREATE TABLE ledger_posting (
                    entry_id TEXT NOT NULL REFERENCES ledger_entry(id),
                    line_no INTEGER NOT NULL,
                    account TEXT NOT NULL,
                    side TEXT NOT NULL CHECK (side IN ('debit', 'credit')),
                    amount_yen INTEGER NOT NULL CHECK (amount_yen > 0),
                    PRIMARY KEY (entry_id, line_no)
                );
                CREATE TABLE ledger_close (
                    entry_id TEXT PRIMARY KEY NOT NULL REFERENCES ledger_entry(id),
                    float_yen INTEGER NOT NULL,
                    \(LedgerRows.denominationColumns.map { "\($0) INTEGER NOT NULL" }.joined(separator: ",\n")),
                    \(LedgerRows.groupColumns(prefix: "terminal").map { "\($0) INTEGER NOT NULL" }.joined(separator: ",\n")),
                    cash_sales_yen INTEGER NOT NULL,
                    cash_cancelled_yen INTEGER NOT NULL,
                    expected_cash_yen INTEGER NOT NULL,
                    counted_cash_yen INTEGER NOT NULL,
                    over_short_yen INTEGER NOT NULL,
                    \(LedgerRows.groupColumns(prefix: "system").map { "\($0) INTEGER NOT NULL" }.joined(separator: ",\n")),
                    payments INTEGER NOT NULL,
                    cancellations INTEGER NOT NULL
                );
                """)
            for (table, key) in tables {
                try WriteOnce.guardTable(table, key: key, message: "ledger entries are append-only", in: db)
            }
            try db.execute(sql: """
                CREATE TRIGGER ledger_entry_chained BEFORE INSERT ON ledger_entry
                WHEN length(NEW.hash) != 32 OR length(NEW.prev_hash) != 32
                BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only and chained'); END;
                """)
        }
        migrator.registerMigration("ledger-v2-request-index") { db in
            // One payment per request: the check before each payment finds the request's payments by index.
            try db.execute(sql: """
                CREATE INDEX ledger_entry_request ON ledger_entry(request_id) WHERE kind = 'payment'
                """)
        }
    }

    /// The triggers that make the ledger write-once and chained.
    public static let guards: [String] = tables.flatMap { table, _ in
        WriteOnce.triggerNames(table)
    } + ["ledger_entry_chained"]
}

extension LedgerSchema {
    /// The ledger's chained layout as the city's copy needs it (`docs/ledger.md`): each table's columns in the
    /// order of the chain's canonical encoding, and which of them hold integers.
    public enum ChainLayout {
        /// `ledger_entry`'s hashed columns.
        public static var entryColumns: [String] { LedgerRows.entryColumns }
        /// `ledger_item`'s hashed columns (`line_no` first).
        public static var itemColumns: [String] { LedgerRows.itemColumns }
        /// `ledger_posting`'s hashed columns (`line_no` first).
        public static var postingColumns: [String] { LedgerRows.postingColumns }
        /// `ledger_close`'s hashed columns.
        public static var closeColumns: [String] { LedgerRows.closeColumns }

        /// Whether `column` of the ledger's tables holds an integer.
        public static func isInteger(_ column: String) -> Bool {
            column.hasSuffix("_yen") || column.hasSuffix("_ms") || column.hasPrefix("count_")
                || ["line_no", "quantity", "exempt", "payments", "cancellations"].contains(column)
        }
    }
}
