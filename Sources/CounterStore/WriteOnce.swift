import GRDB

/// The write-once guard every record table shares: triggers named `<table>_no_update`, `_no_delete` and
/// `_no_replace` that refuse UPDATE, DELETE and an INSERT of a row whose key is taken (REPLACE), each raising
/// `message`. One definition, so the ledger, the registry and the certificate log guard alike.
public enum WriteOnce {
    /// The guard triggers' names for `table`.
    public static func triggerNames(_ table: String) -> [String] {
        ["\(table)_no_update", "\(table)_no_delete", "\(table)_no_replace"]
    }

    /// Creates the three triggers on `table`; `key` is the condition that finds an existing row with the new
    /// row's key (e.g. `id = NEW.id`).
    public static func guardTable(_ table: String, key: String, message: String, in db: Database) throws {
        try db.execute(sql: """
            CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
            BEGIN SELECT RAISE(ABORT, '\(message)'); END;
            CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
            BEGIN SELECT RAISE(ABORT, '\(message)'); END;
            CREATE TRIGGER \(table)_no_replace BEFORE INSERT ON \(table)
            WHEN EXISTS (SELECT 1 FROM \(table) WHERE \(key))
            BEGIN SELECT RAISE(ABORT, '\(message)'); END;
            """)
    }
}
