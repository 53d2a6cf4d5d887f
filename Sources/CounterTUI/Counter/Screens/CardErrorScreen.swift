import CounterCore
import MyNumberReader

/// カード読取エラー: the error's Japanese message, the PIN tries left when known, and the ways on:
/// retry (unless the PIN is locked), manual entry, or cancel.
final class CardErrorScreen: Screen {
    private let message: String
    private let triesLeft: Int?

    /// Shows `error`'s message and the PIN tries left: `triesLeft`, else those the error reports.
    init(error: any Error, triesLeft: Int? = nil) {
        message = userMessage(for: error)
        self.triesLeft = triesLeft ?? pinTriesReported(by: error)
        if case CardError.wrongPIN = error { isWrongPIN = true } else { isWrongPIN = false }
    }

    private var canRetry: Bool { triesLeft != 0 }
    private let isWrongPIN: Bool

    var title: String { "新しい受付 - 読取エラー" }
    var keyHints: [KeyHint] {
        (canRetry ? [KeyHint("1", "再試行")] : []) + [KeyHint("2", "手入力"), KeyHint("ESC", "受付中止")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        // A wrong PIN is the citizen's PIN, not a card that cannot be read.
        canvas.line(triesLeft.map { $0 > 0 } == true && isWrongPIN ? "暗証番号が違います。" : "カードを読み取れませんでした。",
                    style: .bold)
        canvas.blank()
        canvas.paragraph(message, indent: 2)
        canvas.blank()
        if let triesLeft {
            canvas.line("暗証番号の残り回数  \(triesLeft)回")
            if triesLeft == 0 { canvas.line("暗証番号がロックされているため、再試行できません。") }
            if triesLeft == 1 { canvas.line("次に間違えるとロックされます。", style: .bold) }
        }
        canvas.blank()
        if canRetry {
            // A wrong PIN needs the PIN again; anything else needs the card placed again.
            canvas.line(triesLeft == nil ? "1  再試行（カードを置き直してから）" : "1  再試行（暗証番号を入力し直す）")
        }
        canvas.line("2  手入力で続ける")
        canvas.line("ESC  受付を中止する")
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .text("1") where canRetry, .confirm where canRetry:
            app.show(CardWaitScreen())
        case .text("2"), .function(4):
            app.show(ManualEntryScreen())
        case .back:
            app.askToCancelCase()
        default:
            break
        }
    }
}
