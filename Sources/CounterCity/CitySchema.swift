import CounterCore

/// The city database's schema, in versioned migrations the project runs (`counter city migrate`): the terminals and
/// their roles, the case events every terminal sends, append-only and chained per terminal as on the terminal, and
/// the resident registry every terminal reads (version 2).
/// A terminal's role may only insert its own rows; reports read; only the audit role may alter history.
public enum CitySchema {
    /// The migrations in order: version 1, 2 … (never edit a shipped one: add the next).
    static let migrations: [String] = [
        """
        CREATE TABLE city_schema (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
        CREATE TABLE city_terminal (
            terminal_id TEXT PRIMARY KEY, role_name TEXT NOT NULL UNIQUE, created_at TIMESTAMPTZ NOT NULL DEFAULT now());
        CREATE TABLE city_case_event (
            id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, seq BIGINT NOT NULL,
            actor_kind TEXT NOT NULL, actor_id TEXT NOT NULL, channel TEXT NOT NULL, case_id TEXT NOT NULL,
            occurred_at_ms BIGINT NOT NULL, day TEXT NOT NULL, kind TEXT NOT NULL, style TEXT, source TEXT, fields TEXT,
            form_id TEXT, form_revision BIGINT, copies BIGINT, outcome TEXT, error_kind TEXT, duration_ms BIGINT,
            prev_hash BYTEA NOT NULL, hash BYTEA NOT NULL, received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            UNIQUE (terminal_id, seq));
        CREATE INDEX city_case_event_day ON city_case_event (day, kind);
        -- The canonical encoding of the terminal's chain (docs/events.md): NULL as FF FF FF FF, else the byte length
        -- (4 bytes, big-endian) and the UTF-8 text.
        CREATE FUNCTION counter_field(value TEXT) RETURNS BYTEA LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
            SELECT CASE WHEN value IS NULL THEN '\\xffffffff'::bytea
                        ELSE int4send(octet_length(convert_to(value, 'UTF8'))) || convert_to(value, 'UTF8') END $$;
        -- On arrival: the same record again is skipped; another record under a known id is refused; a terminal's role
        -- writes only its own rows; each record must continue its terminal's chain in the city, its hash recomputed.
        CREATE FUNCTION city_case_event_arrival() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
        DECLARE existing BYTEA; previous BYTEA; last_seq BIGINT; owner TEXT;
        BEGIN
            SELECT hash INTO existing FROM city_case_event WHERE id = NEW.id;
            IF FOUND THEN
                IF existing = NEW.hash THEN RETURN NULL; END IF;
                RAISE EXCEPTION 'counter: id claimed';
            END IF;
            IF pg_has_role(session_user, 'counter_terminal', 'MEMBER') THEN
                SELECT terminal_id INTO owner FROM city_terminal WHERE role_name = session_user;
                IF owner IS DISTINCT FROM NEW.terminal_id THEN RAISE EXCEPTION 'counter: terminal'; END IF;
            END IF;
            SELECT hash, seq INTO previous, last_seq FROM city_case_event WHERE terminal_id = NEW.terminal_id ORDER BY seq DESC LIMIT 1;
            IF NOT FOUND THEN previous := decode(repeat('00', 32), 'hex'); END IF;
            IF NEW.seq <= last_seq OR NEW.prev_hash <> previous OR NEW.hash <> sha256(previous || counter_field(NEW.id) || counter_field(NEW.terminal_id)
                || counter_field(NEW.actor_kind) || counter_field(NEW.actor_id) || counter_field(NEW.channel)
                || counter_field(NEW.case_id) || counter_field(NEW.occurred_at_ms::text) || counter_field(NEW.day)
                || counter_field(NEW.kind) || counter_field(NEW.style) || counter_field(NEW.source) || counter_field(NEW.fields)
                || counter_field(NEW.form_id) || counter_field(NEW.form_revision::text) || counter_field(NEW.copies::text)
                || counter_field(NEW.outcome) || counter_field(NEW.error_kind) || counter_field(NEW.duration_ms::text)) THEN
                RAISE EXCEPTION 'counter: chain %', NEW.terminal_id;
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER city_case_event_arrival BEFORE INSERT ON city_case_event FOR EACH ROW EXECUTE FUNCTION city_case_event_arrival();
        -- History: nobody but the audit role alters or removes a record, its owner included.
        CREATE FUNCTION city_history_guard() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
        BEGIN
            IF session_user <> 'counter_audit' THEN RAISE EXCEPTION 'counter: history'; END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER city_case_event_history BEFORE UPDATE OR DELETE ON city_case_event FOR EACH ROW EXECUTE FUNCTION city_history_guard();
        CREATE TRIGGER city_case_event_truncate BEFORE TRUNCATE ON city_case_event FOR EACH STATEMENT EXECUTE FUNCTION city_history_guard();
        REVOKE ALL ON city_case_event, city_terminal, city_schema FROM PUBLIC;
        -- No role but the owner makes temporary tables here (they could shadow a city table in a session).
        DO $$ BEGIN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()); END $$;
        GRANT SELECT, INSERT ON city_case_event TO counter_terminal;
        GRANT SELECT ON city_terminal, city_schema TO counter_terminal;
        GRANT SELECT ON city_case_event, city_terminal, city_schema TO counter_report;
        GRANT SELECT, UPDATE, DELETE ON city_case_event TO counter_audit;
        GRANT SELECT ON city_terminal, city_schema TO counter_audit;
        """,
        // 2: the resident registry city-wide, the same tables and columns as the terminal's (RegistrySchema), so one
        // set of queries serves both; keys and ids compare byte by byte (COLLATE "C"), as SQLite does.
        """
        CREATE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS INTEGER LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
            SELECT strpos(haystack, needle) $$;
        CREATE TABLE registry_import (
            seq BIGSERIAL PRIMARY KEY, imported_at_ms BIGINT NOT NULL,
            households INTEGER NOT NULL, persons INTEGER NOT NULL, seals INTEGER NOT NULL, koseki INTEGER NOT NULL,
            koseki_members INTEGER NOT NULL, fuhyo_lines INTEGER NOT NULL, tax_years INTEGER NOT NULL, jpki_links INTEGER NOT NULL);
        CREATE TABLE registry_household (
            id TEXT COLLATE "C" PRIMARY KEY, address TEXT NOT NULL, katagaki TEXT,
            import_seq BIGINT NOT NULL REFERENCES registry_import(seq));
        CREATE TABLE registry_person (
            id TEXT COLLATE "C" PRIMARY KEY, household_id TEXT COLLATE "C" NOT NULL REFERENCES registry_household(id),
            name TEXT COLLATE "C" NOT NULL, name_key TEXT COLLATE "C" NOT NULL, kana TEXT, kana_key TEXT COLLATE "C",
            alias TEXT, alias_key TEXT COLLATE "C", birth_date TEXT COLLATE "C" NOT NULL,
            sex TEXT NOT NULL CHECK (sex IN ('1', '2', '9')), address TEXT NOT NULL, katagaki TEXT, address_key TEXT NOT NULL,
            address_since TEXT NOT NULL, previous_address TEXT, resident_since TEXT NOT NULL,
            is_head INTEGER NOT NULL CHECK (is_head IN (0, 1)), relationship TEXT NOT NULL, honseki TEXT, hittousha TEXT,
            juminhyo_code TEXT,
            status TEXT NOT NULL CHECK (status IN ('resident', 'moving-out', 'moved-out', 'deceased')), status_date TEXT,
            moved_to TEXT, support_measure INTEGER NOT NULL CHECK (support_measure IN (0, 1)),
            issuance_hold INTEGER NOT NULL CHECK (issuance_hold IN (0, 1)), nationality TEXT, residence_status TEXT,
            period_of_stay TEXT, stay_expires_on TEXT, residence_card_number TEXT,
            import_seq BIGINT NOT NULL REFERENCES registry_import(seq),
            CHECK ((status = 'resident') = (status_date IS NULL)));
        CREATE INDEX registry_person_name ON registry_person (name, birth_date);
        CREATE INDEX registry_person_name_birth ON registry_person (name_key, birth_date);
        CREATE INDEX registry_person_birth ON registry_person (birth_date);
        CREATE INDEX registry_person_kana ON registry_person (kana_key, birth_date, id);
        CREATE INDEX registry_person_household ON registry_person (household_id);
        CREATE UNIQUE INDEX registry_person_juminhyo_code ON registry_person (juminhyo_code) WHERE juminhyo_code IS NOT NULL;
        CREATE TABLE registry_individual_number (
            person_id TEXT COLLATE "C" PRIMARY KEY REFERENCES registry_person(id),
            number TEXT NOT NULL UNIQUE CHECK (length(number) = 12));
        CREATE TABLE registry_seal (
            registration_number TEXT COLLATE "C" PRIMARY KEY, person_id TEXT COLLATE "C" NOT NULL REFERENCES registry_person(id),
            status TEXT NOT NULL CHECK (status IN ('registered', 'abolished')), registered_on TEXT COLLATE "C" NOT NULL,
            image_png BYTEA NOT NULL);
        CREATE INDEX registry_seal_person ON registry_seal (person_id);
        CREATE UNIQUE INDEX registry_seal_one_registered ON registry_seal (person_id) WHERE status = 'registered';
        CREATE TABLE registry_koseki (
            id TEXT COLLATE "C" PRIMARY KEY, honseki TEXT NOT NULL, hittousha TEXT NOT NULL,
            is_removed INTEGER NOT NULL CHECK (is_removed IN (0, 1)));
        CREATE TABLE registry_koseki_member (
            koseki_id TEXT COLLATE "C" NOT NULL REFERENCES registry_koseki(id), member_no INTEGER NOT NULL CHECK (member_no >= 1),
            name TEXT NOT NULL, birth_date TEXT NOT NULL, relationship TEXT NOT NULL,
            person_id TEXT COLLATE "C" REFERENCES registry_person(id), is_removed INTEGER NOT NULL CHECK (is_removed IN (0, 1)),
            events TEXT NOT NULL, PRIMARY KEY (koseki_id, member_no));
        CREATE INDEX registry_koseki_member_person ON registry_koseki_member (person_id);
        CREATE TABLE registry_fuhyo (
            koseki_id TEXT COLLATE "C" NOT NULL REFERENCES registry_koseki(id), line_no INTEGER NOT NULL CHECK (line_no >= 1),
            member_no INTEGER NOT NULL, address TEXT NOT NULL, since TEXT NOT NULL, PRIMARY KEY (koseki_id, line_no),
            FOREIGN KEY (koseki_id, member_no) REFERENCES registry_koseki_member (koseki_id, member_no));
        CREATE TABLE registry_tax (
            person_id TEXT COLLATE "C" NOT NULL REFERENCES registry_person(id), fiscal_year INTEGER NOT NULL,
            income_yen BIGINT NOT NULL CHECK (income_yen >= 0), tax_yen BIGINT NOT NULL CHECK (tax_yen >= 0),
            PRIMARY KEY (person_id, fiscal_year));
        CREATE TABLE registry_jpki_link (
            issuer TEXT COLLATE "C" NOT NULL, serial TEXT COLLATE "C" NOT NULL,
            person_id TEXT COLLATE "C" NOT NULL REFERENCES registry_person(id), PRIMARY KEY (issuer, serial));
        DO $$
        DECLARE t TEXT;
        BEGIN
            FOREACH t IN ARRAY ARRAY['registry_import', 'registry_household', 'registry_person', 'registry_individual_number',
                    'registry_seal', 'registry_koseki', 'registry_koseki_member', 'registry_fuhyo', 'registry_tax',
                    'registry_jpki_link'] LOOP
                EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION city_history_guard()',
                               t || '_history', t);
                EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION city_history_guard()',
                               t || '_truncate', t);
                EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', t);
                -- Every terminal serves every resident; the report role reads figures, never persons.
                EXECUTE format('GRANT SELECT ON %I TO counter_terminal', t);
            END LOOP;
        END $$;
        """,
        // 3: the ledger (entries with their items, postings and close figures) and the certificates' log (with each
        // copy's 発行番号), chained per terminal and checked on arrival like the case events (CityStream).
        CityStream.childArrivalSQL + CityStream.ledger.schemaSQL + CityStream.certificates.schemaSQL,
        // 4: the city's KPI rollups, the terminal's tables (KPISchema) recomputed from the synced records by
        // `counter city rollup`, through views that give the records the terminal's table names, so the one set of
        // KPI queries (KPISource, KPIRollups) counts both.
        """
        CREATE VIEW case_event AS SELECT * FROM city_case_event;
        CREATE VIEW ledger_entry AS SELECT * FROM city_ledger_entry;
        CREATE VIEW ledger_item AS SELECT * FROM city_ledger_item;
        CREATE VIEW certificate_log AS SELECT * FROM city_certificate_log;
        CREATE INDEX city_case_event_case ON city_case_event (case_id, kind);
        CREATE INDEX city_ledger_entry_original ON city_ledger_entry (original_id);
        CREATE INDEX city_certificate_log_payment ON city_certificate_log (payment_id);
        CREATE TABLE kpi_day (
            day TEXT COLLATE "C" NOT NULL, terminal_id TEXT COLLATE "C" NOT NULL, actor_id TEXT COLLATE "C" NOT NULL,
            channel TEXT COLLATE "C" NOT NULL, metric TEXT COLLATE "C" NOT NULL, dim TEXT COLLATE "C" NOT NULL,
            n BIGINT NOT NULL, total BIGINT NOT NULL, PRIMARY KEY (day, terminal_id, actor_id, channel, metric, dim));
        CREATE TABLE kpi_month (
            month TEXT COLLATE "C" NOT NULL, terminal_id TEXT COLLATE "C" NOT NULL, channel TEXT COLLATE "C" NOT NULL,
            metric TEXT COLLATE "C" NOT NULL, dim TEXT COLLATE "C" NOT NULL, n BIGINT NOT NULL, total BIGINT NOT NULL,
            PRIMARY KEY (month, terminal_id, channel, metric, dim));
        CREATE TABLE kpi_case (
            case_id TEXT PRIMARY KEY, day TEXT COLLATE "C" NOT NULL, terminal_id TEXT COLLATE "C" NOT NULL,
            style TEXT COLLATE "C" NOT NULL, duration_ms BIGINT NOT NULL);
        CREATE INDEX kpi_case_style_duration ON kpi_case (style, duration_ms, day, terminal_id);
        CREATE TABLE kpi_convenience (
            month TEXT COLLATE "C" NOT NULL, office_id TEXT COLLATE "C" NOT NULL, kind TEXT COLLATE "C" NOT NULL,
            count BIGINT NOT NULL CHECK (count >= 0), imported_at_ms BIGINT NOT NULL, PRIMARY KEY (month, office_id, kind));
        CREATE TABLE city_rollup (
            refreshed_at TIMESTAMPTZ PRIMARY KEY DEFAULT now(), records BIGINT NOT NULL, milliseconds BIGINT NOT NULL);
        REVOKE ALL ON case_event, ledger_entry, ledger_item, certificate_log, kpi_day, kpi_month, kpi_case, kpi_convenience,
            city_rollup FROM PUBLIC;
        GRANT SELECT ON case_event, ledger_entry, ledger_item, certificate_log, kpi_day, kpi_month, kpi_case, kpi_convenience,
            city_rollup TO counter_report;
        """,
    ]

    /// The schema version this program writes and reads.
    public static var latest: Int { migrations.count }

    /// The version the city database is at (0: none yet).
    public static func version(of city: CityConnection) throws(CityError) -> Int {
        let exists = try city.execute("SELECT to_regclass('public.city_schema') IS NOT NULL")
        guard exists.first?.first == "t" else { return 0 }
        let value = try city.execute("SELECT COALESCE(MAX(version), 0) FROM city_schema").first?.first ?? nil
        return value.flatMap { Int($0) } ?? 0
    }

    /// Refuses a city database at another version than this program's.
    public static func requireCurrent(_ city: CityConnection) throws(CityError) {
        let found = try version(of: city)
        if found < latest { throw .schemaOlder(found: found, expected: latest) }
        if found > latest { throw .schemaNewer(found: found, expected: latest) }
    }

    /// Runs the migrations the city database lacks, each in its own transaction (the admin role); returns how many.
    @discardableResult
    public static func migrate(_ city: CityConnection) throws(CityError) -> Int {
        let found = try version(of: city)
        if found > latest { throw .schemaNewer(found: found, expected: latest) }
        for version in found..<latest {
            try city.transaction { () throws(CityError) in
                try city.executeScript(migrations[version])
                try city.execute("INSERT INTO city_schema (version) VALUES ($1)", [String(version + 1)])
            }
        }
        return latest - found
    }

    /// The login role of `terminal`: `terminal_` and its id in lower case, other characters as `_`.
    public static func roleName(for terminal: String) -> String {
        "terminal_" + terminal.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    /// Makes the login role of `terminal` (a member of counter_terminal, which may insert only that terminal's rows)
    /// with a fresh random password; returns the role name and the password (shown once).
    public static func addTerminal(_ terminal: String, to city: CityConnection) throws(CityError) -> (role: String, password: String) {
        let role = roleName(for: terminal)
        // PostgreSQL cuts names at 63 bytes: a longer one would not be the name city_terminal keeps.
        guard role.utf8.count <= 63 else { throw .terminalRole }
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
        let password = bytes.map { String(format: "%02x", $0) }.joined()
        // The role name is letters, digits and underscores, the password hex: both safe inside the quotes.
        let made = Result { () throws(CityError) in
            try city.transaction { () throws(CityError) in
                try city.executeScript("CREATE ROLE \"\(role)\" LOGIN PASSWORD '\(password)' IN ROLE counter_terminal")
                try city.execute("INSERT INTO city_terminal (terminal_id, role_name) VALUES ($1, $2)", [terminal, role])
            }
        }
        if case .failure(.server(state: "42710")) = made { throw .terminalRole }
        try made.get()
        return (role, password)
    }
}
