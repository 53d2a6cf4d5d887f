/// メニュー: start a case (preprinted, or handwritten to measure the baseline, or a fee only), today's
/// payments and their cancellation, the daily close, an administrator's unlocking of clerks, a 係長's restart
/// of a stopped printer (F8), log out, quit. The fee items show only when the terminal has a fee table.
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
        canvas.line("3  手書きの受付（時間短縮の比較用に記録）")
        if app.services.cashier != nil {
            canvas.line("5  手数料の収納（閲覧・再交付など）")
            canvas.line("6  本日の収納一覧・取消")
            canvas.line("7  日計（締め）")
        }
        if app.services.certificates != nil { canvas.line("8  証明書の交付（住民票・印鑑証明など）") }
        if app.clerk?.role == .administrator { canvas.line("4  職員のロック解除（管理者）") }
        if Self.readsKPIs(app) { canvas.line("F6 KPI ダッシュボード・シフト報告（係長）") }
        canvas.line("2  ログアウト")
        canvas.line("9  終了")
        if app.printerState?.ready == false {
            canvas.blank()
            canvas.paragraph("プリンタが止まっています。プリンタで用紙・紙詰まりを直したら、係長が F8 で再開できます。", maxLines: 2)
        }
    }

    /// A 係長 or an administrator on a terminal with the KPI seeds.
    static func readsKPIs(_ app: AppContext) -> Bool {
        app.services.kpi != nil && (app.clerk?.role == .supervisor || app.clerk?.role == .administrator)
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .text("1"):
            app.beginCase()
            app.show(CardWaitScreen())
        case .text("3"):
            app.beginCase(style: .handwritten)
            app.show(HandwrittenCaseScreen())
        case .text("5"):
            guard let cashier = app.services.cashier else { return }
            app.beginCase(style: .fee)
            app.show(FeeItemsScreen(cashier: cashier) { app in app.askToCancelCase() })
        case .text("8") where app.services.certificates != nil:
            app.beginCase(style: .certificate)
            app.show(ResidentSearchScreen())
        case .text("6") where app.services.cashier != nil:
            app.show(PaymentListScreen())
        case .text("7") where app.services.cashier != nil:
            app.show(DailyCloseScreen())
        case .text("4") where app.clerk?.role == .administrator:
            app.show(ClerkUnlockScreen())
        case .function(6) where Self.readsKPIs(app):
            app.show(KPIDashboardScreen())
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
