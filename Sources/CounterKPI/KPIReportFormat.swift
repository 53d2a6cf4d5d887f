import CounterCore
import Foundation

/// The report's figures as labelled sections of rows: the one layout the text, CSV and PDF formats print.
public enum KPIReportFormat {
    /// A titled table.
    public struct Section: Sendable, Equatable {
        public var title: String
        public var header: [String]
        public var rows: [[String]]
    }

    static let periodNames: [String: String] = ["shift": "シフト", "day": "日", "month": "月", "fy": "年度"]
    static let methodNames: [String: String] = ["cash": "現金", "cashless": "キャッシュレス", "exempt": "公用（免除）", "": "—"]
    static let channelNames: [String: String] = ["counter": "窓口", "kiosk": "キオスク", "cli": "コマンド"]
    static let officeTypeNames: [String: String] = Dictionary(uniqueKeysWithValues: Office.Kind.allCases.map { ($0.rawValue, $0.label) })
        .merging(["all": "すべて"]) { first, _ in first }

    /// The report's title line.
    public static func title(_ report: KPIReport) -> String {
        let scope = [report.office.map { "事務所 \($0)" }, report.terminal.map { "端末 \($0)" }, report.shift.map { "シフト \($0)" }]
            .compactMap { $0 }.joined(separator: " ")
        return "KPI報告（\(periodNames[report.period] ?? report.period)）\(report.from)〜\(report.to)  \(report.fiscalYear)年度  \(scope.isEmpty ? "全市" : scope)"
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0) } ?? "—" }
    static func hours(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "—" }

    /// The sections in print order.
    public static func sections(of report: KPIReport) -> [Section] {
        var sections: [Section] = []
        func rate(_ name: String, _ rate: KPIReport.Rate) -> [String] {
            [name, String(rate.numerator), String(rate.denominator), percent(rate.percent), percent(rate.target),
             rate.belowTarget ? "目標未達" : (rate.target == nil ? "" : "達成")]
        }
        sections.append(Section(title: "キャッシュレス決済の利用率（計画 p.36）", header: ["区分", "キャッシュレス", "全体", "利用率", "目標", "判定"],
                                rows: report.cashless.flatMap { line in
                                    let name = officeTypeNames[line.officeType] ?? line.officeType
                                    return [rate("\(name)（件数）", line.byCount), rate("\(name)（金額）", line.byAmount)]
                                }))
        sections.append(Section(title: "キオスク＋コンビニ交付の割合（計画 p.35）", header: ["区分", "キオスク＋コンビニ", "全体", "割合", "目標", "判定"],
                                rows: [rate("証明書（部数）", report.kioskShare), ["うちコンビニ交付", String(report.convenienceCopies), "", "", "", ""]]))
        let t = report.timeSaved
        sections.append(Section(title: "窓口の短縮時間（計画 p.34）", header: ["項目", "値"], rows: [
            ["書かない窓口の件数", String(t.preprintedCases)],
            ["計画の方法（件数×\(t.minutesPerCase)分）時間", hours(t.planHours)],
            ["手書きの中央値（秒）", t.medianHandwrittenSeconds.map { String(format: "%.0f", $0) } ?? "—"],
            ["書かない窓口の中央値（秒）", t.medianPreprintedSeconds.map { String(format: "%.0f", $0) } ?? "—"],
            ["実測の方法（中央値の差×件数）時間", t.measuredHours.map { hours($0) } ?? "—"],
            ["実測の注記", t.measuredMissing ?? ""],
            ["読取印刷機器（台）", t.devices == t.devices.rounded() ? String(Int(t.devices)) : String(format: "%.2f", t.devices)],
            ["目標時間（年度）", hours(t.targetHours)],
            ["目標時間（期間按分）", hours(t.proratedTargetHours)],
            ["目標件数（期間按分）", String(format: "%.0f", t.proratedTargetCases)],
            ["判定", t.proratedTargetHours.map { t.planHours < $0 ? "目標未達" : "達成" } ?? ""],
        ]))
        sections.append(Section(title: "証明書（種類×支払方法、取消を除く）", header: ["種類", "支払方法", "交付件数", "部数", "金額（円）"],
                                rows: report.certificates.map { [$0.label, methodNames[$0.method] ?? $0.method, String($0.issuances),
                                                                   String($0.copies), String($0.amount)] }))
        sections.append(Section(title: "手数料（品目×支払方法）", header: ["品目", "支払方法", "件数", "金額（円）"],
                                rows: report.fees.map { [$0.label, methodNames[$0.method] ?? $0.method, String($0.quantity), String($0.amount)] }
                                    + [["合計", "", String(report.payments.count), String(report.payments.amount)],
                                       ["うちキャッシュレス", "", String(report.cashlessPayments.count), String(report.cashlessPayments.amount)],
                                       ["公用（免除）", "", String(report.exemptPayments), "0"],
                                       ["取消", "", String(report.cancellations.count), String(report.cancellations.amount)]]))
        sections.append(Section(title: "証明書の交付（種類×経路）", header: ["種類", "経路", "交付件数", "部数"],
                                rows: report.issuances.map { [$0.label, channelNames[$0.channel] ?? $0.channel, String($0.issuances), String($0.copies)] }
                                    + [["再交付（部数）", "", "", String(report.reprints)], ["処分", "", String(report.voids), ""],
                                       ["うち公用（部数）", "", "", String(report.officialCopies)]]))
        let c = report.cases
        sections.append(Section(title: "件数", header: ["項目", "件数"], rows: [
            ["書かない窓口", String(c.preprinted)], ["手書き", String(c.handwritten)], ["手数料のみ", String(c.fee)],
            ["証明書の交付", String(c.certificate)], ["中断（記録のみ）", String(c.abandoned)],
            ["印字した帳票（枚）", String(c.formsPrinted)], ["印刷の失敗", String(c.formsFailed)],
            ["ワンストップ（届出）", String(c.lifeEvents)], ["ワンストップ（手続き）", String(c.procedures)],
        ]))
        sections.append(Section(title: "支払の所要時間（平均）", header: ["支払方法", "件数", "平均（秒）"],
                                rows: report.paymentTime.map { [methodNames[$0.method] ?? $0.method, String($0.payments),
                                                                  $0.meanSeconds.map { String(format: "%.1f", $0) } ?? "—"] }))
        func lineRows(_ lines: [KPIReport.Line]) -> [[String]] {
            lines.map { [$0.id, $0.officeName ?? $0.office ?? "", String($0.cases), String($0.formsPrinted), String($0.payments), String($0.cashlessPayments),
                         String($0.amount), String($0.issuances)] }
        }
        let lineHeader = ["ID", "事務所", "件数", "帳票", "収納", "うちキャッシュレス", "金額（円）", "交付（部）"]
        if report.office == nil && report.terminal == nil {
            sections.append(Section(title: "事務所別", header: lineHeader, rows: lineRows(report.perOffice)))
        }
        sections.append(Section(title: "端末別", header: lineHeader, rows: lineRows(report.perTerminal)))
        if !report.perClerk.isEmpty {
            sections.append(Section(title: "職員別（キオスクは端末ID）", header: lineHeader, rows: lineRows(report.perClerk)))
        }
        return sections
    }

    /// Plain text for the terminal: each section's rows, tab-separated, every cell made safe.
    public static func text(_ report: KPIReport) -> String {
        var lines = [title(report)]
        for section in sections(of: report) {
            lines.append("")
            lines.append("【\(section.title)】")
            lines.append(section.header.joined(separator: "\t"))
            lines += section.rows.map { $0.map(TextSafety.terminalSafe).joined(separator: "\t") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// CSV in UTF-8 with a BOM (Excel opens it as UTF-8): one row per figure, `section,` then the columns.
    public static func csv(_ report: KPIReport) -> Data {
        func field(_ text: String) -> String {
            let guarded = ["=", "+", "-", "@"].contains(where: text.hasPrefix) && Double(text) == nil ? "'" + text : text
            return guarded.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + guarded.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : guarded
        }
        var lines = [field(title(report))]
        for section in sections(of: report) {
            lines.append((["区分"] + section.header).map(field).joined(separator: ","))
            lines += section.rows.map { ([section.title] + $0).map(field).joined(separator: ",") }
        }
        return Data([0xEF, 0xBB, 0xBF]) + Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// JSON for scripts: the figures as they are.
    public static func json(_ report: KPIReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(report)
    }
}
