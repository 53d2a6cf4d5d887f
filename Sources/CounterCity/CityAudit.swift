/// `counter city verify`: every chain the city holds recomputed, record by record, in SQL on the server: each record's
/// hash over its fields (and its rows), each `prev_hash` the hash before it. A change made by any role, the owner's
/// trigger-dropping included, shows as the first record that no longer holds.
public enum CityAudit {
    /// The first record of a stream that does not hold.
    public struct Break: Sendable, Equatable {
        /// `events`, `ledger` or `certificates`.
        public var stream: String
        public var terminal: String
        public var seq: Int64
    }

    /// What the check found: records checked per stream, and the first break of each stream that has one.
    public struct Report: Sendable, Equatable {
        public var records: [String: Int] = [:]
        public var breaks: [Break] = []
        /// True when every chain holds.
        public var holds: Bool { breaks.isEmpty }
    }

    /// Recomputes every chain of `city`.
    public static func verify(_ city: CityConnection) throws(CityError) -> Report {
        try CitySchema.requireCurrent(city)
        var report = Report()
        for stream in CityStream.all {
            report.records[stream.name] = Int(try city.execute("SELECT COUNT(*) FROM \(stream.city)").first?.first.flatMap { $0 } ?? "0") ?? 0
            if let row = try city.execute(stream.firstBreakSQL).first {
                report.breaks.append(Break(stream: stream.name, terminal: row[0] ?? "", seq: Int64(row[1] ?? "") ?? 0))
            }
        }
        return report
    }
}
