import CounterCore
import Foundation

extension UIRuntime {
    /// The smallest terminal the layout supports.
    static var minimumSize: (width: Int, height: Int) { (width: 60, height: 16) }

    /// Renders the whole screen: title line, status line, body, message line and key bar.
    func render(width: Int, height: Int) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height)
        guard width >= UIRuntime.minimumSize.width, height >= UIRuntime.minimumSize.height else {
            buffer.write("画面が小さすぎます。", row: 0, column: 0)
            buffer.write("\(UIRuntime.minimumSize.width)x\(UIRuntime.minimumSize.height)以上にしてください。",
                         row: 1, column: 0)
            return buffer
        }
        buffer.fill(row: 0, style: .reverse)
        let now = mode.clockText
        let clock = buffer.width - DisplayWidth.of(now) - 1
        buffer.write(" \(mode.name)  |  \(screen.title)", row: 0, column: 0, maxWidth: clock - 1, style: .reverse)
        buffer.write(now, row: 0, column: clock, style: .reverse)
        buffer.write(mode.statusLine, row: 1, column: 1, maxWidth: width - 2)
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
}
