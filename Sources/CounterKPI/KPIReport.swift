import CounterCore
import Foundation

/// What a report covers: a shift, a day, a month or a fiscal year (to a day), for an office, a terminal or the city.
public struct ReportScope: Sendable, Equatable {
    /// The kind of period.
    public enum Period: String, Sendable, Codable, CaseIterable {
        case shift, day, month, fy
    }

    public var period: Period
    /// The days counted.
    public var range: DayRange
    /// The fiscal year the range lies in (targets are per fiscal year).
    public var fiscalYear: FiscalYear
    /// The shift, for a shift report.
    public var shift: Shift?
    /// One office's figures (nil: every office).
    public var office: String?
    /// One terminal's figures (nil: every terminal).
    public var terminal: String?

    /// The scope of `period` around `day`: its shift, the day, its month to `day`, its fiscal year to `day`.
    public init(period: Period, day: CalendarDate, shift: Shift? = nil, office: String? = nil, terminal: String? = nil) {
        self.period = period
        self.shift = shift
        self.office = office
        self.terminal = terminal
        fiscalYear = FiscalYear(containing: day)
        switch period {
        case .shift, .day: range = DayRange(day, day)
        case .month: range = DayRange(CalendarDate(year: day.year, month: day.month, day: 1), day)
        case .fy: range = DayRange(fiscalYear.first, day)
        }
    }
}

/// One rollup row as a report reads it: what one terminal (and clerk, for day and shift reports) counted, attributed
/// to the office the terminal stood in.
public struct RollupRow: Sendable, Equatable {
    /// The day (`YYYY-MM-DD`) or month (`YYYY-MM`) the row counts.
    public var bucket: String
    public var office: String?
    public var terminal: String
    /// The clerk or kiosk (nil when read from the month rollup).
    public var actor: String?
    public var channel: String
    public var metric: KPIMetric
    public var dim: String
    public var n: Int
    public var total: Int

    public init(bucket: String, office: String?, terminal: String, actor: String?, channel: String, metric: KPIMetric, dim: String,
                n: Int, total: Int) {
        self.bucket = bucket
        self.office = office
        self.terminal = terminal
        self.actor = actor
        self.channel = channel
        self.metric = metric
        self.dim = dim
        self.n = n
        self.total = total
    }
}

/// The figures of one report (`docs/kpi.md` defines each), computed from rollup rows, case durations and the
/// convenience-store counts: the same figures whichever format prints them.
public struct KPIReport: Sendable, Equatable, Encodable {
    /// A count with its amount.
    public struct Tally: Sendable, Equatable, Encodable {
        public var count = 0, amount = 0
    }

    /// Paid items of one fee code by one method.
    public struct FeeLine: Sendable, Equatable, Encodable {
        public var code: String, label: String, method: String, quantity: Int, amount: Int
    }

    /// Issuances of one certificate kind paid one way (cash, cashless, exempt), net of cancelled payments.
    public struct CertificateLine: Sendable, Equatable, Encodable {
        public var kind: String, label: String, method: String, issuances: Int, copies: Int, amount: Int
    }

    /// Issuances of one certificate kind through one channel.
    public struct IssuanceLine: Sendable, Equatable, Encodable {
        public var kind: String, label: String, channel: String, issuances: Int, copies: Int
    }

    /// A rate against its target.
    public struct Rate: Sendable, Equatable, Encodable {
        public var numerator: Int, denominator: Int
        /// Percent (nil when nothing was counted).
        public var percent: Double?
        /// The plan's target (percent), if any for this scope and year.
        public var target: Double?
        /// True when the rate is below its target.
        public var belowTarget: Bool { percent.map { value in target.map { value < $0 } ?? false } ?? false }

        init(_ numerator: Int, _ denominator: Int, target: Double?) {
            self.numerator = numerator
            self.denominator = denominator
            percent = denominator > 0 ? (Double(numerator) * 1000 / Double(denominator)).rounded() / 10 : nil
            self.target = target
        }

        private enum CodingKeys: String, CodingKey { case numerator, denominator, percent, target, belowTarget }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(numerator, forKey: .numerator)
            try container.encode(denominator, forKey: .denominator)
            try container.encode(percent, forKey: .percent)
            try container.encode(target, forKey: .target)
            try container.encode(belowTarget, forKey: .belowTarget)
        }
    }

    /// Cashless usage for one kind of office (or all), by count and by amount.
    public struct Cashless: Sendable, Equatable, Encodable {
        public var officeType: String
        public var byCount: Rate
        public var byAmount: Rate
    }

    /// Cases by style.
    public struct Cases: Sendable, Equatable, Encodable {
        public var preprinted = 0, handwritten = 0, fee = 0, certificate = 0, abandoned = 0
        /// Form copies printed, and print jobs that failed.
        public var formsPrinted = 0, formsFailed = 0
        /// One-stop: life events chosen and procedures kept.
        public var lifeEvents = 0, procedures = 0
    }

    /// Counter time saved, both methods, against the plan.
    public struct TimeSaved: Sendable, Equatable, Encodable {
        /// Preprinted cases × minutes per case, in hours.
        public var planHours: Double
        /// Minutes a preprinted case saves in the plan's method.
        public var minutesPerCase: Int
        /// The medians of handwritten and preprinted cases in seconds, when each has enough cases.
        public var medianHandwrittenSeconds: Double?, medianPreprintedSeconds: Double?
        /// (median handwritten − median preprinted) × preprinted cases, in hours, when both medians exist.
        public var measuredHours: Double?
        /// Why the measured figure is missing.
        public var measuredMissing: String?
        /// Preprint devices (counter terminals) in scope, a terminal that moved counting for the share of the days it
        /// stood there.
        public var devices: Double
        /// The plan's hours for those devices over the fiscal year, and prorated to the report's last day.
        public var targetHours: Double?, proratedTargetHours: Double?
        /// Preprinted cases against the plan's cases per device, prorated.
        public var preprintedCases: Int, proratedTargetCases: Double
    }

    /// The payment step's duration by method.
    public struct PaymentTime: Sendable, Equatable, Encodable {
        public var method: String, payments: Int
        /// Mean seconds (nil when none).
        public var meanSeconds: Double?
    }

    /// One day's (a month report) or month's (a fiscal-year report) figures, for the trend chart.
    public struct TrendPoint: Sendable, Equatable, Encodable {
        public var label: String
        public var preprintedCases: Int, payments: Int, cashlessPayments: Int
        /// Cashless payments per payment, percent.
        public var cashlessPercent: Double?
    }

    /// One terminal's, clerk's or office's line.
    public struct Line: Sendable, Equatable, Encodable {
        public var id: String, office: String?
        /// The office's name (北区役所), when the line has an office.
        public var officeName: String?
        public var cases = 0, formsPrinted = 0, payments = 0, cashlessPayments = 0, amount = 0, issuances = 0
    }

    public var period: String
    public var from: String, to: String
    public var fiscalYear: Int
    public var office: String?, terminal: String?, shift: String?
    public var fees: [FeeLine]
    public var payments: Tally, cashlessPayments: Tally, exemptPayments: Int, cancellations: Tally
    public var cashless: [Cashless]
    public var issuances: [IssuanceLine]
    public var certificates: [CertificateLine]
    public var reprints: Int, voids: Int, officialCopies: Int
    public var cases: Cases
    public var timeSaved: TimeSaved
    public var kioskShare: Rate
    public var convenienceCopies: Int
    public var paymentTime: [PaymentTime]
    public var perTerminal: [Line], perClerk: [Line], perOffice: [Line]
    public var trend: [TrendPoint]
}

/// What the figures are computed from, apart from the rollup rows.
public struct KPIContext: Sendable {
    public var targets: KPITargets
    public var terminals: TerminalDirectory
    /// Fee code → label (`ledger-items.json`).
    public var feeLabels: [String: String]
    /// Certificate kind → title (`certificates.json`).
    public var kindLabels: [String: String]

    public init(targets: KPITargets, terminals: TerminalDirectory, feeLabels: [String: String], kindLabels: [String: String] = [:]) {
        self.targets = targets
        self.terminals = terminals
        self.feeLabels = feeLabels
        self.kindLabels = kindLabels
    }
}

extension KPIReport {
    /// The figures of `scope` from its rollup rows, the durations of its ended preprinted and handwritten cases (ms)
    /// and the convenience-store copies of its kinds.
    public init(scope: ScopeFigures, context: KPIContext) {
        // The figures sum rows over every period of the scope: collapse the days or months first (a fiscal year's
        // month rows become one row per terminal, clerk, channel, metric and dimension), so each sum below reads few.
        struct Key: Hashable { var metric: KPIMetric, dim: String, channel: String, office: String?, terminal: String, actor: String? }
        var collapsed: [Key: RollupRow] = [:]
        for row in scope.rows {
            let key = Key(metric: row.metric, dim: row.dim, channel: row.channel, office: row.office, terminal: row.terminal, actor: row.actor)
            if collapsed[key] != nil {
                collapsed[key]?.n += row.n
                collapsed[key]?.total += row.total
            } else {
                var first = row
                first.bucket = ""
                collapsed[key] = first
            }
        }
        let rows = Array(collapsed.values)
        let year = scope.scope.fiscalYear
        func sum(_ metric: KPIMetric, _ keep: (RollupRow) -> Bool = { _ in true }) -> (n: Int, total: Int) {
            rows.reduce(into: (0, 0)) { result, row in
                if row.metric == metric, keep(row) { result.0 += row.n; result.1 += row.total }
            }
        }
        period = scope.scope.period.rawValue
        from = scope.scope.range.first.iso
        to = scope.scope.range.last.iso
        fiscalYear = year.year
        office = scope.scope.office
        terminal = scope.scope.terminal
        shift = scope.scope.shift?.id

        var feeTotals: [String: (Int, Int)] = [:]
        for row in rows where row.metric == .item { feeTotals[row.dim, default: (0, 0)].0 += row.n; feeTotals[row.dim, default: (0, 0)].1 += row.total }
        fees = feeTotals.keys.sorted().compactMap { key in
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, let value = feeTotals[key], value.0 != 0 || value.1 != 0 else { return nil }
            return FeeLine(code: parts[0], label: context.feeLabels[parts[0]] ?? parts[0], method: parts[1], quantity: value.0, amount: value.1)
        }
        let paid = sum(.payment), cashlessPaid = sum(.payment) { $0.dim == "cashless" }
        payments = Tally(count: paid.n, amount: paid.total)
        cashlessPayments = Tally(count: cashlessPaid.n, amount: cashlessPaid.total)
        exemptPayments = sum(.exemptPayment).n
        let cancelled = sum(.cancellation)
        cancellations = Tally(count: cancelled.n, amount: cancelled.total)

        // Cashless usage per kind of office, each against its own target, then all together.
        let officeTypes = Dictionary(context.terminals.offices.offices.map { ($0.id, $0.type) }, uniquingKeysWith: { first, _ in first })
        func type(of row: RollupRow) -> Office.Kind? { row.office.flatMap { officeTypes[$0] } }
        var cashless: [Cashless] = []
        for kind in Office.Kind.allCases {
            let all = sum(.payment) { type(of: $0) == kind }, cash = sum(.payment) { type(of: $0) == kind && $0.dim == "cashless" }
            guard all.n != 0 else { continue }
            let target = context.targets.cashless(kind, in: year)
            cashless.append(Cashless(officeType: kind.rawValue, byCount: Rate(cash.n, all.n, target: target),
                                     byAmount: Rate(cash.total, all.total, target: target)))
        }
        let types = Set(rows.compactMap(type(of:)))
        let singleTarget = types.count == 1 ? types.first.flatMap { context.targets.cashless($0, in: year) } : nil
        cashless.append(Cashless(officeType: "all", byCount: Rate(cashlessPaid.n, paid.n, target: singleTarget),
                                 byAmount: Rate(cashlessPaid.total, paid.total, target: singleTarget)))
        self.cashless = cashless

        var issued: [String: (Int, Int)] = [:]
        for row in rows where row.metric == .issuance {
            issued["\(row.dim)|\(row.channel)", default: (0, 0)].0 += row.n
            issued["\(row.dim)|\(row.channel)", default: (0, 0)].1 += row.total
        }
        issuances = issued.keys.sorted().compactMap { key in
            let parts = key.split(separator: "|").map(String.init)
            guard parts.count == 2, let value = issued[key] else { return nil }
            return IssuanceLine(kind: parts[0], label: context.kindLabels[parts[0]] ?? parts[0], channel: parts[1], issuances: value.0,
                                copies: value.1)
        }
        var sold: [String: (issuances: Int, copies: Int, amount: Int)] = [:]
        for row in rows where row.metric == .certificateCopies || row.metric == .certificateAmount {
            var value = sold[row.dim] ?? (0, 0, 0)
            if row.metric == .certificateCopies { value.issuances += row.n; value.copies += row.total } else { value.amount += row.total }
            sold[row.dim] = value
        }
        certificates = sold.keys.sorted().compactMap { key in
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, let value = sold[key], value.issuances != 0 || value.copies != 0 else { return nil }
            return CertificateLine(kind: parts[0], label: context.kindLabels[parts[0]] ?? parts[0], method: parts[1],
                                   issuances: value.issuances, copies: value.copies, amount: value.amount)
        }
        reprints = sum(.reprint).total
        voids = sum(.void).n
        officialCopies = sum(.officialIssuance).total

        var cases = Cases()
        for row in rows where row.metric == .caseStarted {
            switch CaseStyle(rawValue: row.dim) {
            case .preprinted?: cases.preprinted += row.n
            case .handwritten?: cases.handwritten += row.n
            case .fee?: cases.fee += row.n
            case .certificate?: cases.certificate += row.n
            case nil: break
            }
        }
        cases.abandoned = sum(.caseAbandoned).n
        cases.formsPrinted = sum(.formPrinted).total
        cases.formsFailed = sum(.formFailed).n
        cases.lifeEvents = sum(.lifeEvent).n
        cases.procedures = sum(.procedure).n
        self.cases = cases

        // Time saved: the plan's method, and the measured one once both kinds of case have enough cases.
        let t = context.targets.timeSaved
        let planHours = Double(cases.preprinted * t.minutesPerCase) / 60
        let minimum = t.minimumCasesForMedian
        let handwritten = scope.handwrittenDurations.median, preprinted = scope.preprintedDurations.median
        var measured: Double?, missing: String?
        if scope.handwrittenDurations.count < minimum || scope.preprintedDurations.count < minimum {
            missing = "手書きと書かない窓口の終わった件がそれぞれ\(minimum)件以上になると計算します（手書き \(scope.handwrittenDurations.count)件、書かない窓口 \(scope.preprintedDurations.count)件）"
        } else if let handwritten, let preprinted {
            measured = (handwritten - preprinted) / 1000 * Double(cases.preprinted) / 3600
        }
        let devices = scope.devices
        let fyDays = Double(year.dayCount)
        let elapsed = Double(scope.scope.range.last.daysSince(year.first) + 1)
        let span = scope.scope.period == .fy ? elapsed : Double(scope.scope.range.count)
        let hours = context.targets.hoursPerDevice(in: year).map { Double($0) * devices }
        timeSaved = TimeSaved(planHours: planHours, minutesPerCase: t.minutesPerCase, medianHandwrittenSeconds: handwritten.map { $0 / 1000 },
                              medianPreprintedSeconds: preprinted.map { $0 / 1000 }, measuredHours: measured, measuredMissing: missing,
                              devices: devices, targetHours: hours, proratedTargetHours: hours.map { $0 * span / fyDays },
                              preprintedCases: cases.preprinted,
                              proratedTargetCases: Double(t.casesPerDevice) * devices * span / fyDays)

        let counted = Set(context.targets.kioskShare.kinds)
        let kioskCopies = issuances.filter { counted.contains($0.kind) && $0.channel == "kiosk" }.reduce(0) { $0 + $1.copies }
        let allCopies = issuances.filter { counted.contains($0.kind) }.reduce(0) { $0 + $1.copies }
        convenienceCopies = scope.convenienceCopies
        kioskShare = Rate(kioskCopies + scope.convenienceCopies, allCopies + scope.convenienceCopies,
                          target: context.targets.kioskShare(in: year))

        paymentTime = ["cash", "cashless"].map { method in
            let time = sum(.paymentTime) { $0.dim == method }
            return PaymentTime(method: method, payments: time.n,
                               meanSeconds: time.n > 0 ? (Double(time.total) / Double(time.n) / 100).rounded() / 10 : nil)
        }

        func lines(_ key: (RollupRow) -> String?, office: (String) -> String?) -> [Line] {
            var byKey: [String: Line] = [:]
            for row in rows {
                guard let id = key(row) else { continue }
                let officeID = office(id)
                var line = byKey[id] ?? Line(id: id, office: officeID, officeName: officeID.flatMap { context.terminals.offices.office(id: $0)?.name })
                switch row.metric {
                case .caseStarted: line.cases += row.n
                case .formPrinted: line.formsPrinted += row.total
                case .payment:
                    line.payments += row.n
                    line.amount += row.total
                    if row.dim == "cashless" { line.cashlessPayments += row.n }
                case .issuance: line.issuances += row.total
                default: break
                }
                byKey[id] = line
            }
            return byKey.keys.sorted().compactMap { byKey[$0] }
        }
        // A terminal's line names the office it stood in on the report's last day (its days elsewhere are in their
        // offices' lines); clerks are known per day, so a fiscal-year report (read by month) has no clerk lines.
        let last = scope.scope.range.last
        perTerminal = lines({ $0.terminal }, office: { context.terminals.office(of: $0, on: last)?.id })
        perClerk = scope.scope.period == .fy ? [] : lines({ $0.actor }, office: { _ in nil })
        perOffice = lines({ $0.office ?? "未登録の端末" }, office: { $0 })

        // The trend: by day in a month report, by month in a fiscal-year report.
        var points: [String: TrendPoint] = [:]
        if scope.scope.period == .month || scope.scope.period == .fy {
            for row in scope.rows where row.metric == .caseStarted || row.metric == .payment {
                let label = scope.scope.period == .fy ? String(row.bucket.prefix(7)) : row.bucket
                var point = points[label] ?? TrendPoint(label: label, preprintedCases: 0, payments: 0, cashlessPayments: 0, cashlessPercent: nil)
                if row.metric == .caseStarted, row.dim == CaseStyle.preprinted.rawValue { point.preprintedCases += row.n }
                if row.metric == .payment {
                    point.payments += row.n
                    if row.dim == "cashless" { point.cashlessPayments += row.n }
                }
                points[label] = point
            }
        }
        trend = points.keys.sorted().compactMap { key in
            guard var point = points[key] else { return nil }
            point.cashlessPercent = point.payments > 0 ? (Double(point.cashlessPayments) * 1000 / Double(point.payments)).rounded() / 10 : nil
            return point
        }
    }

}

/// Durations (ms) counted by value: a year's cases in a few hundred pairs.
public struct DurationCounts: Sendable, Equatable {
    /// (duration, cases), by duration.
    public let counts: [(ms: Int, cases: Int)]
    /// The cases counted.
    public let count: Int

    /// Sums the pairs by duration.
    public init(_ pairs: [(Int, Int)]) {
        var byValue: [Int: Int] = [:]
        for (ms, cases) in pairs { byValue[ms, default: 0] += cases }
        counts = byValue.keys.sorted().map { ($0, byValue[$0] ?? 0) }
        count = counts.reduce(0) { $0 + $1.cases }
    }

    /// The median (the mean of the middle two for an even count); nil when empty.
    public var median: Double? {
        guard count > 0 else { return nil }
        func value(at rank: Int) -> Int {
            var seen = 0
            for pair in counts {
                seen += pair.cases
                if seen > rank { return pair.ms }
            }
            return counts.last?.ms ?? 0
        }
        return count % 2 == 1 ? Double(value(at: count / 2)) : Double(value(at: count / 2 - 1) + value(at: count / 2)) / 2
    }

    public static func == (lhs: DurationCounts, rhs: DurationCounts) -> Bool {
        lhs.count == rhs.count && lhs.counts.map(\.ms) == rhs.counts.map(\.ms) && lhs.counts.map(\.cases) == rhs.counts.map(\.cases)
    }
}

/// The inputs of one report's figures, read by ``KPIStore``.
public struct ScopeFigures: Sendable {
    public var scope: ReportScope
    public var rows: [RollupRow]
    public var handwrittenDurations: DurationCounts, preprintedDurations: DurationCounts
    public var convenienceCopies: Int
    /// Counter terminals (preprint devices) in scope: a terminal that moved counts for the share of days it stood there.
    public var devices: Double

    public init(scope: ReportScope, rows: [RollupRow], handwrittenDurations: DurationCounts, preprintedDurations: DurationCounts,
                convenienceCopies: Int, devices: Double) {
        self.scope = scope
        self.rows = rows
        self.handwrittenDurations = handwrittenDurations
        self.preprintedDurations = preprintedDurations
        self.convenienceCopies = convenienceCopies
        self.devices = devices
    }
}
