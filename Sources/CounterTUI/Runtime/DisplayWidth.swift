/// Terminal display width of text: CJK and full-width characters take 2 columns, combining marks,
/// variation selectors and format characters 0, everything else 1.
///
/// This one function is used by the cell buffer and agrees with glibc `wcwidth` under a UTF-8
/// locale for the characters a counter shows (kanji, kana, full-width forms, ASCII, IVS).
public enum DisplayWidth {
    /// Columns taken by one scalar: 0, 1 or 2 (control characters count 0 and are never drawn).
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x300 { return 1 }
        if isZeroWidth(scalar) { return 0 }
        return wideRanges.contains { $0.contains(value) } ? 2 : 1
    }

    /// Columns taken by a string.
    public static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    /// True for a variation selector (standardized VS1–16 or ideographic VS17–256).
    public static func isVariationSelector(_ scalar: Unicode.Scalar) -> Bool {
        (0xFE00...0xFE0F).contains(scalar.value) || (0xE0100...0xE01EF).contains(scalar.value)
    }

    /// `text` as it fits `width` columns: whole when it does, else cut (whole clusters only) with
    /// `marker` at the end, the marker counted in the width.
    public static func cut(_ text: String, toWidth width: Int, marker: String = "...") -> String {
        guard of(text) > width else { return text }
        return truncate(text, toWidth: max(0, width - of(marker))) + marker
    }

    /// True for scalars that attach to the previous one (combining marks, variation selectors,
    /// zero-width joiners and other format characters).
    public static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if isVariationSelector(scalar) { return true }
        if value == 0x200B || value == 0x200C || value == 0x200D || value == 0x2060 || value == 0xFEFF { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    /// Splits text into display clusters: a base scalar with the zero-width scalars that follow it,
    /// and its width. Control characters are dropped; a zero-width scalar with no base gets a space.
    public static func clusters(_ text: String) -> [(text: String, width: Int)] {
        var result: [(text: String, width: Int)] = []
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || (0x7F..<0xA0).contains(value) { continue }
            if isZeroWidth(scalar) {
                if result.isEmpty { result.append((" ", 1)) }
                result[result.count - 1].text.unicodeScalars.append(scalar)
            } else {
                result.append((String(scalar), of(scalar)))
            }
        }
        return result
    }

    /// The longest prefix of `text` that fits in `width` columns, never splitting a cluster.
    public static func truncate(_ text: String, toWidth width: Int) -> String {
        var used = 0
        var result = ""
        for cluster in clusters(text) {
            if used + cluster.width > width { break }
            used += cluster.width
            result += cluster.text
        }
        return result
    }

    /// Breaks `text` into lines of at most `width` columns (character wrapping, as Japanese text
    /// has no spaces), never splitting a cluster. Closing punctuation (。、」） …) never starts a
    /// line: the character before it moves down with it. Always returns at least one line.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 2 else { return [text] }
        var lines: [String] = []
        var line: [(text: String, width: Int)] = []
        var used = 0
        for cluster in clusters(text) {
            if used + cluster.width > width {
                var carried: [(text: String, width: Int)] = []
                // 行頭禁則: carry the line's end along, as far as needed (「以上）。」 keeps 上 with ）。).
                var first = cluster.text
                while noLineStart.contains(first), line.count > 1, let last = line.popLast() {
                    carried.insert(last, at: 0)
                    first = last.text
                }
                lines.append(line.map(\.text).joined())
                line = carried
                used = carried.reduce(0) { $0 + $1.width }
            }
            line.append(cluster)
            used += cluster.width
        }
        lines.append(line.map(\.text).joined())
        return lines
    }

    /// Characters that must not begin a line (行頭禁則).
    private static let noLineStart: Set<String> = [
        "。", "、", "，", "．", "）", "」", "』", "】", "〕", "・", "ー", "ゃ", "ゅ", "ょ", "っ", "ャ", "ュ", "ョ", "ッ",
        ")", ",", ".", "!", "?", "！", "？",
    ]

    /// Pads `text` with spaces on the right to exactly `width` columns (truncating if longer).
    public static func pad(_ text: String, toWidth width: Int) -> String {
        let fitted = truncate(text, toWidth: width)
        return fitted + String(repeating: " ", count: max(0, width - of(fitted)))
    }

    /// East Asian Wide and Fullwidth blocks (Unicode 15), as glibc counts them.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF,
        0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248,
        0x1F250...0x1F251, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393,
        0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E,
        0x1F440...0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567,
        0x1F57A...0x1F57A, 0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5,
        0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC,
        0x1F7E0...0x1F7EB, 0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF, 0x1FA70...0x1FAFF,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
