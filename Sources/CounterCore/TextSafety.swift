/// Checks and cleans text that comes from outside (a card, a file, the database) before it is kept,
/// printed or shown on a terminal. Text is never normalized: a check refuses, a cleaning only replaces
/// what a terminal would execute.
public enum TextSafety {
    /// A kind of character that must never reach a form, a record or a terminal.
    public enum Forbidden: Sendable, Equatable {
        /// NUL or another C0/C1 control, DEL, U+2028/U+2029 (a terminal executes or breaks on them; C
        /// strings stop at NUL).
        case control
        /// A bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069): it reorders
        /// what the reader sees.
        case bidiControl
        /// A Unicode non-character (U+FDD0–U+FDEF, U+xxFFFE/U+xxFFFF) or a lone surrogate's replacement.
        case nonCharacter
    }

    /// The first forbidden character kind in `text`, or nil when every scalar may be kept.
    /// Ideographic space, variation selectors (U+FE00–FE0F, U+E0100–E01EF) and compatibility
    /// ideographs are allowed: names need them.
    public static func forbidden(in text: String) -> Forbidden? {
        for scalar in text.unicodeScalars {
            if let kind = forbidden(scalar) { return kind }
        }
        return nil
    }

    /// The kind of `scalar`, if forbidden.
    public static func forbidden(_ scalar: Unicode.Scalar) -> Forbidden? {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return .control }
        if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) { return .bidiControl }
        // LINE SEPARATOR and PARAGRAPH SEPARATOR break a line like a newline does.
        if value == 0x2028 || value == 0x2029 { return .control }
        if (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE || value == 0xFFFD { return .nonCharacter }
        return nil
    }

    /// `text` made safe for a terminal: every control, bidi control and non-character is replaced by
    /// U+FFFD (one per scalar), so no escape sequence, cursor move, CR/LF or title change reaches the
    /// terminal; everything else is kept as it is.
    public static func terminalSafe(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(forbidden(scalar) == nil ? scalar : "\u{FFFD}")
        }
        return String(result)
    }
}

/// An identifier that is stored in records (terminal id, clerk id): ASCII letters, digits, `-`, `_`, `.`,
/// 1 to 64 characters, so nothing from an argument or a host name can put a control into a write-once row.
public enum RecordIdentifier {
    /// The longest identifier.
    public static let maximumLength = 64

    /// True when `text` may be stored as an identifier.
    public static func isValid(_ text: String) -> Bool {
        guard (1...maximumLength).contains(text.unicodeScalars.count) else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
        }
    }
}
