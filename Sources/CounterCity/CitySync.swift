import CounterCore
import CounterStore
import Foundation
import GRDB

/// Sends a terminal's chained records to the city database (`counter sync --city`): its case events, ledger entries
/// (with items, postings and daily closes) and certificate log (issuances, prints, with each copy's 発行番号). In
/// batches, each in one transaction, from the last record the city holds for the terminal, so a sync interrupted at
/// any point (the network, kill -9) resumes where the city stopped and a batch sent twice counts once. The city
/// recomputes each record's hash and refuses a chain that breaks. Only ids, kinds, amounts, counts, 発行番号 and
/// person ids travel: none of these tables holds a name, an address or a birth date.
public enum CitySync {
    /// What one sync did.
    public struct Summary: Sendable, Equatable {
        /// Records sent and kept by the city (every stream), and batches.
        public var sent = 0, batches = 0
        /// Records of the terminal the city held before.
        public var alreadyThere = 0
        /// Records sent per stream (`events`, `ledger`, `certificates`).
        public var sentPerStream: [String: Int] = [:]
    }

    /// The columns of a case event as the city stores them, in the chain's canonical order, then the chain.
    static let columns = ["id", "terminal_id", "actor_kind", "actor_id", "channel", "case_id", "occurred_at_ms", "day", "kind",
                          "style", "source", "fields", "form_id", "form_revision", "copies", "outcome", "error_kind", "duration_ms"]

    /// Pushes `terminal`'s records from `local` to `city`, `batchSize` records at a time; `progress` gets the records sent.
    public static func push(from local: CounterDatabase, to city: CityConnection, terminal: String, batchSize: Int = 500,
                            progress: (Int) -> Void = { _ in }) throws -> Summary {
        try CitySchema.requireCurrent(city)
        var summary = Summary()
        for stream in CityStream.all {
            try push(stream, from: local, to: city, terminal: terminal, batchSize: batchSize, summary: &summary, progress: progress)
        }
        return summary
    }

    private static func push(_ stream: CityStream, from local: CounterDatabase, to city: CityConnection, terminal: String,
                             batchSize: Int, summary: inout Summary, progress: (Int) -> Void) throws {
        func number(_ sql: String) throws(CityError) -> Int64 {
            Int64(try city.execute(sql, [terminal]).first?.first.flatMap { $0 } ?? "0") ?? 0
        }
        var last = try number("SELECT COALESCE(MAX(seq), 0) FROM \(stream.city) WHERE terminal_id = $1")
        summary.alreadyThere += Int(try number("SELECT COUNT(*) FROM \(stream.city) WHERE terminal_id = $1"))
        let names = stream.columns.map(\.name)
        let insert = insertSQL(stream.city, names + ["seq", "prev_hash", "hash"])
        let childInserts = stream.children.map { insertSQL($0.city, ["entry_id"] + $0.columns.map(\.name)) }
        summary.sentPerStream[stream.name] = 0
        while true {
            let (rows, children) = try local.read { db -> ([Row], [[String: [Row]]]) in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT \(names.joined(separator: ", ")), seq, hex(prev_hash) AS prev, hex(hash) AS hash FROM \(stream.local)
                    WHERE terminal_id = ? AND seq > ? ORDER BY seq LIMIT ?
                    """, arguments: [terminal, last, batchSize])
                let ids = rows.map { $0["id"] as String }
                let children = try stream.children.map { child -> [String: [Row]] in
                    guard !ids.isEmpty else { return [:] }
                    let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
                    let ordered = child.key.map { "entry_id, \($0)" } ?? "entry_id"
                    return Dictionary(grouping: try Row.fetchAll(db, sql: """
                        SELECT entry_id, \(child.columns.map(\.name).joined(separator: ", ")) FROM \(child.local)
                        WHERE entry_id IN (\(placeholders)) ORDER BY \(ordered)
                        """, arguments: StatementArguments(ids)), by: { $0["entry_id"] as String })
                }
                return (rows, children)
            }
            guard !rows.isEmpty else { break }
            try city.transaction { () throws(CityError) in
                // One sync of a terminal at a time: a second waits, then finds the records sent.
                try city.execute("SELECT pg_advisory_xact_lock(hashtext($1))", [stream.city + "|" + terminal])
                for row in rows {
                    // A record's rows go just before it: its hash is checked on arrival over them.
                    let id: String = row["id"]
                    for (index, child) in stream.children.enumerated() {
                        for childRow in children[index][id] ?? [] {
                            try city.execute(childInserts[index],
                                             (["entry_id"] + child.columns.map(\.name)).map { (childRow[$0] as DatabaseValue).storage.text })
                        }
                    }
                    var values: [String?] = names.map { (row[$0] as DatabaseValue).storage.text }
                    values.append(String(row["seq"] as Int64))
                    values.append("\\x" + (row["prev"] as String))
                    values.append("\\x" + (row["hash"] as String))
                    try city.execute(insert, values)
                }
            }
            last = rows.last?["seq"] ?? last
            summary.sent += rows.count
            summary.sentPerStream[stream.name, default: 0] += rows.count
            summary.batches += 1
            progress(summary.sent)
        }
    }

    private static func insertSQL(_ table: String, _ columns: [String]) -> String {
        let placeholders = (1...columns.count).map { "$\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
    }
}

extension DatabaseValue.Storage {
    /// The value as the canonical text (integers in decimal), nil for NULL.
    var text: String? {
        switch self {
        case .null: nil
        case .int64(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): value
        case .blob(let data): data.map { String(format: "%02x", $0) }.joined()
        }
    }
}
