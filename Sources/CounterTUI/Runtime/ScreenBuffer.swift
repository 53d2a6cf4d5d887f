import CounterCore
/// How a cell is drawn.
public enum CellStyle: Sendable, Equatable {
    /// Plain text.
    case normal
    /// Reversed colours (title line, keys, selection).
    case reverse
    /// Emphasis (errors, prompts).
    case bold
    /// Below its target (the KPI dashboard): red where the terminal has colours, bold and underlined where it has
    /// none (a monochrome terminal still tells it apart; the screen also says 目標未達 in words).
    case alert
}

/// One terminal column: the lead column of a cluster (its text and width) or the right half of a
/// wide cluster (`width == 0`, empty text).
public struct Cell: Sendable, Equatable {
    /// The cluster drawn here (a base scalar plus its zero-width scalars); empty for a continuation.
    public var text: String
    /// 1 or 2 for a lead cell, 0 for the right half of a wide cluster.
    public var width: Int
    /// Drawing style.
    public var style: CellStyle

    /// A blank cell.
    public static let blank = Cell(text: " ", width: 1, style: .normal)
}

/// A grid of cells that screens render into: printed as text for tests, copied to ncurses for the
/// terminal. Wide clusters take two cells and are never split; overwriting half of one blanks the
/// other half.
public struct ScreenBuffer: Sendable, Equatable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Cells, row-major.
    public private(set) var cells: [Cell]

    /// A blank buffer.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// The cell at a position.
    public subscript(row: Int, column: Int) -> Cell {
        cells[row * width + column]
    }

    /// Writes `text` from (`row`, `column`) within `maxWidth` columns (default: to the right edge),
    /// clipping by display width; a wide cluster that does not fit is left out, not split.
    /// Returns the number of columns written.
    @discardableResult
    public mutating func write(_ text: String, row: Int, column: Int, maxWidth: Int? = nil,
                               style: CellStyle = .normal) -> Int {
        guard row >= 0, row < height, column >= 0, column < width else { return 0 }
        let limit = min(width - column, maxWidth ?? Int.max)
        var used = 0
        // Text from a card, a file or the database reaches the terminal only without controls.
        for cluster in DisplayWidth.clusters(TextSafety.terminalSafe(text)) {
            guard cluster.width > 0 else { continue }
            if used + cluster.width > limit { break }
            put(Cell(text: cluster.text, width: cluster.width, style: style), row: row, column: column + used)
            used += cluster.width
        }
        return used
    }

    /// Fills a whole row with one style (blanks), e.g. for a reversed title bar.
    public mutating func fill(row: Int, style: CellStyle) {
        guard row >= 0, row < height else { return }
        for column in 0..<width { put(Cell(text: " ", width: 1, style: style), row: row, column: column) }
    }

    /// The buffer as text: one line per row, continuation cells omitted, trailing blanks trimmed.
    public var text: String {
        (0..<height).map(line(_:)).joined(separator: "\n")
    }

    /// One row as text, trailing blanks trimmed.
    public func line(_ row: Int) -> String {
        var result = ""
        for column in 0..<width {
            let cell = self[row, column]
            if cell.width > 0 { result += cell.text }
        }
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    private mutating func put(_ cell: Cell, row: Int, column: Int) {
        let index = row * width + column
        // Break any wide cluster this write overlaps.
        if cells[index].width == 0, column > 0 { cells[index - 1] = .blank }
        if cells[index].width == 2, column + 1 < width { cells[index + 1] = .blank }
        cells[index] = cell
        if cell.width == 2 {
            let next = index + 1
            if cells[next].width == 2, column + 2 < width { cells[next + 1] = .blank }
            cells[next] = Cell(text: "", width: 0, style: cell.style)
        }
    }
}
