import CounterStore
import GRDB

/// The resident registry's tables (`docs/registry.md`). The registry is reference data loaded by import: an
/// import adds rows and never changes one, so every table refuses UPDATE, DELETE and REPLACE (a change in a
/// person's life arrives as a later registry version, not as an edit here).
///
/// Text columns hold the imported text byte for byte; the `*_key` columns hold the folded search keys
/// (``SearchKey``). The 個人番号 lives in a table of its own, `registry_individual_number`, so that no query
/// of persons can return it by accident.
public enum RegistrySchema: SchemaModule {
    /// The tables, each with the condition that finds an existing row with the new row's key.
    static let tables: [(name: String, key: String)] = [
        ("registry_import", "seq = NEW.seq"),
        ("registry_household", "id = NEW.id"),
        ("registry_person", "id = NEW.id"),
        ("registry_individual_number", "person_id = NEW.person_id"),
        ("registry_seal", "registration_number = NEW.registration_number"),
        ("registry_koseki", "id = NEW.id"),
        ("registry_koseki_member", "koseki_id = NEW.koseki_id AND member_no = NEW.member_no"),
        ("registry_fuhyo", "koseki_id = NEW.koseki_id AND line_no = NEW.line_no"),
        ("registry_tax", "person_id = NEW.person_id AND fiscal_year = NEW.fiscal_year"),
        ("registry_jpki_link", "issuer = NEW.issuer AND serial = NEW.serial"),
    ]

    /// The names of the registry's tables.
    public static var tableNames: [String] { tables.map(\.name) }

    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("registry-v1") { db in
            try db.execute(sql: """
                CREATE TABLE registry_import (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    imported_at_ms INTEGER NOT NULL,
                    households INTEGER NOT NULL, persons INTEGER NOT NULL, seals INTEGER NOT NULL,
                    koseki INTEGER NOT NULL, koseki_members INTEGER NOT NULL, fuhyo_lines INTEGER NOT NULL,
                    tax_years INTEGER NOT NULL, jpki_links INTEGER NOT NULL
                );
                CREATE TABLE registry_household (
                    id TEXT PRIMARY KEY NOT NULL,
                    address TEXT NOT NULL,
                    katagaki TEXT,
                    import_seq INTEGER NOT NULL REFERENCES registry_import(seq)
                );
                CREATE TABLE registry_person (
                    id TEXT PRIMARY KEY NOT NULL,
                    household_id TEXT NOT NULL REFERENCES registry_household(id),
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    kana TEXT,
                    kana_key TEXT,
                    alias TEXT,
                    alias_key TEXT,
                    birth_date TEXT NOT NULL,
                    sex TEXT NOT NULL CHECK (sex IN ('1', '2', '9')),
                    address TEXT NOT NULL,
                    katagaki TEXT,
                    address_key TEXT NOT NULL,
                    address_since TEXT NOT NULL,
                    previous_address TEXT,
                    resident_since TEXT NOT NULL,
                    is_head INTEGER NOT NULL CHECK (is_head IN (0, 1)),
                    relationship TEXT NOT NULL,
                    honseki TEXT,
                    hittousha TEXT,
                    juminhyo_code TEXT,
                    status TEXT NOT NULL CHECK (status IN ('resident', 'moving-out', 'moved-out', 'deceased')),
                    status_date TEXT,
                    moved_to TEXT,
                    support_measure INTEGER NOT NULL CHECK (support_measure IN (0, 1)),
                    issuance_hold INTEGER NOT NULL CHECK (issuance_hold IN (0, 1)),
                    nationality TEXT,
                    residence_status TEXT,
                    period_of_stay TEXT,
                    stay_expires_on TEXT,
                    residence_card_number TEXT,
                    import_seq INTEGER NOT NULL REFERENCES registry_import(seq),
                    CHECK ((status = 'resident') = (status_date IS NULL))
                );
                CREATE INDEX registry_person_name_birth ON registry_person(name_key, birth_date);
                CREATE INDEX registry_person_birth ON registry_person(birth_date);
                CREATE INDEX registry_person_kana ON registry_person(kana_key, birth_date, id);
                CREATE INDEX registry_person_household ON registry_person(household_id);
                CREATE UNIQUE INDEX registry_person_juminhyo_code ON registry_person(juminhyo_code)
                    WHERE juminhyo_code IS NOT NULL;
                CREATE TABLE registry_individual_number (
                    person_id TEXT PRIMARY KEY NOT NULL REFERENCES registry_person(id),
                    number TEXT NOT NULL UNIQUE CHECK (length(number) = 12)
                );
                CREATE TABLE registry_seal (
                    registration_number TEXT PRIMARY KEY NOT NULL,
                    person_id TEXT NOT NULL REFERENCES registry_person(id),
                    status TEXT NOT NULL CHECK (status IN ('registered', 'abolished')),
                    registered_on TEXT NOT NULL,
                    image_png BLOB NOT NULL
                );
                CREATE INDEX registry_seal_person ON registry_seal(person_id);
                CREATE UNIQUE INDEX registry_seal_one_registered ON registry_seal(person_id) WHERE status = 'registered';
                CREATE TABLE registry_koseki (
                    id TEXT PRIMARY KEY NOT NULL,
                    honseki TEXT NOT NULL,
                    hittousha TEXT NOT NULL,
                    is_removed INTEGER NOT NULL CHECK (is_removed IN (0, 1))
                );
                CREATE TABLE registry_koseki_member (
                    koseki_id TEXT NOT NULL REFERENCES registry_koseki(id),
                    member_no INTEGER NOT NULL CHECK (member_no >= 1),
                    name TEXT NOT NULL,
                    birth_date TEXT NOT NULL,
                    relationship TEXT NOT NULL,
                    person_id TEXT REFERENCES registry_person(id),
                    is_removed INTEGER NOT NULL CHECK (is_removed IN (0, 1)),
                    events TEXT NOT NULL,
                    PRIMARY KEY (koseki_id, member_no)
                );
                CREATE INDEX registry_koseki_member_person ON registry_koseki_member(person_id);
                CREATE TABLE registry_fuhyo (
                    koseki_id TEXT NOT NULL REFERENCES registry_koseki(id),
                    line_no INTEGER NOT NULL CHECK (line_no >= 1),
                    member_no INTEGER NOT NULL,
                    address TEXT NOT NULL,
                    since TEXT NOT NULL,
                    PRIMARY KEY (koseki_id, line_no),
                    FOREIGN KEY (koseki_id, member_no) REFERENCES registry_koseki_member(koseki_id, member_no)
                );
                CREATE TABLE registry_tax (
                    person_id TEXT NOT NULL REFERENCES registry_person(id),
                    fiscal_year INTEGER NOT NULL,
                    income_yen INTEGER NOT NULL CHECK (income_yen >= 0),
                    tax_yen INTEGER NOT NULL CHECK (tax_yen >= 0),
                    PRIMARY KEY (person_id, fiscal_year)
                );
                CREATE TABLE registry_jpki_link (
                    issuer TEXT NOT NULL,
                    serial TEXT NOT NULL,
                    person_id TEXT NOT NULL REFERENCES registry_person(id),
                    PRIMARY KEY (issuer, serial)
                );
                """)
            for (table, key) in tables {
                try WriteOnce.guardTable(table, key: key, message: "the resident registry is append-only", in: db)
            }
        }
    }

    /// The triggers that make the registry write-once.
    public static let guards: [String] = tables.flatMap { table, _ in
        WriteOnce.triggerNames(table)
    }
}
