import CounterCore
import Foundation
import MyNumberReader

extension AppContext {
    /// The smallest terminal the layout supports.
    static let minimumSize = (width: 60, height: 16)

    /// Renders the whole screen: title line, status line, body, message line and key bar.
    func render(width: Int, height: Int) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height)
        guard width >= AppContext.minimumSize.width, height >= AppContext.minimumSize.height else {
            buffer.write("画面が小さすぎます。", row: 0, column: 0)
            buffer.write("\(AppContext.minimumSize.width)x\(AppContext.minimumSize.height)以上にしてください。",
                         row: 1, column: 0)
            return buffer
        }
        buffer.fill(row: 0, style: .reverse)
        let now = nowText
        let clock = buffer.width - DisplayWidth.of(now) - 1
        buffer.write(" 窓口 counter  |  \(screen.title)", row: 0, column: 0, maxWidth: clock - 1, style: .reverse)
        buffer.write(now, row: 0, column: clock, style: .reverse)
        buffer.write(statusLine, row: 1, column: 1, maxWidth: width - 2)
        let rule = String(repeating: "-", count: width)
        buffer.write(rule, row: 2, column: 0)
        buffer.write(rule, row: height - 4, column: 0)

        var canvas = Canvas(buffer: buffer, top: 3, left: 2, width: width - 4, height: height - 7)
        screen.draw(&canvas, self)
        buffer = canvas.buffer

        if let message {
            let text = (message.isError ? "[!] " : "") + message.text
            for (index, line) in Canvas.fitted(text, width: width - 2, maxLines: 2).enumerated() {
                buffer.write(line, row: height - 3 + index, column: 1, maxWidth: width - 2,
                             style: message.isError ? .bold : .normal)
            }
        }
        var column = 1
        for hint in screen.keyHints {
            let key = " \(hint.key) "
            guard column + DisplayWidth.of(key) + DisplayWidth.of(hint.label) < width else { break }
            column += buffer.write(key, row: height - 1, column: column, style: .reverse)
            column += buffer.write(" \(hint.label)  ", row: height - 1, column: column)
        }
        return buffer
    }

    /// 「令和8年11月21日 19:40」 in the ward office's time zone.
    private var nowText: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        let parts = calendar.dateComponents([.hour, .minute], from: services.clock.now())
        let today = services.today
        let date = services.eras.japaneseDate(for: today)?.formatted ?? today.iso
        let minute = parts.minute ?? 0
        return "\(date) \(parts.hour ?? 0):\(minute < 10 ? "0" : "")\(minute)"
    }

    /// 端末, 職員, リーダー, カード and プリンタ state; 「カード読取サービス停止」 instead of the reader and
    /// card when pcscd is down.
    private var statusLine: String {
        let clerkText = clerk?.displayName ?? "未ログイン"
        let cardText: String
        if let problem = cardStatus.problem {
            let serviceDown = problem.isServiceDown
            cardText = serviceDown ? "カード読取サービス停止" : "カード読取不可"
        } else {
            let reader = cardStatus.readerName == nil ? "未接続" : "接続"
            cardText = "リーダー \(reader)  カード \(cardStatus.cardPresent ? "あり" : "なし")"
        }
        let printer: String
        if let printerState {
            printer = printerState.ready ? "準備完了" : (printerState.message ?? "使用不可")
        } else {
            printer = "確認中"
        }
        // First, so a narrow terminal never cuts it off.
        let unsaved = unsavedEvents > 0 ? "記録未保存 \(unsavedEvents)件  " : ""
        return "\(unsaved)端末 \(services.terminalID)  職員 \(clerkText)  \(cardText)  プリンタ \(printer)"
    }
}
