/// The body area of the screen, written line by line.
struct Canvas {
    /// The whole screen buffer (chrome included).
    var buffer: ScreenBuffer
    /// First buffer row of the body.
    let top: Int
    /// Left margin of the body.
    let left: Int
    /// Usable columns.
    let width: Int
    /// Usable rows.
    let height: Int
    /// Next body row to write.
    private(set) var row = 0

    init(buffer: ScreenBuffer, top: Int, left: Int, width: Int, height: Int) {
        self.buffer = buffer
        self.top = top
        self.left = left
        self.width = width
        self.height = height
    }

    /// True while there are rows left.
    var hasRoom: Bool { row < height }

    /// Writes one line (clipped to the body width) and moves down.
    mutating func line(_ text: String, indent: Int = 0, style: CellStyle = .normal) {
        guard hasRoom else { return }
        buffer.write(text, row: top + row, column: left + indent, maxWidth: max(0, width - indent), style: style)
        row += 1
    }

    /// Leaves an empty line.
    mutating func blank() {
        row += 1
    }

    /// Writes text wrapped to the body width, at most `maxLines` lines; when it does not fit,
    /// the last line ends with 「...」 so the cut is visible.
    mutating func paragraph(_ text: String, indent: Int = 0, maxLines: Int = 6, style: CellStyle = .normal) {
        for line in Canvas.fitted(text, width: width - indent, maxLines: maxLines) {
            self.line(line, indent: indent, style: style)
        }
    }

    /// A labelled value: the label in a fixed-width column, the value wrapped beside it.
    mutating func field(_ label: String, _ value: String, labelWidth: Int = 12, maxLines: Int = 3,
                        marker: String = "  ", style: CellStyle = .normal) {
        let head = marker + DisplayWidth.pad(label, toWidth: labelWidth)
        let lines = Canvas.fitted(value, width: width - DisplayWidth.of(head), maxLines: maxLines)
        for (index, text) in lines.enumerated() {
            guard hasRoom else { return }
            let prefix = index == 0 ? head : String(repeating: " ", count: DisplayWidth.of(head))
            buffer.write(prefix, row: top + row, column: left, maxWidth: width)
            buffer.write(text, row: top + row, column: left + DisplayWidth.of(prefix),
                         maxWidth: max(0, width - DisplayWidth.of(prefix)), style: style)
            row += 1
        }
    }

    /// Wraps `text` to `width` and keeps at most `maxLines`, marking a cut with 「...」.
    static func fitted(_ text: String, width: Int, maxLines: Int) -> [String] {
        let lines = DisplayWidth.wrap(text, width: max(1, width))
        guard lines.count > maxLines, maxLines > 0 else { return lines }
        var kept = Array(lines.prefix(maxLines))
        kept[maxLines - 1] = DisplayWidth.truncate(kept[maxLines - 1], toWidth: max(0, width - 3)) + "..."
        return kept
    }
}
