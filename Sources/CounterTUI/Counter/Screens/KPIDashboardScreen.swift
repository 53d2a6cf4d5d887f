import CounterCore
import CounterKPI
import CounterService
import Foundation

/// KPI - ダッシュボード (a 係長 or an administrator, F6 on the menu): today, this month or this fiscal year for the
/// terminal's office (the city when it has none) — the three KPIs as bars against their targets, the one below its
/// target marked 目標未達 in words and drawn in the alert style (red, or bold and underlined without colours) —
/// and the current shift's report; F2 prints the report shown (A4).
final class KPIDashboardScreen: Screen {
    private var period: ReportScope.Period = .day
    private var report: KPIReport?
    private var loading = false

    var title: String { "KPI - ダッシュボード" }
    var keyHints: [KeyHint] {
        [KeyHint("1", "今日"), KeyHint("2", "今月"), KeyHint("3", "今年度"), KeyHint("4", "今のシフト"), KeyHint("F2", "報告を印刷"),
         KeyHint("ESC", "メニューへ")]
    }

    private static let names: [ReportScope.Period: String] = [.shift: "今のシフト", .day: "今日", .month: "今月（今日まで）", .fy: "今年度（今日まで）"]

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        let place = app.services.cases.office?.name ?? "全市"
        canvas.line("\(place)  \(Self.names[period] ?? "")", style: .bold)
        guard let report else {
            canvas.line(loading ? "集計を読んでいます…" : "")
            return
        }
        canvas.line("\(report.from)〜\(report.to)（\(report.fiscalYear)年度の目標と比べます）")
        canvas.blank()
        let cashless = report.cashless.last
        bar(&canvas, "キャッシュレス利用率", cashless?.byCount.percent, target: cashless?.byCount.target)
        bar(&canvas, "キオスク＋コンビニ交付", report.kioskShare.percent, target: report.kioskShare.target)
        let saved = report.timeSaved
        let savedPercent = saved.proratedTargetHours.flatMap { $0 > 0 ? saved.planHours / $0 * 100 : nil }
        bar(&canvas, "短縮時間（按分の目標比）", savedPercent, target: savedPercent == nil ? nil : 100,
            detail: String(format: "%.1f時間 / 目標 %@", saved.planHours, saved.proratedTargetHours.map { String(format: "%.1f時間", $0) } ?? "—"))
        canvas.blank()
        let c = report.cases
        canvas.line("書かない窓口 \(c.preprinted)件  手書き \(c.handwritten)件  証明書 \(c.certificate)件  手数料のみ \(c.fee)件  帳票 \(c.formsPrinted)枚")
        canvas.line("収納 \(report.payments.count)件 \(report.payments.amount)円（うちキャッシュレス \(report.cashlessPayments.count)件）  取消 \(report.cancellations.count)件  公用 \(report.exemptPayments)件")
        let times = report.paymentTime.map { "\($0.method == "cash" ? "現金" : "キャッシュレス") \($0.meanSeconds.map { String(format: "%.1f秒", $0) } ?? "—")" }
        canvas.line("支払の平均時間: \(times.joined(separator: " / "))")
        if let measured = saved.measuredHours {
            canvas.line(String(format: "実測の短縮時間 %.1f時間（手書き %.0f秒、書かない窓口 %.0f秒の中央値）", measured,
                               saved.medianHandwrittenSeconds ?? 0, saved.medianPreprintedSeconds ?? 0))
        } else if let missing = saved.measuredMissing {
            canvas.line("実測の短縮時間: \(missing)")
        }
    }

    /// One KPI: a 20-cell bar, the target as 「|」 in it, the value, the target and 目標未達 when below.
    private func bar(_ canvas: inout Canvas, _ label: String, _ percent: Double?, target: Double?, detail: String? = nil) {
        let cells = 20
        var bar = Array(repeating: "·", count: cells)
        if let percent { for index in 0..<min(cells, Int((percent / 100 * Double(cells)).rounded())) { bar[index] = "#" } }
        if let target { bar[min(cells - 1, Int(target / 100 * Double(cells)))] = "|" }
        let below = percent.map { value in target.map { value < $0 } ?? false } ?? false
        let value = percent.map { String(format: "%5.1f%%", $0) } ?? "  —  "
        let goal = target.map { String(format: "目標 %.1f%%", $0) } ?? "目標なし"
        canvas.line("\(label)  [\(bar.joined())] \(value)  \(goal)\(below ? "  目標未達" : "")\(detail.map { "  " + $0 } ?? "")",
                    style: below ? .alert : .normal)
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .text("1"): load(.day, app)
        case .text("2"): load(.month, app)
        case .text("3"): load(.fy, app)
        case .text("4"): load(.shift, app)
        case .function(2): printReport(app)
        case .back: app.show(HomeScreen())
        default: break
        }
    }

    func didAppear(_ app: AppContext) {
        if report == nil, !loading { load(.day, app) }
    }

    private func load(_ period: ReportScope.Period, _ app: AppContext) {
        guard let desk = app.services.kpi else { return }
        let now = app.services.clock.now()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        let parts = calendar.dateComponents([.hour, .minute], from: now)
        var shift: Shift?
        if period == .shift {
            guard let current = desk.shift(at: (parts.hour ?? 0) * 60 + (parts.minute ?? 0)) else {
                app.showError(KPIScreenError.noShiftNow)
                return
            }
            shift = current
        }
        self.period = period
        report = nil
        loading = true
        let scope = ReportScope(period: period, day: app.services.today, shift: shift, office: app.services.cases.office?.id)
        app.run(from: self, { try desk.report(scope) }) { screen, app, result in
            screen.loading = false
            switch result {
            case .success(let report): screen.report = report
            case .failure(let error): app.showError(error)
            }
        }
    }

    private func printReport(_ app: AppContext) {
        guard let report else { return }
        let printing = app.services.printing
        app.run(from: self, deliverIfLeft: true, {
            _ = try await printing.printDocument(try KPIReportPDF.render(report), title: "kpi-report")
        }) { _, app, result in
            if case .failure(let error) = result { app.showError(error) } else { app.showNote("報告を印刷しました。") }
        }
    }
}

/// What the dashboard refuses.
enum KPIScreenError: UserFacingError {
    /// 4 outside every shift's hours.
    case noShiftNow

    var userMessage: String {
        switch self {
        case .noShiftNow: "今はどのシフトの時間でもありません。1〜3 で日・月・年度を選んでください。"
        }
    }
}
