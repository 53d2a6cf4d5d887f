import Foundation
import GRDB

/// The terminal's own tables: clerks, case events, printer calibrations. One migration per change
/// (never edit a shipped one).
public enum TerminalSchema: SchemaModule {
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-clerks") { db in
            try db.execute(sql: """
                CREATE TABLE clerk (
                    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
                    display_name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('administrator', 'clerk')),
                    password_kdf TEXT NOT NULL,
                    password_iterations INTEGER NOT NULL,
                    password_salt BLOB NOT NULL,
                    password_hash BLOB NOT NULL,
                    failed_logins INTEGER NOT NULL DEFAULT 0,
                    created_at_ms INTEGER NOT NULL
                )
                """)
        }
        migrator.registerMigration("v1-case-events") { db in
            try db.execute(sql: """
                CREATE TABLE case_event (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    terminal_id TEXT NOT NULL,
                    clerk_id TEXT NOT NULL,
                    case_id TEXT NOT NULL,
                    occurred_at_ms INTEGER NOT NULL,
                    day TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    source TEXT,
                    fields TEXT,
                    form_id TEXT,
                    copies INTEGER,
                    outcome TEXT,
                    error_kind TEXT,
                    duration_ms INTEGER
                );
                CREATE INDEX case_event_case ON case_event(case_id);
                CREATE INDEX case_event_day_kind ON case_event(day, kind);
                CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
                BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
                CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event
                BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
                """)
        }
        migrator.registerMigration("v2-printer-calibrations") { db in
            try db.execute(sql: """
                CREATE TABLE printer_calibration (
                    printer_key TEXT PRIMARY KEY NOT NULL CHECK (length(printer_key) > 0),
                    offset_x_mm REAL NOT NULL CHECK (abs(offset_x_mm) <= 10),
                    offset_y_mm REAL NOT NULL CHECK (abs(offset_y_mm) <= 10),
                    updated_at_ms INTEGER NOT NULL
                )
                """)
        }
        migrator.registerMigration("v3-event-actor-channel") { db in
            // Who ran the case (a clerk or a kiosk) and where (counter, kiosk, cli); whether it was
            // preprinted; the form revision printed. Rows before v3 were counter cases of clerks.
            try db.execute(sql: """
                ALTER TABLE case_event RENAME COLUMN clerk_id TO actor_id;
                ALTER TABLE case_event ADD COLUMN actor_kind TEXT NOT NULL DEFAULT 'clerk'
                    CHECK (actor_kind IN ('clerk', 'kiosk'));
                ALTER TABLE case_event ADD COLUMN channel TEXT NOT NULL DEFAULT 'counter'
                    CHECK (channel IN ('counter', 'kiosk', 'cli'));
                ALTER TABLE case_event ADD COLUMN style TEXT CHECK (style IN ('preprinted', 'handwritten'));
                ALTER TABLE case_event ADD COLUMN form_revision INTEGER;
                """)
        }
        migrator.registerMigration("v4-event-chain") { db in
            // Write-once, also against REPLACE (which deletes the old row without firing DELETE triggers),
            // and chained per terminal. Rows from before v4 are linked here, in their stored order.
            try db.execute(sql: """
                ALTER TABLE case_event ADD COLUMN prev_hash BLOB;
                ALTER TABLE case_event ADD COLUMN hash BLOB;
                CREATE INDEX case_event_terminal_seq ON case_event(terminal_id, seq);
                DROP TRIGGER case_event_no_update;
                """)
            var previous: [String: Data] = [:]
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM case_event ORDER BY seq")
            for row in rows {
                let terminal: String = row["terminal_id"]
                let before = previous[terminal] ?? HashChain.genesis
                let hash = HashChain.link(previous: before, fields: CaseEventRow.storedValues(of: row))
                try db.execute(sql: "UPDATE case_event SET prev_hash = ?, hash = ? WHERE seq = ?",
                               arguments: [before, hash, row["seq"] as Int64])
                previous[terminal] = hash
            }
            try db.execute(sql: """
                CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
                BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
                CREATE TRIGGER case_event_no_replace BEFORE INSERT ON case_event
                WHEN EXISTS (SELECT 1 FROM case_event WHERE id = NEW.id OR seq = NEW.seq)
                BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
                CREATE TRIGGER case_event_chained BEFORE INSERT ON case_event
                WHEN NEW.hash IS NULL OR length(NEW.hash) != 32 OR NEW.prev_hash IS NULL
                BEGIN SELECT RAISE(ABORT, 'case events are append-only and chained'); END;
                """)
        }
        migrator.registerMigration("v5-supervisor-role") { db in
            // SQLite cannot change a CHECK: the table is rebuilt with 係長 (supervisor) among the roles.
            try db.execute(sql: """
                CREATE TABLE clerk_v5 (
                    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
                    display_name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('administrator', 'supervisor', 'clerk')),
                    password_kdf TEXT NOT NULL,
                    password_iterations INTEGER NOT NULL,
                    password_salt BLOB NOT NULL,
                    password_hash BLOB NOT NULL,
                    failed_logins INTEGER NOT NULL DEFAULT 0,
                    created_at_ms INTEGER NOT NULL
                );
                INSERT INTO clerk_v5 SELECT id, display_name, role, password_kdf, password_iterations, password_salt,
                    password_hash, failed_logins, created_at_ms FROM clerk;
                DROP TABLE clerk;
                ALTER TABLE clerk_v5 RENAME TO clerk;
                """)
        }
        migrator.registerMigration("v6-case-style-fee") { db in
            // SQLite cannot change a CHECK: the table is rebuilt, every row copied as stored (seq, hashes
            // included, so the chain still verifies), with two more case styles: 手数料のみ (`fee`) and 証明書の
            // 交付 (`certificate`). Its triggers and indexes are made again under their names.
            try db.execute(sql: """
                CREATE TABLE case_event_v6 (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    terminal_id TEXT NOT NULL,
                    actor_id TEXT NOT NULL,
                    case_id TEXT NOT NULL,
                    occurred_at_ms INTEGER NOT NULL,
                    day TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    source TEXT,
                    fields TEXT,
                    form_id TEXT,
                    copies INTEGER,
                    outcome TEXT,
                    error_kind TEXT,
                    duration_ms INTEGER,
                    actor_kind TEXT NOT NULL DEFAULT 'clerk' CHECK (actor_kind IN ('clerk', 'kiosk')),
                    channel TEXT NOT NULL DEFAULT 'counter' CHECK (channel IN ('counter', 'kiosk', 'cli')),
                    style TEXT CHECK (style IN ('preprinted', 'handwritten', 'fee', 'certificate')),
                    form_revision INTEGER,
                    prev_hash BLOB,
                    hash BLOB
                );
                INSERT INTO case_event_v6 SELECT seq, id, terminal_id, actor_id, case_id, occurred_at_ms, day, kind,
                    source, fields, form_id, copies, outcome, error_kind, duration_ms, actor_kind, channel, style,
                    form_revision, prev_hash, hash FROM case_event ORDER BY seq;
                DROP TABLE case_event;
                ALTER TABLE case_event_v6 RENAME TO case_event;
                CREATE INDEX case_event_case ON case_event(case_id);
                CREATE INDEX case_event_day_kind ON case_event(day, kind);
                CREATE INDEX case_event_terminal_seq ON case_event(terminal_id, seq);
                CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
                BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
                CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event
                BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
                CREATE TRIGGER case_event_no_replace BEFORE INSERT ON case_event
                WHEN EXISTS (SELECT 1 FROM case_event WHERE id = NEW.id OR seq = NEW.seq)
                BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
                CREATE TRIGGER case_event_chained BEFORE INSERT ON case_event
                WHEN NEW.hash IS NULL OR length(NEW.hash) != 32 OR NEW.prev_hash IS NULL
                BEGIN SELECT RAISE(ABORT, 'case events are append-only and chained'); END;
                """)
        }
    }
}
