import CashlessLedger
import CounterCore
import CounterService
import Foundation

/// 日計: today's close of this terminal. The clerk keys 釣銭準備金, the cash counted by denomination and the
/// payment terminal's own totals per brand group; each field moved from updates the figures below (理論上の
/// 現金, 実査, 過不足, and per group the ledger's amount against the terminal's, 差額), a difference shown
/// reversed. Enter on the last field asks a 係長's approval and closes the day; the 日計表 then prints.
final class DailyCloseScreen: Screen {
    private var form: FieldForm
    private var preview: DailyReport?
    private var closed: DailyReport?
    private var working = false

    init() {
        var fields = [TextField("釣銭準備金（円）", kind: .digits, maxLength: 9)]
        fields += CashCount.denominations.map { TextField("\($0)円（枚）", kind: .digits, maxLength: 7) }
        fields += BrandGroup.allCases.map { TextField("端末計 \($0.label)（円）", kind: .digits, maxLength: 9) }
        form = FieldForm(fields)
    }

    var title: String { "日計（締め）" }
    var keyHints: [KeyHint] {
        closed != nil ? [KeyHint("F2", "日計表を印刷"), KeyHint("Enter", "メニューへ")]
            : [KeyHint("上下", "項目"), KeyHint("Enter", "次へ・締め（係長）"), KeyHint("ESC", "メニューへ")]
    }

    func didAppear(_ app: AppContext) {
        refresh(app)
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        if let closed {
            drawClosed(closed, &canvas)
            return
        }
        let report = preview
        canvas.line("本日 \(app.services.today.iso)  収納 \(report?.paymentCount ?? 0)件  取消 \(report?.cancellationCount ?? 0)件")
        // The fields scroll around the focus; the figures keep their rows below.
        let figures = 2 + BrandGroup.allCases.count
        let visible = max(1, canvas.rowsLeft - figures)
        let first = max(0, min(form.focus - visible / 2, form.fields.count - visible))
        for index in form.fields.indices.dropFirst(first).prefix(visible) {
            canvas.input(form.fields[index], focused: index == form.focus, labelWidth: 24, maxLines: 1)
        }
        canvas.blank()
        drawFigures(report, &canvas)
    }

    /// 理論上の現金・実査・過不足 and each group's ledger, terminal and difference; a difference reversed.
    private func drawFigures(_ report: DailyReport?, _ canvas: inout Canvas) {
        guard let report else {
            canvas.line("集計しています。")
            return
        }
        let overShort = report.overShort ?? .zero
        canvas.line("理論上の現金 \(report.expectedCash.map(\.description) ?? "-")  実査 \(report.countedCash.map(\.description) ?? "-")"
                    + "  過不足 \(overShort)", style: overShort == .zero ? .normal : .reverse)
        for group in report.groups {
            let difference = group.difference ?? .zero
            canvas.line("\(group.group.label) 記録 \(group.net)  端末 \(group.terminalTotal.map(\.description) ?? "-")  差額 \(difference)",
                        style: difference == .zero ? .normal : .reverse)
        }
    }

    private func drawClosed(_ report: DailyReport, _ canvas: inout Canvas) {
        canvas.line("本日の日計を締めました。この日の収納・取消はもう記録できません。", style: .bold)
        canvas.line("収納 \(report.paymentCount)件  取消 \(report.cancellationCount)件  過不足 \(report.overShort ?? .zero)")
        for group in report.groups {
            canvas.line("\(group.group.label) 記録 \(group.net)  差額 \(group.difference ?? .zero)")
        }
        if let seal = report.seal {
            canvas.paragraph("チェーンの先頭 \(seal.chainHead)（日計表にも印字）", maxLines: 2)
        }
        canvas.line("F2 で日計表を印刷します。")
    }

    /// The count as keyed (an empty field counts 0); a field that is not a whole number is named.
    private func count() throws -> DailyCount {
        func number(_ index: Int) throws -> Int64 {
            let text = form[index]
            if text.isEmpty { return 0 }
            guard let value = Int64(text), value >= 0 else {
                throw CloseInputError.notANumber(field: form.fields[index].label)
            }
            return value
        }
        let denominations = CashCount.denominations
        var pieces: [Int64: Int64] = [:]
        for (offset, denomination) in denominations.enumerated() { pieces[denomination] = try number(offset + 1) }
        var totals: [BrandGroup: Yen] = [:]
        for (offset, group) in BrandGroup.allCases.enumerated() {
            totals[group] = Yen(try number(denominations.count + 1 + offset))
        }
        return DailyCount(float: Yen(try number(0)), counted: try CashCount(pieces: pieces),
                          terminalTotals: try TerminalTotals(totals))
    }

    /// Recomputes the figures with the count as keyed.
    private func refresh(_ app: AppContext) {
        guard let cashier = app.services.cashier else { return }
        let day = app.services.today
        do {
            let count = try count()
            app.run(from: self, { try cashier.preview(on: day, count: count) }) { screen, app, result in
                switch result {
                case .success(let report): screen.preview = report
                case .failure(let error): app.showError(error)
                }
            }
        } catch {
            app.showError(error)
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        guard !working else { return }
        if closed != nil {
            switch action {
            case .function(2): printReport(app)
            case .confirm, .back: app.show(HomeScreen())
            default: break
            }
            return
        }
        if action == .back {
            app.show(HomeScreen())
            return
        }
        let before = form.focus
        switch form.handle(action) {
        case .submitted: askToClose(app)
        case .handled where form.focus != before: refresh(app)
        default: break
        }
    }

    private func askToClose(_ app: AppContext) {
        guard let cashier = app.services.cashier, let clerk = app.clerk else { return }
        let count: DailyCount
        do {
            count = try self.count()
        } catch {
            app.showError(error)
            return
        }
        let day = app.services.today, events = app.services.cases.events
        app.showOverlay(ApprovalScreen(task: "日計の締め", approvedBy: { approver in
            // The cases this terminal ended must be in the database before the close counts the open ones.
            _ = await events.waitUntilSaved(timeout: .seconds(5))
            let report = try cashier.close(day: day, count: count, actor: .clerk(id: clerk.id), channel: .counter,
                                           supervisorID: approver.id, supervisorPassword: approver.password)
            return DailyCloseScreen.describe(report)
        }, afterwards: { [self] app in
            reloadClosed(app, cashier: cashier, day: day)
        }))
    }

    /// The note after the close: 過不足 and the differences, said in one line.
    private static func describe(_ report: DailyReport) -> String {
        let differences = report.groups.compactMap(\.difference).filter { $0 != .zero }
        let overShort = report.overShort ?? .zero
        if overShort == .zero, differences.isEmpty { return "日計を締めました。過不足・差額はありません。" }
        return "日計を締めました。過不足 \(overShort)、差額のあるグループ \(differences.count)件。日計表に記録されています。"
    }

    /// Reads the closed day back (with its seal) to show it.
    private func reloadClosed(_ app: AppContext, cashier: Cashier, day: CalendarDate) {
        app.run(from: self, { try cashier.report(on: day) }) { screen, app, result in
            switch result {
            case .success(let report): screen.closed = report
            case .failure(let error): app.showError(error)
            }
        }
    }

    /// Prints the 日計表 (A4) on the terminal's printer.
    private func printReport(_ app: AppContext) {
        guard let closed else { return }
        let printing = app.services.printing
        working = true
        app.run(from: self, {
            let pdf = try DailyReportPDF.render(closed)
            return try await printing.printDocument(pdf, title: "daily-report-\(closed.day.iso)")
        }) { screen, app, result in
            screen.working = false
            switch result {
            case .success(let receipt):
                let where_ = receipt.jobID.map { "ジョブ \($0)" } ?? receipt.outputPaths.map(\.lastPathComponent).joined(separator: ", ")
                app.showNote("日計表を印刷しました（\(where_)）。")
            case .failure(let error):
                app.showError(error)
            }
        }
    }
}

/// A 日計 field that cannot be counted.
enum CloseInputError: UserFacingError {
    /// The field named is not a whole number of 0 or more.
    case notANumber(field: String)

    var userMessage: String {
        switch self {
        case .notANumber(let field): return "「\(field)」は0以上の整数で入力してください。"
        }
    }
}
