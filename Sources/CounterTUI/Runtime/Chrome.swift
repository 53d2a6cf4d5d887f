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
        // The screen's title matters more than the application's name: a narrow terminal drops the name.
        let fullTitle = screen.title.isEmpty ? " \(mode.name)" : " \(mode.name)  |  \(screen.title)"
        let title = DisplayWidth.of(fullTitle) <= clock - 1 || screen.title.isEmpty ? fullTitle : " \(screen.title)"
        buffer.write(title, row: 0, column: 0, maxWidth: clock - 1, style: .reverse)
        buffer.write(now, row: 0, column: clock, style: .reverse)
        let fullStatus = mode.statusLine
        let status = DisplayWidth.of(fullStatus) <= width - 2 ? fullStatus : mode.compactStatusLine
        buffer.write(status, row: 1, column: 1, maxWidth: width - 2)
        let rule = String(repeating: "-", count: width)
        buffer.write(rule, row: 2, column: 0)
        // The key bar takes the last row, and the one above it when the keys do not fit in one; a message
        // gets two rows above the keys, taking one from the body when the keys need two.
        let messageLines = message.map { message in
            Canvas.fitted((message.isError ? "[!] " : "") + message.text, width: width - 2, maxLines: 2)
        } ?? []
        let frame = buffer
        func drawBody(keyRowCount: Int) -> (buffer: ScreenBuffer, footer: Int) {
            var drawn = frame
            let footer = keyRowCount + max(1, messageLines.count, 3 - keyRowCount)
            drawn.write(rule, row: height - footer - 1, column: 0)
            var canvas = Canvas(buffer: drawn, top: 3, left: 2, width: width - 4, height: height - footer - 4)
            screen.draw(&canvas, self)
            return (canvas.buffer, footer)
        }
        // A screen's keys may depend on what it just drew (F5 when the address was cut): drawn again when
        // that changes the key bar's height.
        var keyRows = Self.keyBarRows(screen.keyHints, width: width - 1)
        var (drawn, footer) = drawBody(keyRowCount: keyRows.count)
        let keysAfterDrawing = Self.keyBarRows(screen.keyHints, width: width - 1)
        if keysAfterDrawing.count != keyRows.count {
            (drawn, footer) = drawBody(keyRowCount: keysAfterDrawing.count)
        }
        keyRows = keysAfterDrawing
        buffer = drawn

        if let message {
            for (index, line) in messageLines.enumerated() {
                buffer.write(line, row: height - footer + index, column: 1, maxWidth: width - 2,
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
