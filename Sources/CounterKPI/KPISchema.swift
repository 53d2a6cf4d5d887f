import CounterStore
import GRDB

/// The KPI rollups (`docs/kpi.md`): per day (`kpi_day`, by terminal, clerk or kiosk, channel) and per month
/// (`kpi_month`, by terminal and channel), one row per metric and dimension, plus one row per ended case
/// (`kpi_case`, for the medians of the time-saved KPI). Triggers on the raw tables write them in the same
/// transaction as the events they count, so a report never scans the history; `KPIRollups.verify` recomputes
/// them from the raw events and compares. They are derived, not records: rebuildable, so not write-once.
/// The convenience-store counts the city imports (`kpi_convenience`) are write-once.
public enum KPISchema: SchemaModule {
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("kpi-v1") { db in
            try db.execute(sql: """
                CREATE TABLE kpi_day (
                    day TEXT NOT NULL, terminal_id TEXT NOT NULL, actor_id TEXT NOT NULL, channel TEXT NOT NULL,
                    metric TEXT NOT NULL, dim TEXT NOT NULL, n INTEGER NOT NULL, total INTEGER NOT NULL,
                    PRIMARY KEY (day, terminal_id, actor_id, channel, metric, dim)
                ) WITHOUT ROWID;
                CREATE TABLE kpi_month (
                    month TEXT NOT NULL, terminal_id TEXT NOT NULL, channel TEXT NOT NULL,
                    metric TEXT NOT NULL, dim TEXT NOT NULL, n INTEGER NOT NULL, total INTEGER NOT NULL,
                    PRIMARY KEY (month, terminal_id, channel, metric, dim)
                ) WITHOUT ROWID;
                CREATE TABLE kpi_case (
                    case_id TEXT PRIMARY KEY NOT NULL, day TEXT NOT NULL, terminal_id TEXT NOT NULL,
                    style TEXT NOT NULL, duration_ms INTEGER NOT NULL
                );
                CREATE INDEX kpi_case_style_duration ON kpi_case(style, duration_ms, day, terminal_id);
                CREATE INDEX ledger_entry_day ON ledger_entry(day);
                CREATE INDEX certificate_log_day ON certificate_log(day);
                CREATE INDEX certificate_log_payment ON certificate_log(payment_id);
                CREATE TABLE kpi_convenience (
                    month TEXT NOT NULL, office_id TEXT NOT NULL, kind TEXT NOT NULL,
                    count INTEGER NOT NULL CHECK (count >= 0), imported_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (month, office_id, kind)
                );
                """)
            try WriteOnce.guardTable("kpi_convenience", key: "month = NEW.month AND office_id = NEW.office_id AND kind = NEW.kind",
                                     message: "convenience-store counts are write-once", in: db)
            for sql in KPIRollups.triggers { try db.execute(sql: sql) }
            try KPIRollups.rebuild(in: db)
        }
    }
}

/// Writing, rebuilding and checking the rollups.
public enum KPIRollups {
    /// The triggers that count each new raw row into the rollups: one per source, run only for the rows its
    /// condition on the new row admits (most rows count for one or two metrics), and one for the ended cases.
    static var triggers: [String] {
        KPISource.all.enumerated().map { index, source in
            let when = source.rowCondition.map { " WHEN \($0)" } ?? ""
            return """
                CREATE TRIGGER kpi_count_\(index)_\(source.metric.rawValue) AFTER INSERT ON \(source.table)\(when) BEGIN
                \(upsert(from: source.select(where: "\(source.rowAlias).rowid = NEW.rowid", grouped: false)))
                END;
                """
        } + ["""
            CREATE TRIGGER kpi_count_case_time AFTER INSERT ON case_event WHEN NEW.kind = 'caseEnded' BEGIN
            INSERT OR IGNORE INTO kpi_case \(caseSelect(where: "e.rowid = NEW.rowid"));
            END;
            """]
    }

    /// Adds the rows of `select` (the columns of ``KPISource/select(where:grouped:)``) to both rollups.
    static func upsert(from select: String) -> String {
        """
        INSERT INTO kpi_day (day, terminal_id, actor_id, channel, metric, dim, n, total)
            SELECT day, terminal_id, actor_id, channel, metric, dim, n, total FROM (\(select)) WHERE true
            ON CONFLICT (day, terminal_id, actor_id, channel, metric, dim) DO UPDATE SET n = n + excluded.n, total = total + excluded.total;
        INSERT INTO kpi_month (month, terminal_id, channel, metric, dim, n, total)
            SELECT substr(day, 1, 7), terminal_id, channel, metric, dim, n, total FROM (\(select)) WHERE true
            ON CONFLICT (month, terminal_id, channel, metric, dim) DO UPDATE SET n = n + excluded.n, total = total + excluded.total;
        """
    }

    /// The ended cases of `filter` with the style they started with.
    public static func caseSelect(where filter: String) -> String {
        """
        SELECT e.case_id, e.day, e.terminal_id, COALESCE(s.style, 'preprinted'), COALESCE(e.duration_ms, 0)
        FROM case_event e JOIN case_event s ON s.case_id = e.case_id AND s.kind = 'caseStarted'
        WHERE e.kind = 'caseEnded' AND (\(filter)) ORDER BY e.seq
        """
    }

    /// Every day row recomputed from the raw events, summed over the sources of one metric; `filter` (given the alias
    /// of the row a count belongs to: the payment for what a cancellation takes out of it) limits them, e.g. to a
    /// shift's hours.
    public static func rawDaySelect(where filter: (String) -> String = { _ in "true" }) -> String {
        let parts = KPISource.all.map { $0.select(where: filter($0.attributedAlias), grouped: true) }.joined(separator: "\nUNION ALL\n")
        return """
            SELECT day, terminal_id, actor_id, channel, metric, dim, SUM(n) AS n, SUM(total) AS total
            FROM (\(parts)) AS raw GROUP BY day, terminal_id, actor_id, channel, metric, dim
            """
    }

    /// The statements that recompute every rollup from the raw events, replacing what is there: the same text on the
    /// terminal's SQLite and on the city's PostgreSQL (where `case_event`, `ledger_entry` … are views of the synced
    /// records).
    public static var rebuildSQL: String {
        """
        DELETE FROM kpi_day; DELETE FROM kpi_month; DELETE FROM kpi_case;
        INSERT INTO kpi_day (day, terminal_id, actor_id, channel, metric, dim, n, total) \(rawDaySelect());
        INSERT INTO kpi_month (month, terminal_id, channel, metric, dim, n, total)
            SELECT substr(day, 1, 7), terminal_id, channel, metric, dim, SUM(n), SUM(total) FROM kpi_day
            GROUP BY 1, 2, 3, 4, 5;
        INSERT INTO kpi_case (case_id, day, terminal_id, style, duration_ms) \(caseSelect(where: "true")) ON CONFLICT DO NOTHING;
        """
    }

    /// Recomputes every rollup from the raw events, replacing what is there.
    public static func rebuild(in db: Database) throws {
        try db.execute(sql: rebuildSQL)
    }

    /// What a verification found: the rollup rows that differ from a recomputation from the raw events.
    public struct Verification: Sendable, Equatable {
        /// Day rows compared (recomputed).
        public var dayRows: Int
        /// Rows of the stored rollups (day, month, case) that the recomputation lacks, plus recomputed rows the rollups
        /// lack: one altered row counts twice (0 when the rollups hold).
        public var differences: Int
        /// True when nothing differs.
        public var holds: Bool { differences == 0 }
    }

    /// Recomputes the rollups from the raw events and compares them with the stored ones (rows whose count and total
    /// are both 0 are the same as no row).
    public static func verify(in db: Database) throws -> Verification {
        try db.execute(sql: """
            CREATE TEMP TABLE kpi_raw_day AS \(rawDaySelect());
            CREATE TEMP TABLE kpi_raw_case AS \(caseSelect(where: "true"));
            """)
        defer { try? db.execute(sql: "DROP TABLE temp.kpi_raw_day; DROP TABLE temp.kpi_raw_case;") }
        /// Rows of `a` not in `b` plus rows of `b` not in `a`.
        func difference(_ a: String, _ b: String) -> String {
            "(SELECT COUNT(*) FROM (\(a) EXCEPT \(b))) + (SELECT COUNT(*) FROM (\(b) EXCEPT \(a)))"
        }
        let columns = "day, terminal_id, actor_id, channel, metric, dim, n, total"
        let nonZero = "WHERE n != 0 OR total != 0"
        let monthColumns = "month, terminal_id, channel, metric, dim, n, total"
        let rawMonth = """
            SELECT substr(day, 1, 7) AS month, terminal_id, channel, metric, dim, SUM(n) AS n, SUM(total) AS total
            FROM temp.kpi_raw_day GROUP BY 1, 2, 3, 4, 5
            """
        let caseColumns = "case_id, day, terminal_id, style, duration_ms"
        let differences = try Int.fetchOne(db, sql: """
            SELECT \(difference("SELECT \(columns) FROM temp.kpi_raw_day \(nonZero)", "SELECT \(columns) FROM kpi_day \(nonZero)"))
                + \(difference("SELECT \(monthColumns) FROM (\(rawMonth)) \(nonZero)", "SELECT \(monthColumns) FROM kpi_month \(nonZero)"))
                + \(difference("SELECT * FROM temp.kpi_raw_case", "SELECT \(caseColumns) FROM kpi_case"))
            """) ?? 0
        let rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM temp.kpi_raw_day") ?? 0
        return Verification(dayRows: rows, differences: differences)
    }
}
