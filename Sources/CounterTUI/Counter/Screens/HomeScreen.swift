/// メニュー: start a case, log out, quit.
final class HomeScreen: Screen {
    var title: String { "メニュー" }
    var keyHints: [KeyHint] {
        [KeyHint("1", "新しい受付"), KeyHint("2", "ログアウト"), KeyHint("9", "終了")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("番号を押してください。")
        canvas.blank()
        canvas.line("1  新しい受付（マイナンバーカードの読取・帳票の印刷）")
        canvas.line("2  ログアウト")
        canvas.line("9  終了")
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .text("1"):
            app.beginCase()
            app.show(CardWaitScreen())
        case .text("2"):
            app.logOut(message: "ログアウトしました。")
        case .text("9"):
            app.isFinished = true
        default:
            break
        }
    }
}
