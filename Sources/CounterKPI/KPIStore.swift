import CounterCore
import Foundation
import CounterStore

/// Reads a report's inputs from the rollups (a day from `kpi_day`, whole months from `kpi_month`, a shift from the
/// raw events of its hours) and writes the convenience-store counts.
public enum KPIStore {
    /// The inputs of `scope`'s figures.
    public static func figures(_ scope: ReportScope, directory: TerminalDirectory, targets: KPITargets, in db: any PortableSQL) throws -> ScopeFigures {
        var rows: [RollupRow]
        var durations: [CaseDuration]
        if let shift = scope.shift, let minutes = shift.minutes {
            // A shift: the raw events of its hours on its day (one day, found by the `day` indexes).
            let day = scope.range.first
            let start = Self.instant(day, minutes: minutes.start), end = Self.instant(day, minutes: minutes.end)
            func window(_ alias: String) -> String {
                "\(alias).day = '\(day.iso)' AND \(alias).occurred_at_ms >= \(start) AND \(alias).occurred_at_ms < \(end)"
            }
            rows = try dayRows(sql: KPIRollups.rawDaySelect(where: window), arguments: [], directory: directory, in: db).map(\.row)
            durations = try db.rows(KPIRollups.caseSelect(where: window("e")), []).compactMap { row in
                guard let day = CalendarDate(iso: row.text(1)) else { return nil }
                return CaseDuration(terminal: row.text(2), day: day, style: row.text(3), ms: row.integer(4), count: 1)
            }
        } else {
            // A month report reads its days (its trend is by day); a fiscal year its whole months.
            let (months, days) = scope.period == .month
                ? ([], Self.days(of: scope.range)) : split(scope.range, directory: directory)
            rows = try monthRows(months, directory: directory, in: db)
            if !days.isEmpty {
                let placeholders = days.map { _ in "?" }.joined(separator: ",")
                let wanted = Set(days.map { "\($0.day.iso)|\($0.terminal ?? "*")" })
                rows += try dayRows(sql: """
                    SELECT day, terminal_id, actor_id, channel, metric, dim, n, total FROM kpi_day WHERE day IN (\(placeholders))
                    """, arguments: Set(days.map(\.day.iso)).sorted(), directory: directory, in: db)
                    .filter { wanted.contains("\($0.dayISO)|*") || wanted.contains("\($0.dayISO)|\($0.row.terminal)") }
                    .map(\.row)
            }
            // Month rows for a terminal that moved mid-month were replaced by its day rows in `split`.
            durations = try caseDurations(scope, directory: directory, in: db)
        }
        rows = rows.filter { row in
            (scope.office == nil || row.office == scope.office) && (scope.terminal == nil || row.terminal == scope.terminal)
        }
        let kept = durations.filter { item in
            (scope.terminal == nil || item.terminal == nil || item.terminal == scope.terminal)
                && (scope.office == nil || item.day == nil || item.terminal.flatMap { directory.office(of: $0, on: item.day!)?.id } == scope.office)
        }
        let convenience = scope.period == .month || scope.period == .fy
            ? try convenienceCopies(months: scope.range.months, office: scope.office, kinds: targets.kioskShare.kinds, in: db) : 0
        let devices = scope.terminal.map { directory.kind(of: $0) == .counter ? 1.0 : 0.0 }
            ?? directory.terminals(of: .counter, in: scope.office, during: scope.range)
                .reduce(0.0) { $0 + directory.share(of: $1, in: scope.office, during: scope.range) }
        func counts(_ style: String) -> DurationCounts {
            DurationCounts(kept.filter { $0.style == style }.map { ($0.ms, $0.count) })
        }
        return ScopeFigures(scope: scope, rows: rows, handwrittenDurations: counts("handwritten"), preprintedDurations: counts("preprinted"),
                            convenienceCopies: scope.terminal == nil ? convenience : 0, devices: devices)
    }

    /// Ended cases of one duration: for a terminal on a day, or (terminal and day nil) counted together already.
    struct CaseDuration {
        var terminal: String?
        var day: CalendarDate?
        var style: String
        var ms: Int
        var count: Int
    }

    /// The durations of the preprinted and handwritten cases of `scope`, counted by duration in SQL (a year holds
    /// hundreds of thousands of cases, a few hundred distinct durations). One office: its terminals that stayed there
    /// are counted in SQL, one that moved during the range is read day by day and kept for the days it stood there.
    static func caseDurations(_ scope: ReportScope, directory: TerminalDirectory, in db: any PortableSQL) throws -> [CaseDuration] {
        let range: [any SQLBindable] = [scope.range.first.iso, scope.range.last.iso]
        let base = "FROM kpi_case WHERE style IN ('preprinted', 'handwritten') AND day BETWEEN ? AND ?"
        // One style at a time: the index on (style, duration, day, terminal) yields each style's durations in order,
        // so they are counted without a sort.
        func grouped(_ terminals: [String]?) throws -> [CaseDuration] {
            try ["preprinted", "handwritten"].flatMap { style -> [CaseDuration] in
                var sql = "SELECT duration_ms, COUNT(*) FROM kpi_case WHERE style = ? AND day BETWEEN ? AND ?"
                var arguments: [any SQLBindable] = [style] + range
                if let terminals {
                    guard !terminals.isEmpty else { return [] }
                    sql += " AND terminal_id IN (\(terminals.map { _ in "?" }.joined(separator: ",")))"
                    arguments += terminals as [any SQLBindable]
                }
                return try db.rows(sql + " GROUP BY duration_ms", arguments).map {
                    CaseDuration(terminal: nil, day: nil, style: style, ms: $0.integer(0), count: $0.integer(1))
                }
            }
        }
        if let terminal = scope.terminal { return try grouped([terminal]) }
        guard let office = scope.office else { return try grouped(nil) }
        let candidates = Set(TerminalKind.allCases.flatMap { directory.terminals(of: $0, in: office, during: scope.range) })
        let movers = candidates.filter { directory.moves($0, within: scope.range) }
        var result = try grouped(candidates.subtracting(movers).sorted())
        for mover in movers.sorted() {
            result += try db.rows("SELECT day, style, duration_ms \(base) AND terminal_id = ?", range + [mover])
                .compactMap { row in
                    guard let day = CalendarDate(iso: row.text(0)) else { return nil }
                    return CaseDuration(terminal: mover, day: day, style: row.text(1), ms: row.integer(2), count: 1)
                }
        }
        return result
    }

    /// Milliseconds since 1970 of `minutes` after midnight of `day` in Japan.
    static func instant(_ day: CalendarDate, minutes: Int) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        let midnight = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? Date(timeIntervalSince1970: 0)
        return Int64((midnight.timeIntervalSince1970 + Double(minutes * 60)) * 1000)
    }

    /// A day that must be read from `kpi_day`: for every terminal (a partial month), or for one terminal (it moved
    /// that month, so its month row mixes two offices).
    struct DayRead { var day: CalendarDate; var terminal: String? }

    /// Every day of `range`, for every terminal.
    static func days(of range: DayRange) -> [DayRead] {
        (0..<range.count).map { DayRead(day: range.first.adding(days: $0), terminal: nil) }
    }

    /// Splits `range` into whole months (read from `kpi_month`, except for terminals that moved in them) and days.
    static func split(_ range: DayRange, directory: TerminalDirectory) -> (months: [(month: String, except: Set<String>)], days: [DayRead]) {
        var months: [(String, Set<String>)] = [], days: [DayRead] = []
        var day = range.first
        while day <= range.last {
            let month = DayRange.month(of: day)
            if range.contains(month.first) && range.contains(month.last) {
                let moving = Set(directory.stays.keys.filter { directory.moves($0, within: month) })
                months.append((String(month.first.iso.prefix(7)), moving))
                var inside = month.first
                while inside <= month.last {
                    days += moving.sorted().map { DayRead(day: inside, terminal: $0) }
                    inside = inside.adding(days: 1)
                }
                day = month.last.adding(days: 1)
            } else {
                days.append(DayRead(day: day, terminal: nil))
                day = day.adding(days: 1)
            }
        }
        return (months, days)
    }

    private static func monthRows(_ months: [(month: String, except: Set<String>)], directory: TerminalDirectory,
                                  in db: any PortableSQL) throws -> [RollupRow] {
        guard !months.isEmpty else { return [] }
        let placeholders = months.map { _ in "?" }.joined(separator: ",")
        let except = Dictionary(uniqueKeysWithValues: months.map { ($0.month, $0.except) })
        // The office of each terminal in each month, found once (a year has tens of thousands of month rows).
        var offices: [String: String?] = [:]
        func office(_ terminal: String, _ month: String) -> String? {
            let key = month + "|" + terminal
            if let known = offices[key] { return known }
            let found = CalendarDate(iso: month + "-01").flatMap { directory.office(of: terminal, on: DayRange.month(of: $0).last)?.id }
            offices[key] = found
            return found
        }
        return try db.rows("""
            SELECT month, terminal_id, channel, metric, dim, n, total FROM kpi_month WHERE month IN (\(placeholders))
            """, months.map(\.month)).compactMap { row -> RollupRow? in
            let month = row.text(0), terminal = row.text(1)
            guard except[month]?.contains(terminal) != true, let metric = KPIMetric(rawValue: row.text(3)) else { return nil }
            return RollupRow(bucket: month, office: office(terminal, month), terminal: terminal, actor: nil, channel: row.text(2),
                             metric: metric, dim: row.text(4), n: row.integer(5), total: row.integer(6))
        }
    }

    private static func dayRows(sql: String, arguments: [any SQLBindable], directory: TerminalDirectory,
                                in db: any PortableSQL) throws -> [(dayISO: String, row: RollupRow)] {
        try db.rows(sql, arguments).compactMap { row in
            let dayISO = row.text(0), terminal = row.text(1)
            guard let metric = KPIMetric(rawValue: row.text(4)), let day = CalendarDate(iso: dayISO) else { return nil }
            return (dayISO, RollupRow(bucket: dayISO, office: directory.office(of: terminal, on: day)?.id, terminal: terminal,
                                      actor: row.text(2), channel: row.text(3), metric: metric, dim: row.text(5), n: row.integer(6),
                                      total: row.integer(7)))
        }
    }

    /// The convenience-store copies of `kinds` in `months` (of `office`, or every office).
    static func convenienceCopies(months: [String], office: String?, kinds: [String], in db: any PortableSQL) throws -> Int {
        guard !months.isEmpty, !kinds.isEmpty else { return 0 }
        let monthMarks = months.map { _ in "?" }.joined(separator: ","), kindMarks = kinds.map { _ in "?" }.joined(separator: ",")
        var arguments: [any SQLBindable] = months + kinds
        var sql = "SELECT COALESCE(SUM(count), 0) FROM kpi_convenience WHERE month IN (\(monthMarks)) AND kind IN (\(kindMarks))"
        if let office {
            sql += " AND office_id = ?"
            arguments += [office]
        }
        return try db.rows(sql, arguments).first?.integer(0) ?? 0
    }
}
