import CounterCore

/// A yes/no question shown over the current step before something that cannot be undone: 1 does it,
/// 2 or ESC goes back to the step underneath.
final class Question: Screen {
    let title: String
    private let question: String
    private let detail: String?
    private let yes: String
    private let no: String
    private let onYes: (AppContext) -> Void

    init(title: String, question: String, detail: String? = nil, yes: String, no: String,
         onYes: @escaping (AppContext) -> Void) {
        self.title = title
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no
        self.onYes = onYes
    }

    var keyHints: [KeyHint] {
        [KeyHint("1", yes), KeyHint("2/ESC", no)]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line(question, style: .bold)
        canvas.blank()
        if let detail {
            canvas.paragraph(detail)
            canvas.blank()
        }
        canvas.line("1  \(yes)")
        canvas.line("2  \(no)（ESC でも戻ります）")
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .text("1"):
            app.removeOverlay()
            onYes(app)
        case .text("2"), .back:
            app.removeOverlay()
        default:
            break
        }
    }
}

extension UIRuntime where Mode == CounterMode {
    /// Asks before the case is cancelled (ESC on a case screen): a case is never discarded by one key.
    func askToCancelCase() {
        let detail = mode.currentCase?.info == nil ? "中止すると、受付は中止として記録されます。"
            : "中止すると、読み取った4情報は消去され、受付は中止として記録されます。"
        showOverlay(Question(title: "受付中止の確認", question: "この受付を中止しますか？", detail: detail,
                             yes: "中止する", no: "続ける") { app in app.show(CaseEndScreen(cancelled: true)) })
    }

    /// Asks before the counter closes (9 at the menu).
    func askToQuit() {
        showOverlay(Question(title: "終了の確認", question: "窓口アプリを終了しますか？", yes: "終了する",
                             no: "メニューに戻る") { app in app.isFinished = true })
    }
}
