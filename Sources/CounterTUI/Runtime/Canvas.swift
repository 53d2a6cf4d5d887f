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

    /// Rows not yet written.
    var rowsLeft: Int { max(0, height - row) }

    /// Columns left for a value beside a label of `labelWidth` (see ``field(_:_:labelWidth:maxLines:marker:showEnd:style:)``).
    func valueWidth(labelWidth: Int = 12, marker: String = "  ") -> Int {
        max(1, width - DisplayWidth.of(marker) - labelWidth)
    }

    /// Writes one line (clipped to the body width) and moves down.
    /// A line wider than the body wraps onto a second row (a narrow terminal never loses the end of an
    /// instruction silently); beyond that it is cut with 「...」.
    mutating func line(_ text: String, indent: Int = 0, style: CellStyle = .normal) {
        // Most lines fit: written as they are, without wrapping.
        let parts = DisplayWidth.of(text) <= width - indent ? [text] : Canvas.fitted(text, width: max(1, width - indent), maxLines: 2)
        for part in parts {
            guard hasRoom else { return }
            buffer.write(part, row: top + row, column: left + indent, maxWidth: max(0, width - indent), style: style)
            row += 1
        }
    }

    /// Writes `text` at a body row and column without moving the line cursor (drawings such as a page
    /// outline); clipped to the body.
    mutating func put(_ text: String, row: Int, column: Int, maxWidth: Int? = nil) {
        guard row >= 0, row < height, column >= 0, column < width else { return }
        buffer.write(text, row: top + row, column: left + column, maxWidth: min(width - column, maxWidth ?? Int.max))
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

    /// A labelled value: the label in a fixed-width column, the value wrapped beside it. A value
    /// longer than `maxLines` is cut visibly: at its end, or with `showEnd` at its start (text being
    /// typed, so the end and the cursor stay in view).
    mutating func field(_ label: String, _ value: String, labelWidth: Int = 12, maxLines: Int = 3,
                        marker: String = "  ", showEnd: Bool = false, style: CellStyle = .normal) {
        _ = writeField(label, value, labelWidth: labelWidth, maxLines: maxLines, marker: marker, showEnd: showEnd,
                       style: style)
    }

    /// Writes a labelled value; returns each value line as written (buffer row, first column, text).
    private mutating func writeField(_ label: String, _ value: String, labelWidth: Int, maxLines: Int,
                                     marker: String, showEnd: Bool, style: CellStyle) -> [(row: Int, column: Int, text: String)] {
        let head = marker + DisplayWidth.pad(label, toWidth: labelWidth)
        let valueWidth = width - DisplayWidth.of(head)
        let lines = showEnd ? Canvas.fittedEnd(value, width: valueWidth, maxLines: maxLines)
                            : Canvas.fitted(value, width: valueWidth, maxLines: maxLines)
        var written: [(row: Int, column: Int, text: String)] = []
        for (index, text) in lines.enumerated() {
            guard hasRoom else { break }
            let prefix = index == 0 ? head : String(repeating: " ", count: DisplayWidth.of(head))
            buffer.write(prefix, row: top + row, column: left, maxWidth: width)
            buffer.write(text, row: top + row, column: left + DisplayWidth.of(prefix),
                         maxWidth: max(0, width - DisplayWidth.of(prefix)), style: style)
            written.append((top + row, left + DisplayWidth.of(prefix), text))
            row += 1
        }
        return written
    }

    /// Draws a text input with its label. Focused, it is marked `> `, keeps its end in view, and shows
    /// the cursor: `_` after the text when the cursor is at the end, else the character under the
    /// cursor reversed.
    mutating func input(_ field: TextField, focused: Bool, labelWidth: Int = 16, maxLines: Int = 3) {
        let atEnd = field.cursor >= field.value.count
        let value = field.shown + (focused && atEnd ? "_" : "")
        let lines = writeField(field.label, value, labelWidth: labelWidth, maxLines: maxLines,
                               marker: focused ? "> " : "  ", showEnd: focused, style: .normal)
        guard focused, !atEnd else { return }
        // The cursor's cluster counted from the end: the kept lines always end with the value's end.
        let shown = DisplayWidth.clusters(field.shown)
        let before = DisplayWidth.clusters(String(field.shown.prefix(field.cursor))).count
        var fromEnd = shown.count - before
        for line in lines.reversed() {
            let clusters = DisplayWidth.clusters(line.text)
            guard fromEnd <= clusters.count else {
                fromEnd -= clusters.count
                continue
            }
            let index = clusters.count - fromEnd
            let column = clusters[..<index].reduce(0) { $0 + $1.width }
            buffer.write(clusters[index].text, row: line.row, column: line.column + column, style: .reverse)
            return
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

    /// Wraps `text` to `width` and keeps the last `maxLines`; a cut start is marked with 「...」
    /// in front of the first kept line (which then loses its first characters, never half a wide one).
    static func fittedEnd(_ text: String, width: Int, maxLines: Int) -> [String] {
        let lines = DisplayWidth.wrap(text, width: max(1, width))
        guard lines.count > maxLines, maxLines > 0 else { return lines }
        var kept = Array(lines.suffix(maxLines))
        kept[0] = "..." + lastColumns(of: kept[0], width: max(0, width - 3))
        return kept
    }

    /// The end of `text` that fits in `width` columns (whole clusters only).
    private static func lastColumns(of text: String, width: Int) -> String {
        var kept: [String] = []
        var used = 0
        for cluster in DisplayWidth.clusters(text).reversed() {
            guard used + cluster.width <= width else { break }
            used += cluster.width
            kept.append(cluster.text)
        }
        return kept.reversed().joined()
    }
}
