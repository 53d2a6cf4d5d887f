import CounterCore
import CounterStore
import Foundation
import GRDB

/// Sends a terminal's case events to the city database (`counter sync --city`): in batches, each in one
/// transaction, from the last record the city holds for the terminal, so a sync interrupted at any point (the
/// network, kill -9) resumes where the city stopped and a batch sent twice counts once. The city recomputes each
/// record's hash and refuses a chain that breaks. Only ids, kinds, counts and durations travel: case events carry no
/// name, address or birth date.
public enum CitySync {
    /// What one sync did.
    public struct Summary: Sendable, Equatable {
        /// Records sent and kept by the city, and batches.
        public var sent = 0, batches = 0
        /// Records of the terminal the city held before.
        public var alreadyThere = 0
    }

    /// The columns of a case event as the city stores them, in the chain's canonical order, then the chain.
    static let columns = ["id", "terminal_id", "actor_kind", "actor_id", "channel", "case_id", "occurred_at_ms", "day", "kind",
                          "style", "source", "fields", "form_id", "form_revision", "copies", "outcome", "error_kind", "duration_ms"]

    /// Pushes `terminal`'s case events from `local` to `city`, `batchSize` at a time; `progress` gets the records sent.
    public static func push(from local: CounterDatabase, to city: CityConnection, terminal: String, batchSize: Int = 500,
                            progress: (Int) -> Void = { _ in }) throws -> Summary {
        try CitySchema.requireCurrent(city)
        var summary = Summary()
        var last = Int64(try city.execute("SELECT COALESCE(MAX(seq), 0) FROM city_case_event WHERE terminal_id = $1", [terminal])
            .first?.first.flatMap { $0 }.flatMap { Int64($0) } ?? 0)
        summary.alreadyThere = Int(try city.execute("SELECT COUNT(*) FROM city_case_event WHERE terminal_id = $1", [terminal])
            .first?.first.flatMap { $0 }.flatMap { Int($0) } ?? 0)
        let placeholders = (1...(columns.count + 3)).map { "$\($0)" }.joined(separator: ", ")
        let insert = "INSERT INTO city_case_event (\(columns.joined(separator: ", ")), seq, prev_hash, hash) VALUES (\(placeholders))"
        while true {
            let rows = try local.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT \(columns.joined(separator: ", ")), seq, hex(prev_hash) AS prev, hex(hash) AS hash FROM case_event
                    WHERE terminal_id = ? AND seq > ? ORDER BY seq LIMIT ?
                    """, arguments: [terminal, last, batchSize])
            }
            guard !rows.isEmpty else { break }
            try city.transaction { () throws(CityError) in
                for row in rows {
                    var values: [String?] = columns.map { column in
                        (row[column] as DatabaseValue).storage.text
                    }
                    values.append(String(row["seq"] as Int64))
                    values.append("\\x" + (row["prev"] as String))
                    values.append("\\x" + (row["hash"] as String))
                    try city.execute(insert, values)
                }
            }
            last = rows.last?["seq"] ?? last
            summary.sent += rows.count
            summary.batches += 1
            progress(summary.sent)
        }
        return summary
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
