import CounterCore
import CounterService

/// 受付開始・カード待ち: waits for the card, then checks the PIN tries left and moves to PIN entry.
/// When the readers cannot be watched (pcscd down) it says why instead of asking for the card.
final class CardWaitScreen: Screen {
    private var checking = false

    var title: String { "新しい受付 - カード読取" }
    var keyHints: [KeyHint] {
        [KeyHint("F4", "手入力"), KeyHint("ESC", "受付中止")]
    }

    func didAppear(_ app: AppContext) {
        checkCard(app)
    }

    func cardStatusChanged(_ app: AppContext) {
        checkCard(app)
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        if let problem = app.cardStatus.problem {
            canvas.paragraph(problem.userMessage)
        } else if app.cardStatus.readerName == nil {
            canvas.paragraph("カードリーダーが接続されていません。リーダーを接続してください。")
        } else if checking {
            canvas.line("カードを検出しました。", style: .bold)
            canvas.line("カードを確認しています。カードを動かさないでください。")
        } else {
            canvas.line("マイナンバーカードをカードリーダーに置いてください。", style: .bold)
        }
        canvas.blank()
        canvas.line("カードをお持ちでない場合は F4 で4情報を手入力できます。")
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .function(4):
            app.show(ManualEntryScreen())
        case .back:
            app.askToCancelCase()
        default:
            break
        }
    }

    private func checkCard(_ app: AppContext) {
        guard app.cardStatus.cardPresent, !checking, let reading = app.currentCase?.cardReading() else { return }
        checking = true
        app.run(from: self, { try await reading.pinTriesLeft() }) { screen, app, result in
            screen.checking = false
            switch result {
            case .success(let tries):
                app.show(PinEntryScreen(triesLeft: tries))
            case .failure(let error):
                // A PIN found blocked before entry was recorded like any other card error.
                app.show(CardErrorScreen(error: error))
            }
        }
    }
}
