import CounterCore

/// 受付終了: records the end of the case, wipes the card data and asks the clerk to hand the card back.
/// (Every card read already powered the card off when it ended.)
final class CaseEndScreen: Screen {
    private let cancelled: Bool
    /// The number of the case being ended, kept to be shown after the case is wiped.
    private var number: String?

    init(cancelled: Bool) {
        self.cancelled = cancelled
    }

    var title: String { cancelled ? "受付中止" : "受付終了" }
    var keyHints: [KeyHint] {
        [KeyHint("Enter", "メニューへ")]
    }

    func didAppear(_ app: AppContext) {
        number = app.currentCase?.displayNumber
        app.endCase()
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line((cancelled ? "受付を中止しました" : "受付を終了しました") + (number.map { "（受付 \($0)）。" } ?? "。"))
        canvas.blank()
        // Only while a card is still on the reader: a card already taken back needs no reminder.
        if app.cardStatus.cardPresent {
            canvas.line("カードをお返しください", style: .reverse)
            canvas.blank()
        }
        canvas.line("この受付の4情報は画面から消し、受付のデータから破棄しました。")
        canvas.line("Enter でメニューに戻ります。")
    }

    func handle(_ action: Action, _ app: AppContext) {
        if action == .confirm || action == .back {
            app.show(HomeScreen())
        }
    }
}
