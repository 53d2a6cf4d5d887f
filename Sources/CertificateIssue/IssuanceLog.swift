import CounterCore
import CounterStore
import Foundation
import GRDB

/// One entry of the certificates' write-once log (`docs/certificates.md`): an issuance (交付履歴) with its
/// numbered copies, a reprint, a print of one copy (印刷ログ), or a 処分 (a printed copy voided).
public struct IssuanceEntry: Sendable, Hashable {
    /// What the entry records.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// 交付: paid (or 公用) and numbered, before anything printed.
        case issue
        /// 再交付: the same content again under new numbers (a reason, no new fee).
        case reprint
        /// One copy sent to a printer or a PDF file (its outcome).
        case print
        /// 処分: a printed copy voided (reason, supervisor).
        case void
    }

    /// The entry's id.
    public var id: UUID
    /// The kind.
    public var kind: Kind
    /// The terminal.
    public var terminalID: String
    /// Who.
    public var actor: EventActor
    /// Where.
    public var channel: CaseChannel
    /// When.
    public var recordedAt: Date
    /// The day in Japan.
    public var day: CalendarDate
    /// issue/reprint: the request (申請) id, also the ledger payment's request.
    public var requestID: String?
    /// reprint/print/void: the issuance entry it refers to.
    public var issuanceID: UUID?
    /// issue/reprint: the person the certificate is about.
    public var personID: String?
    /// issue/reprint: the certificate kind.
    public var certificateKind: String?
    /// issue/reprint: the options printed (comma-separated option names, in the catalog's order).
    public var options: [CertificateOption]
    /// issue/reprint: 世帯一部's members (person ids).
    public var members: [String]
    /// issue/reprint: copies.
    public var copies: Int?
    /// issue/reprint: who asked.
    public var requester: Requester?
    /// issue/reprint: 公用.
    public var official: Bool?
    /// issue: the ledger payment (nil for 公用 of 0 yen … still recorded as a payment of 0 yen).
    public var paymentID: UUID?
    /// issue/reprint: the printer number in the 発行番号.
    public var printerNumber: String?
    /// issue/reprint: whether the 個人番号 prints (a flag; never the number).
    public var individualNumberPrinted: Bool?
    /// issue/reprint: whether the 公印 prints.
    public var sealPrinted: Bool?
    /// print: `print` (a printer) or `file` (a PDF folder); the printer or folder name.
    public var output: String?, printer: String?
    /// print: `ok` or `failed` and the error's kind.
    public var outcome: String?, errorKind: String?
    /// print/void: the copy's 連番.
    public var copySerial: Int?
    /// print: the copy's pages.
    public var pages: Int?
    /// reprint/void: the reason; void: the supervisor who approved.
    public var reason: String?, supervisorID: String?

    /// An entry of `kind`; the fields its kind does not use stay nil.
    public init(id: UUID = UUID(), kind: Kind, terminalID: String, actor: EventActor, channel: CaseChannel,
                recordedAt: Date) {
        self.id = id
        self.kind = kind
        self.terminalID = terminalID
        self.actor = actor
        self.channel = channel
        self.recordedAt = recordedAt
        day = CalendarDate.inJapan(at: recordedAt)
        options = []
        members = []
    }

    /// The columns, in the order of the canonical encoding of the chain.
    static let columns = ["id", "terminal_id", "kind", "actor_kind", "actor_id", "channel", "occurred_at_ms", "day",
                          "request_id", "issuance_id", "person_id", "certificate_kind", "options", "copies", "requester",
                          "official", "payment_id", "printer_number", "individual_number_printed", "seal_printed",
                          "output", "printer", "outcome", "error_kind", "copy_serial", "pages", "reason", "supervisor_id",
                          "members"]

    static let integerColumns: Set<String> = ["occurred_at_ms", "copies", "official", "individual_number_printed",
                                              "seal_printed", "copy_serial", "pages"]

    /// The stored values in ``columns`` order: also the chain's canonical fields.
    var values: [HashChain.Field] {
        func flag(_ value: Bool?) -> HashChain.Field { .integer(value.map { $0 ? 1 : 0 }) }
        return [.text(id.uuidString), .text(terminalID), .text(kind.rawValue), .text(actor.kindName), .text(actor.id),
                .text(channel.rawValue), .integer(Int64((recordedAt.timeIntervalSince1970 * 1000).rounded())),
                .text(day.iso), .text(requestID), .text(issuanceID?.uuidString), .text(personID), .text(certificateKind),
                .text(kind == .issue || kind == .reprint ? options.map(\.rawValue).joined(separator: ",") : nil),
                .integer(copies.map(Int64.init)), .text(requester?.rawValue), flag(official), .text(paymentID?.uuidString),
                .text(printerNumber), flag(individualNumberPrinted), flag(sealPrinted), .text(output), .text(printer),
                .text(outcome), .text(errorKind), .integer(copySerial.map(Int64.init)), .integer(pages.map(Int64.init)),
                .text(reason), .text(supervisorID),
                .text(members.isEmpty ? nil : members.joined(separator: ","))]
    }

    /// Rebuilds an entry from a stored row.
    static func entry(from row: Row) throws -> IssuanceEntry {
        guard let id = UUID(uuidString: row["id"]), let kind = Kind(rawValue: row["kind"]),
              let actor = EventActor(kindName: row["actor_kind"], id: row["actor_id"]),
              let channel = CaseChannel(rawValue: row["channel"]) else { throw StoreError.corruptRecord }
        let milliseconds: Int64 = row["occurred_at_ms"]
        var entry = IssuanceEntry(id: id, kind: kind, terminalID: row["terminal_id"], actor: actor, channel: channel,
                                  recordedAt: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        entry.requestID = row["request_id"]
        entry.issuanceID = (row["issuance_id"] as String?).flatMap(UUID.init(uuidString:))
        entry.personID = row["person_id"]
        entry.certificateKind = row["certificate_kind"]
        entry.options = ((row["options"] as String?) ?? "").split(separator: ",").compactMap { CertificateOption(rawValue: String($0)) }
        entry.copies = row["copies"]
        entry.requester = (row["requester"] as String?).flatMap(Requester.init(rawValue:))
        entry.official = (row["official"] as Int?).map { $0 == 1 }
        entry.paymentID = (row["payment_id"] as String?).flatMap(UUID.init(uuidString:))
        entry.printerNumber = row["printer_number"]
        entry.individualNumberPrinted = (row["individual_number_printed"] as Int?).map { $0 == 1 }
        entry.sealPrinted = (row["seal_printed"] as Int?).map { $0 == 1 }
        entry.output = row["output"]
        entry.printer = row["printer"]
        entry.outcome = row["outcome"]
        entry.errorKind = row["error_kind"]
        entry.copySerial = row["copy_serial"]
        entry.pages = row["pages"]
        entry.reason = row["reason"]
        entry.supervisorID = row["supervisor_id"]
        entry.members = ((row["members"] as String?) ?? "").split(separator: ",").map(String.init)
        return entry
    }
}

/// A numbered copy of an issuance or reprint: its 連番 of the terminal's day, gapless from 1.
public struct NumberedCopy: Sendable, Hashable {
    /// The entry (issue or reprint) the copy belongs to.
    public var entryID: UUID
    /// 1…copies.
    public var copyNumber: Int
    /// The 連番: per terminal per day, gapless.
    public var serial: Int
}

/// The certificates' tables: `certificate_log` (write-once, chained per terminal) and `certificate_number`
/// (each copy's 連番; unique per terminal and day). One migration per change.
public enum IssuanceSchema: SchemaModule {
    /// The write-once tables and the key that finds an existing row.
    static let tables: [(name: String, key: String)] = [
        ("certificate_log", "id = NEW.id OR seq = NEW.seq"),
        ("certificate_number", "entry_id = NEW.entry_id AND copy_no = NEW.copy_no"),
    ]

    /// The triggers that make the log write-once and chained.
    public static let guards: [String] = tables.flatMap { table, _ in
        WriteOnce.triggerNames(table)
    } + ["certificate_log_chained"]

    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("certificate-v1") { db in
            let integers = IssuanceEntry.integerColumns
            let columns = IssuanceEntry.columns.map { column -> String in
                switch column {
                case "id": return "id TEXT NOT NULL UNIQUE"
                case "terminal_id", "actor_kind", "actor_id", "channel", "day": return "\(column) TEXT NOT NULL"
                case "kind": return "kind TEXT NOT NULL CHECK (kind IN ('issue', 'reprint', 'print', 'void'))"
                case "occurred_at_ms": return "occurred_at_ms INTEGER NOT NULL"
                default: return "\(column) \(integers.contains(column) ? "INTEGER" : "TEXT")"
                }
            }
            try db.execute(sql: """
                CREATE TABLE certificate_log (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    \(columns.joined(separator: ",\n    ")),
                    prev_hash BLOB NOT NULL,
                    hash BLOB NOT NULL
                );
                CREATE INDEX certificate_log_terminal_seq ON certificate_log(terminal_id, seq);
                CREATE INDEX certificate_log_person ON certificate_log(person_id, day);
                CREATE INDEX certificate_log_issuance ON certificate_log(issuance_id);
                CREATE UNIQUE INDEX certificate_log_request ON certificate_log(request_id) WHERE kind = 'issue';
                CREATE TABLE certificate_number (
                    entry_id TEXT NOT NULL REFERENCES certificate_log(id),
                    copy_no INTEGER NOT NULL CHECK (copy_no > 0),
                    terminal_id TEXT NOT NULL,
                    day TEXT NOT NULL,
                    serial INTEGER NOT NULL CHECK (serial > 0),
                    PRIMARY KEY (entry_id, copy_no),
                    UNIQUE (terminal_id, day, serial)
                );
                """)
            for (table, key) in tables {
                try WriteOnce.guardTable(table, key: key, message: "certificate records are append-only", in: db)
            }
            try db.execute(sql: """
                CREATE TRIGGER certificate_log_chained BEFORE INSERT ON certificate_log
                WHEN length(NEW.hash) != 32 OR length(NEW.prev_hash) != 32
                BEGIN SELECT RAISE(ABORT, 'certificate records are append-only and chained'); END;
                """)
        }
    }
}

/// The certificates' log as the use cases write and read it, inside the caller's transaction.
public enum IssuanceRepository {
    /// Appends `entry` to its terminal's chain; for an issue or reprint, numbers its copies with the next
    /// 連番 of the terminal's day (gapless: SQLite has one writer at a time) and returns them.
    @discardableResult
    public static func append(_ entry: IssuanceEntry, in db: Database) throws -> [NumberedCopy] {
        // Cached statements: the KPI triggers make an insert costly to compile.
        let previous = try Data.fetchOne(db.cachedStatement(sql: """
            SELECT hash FROM certificate_log WHERE terminal_id = ? ORDER BY seq DESC LIMIT 1
            """), arguments: [entry.terminalID]) ?? HashChain.genesis
        let values = entry.values
        var arguments = StatementArguments(values.map { field -> (any DatabaseValueConvertible)? in
            switch field {
            case .text(let text): return text
            case .integer(let number): return number
            }
        })
        arguments += [previous, HashChain.link(previous: previous, fields: values)]
        let placeholders = Array(repeating: "?", count: IssuanceEntry.columns.count + 2).joined(separator: ", ")
        try db.cachedStatement(sql: """
            INSERT INTO certificate_log (\(IssuanceEntry.columns.joined(separator: ", ")), prev_hash, hash) VALUES (\(placeholders))
            """).execute(arguments: arguments)
        guard entry.kind == .issue || entry.kind == .reprint, let copies = entry.copies, copies > 0 else { return [] }
        let last = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(serial) FROM certificate_number WHERE terminal_id = ? AND day = ?"),
                                    arguments: [entry.terminalID, entry.day.iso]) ?? 0
        return try (1...copies).map { copy in
            let numbered = NumberedCopy(entryID: entry.id, copyNumber: copy, serial: last + copy)
            try db.cachedStatement(sql: """
                INSERT INTO certificate_number (entry_id, copy_no, terminal_id, day, serial) VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [entry.id.uuidString, copy, entry.terminalID, entry.day.iso, numbered.serial])
            return numbered
        }
    }

    /// The entry with `id`.
    public static func entry(id: UUID, in db: Database) throws -> IssuanceEntry? {
        try Row.fetchOne(db, sql: "SELECT * FROM certificate_log WHERE id = ?", arguments: [id.uuidString])
            .map(IssuanceEntry.entry(from:))
    }

    /// The copies not voided of the issuance paid by `paymentID` (its reprints included); nil when the payment
    /// paid no certificate.
    public static func unvoidedCopies(ofPayment paymentID: UUID, in db: Database) throws -> Int? {
        guard try db.tableExists("certificate_log") else { return nil }
        guard let issue = try Row.fetchOne(db, sql: "SELECT id FROM certificate_log WHERE kind = 'issue' AND payment_id = ?",
                                           arguments: [paymentID.uuidString]) else { return nil }
        let issueID: String = issue["id"]
        return try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM certificate_number n
            WHERE (n.entry_id = ? OR n.entry_id IN (SELECT id FROM certificate_log WHERE kind = 'reprint' AND issuance_id = ?))
              AND NOT EXISTS (SELECT 1 FROM certificate_log v WHERE v.kind = 'void' AND v.issuance_id = n.entry_id
                              AND v.copy_serial = n.serial)
            """, arguments: [issueID, issueID]) ?? 0
    }

    /// The issue entry of `requestID`, if it was issued.
    public static func issue(ofRequest requestID: String, in db: Database) throws -> IssuanceEntry? {
        try Row.fetchOne(db, sql: "SELECT * FROM certificate_log WHERE kind = 'issue' AND request_id = ?",
                         arguments: [requestID]).map(IssuanceEntry.entry(from:))
    }

    /// The issue entries of `terminalID` on `day`, in recorded order.
    public static func issues(terminalID: String, day: CalendarDate, in db: Database) throws -> [IssuanceEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM certificate_log WHERE kind = 'issue' AND terminal_id = ? AND day = ? ORDER BY seq",
                         arguments: [terminalID, day.iso]).map(IssuanceEntry.entry(from:))
    }

    /// The numbered copies of an issue or reprint entry, by copy number.
    public static func copies(of entryID: UUID, in db: Database) throws -> [NumberedCopy] {
        try Row.fetchAll(db, sql: "SELECT * FROM certificate_number WHERE entry_id = ? ORDER BY copy_no",
                         arguments: [entryID.uuidString]).map {
            NumberedCopy(entryID: entryID, copyNumber: $0["copy_no"], serial: $0["serial"])
        }
    }

    /// The entries about `personID` (issues and reprints) and every print and void of them, in recorded order.
    public static func history(personID: String, in db: Database) throws -> [IssuanceEntry] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM certificate_log WHERE person_id = ?
               OR issuance_id IN (SELECT id FROM certificate_log WHERE person_id = ?)
            ORDER BY seq
            """, arguments: [personID, personID]).map(IssuanceEntry.entry(from:))
    }

    /// The issue or reprint entry that numbered `serial` at `terminalID` on `day`, with its copy number.
    public static func entry(serial: Int, terminalID: String, day: CalendarDate, in db: Database) throws
        -> (entry: IssuanceEntry, copy: NumberedCopy)? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT * FROM certificate_number WHERE terminal_id = ? AND day = ? AND serial = ?
            """, arguments: [terminalID, day.iso, serial]),
            let id = UUID(uuidString: row["entry_id"]), let entry = try entry(id: id, in: db) else { return nil }
        return (entry, NumberedCopy(entryID: id, copyNumber: row["copy_no"], serial: serial))
    }

    /// The print and void entries of the issuance or reprint `entryID`.
    public static func followUps(of entryID: UUID, in db: Database) throws -> [IssuanceEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM certificate_log WHERE issuance_id = ? ORDER BY seq",
                         arguments: [entryID.uuidString]).map(IssuanceEntry.entry(from:))
    }

    /// Recomputes every terminal's chain; the report names the first entry that does not match.
    public static func verifyChains(in db: Database) throws -> ChainReport {
        var previous: [String: Data] = [:]
        var counts: [String: Int] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM certificate_log ORDER BY seq")
        while let row = try rows.next() {
            let terminal: String = row["terminal_id"]
            let expectedPrevious = previous[terminal] ?? HashChain.genesis
            let fields: [HashChain.Field] = IssuanceEntry.columns.map { column in
                IssuanceEntry.integerColumns.contains(column) ? .integer(row[column]) : .text(row[column])
            }
            let computed = HashChain.link(previous: expectedPrevious, fields: fields)
            counts[terminal, default: 0] += 1
            guard (row["prev_hash"] as Data?) == expectedPrevious, (row["hash"] as Data?) == computed else {
                return ChainReport(recordsPerTerminal: counts, firstBreak: (terminal, row["seq"]))
            }
            previous[terminal] = computed
        }
        return ChainReport(recordsPerTerminal: counts, firstBreak: nil)
    }

    /// The write-once triggers missing from the schema.
    public static func missingGuards(in db: Database) throws -> [String] {
        guard try db.tableExists("certificate_log") else { return [] }
        let present = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        return IssuanceSchema.guards.filter { !present.contains($0) }
    }
}

extension IssuanceEntry {
    /// `certificate_log`'s columns in the order of the chain's canonical encoding (for the city's copy).
    public static var chainColumns: [String] { columns }
    /// Which of ``chainColumns`` hold integers.
    public static var chainIntegerColumns: Set<String> { integerColumns }
}
