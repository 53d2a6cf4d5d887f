import CounterKPI
import Foundation

/// The city's KPI rollups (`counter city rollup`): recomputed from every synced record with the terminal's own
/// statements (``KPIRollups/rebuildSQL``), in one transaction, so a report reads the city's figures as it reads a
/// terminal's. Run after the day's syncs; a report says when they were last recomputed.
public enum CityRollup {
    /// What one recomputation did.
    public struct Summary: Sendable, Equatable {
        /// Day rows written, and records counted (case events, ledger entries, certificate log entries).
        public var dayRows: Int, records: Int
    }

    /// Recomputes the rollups (the admin role).
    @discardableResult
    public static func refresh(_ city: CityConnection) throws -> Summary {
        try CitySchema.requireCurrent(city)
        let started = ContinuousClock.now
        return try city.transaction { () throws(CityError) -> Summary in
            try city.executeScript(KPIRollups.rebuildSQL)
            let records = Int(try city.execute("""
                SELECT (SELECT COUNT(*) FROM city_case_event) + (SELECT COUNT(*) FROM city_ledger_entry)
                    + (SELECT COUNT(*) FROM city_certificate_log)
                """).first?.first.flatMap { $0 } ?? "0") ?? 0
            let elapsed = ContinuousClock.now - started
            let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
            try city.execute("INSERT INTO city_rollup (records, milliseconds) VALUES ($1, $2)", [String(records), String(milliseconds)])
            let rows = Int(try city.execute("SELECT COUNT(*) FROM kpi_day").first?.first.flatMap { $0 } ?? "0") ?? 0
            return Summary(dayRows: rows, records: records)
        }
    }

    /// When the rollups were last recomputed, or nil (never).
    public static func lastRefresh(_ city: CityConnection) throws(CityError) -> String? {
        try city.execute("SELECT to_char(MAX(refreshed_at) AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI') FROM city_rollup")
            .first?.first.flatMap { $0 }
    }
}
