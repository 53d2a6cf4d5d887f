import CertificateIssue
import CounterStore

/// A chained record stream a terminal sends to the city: a write-once table chained per terminal on the terminal
/// (case events, ledger entries, certificate log entries), with the child rows that arrive with each record.
///
/// One description serves the city's tables, their arrival checks (a record continues its terminal's chain, its hash
/// recomputed in the city over the record and its hashed children), and the push (``CitySync``).
struct CityStream: Sendable {
    /// A column of the stream's record or child rows.
    struct Column: Sendable {
        var name: String
        var integer: Bool
    }

    /// Rows of another table that belong to a record (`entry_id` = the record's id), sent with it.
    struct Child: Sendable {
        /// The table on the terminal and in the city.
        var local: String, city: String
        /// The columns after `entry_id`, in the chain's order.
        var columns: [Column]
        /// The column numbering the rows within their record (`line_no`), or nil for one row at most.
        var key: String?
        /// Whether the record's hash covers the rows (preceded by their count).
        var hashed: Bool

        /// The child's primary key in the city.
        var primaryKey: String { key.map { "entry_id, \($0)" } ?? "entry_id" }
    }

    /// The stream's name in summaries (`events`, `ledger`, `certificates`).
    var name: String
    /// The record table on the terminal and in the city.
    var local: String, city: String
    /// The record's columns in the chain's canonical order (`id` and `terminal_id` among them).
    var columns: [Column]
    var children: [Child] = []

    /// The case events (their city table and checks are migration 1's).
    static let events = CityStream(name: "events", local: "case_event", city: "city_case_event",
                                   columns: CitySync.columns.map { Column(name: $0, integer: Self.eventIntegers.contains($0)) })
    private static let eventIntegers: Set<String> = ["occurred_at_ms", "form_revision", "copies", "duration_ms"]

    /// The ledger: payments, cancellations and daily closes, with their items, postings and close figures.
    static let ledger: CityStream = {
        typealias Layout = LedgerSchema.ChainLayout
        func columns(_ names: [String]) -> [Column] { names.map { Column(name: $0, integer: Layout.isInteger($0)) } }
        return CityStream(name: "ledger", local: "ledger_entry", city: "city_ledger_entry", columns: columns(Layout.entryColumns),
                          children: [Child(local: "ledger_item", city: "city_ledger_item", columns: columns(Layout.itemColumns),
                                           key: "line_no", hashed: true),
                                     Child(local: "ledger_posting", city: "city_ledger_posting",
                                           columns: columns(Layout.postingColumns), key: "line_no", hashed: true),
                                     // One close row at most: its count (0 or 1) is the chain's presence flag.
                                     Child(local: "ledger_close", city: "city_ledger_close", columns: columns(Layout.closeColumns),
                                           key: nil, hashed: true)])
    }()

    /// The certificates' log (issues, reprints, prints, voids) with the 発行番号 of each copy.
    static let certificates: CityStream = {
        let integers = IssuanceEntry.chainIntegerColumns
        return CityStream(name: "certificates", local: "certificate_log", city: "city_certificate_log",
                          columns: IssuanceEntry.chainColumns.map { Column(name: $0, integer: integers.contains($0)) },
                          children: [Child(local: "certificate_number", city: "city_certificate_number",
                                           columns: [Column(name: "copy_no", integer: true), Column(name: "terminal_id", integer: false),
                                                     Column(name: "day", integer: false), Column(name: "serial", integer: true)],
                                           key: "copy_no", hashed: false)])
    }()

    /// Every stream a sync sends, in order.
    static let all: [CityStream] = [.events, .ledger, .certificates]

    // MARK: The city's schema

    /// The function every child table's arrival runs: a record's rows arrive just before it, in its transaction (the
    /// key to the record is checked at commit), never once the city holds the record, whose hash they are part of.
    /// The same row again is skipped, another row under its key refused.
    static let childArrivalSQL = """
        CREATE FUNCTION city_child_arrival() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
        DECLARE existing JSONB; held BOOLEAN;
        BEGIN
            -- TG_ARGV[1] is the column numbering the rows within their record ('' for one row at most).
            IF TG_ARGV[1] = '' THEN
                EXECUTE format('SELECT to_jsonb(c) FROM %I c WHERE entry_id = $1', TG_TABLE_NAME) INTO existing USING NEW.entry_id;
            ELSE
                EXECUTE format('SELECT to_jsonb(c) FROM %I c WHERE entry_id = $1 AND %I::text = $2', TG_TABLE_NAME, TG_ARGV[1])
                    INTO existing USING NEW.entry_id, to_jsonb(NEW) ->> TG_ARGV[1];
            END IF;
            IF existing IS NOT NULL THEN
                IF existing = to_jsonb(NEW) THEN RETURN NULL; END IF;
                RAISE EXCEPTION 'counter: id claimed';
            END IF;
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE id = $1)', TG_ARGV[0]) INTO held USING NEW.entry_id;
            IF held THEN RAISE EXCEPTION 'counter: history'; END IF;
            RETURN NEW;
        END $$;
        """

    private func definition(_ column: Column) -> String {
        column.name == "id" ? "id TEXT PRIMARY KEY" : "\(column.name) \(column.integer ? "BIGINT" : "TEXT")"
    }

    private func field(_ column: Column, of row: String) -> String {
        "counter_field(\(row).\(column.name)\(column.integer ? "::text" : ""))"
    }

    /// SQL for the hash of the record `record` (an alias or `NEW`) after `previous`: SHA-256 over the previous hash,
    /// the record's canonical fields and, for each hashed child table, the count of its rows and their fields in order.
    func hashExpression(record: String, previous: String) -> String {
        var parts = [previous] + columns.map { field($0, of: record) }
        for child in children where child.hashed {
            let rows = "FROM \(child.city) c WHERE c.entry_id = \(record).id"
            parts.append("counter_field((SELECT count(*) \(rows))::text)")
            parts.append("COALESCE((SELECT string_agg(\(child.columns.map { field($0, of: "c") }.joined(separator: " || ")), "
                         + "''::bytea ORDER BY c.\(child.key ?? "entry_id")) \(rows)), ''::bytea)")
        }
        return "sha256(" + parts.joined(separator: "\n        || ") + ")"
    }

    /// The first record of the stream whose hash is not its recomputation or whose `prev_hash` is not the hash before
    /// it (terminal, seq), or no row: `counter city verify`.
    var firstBreakSQL: String {
        """
        SELECT terminal_id, seq FROM (
            SELECT r.*, lag(r.hash) OVER (PARTITION BY r.terminal_id ORDER BY r.seq) AS before FROM \(city) r) r
        WHERE r.prev_hash <> COALESCE(r.before, decode(repeat('00', 32), 'hex'))
            OR r.hash <> \(hashExpression(record: "r", previous: "r.prev_hash"))
        ORDER BY terminal_id, seq LIMIT 1
        """
    }

    /// The tables, checks and grants of this stream in the city (a migration's text).
    var schemaSQL: String {
        var sql = """
            CREATE TABLE \(city) (
                seq BIGINT NOT NULL, \(columns.map(definition).joined(separator: ", ")),
                prev_hash BYTEA NOT NULL, hash BYTEA NOT NULL, received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                UNIQUE (terminal_id, seq));
            CREATE INDEX \(city)_day ON \(city) (day, kind);

            """
        for child in children {
            sql += """
                CREATE TABLE \(child.city) (
                    entry_id TEXT NOT NULL REFERENCES \(city)(id) DEFERRABLE INITIALLY DEFERRED,
                    \(child.columns.map(definition).joined(separator: ", ")),
                    PRIMARY KEY (\(child.primaryKey)));
                CREATE TRIGGER \(child.city)_arrival BEFORE INSERT ON \(child.city)
                    FOR EACH ROW EXECUTE FUNCTION city_child_arrival('\(city)', '\(child.key ?? "")');

                """
        }
        sql += """
            -- On arrival: the same record again is skipped; another record under a known id is refused; a terminal's role
            -- writes only its own rows; each record continues its terminal's chain in the city (its seq after the last,
            -- its prev_hash the last hash), and its hash is recomputed over the record and the rows sent just before it.
            -- Names resolve in public only: a session's temporary table can never stand in for a city table.
            CREATE FUNCTION \(city)_arrival() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
            DECLARE existing BYTEA; previous BYTEA; last_seq BIGINT; owner TEXT;
            BEGIN
                SELECT hash INTO existing FROM \(city) WHERE id = NEW.id;
                IF FOUND THEN
                    IF existing = NEW.hash THEN RETURN NULL; END IF;
                    RAISE EXCEPTION 'counter: id claimed';
                END IF;
                IF pg_has_role(session_user, 'counter_terminal', 'MEMBER') THEN
                    SELECT terminal_id INTO owner FROM city_terminal WHERE role_name = session_user;
                    IF owner IS DISTINCT FROM NEW.terminal_id THEN RAISE EXCEPTION 'counter: terminal'; END IF;
                END IF;
                SELECT hash, seq INTO previous, last_seq FROM \(city) WHERE terminal_id = NEW.terminal_id ORDER BY seq DESC LIMIT 1;
                IF NOT FOUND THEN previous := decode(repeat('00', 32), 'hex'); END IF;
                IF NEW.seq <= last_seq OR NEW.prev_hash <> previous
                    OR NEW.hash <> \(hashExpression(record: "NEW", previous: "previous")) THEN
                    RAISE EXCEPTION 'counter: chain %', NEW.terminal_id;
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER \(city)_arrival BEFORE INSERT ON \(city) FOR EACH ROW EXECUTE FUNCTION \(city)_arrival();

            """
        for table in [city] + children.map(\.city) {
            sql += """
                CREATE TRIGGER \(table)_history BEFORE UPDATE OR DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION city_history_guard();
                CREATE TRIGGER \(table)_truncate BEFORE TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION city_history_guard();
                REVOKE ALL ON \(table) FROM PUBLIC;
                GRANT SELECT, INSERT ON \(table) TO counter_terminal;
                GRANT SELECT ON \(table) TO counter_report;
                GRANT SELECT, UPDATE, DELETE ON \(table) TO counter_audit;

                """
        }
        return sql
    }
}
