import Foundation

/// Makes variation sequences visible to the clerk. Terminals draw 葛 + U+E0100 (葛󠄀) as a plain 葛, so
/// a name that prints with the variant glyph would look identical on screen: such characters are
/// marked 「[異体字]」 on the confirmation screen, and F6 lists their code points. The stored and
/// printed text is never changed.
enum VariantMarking {
    /// The label put after a character that carries a variation selector.
    static let marker = "[異体字]"

    /// `text` with 「[異体字]」 after every character that holds a variation selector.
    static func marked(_ text: String) -> String {
        text.map { character in
            character.unicodeScalars.contains(where: DisplayWidth.isVariationSelector) ? String(character) + marker : String(character)
        }.joined()
    }

    /// The characters of `text` that hold a variation selector, each with its code points
    /// (「U+845B U+E0100」), in order, without repeats.
    static func variants(in text: String) -> [(character: String, codePoints: String)] {
        var seen = Set<String>()
        return text.compactMap { character -> (String, String)? in
            let scalars = character.unicodeScalars
            guard scalars.contains(where: DisplayWidth.isVariationSelector), seen.insert(String(character)).inserted else { return nil }
            return (String(character), scalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " "))
        }
    }
}
