/// A built-in large-digit font for amounts (cash received, change) that a clerk and a citizen read across
/// the counter: 5 rows high, each pixel a reversed space two columns wide, so it shows on any terminal,
/// monochrome included, and needs no font of its own.
enum BigDigits {
    /// Rows per glyph.
    static let height = 5
    /// Terminal columns per pixel (cells are about twice as high as wide).
    static let pixelWidth = 2

    /// The glyphs, `#` for a lit pixel; digits are 3 pixels wide, the separators 1.
    private static let glyphs: [Character: [String]] = [
        "0": ["###", "# #", "# #", "# #", "###"],
        "1": [" # ", "## ", " # ", " # ", "###"],
        "2": ["###", "  #", "###", "#  ", "###"],
        "3": ["###", "  #", "###", "  #", "###"],
        "4": ["# #", "# #", "###", "  #", "  #"],
        "5": ["###", "#  ", "###", "  #", "###"],
        "6": ["###", "#  ", "###", "# #", "###"],
        "7": ["###", "  #", "  #", "  #", "  #"],
        "8": ["###", "# #", "###", "# #", "###"],
        "9": ["###", "# #", "###", "  #", "###"],
        ",": [" ", " ", " ", " ", "#"],
        "-": ["   ", "   ", "###", "   ", "   "],
        // A PIN digit entered, and one still to enter (the kiosk's PIN dots).
        "●": ["   ", "###", "###", "###", "   "],
        "_": ["   ", "   ", "   ", "   ", "###"],
    ]

    /// The lit pixels of `text` (digits, `,`, `-`, and `●`/`_` for PIN dots), one string per row with `#` lit; nil when a
    /// character has no glyph.
    static func pixels(_ text: String) -> [String]? {
        var rows = Array(repeating: "", count: height)
        for (index, character) in text.enumerated() {
            guard let glyph = glyphs[character] else { return nil }
            for row in 0..<height { rows[row] += (index > 0 ? " " : "") + glyph[row] }
        }
        return rows
    }

    /// Columns `text` takes when drawn; nil when a character has no glyph.
    static func width(of text: String) -> Int? {
        pixels(text).map { ($0.first?.count ?? 0) * pixelWidth }
    }
}

extension Canvas {
    /// Draws `text` in ``BigDigits`` after `label` (on the first row) when it fits the rows and columns
    /// left; otherwise writes `label` and `text` on one bold line. Returns true when drawn large.
    @discardableResult
    mutating func bigNumber(_ label: String, _ text: String, suffix: String = "円") -> Bool {
        let labelWidth = DisplayWidth.of(label) + 1
        guard let pixels = BigDigits.pixels(text), let digitsWidth = BigDigits.width(of: text),
              rowsLeft >= BigDigits.height, labelWidth + digitsWidth + 1 + DisplayWidth.of(suffix) <= width else {
            line("\(label) \(text)\(suffix)", style: .bold)
            return false
        }
        for (index, pixelRow) in pixels.enumerated() {
            if index == 0 { put(label, row: row, column: 0) }
            for (column, pixel) in pixelRow.enumerated() where pixel == "#" {
                let at = labelWidth + column * BigDigits.pixelWidth
                buffer.write(String(repeating: " ", count: BigDigits.pixelWidth), row: top + row, column: left + at,
                             maxWidth: BigDigits.pixelWidth, style: .reverse)
            }
            if index == BigDigits.height - 1 { put(suffix, row: row, column: labelWidth + digitsWidth + 1) }
            blank()
        }
        return true
    }
}
