/// メニュー: start a case (preprinted, or handwritten to measure the baseline), an administrator's
/// unlocking of clerks, a 係長's restart of a stopped printer (F8), log out, quit.
final class HomeScreen: Screen {
    var title: String { "メニュー" }
    var keyHints: [KeyHint] {
        [KeyHint("1", "新しい受付"), KeyHint("3", "手書きの受付"), KeyHint("2", "ログアウト"), KeyHint("F8", "プリンタ再開"),
         KeyHint("9", "終了")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("番号を押してください。")
        canvas.blank()
        canvas.line("1  新しい受付（マイナンバーカードの読取・帳票の印刷）")
        canvas.line("3  手書きの受付（申請書をご本人が手書き。時間短縮の比較用に記録）")
        if app.clerk?.role == .administrator { canvas.line("4  職員のロック解除（管理者）") }
        canvas.line("2  ログアウト")
        canvas.line("9  終了")
        if app.printerState?.ready == false {
            canvas.blank()
            canvas.paragraph("プリンタが止まっています。プリンタで用紙・紙詰まりを直したら、係長が F8 で再開できます。", maxLines: 2)
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .text("1"):
            app.beginCase()
            app.show(CardWaitScreen())
        case .text("3"):
            app.beginCase(style: .handwritten)
            app.show(HandwrittenCaseScreen())
        case .text("4") where app.clerk?.role == .administrator:
            app.show(ClerkUnlockScreen())
        case .function(8):
            app.askToResumePrinter()
        case .text("2"):
            app.logOut(message: "ログアウトしました。")
        case .text("9"):
            app.askToQuit()
        default:
            break
        }
    }
}

/// 手書きの受付: a case whose forms the citizen writes by hand. Nothing is read or printed; its start
/// and end are recorded, so the time saved by preprinting can be measured against it.
final class HandwrittenCaseScreen: Screen {
    var title: String { "手書きの受付" }
    var keyHints: [KeyHint] {
        [KeyHint("Enter", "受付終了"), KeyHint("ESC", "受付中止")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("申請書はご本人が手書きします（カードの読取・印字はしません）。", style: .bold)
        canvas.blank()
        canvas.paragraph("受付の時間を、印字した受付との比較のために記録しています。申請書を受け取ったら Enter を押してください。")
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .confirm: app.show(CaseEndScreen(cancelled: false))
        case .back: app.askToCancelCase()
        default: break
        }
    }
}
