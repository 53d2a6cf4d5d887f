import CounterCore

/// 受付中止の確認: shown over the current step when the clerk presses ESC where it would end the case.
/// A case is never discarded by one key: 1 ends it (its data wiped), ESC or 2 goes back to the step.
final class CancelCaseQuestion: Screen {
    var title: String { "受付中止の確認" }
    var keyHints: [KeyHint] {
        [KeyHint("1", "中止する"), KeyHint("2/ESC", "続ける")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("この受付を中止しますか？", style: .bold)
        canvas.blank()
        canvas.paragraph("中止すると、読み取った4情報は消去され、受付は中止として記録されます。")
        canvas.blank()
        canvas.line("1  中止する")
        canvas.line("2  続ける（ESC でも戻ります）")
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .text("1"):
            app.removeOverlay()
            app.show(CaseEndScreen(cancelled: true))
        case .text("2"), .back:
            app.removeOverlay()
        default:
            break
        }
    }
}

extension UIRuntime where Mode == CounterMode {
    /// Asks before the case is cancelled (ESC on a case screen).
    func askToCancelCase() {
        showOverlay(CancelCaseQuestion())
    }
}
