import CounterCore
import CounterService
import MyNumberReader

/// 暗証番号入力: the citizen types the 4-digit PIN (shown as `****`), then the card is read in the
/// background while a progress line is shown.
final class PinEntryScreen: Screen {
    private let triesLeft: Int
    private var pin = TextField("暗証番号", kind: .digits, masked: true, maxLength: 4)
    private var reading = false

    init(triesLeft: Int) {
        self.triesLeft = triesLeft
    }

    var title: String { "新しい受付 - 暗証番号" }
    var keyHints: [KeyHint] {
        reading ? [] : [KeyHint("Enter", "読取開始"), KeyHint("BS", "1文字消す"), KeyHint("F4", "手入力"),
                        KeyHint("ESC", "受付中止")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("カードを検出しました。", style: .bold)
        canvas.paragraph("券面事項入力補助用暗証番号（数字4桁）をご本人に入力してもらってください。")
        canvas.line("残り回数  \(triesLeft)回")
        if triesLeft == 1 {
            canvas.paragraph("次に間違えるとカードの暗証番号がロックされます。自信がなければ F4 で手入力にしてください。",
                             style: .bold)
        }
        canvas.blank()
        canvas.field("暗証番号", pin.shown + (reading ? "" : "_"), marker: "> ")
        if reading {
            canvas.blank()
            canvas.line("カードを読み取っています。カードを動かさないでください。", style: .bold)
        }
    }

    func cardStatusChanged(_ app: AppContext) {
        guard !reading, !app.cardStatus.cardPresent else { return }
        // When the readers cannot be watched any more the waiting screen explains why; the card was not pulled.
        let removed = app.cardStatus.problem == nil
        app.show(CardWaitScreen(), message: removed ? ("カードが取り外されました。もう一度カードを置いてください。", true) : nil)
    }

    func handle(_ action: Action, _ app: AppContext) {
        guard !reading else { return }
        switch action {
        case .confirm:
            // The one PIN format check: CardPIN's.
            guard let cardPIN = try? CardPIN(pin.value) else {
                app.showError(PinInputError.notFourDigits)
                return
            }
            startReading(cardPIN, app)
        case .function(4):
            app.show(ManualEntryScreen())
        case .back:
            app.askToCancelCase()
        default:
            _ = pin.apply(action)
        }
    }

    private func startReading(_ entered: CardPIN, _ app: AppContext) {
        guard let session = app.currentCase else { return }
        pin.value = ""
        reading = true
        app.message = nil
        let reading = session.cardReading()
        app.run(from: self, { try await reading.readBasicInfo(pin: entered) }) { screen, app, result in
            switch result {
            case .success(var info):
                defer { info.wipe() }
                // Delivered on the UI thread: the case is read from the app, never carried across.
                guard let session = app.currentCase else { return }
                do {
                    try session.capture(info, from: .card)
                    app.show(ConfirmScreen())
                } catch {
                    // The card's data fails the input check: the clerk enters the fields by hand.
                    app.show(CardErrorScreen(error: error, triesLeft: nil))
                }
            case .failure(let error):
                screen.showFailure(error, reading, app)
            }
        }
    }

    /// Shows the error screen with the PIN tries left (the retry decision): from the error when it
    /// reports them, else asked from the card (one more session).
    private func showFailure(_ error: any Error, _ reading: CaseCardReading, _ app: AppContext) {
        guard pinTriesReported(by: error) == nil else {
            app.show(CardErrorScreen(error: error))
            return
        }
        app.run(from: self, { await reading.triesLeftAfterFailure() }) { _, app, result in
            app.show(CardErrorScreen(error: error, triesLeft: (try? result.get()) ?? nil))
        }
    }
}

/// A PIN typed in a form the card cannot take.
enum PinInputError: UserFacingError {
    /// Fewer than four digits.
    case notFourDigits

    var userMessage: String {
        "暗証番号は数字4桁です。4桁入力してから Enter を押してください。"
    }
}
