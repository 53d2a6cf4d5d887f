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
        let status = DisplayWidth.of(mode.statusLine) <= width - 2 ? mode.statusLine : mode.compactStatusLine
        buffer.write(status, row: 1, column: 1, maxWidth: width - 2)
        let rule = String(repeating: "-", count: width)
        buffer.write(rule, row: 2, column: 0)
        buffer.write(rule, row: height - 4, column: 0)

        var canvas = Canvas(buffer: buffer, top: 3, left: 2, width: width - 4, height: height - 7)
        screen.draw(&canvas, self)
        buffer = canvas.buffer

        // The key bar takes the last row, and the one above it when the keys do not fit in one; the
        // message gets the rows left between the rule and the keys.
        let keyRows = Self.keyBarRows(screen.keyHints, width: width - 1)
        if let message {
            let text = (message.isError ? "[!] " : "") + message.text
            let rows = 3 - keyRows.count
            for (index, line) in Canvas.fitted(text, width: width - 2, maxLines: rows).enumerated() {
                buffer.write(line, row: height - 3 + index, column: 1, maxWidth: width - 2,
                             style: message.isError ? .bold : .normal)
            }
        }
        for (index, hints) in keyRows.enumerated() {
            var column = 1
            let row = height - keyRows.count + index
            for hint in hints {
                column += buffer.write(" \(hint.key) ", row: row, column: column, style: .reverse)
                column += buffer.write(" \(hint.label)  ", row: row, column: column)
            }
        }
        return buffer
    }

    /// The key hints laid out in at most two rows of `width` columns (a hint that fits neither is left out).
    static func keyBarRows(_ hints: [KeyHint], width: Int) -> [[KeyHint]] {
        var rows: [[KeyHint]] = [[]]
        var used = 0
        for hint in hints {
            let size = DisplayWidth.of(" \(hint.key) ") + DisplayWidth.of(" \(hint.label)  ")
            if used + size > width + 2, !rows[rows.count - 1].isEmpty {
                guard rows.count < 2 else { break }
                rows.append([])
                used = 0
            }
            guard used + size <= width + 2 else { continue }
            rows[rows.count - 1].append(hint)
            used += size
        }
        return rows.filter { !$0.isEmpty }
    }
}
