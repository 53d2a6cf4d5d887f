import CounterCore
import CounterService
import FormPreprint

/// 印刷: prints the chosen forms one job after another in the background, with a result line per
/// job; failed jobs can be retried while the others stay printed. ESC leaves while a job runs
/// (a hung printer never holds the counter): the forms not started are dropped, and the running
/// job's outcome is still recorded for its case when it arrives.
final class PrintScreen: Screen {
    /// One form to print and how its job went.
    struct Line {
        /// The state of a job.
        enum State: Equatable {
            case waiting
            case printing
            case done(receipt: String)
            case failed(message: String)
        }

        let form: FormChoice
        let copies: Int
        var state = State.waiting
    }

    private var jobs: [Line]
    private let mode: PreprintMode

    /// True when the terminal has a fee table (F9 takes the procedure's fee before the case ends).
    private var takesFees = false

    init(jobs: [Line], mode: PreprintMode) {
        self.jobs = jobs
        self.mode = mode
    }

    private var running: Bool { jobs.contains { $0.state == .printing || $0.state == .waiting } }
    private var hasFailures: Bool { jobs.contains { if case .failed = $0.state { return true } else { return false } } }

    var title: String { "新しい受付 - 印刷" }
    var keyHints: [KeyHint] {
        if running { return [KeyHint("ESC", "待たずに帳票選択へ戻る")] }
        return (hasFailures ? [KeyHint("F2", "失敗分を再印刷"), KeyHint("F8", "プリンタ再開（係長）")] : [])
            + (takesFees ? [KeyHint("F9", "手数料の収納")] : [])
            + [KeyHint("Enter", "受付終了"), KeyHint("ESC", "帳票選択へ戻る")]
    }

    func didAppear(_ app: AppContext) {
        takesFees = app.services.cashier != nil
        startNext(app)
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        if running {
            canvas.line("帳票を印刷しています。印刷方法: \(mode.label)", style: .bold)
        } else if hasFailures {
            canvas.line("印刷できなかった帳票があります。原因を取り除いて F2 で再印刷してください。", style: .bold)
        } else {
            canvas.line("すべての帳票を印刷しました。ご本人に確認と署名をお願いしてください。", style: .bold)
        }
        canvas.blank()
        for (index, job) in jobs.enumerated() {
            canvas.line("\(index + 1). \(job.form.title)  \(job.copies)部")
            switch job.state {
            case .waiting: canvas.line("待機中", indent: 4)
            case .printing: canvas.line("印刷中", indent: 4)
            case .done(let receipt): canvas.paragraph("完了  \(receipt)", indent: 4, maxLines: 2)
            case .failed(let message): canvas.paragraph("失敗  \(message)", indent: 4, maxLines: 3)
            }
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        guard !running else {
            if action == .back {
                app.show(formChoice(app), message: ("印刷中の帳票の結果は、届きしだい記録します。", false))
            } else if action == .confirm {
                app.showNote("印刷中です。終わるまで待つか、ESC で帳票選択へ戻ってください。")
            }
            return
        }
        switch action {
        case .function(2) where hasFailures:
            for index in jobs.indices {
                if case .failed = jobs[index].state { jobs[index].state = .waiting }
            }
            app.message = nil
            startNext(app)
        case .function(8) where hasFailures:
            app.askToResumePrinter()
        case .function(9):
            guard let cashier = app.services.cashier else { return }
            app.show(FeeItemsScreen(cashier: cashier) { [self] app in app.show(self) })
        case .confirm:
            app.show(CaseEndScreen(cancelled: false))
        case .back:
            app.show(formChoice(app))
        default:
            break
        }
    }

    /// The form choice of the case, to go back to.
    private func formChoice(_ app: AppContext) -> FormChoiceScreen {
        let chosen = Dictionary(jobs.map { ($0.form.id, $0.copies) }, uniquingKeysWith: { first, _ in first })
        return FormChoiceScreen(forms: app.currentCase?.forms ?? [], defaultMode: mode, chosen: chosen)
    }

    private func startNext(_ app: AppContext) {
        guard let index = jobs.firstIndex(where: { $0.state == .waiting }),
              let job = app.currentCase?.printJob(jobs[index].form, copies: jobs[index].copies, mode: mode) else { return }
        jobs[index].state = .printing
        // The application layer records the outcome into the case even when the clerk left this screen.
        app.run(from: self, deliverIfLeft: true, { try await job.run() }) { screen, app, result in
            let shown = app.base === screen
            switch result {
            case .success(let receipt):
                // Only into its own case: the clerk may have ended it and begun another meanwhile.
                if let open = app.currentCase, open.id == job.caseID { open.notePrinted(receipt) }
                let text = PrintScreen.describe(receipt)
                screen.jobs[index].state = .done(receipt: text)
                if !shown { app.showNote("「\(job.form.title)」の印刷が完了しました（\(text)）。") }
            case .failure(let error):
                screen.jobs[index].state = .failed(message: userMessage(for: error))
                if !shown { app.message = ("「\(job.form.title)」は印刷できませんでした: \(userMessage(for: error))", true) }
            }
            if shown { screen.startNext(app) }
        }
    }

    /// 「ジョブ <id>」, or the PDF file names.
    static func describe(_ receipt: JobReceipt) -> String {
        if let jobID = receipt.jobID { return "ジョブ \(jobID)" }
        return receipt.files.map(\.lastPathComponent).joined(separator: ", ")
    }
}
