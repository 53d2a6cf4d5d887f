import CounterCore
import FormPreprint

/// 印刷プレビュー: the chosen form as a page outline on the terminal, each field's value where it
/// prints. The sheet takes the body's full width (a terminal cell is about twice as high as wide), so
/// a tall sheet scrolls with the arrow keys. ESC or F5 returns to the form choice with its counts.
final class PreviewScreen: Screen {
    private let preview: FormPreview
    private let choice: FormChoiceScreen
    /// The first sheet row shown.
    private var offset = 0

    init(_ preview: FormPreview, returningTo choice: FormChoiceScreen) {
        self.preview = preview
        self.choice = choice
    }

    var title: String { "新しい受付 - 印刷プレビュー" }
    var keyHints: [KeyHint] { [KeyHint("上下", "スクロール"), KeyHint("F5/ESC", "帳票選択へ戻る")] }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        let orientation = preview.paper.orientation == .landscape ? "横" : "縦"
        canvas.line("\(preview.title)（\(preview.paper.size.rawValue) \(orientation)）", style: .bold)
        let sheet = Self.sheet(preview, columns: canvas.width)
        let rows = max(1, canvas.rowsLeft - 1)
        offset = max(0, min(offset, sheet.height - rows))
        let top = canvas.row
        for row in 0..<min(rows, sheet.height - offset) {
            canvas.put(sheet.line(offset + row), row: top + row, column: 0)
        }
        let below = sheet.height - offset - rows
        let position = [offset > 0 ? "↑ 上に\(offset)行" : nil, below > 0 ? "↓ 下に\(below)行" : nil].compactMap { $0 }
        if !position.isEmpty { canvas.put(position.joined(separator: "  "), row: top + rows, column: 0) }
    }

    /// The sheet drawn `columns` wide: its outline and every non-empty field at its place, a value too
    /// long for its box cut with 「…」.
    static func sheet(_ preview: FormPreview, columns: Int) -> ScreenBuffer {
        let scale = Double(max(10, columns) - 1) / preview.width
        let width = max(4, Int(preview.width * scale)), height = max(3, Int((preview.height * scale / 2).rounded()))
        var sheet = ScreenBuffer(width: width, height: height)
        let edge = "+" + String(repeating: "-", count: width - 2) + "+"
        _ = sheet.write(edge, row: 0, column: 0)
        _ = sheet.write(edge, row: height - 1, column: 0)
        for row in 1..<(height - 1) {
            _ = sheet.write("|", row: row, column: 0)
            _ = sheet.write("|", row: row, column: width - 1)
        }
        for item in preview.items where !item.text.isEmpty {
            let column = min(width - 2, max(1, Int((item.box.x * scale).rounded())))
            let room = min(max(2, Int((item.box.width * scale).rounded())), width - 1 - column)
            let text = DisplayWidth.cut(item.text, toWidth: room, marker: "…")
            // Fields closer than a row apart on a small sheet never overwrite each other: the later one
            // takes the next free row below.
            var row = min(height - 2, max(1, Int((item.box.y + item.box.height / 2) * scale / 2)))
            while row < height - 2, !isBlank(sheet, row: row, columns: column..<(column + DisplayWidth.of(text))) { row += 1 }
            _ = sheet.write(text, row: row, column: column, maxWidth: room)
        }
        return sheet
    }

    private static func isBlank(_ sheet: ScreenBuffer, row: Int, columns: Range<Int>) -> Bool {
        columns.allSatisfy { $0 >= sheet.width || sheet[row, $0].text == " " }
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .back, .function(5): app.show(choice)
        case .previous: offset = max(0, offset - 1)
        case .next: offset += 1
        default: break
        }
    }
}
