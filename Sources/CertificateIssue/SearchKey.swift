import CounterCore
import Foundation

/// The 異体字 table of `seeds/kanji-variants.json`: each variant character (髙, 﨑, 邊 …) and the standard
/// character it is matched as (高, 崎, 辺 …).
///
/// The table folds search keys only: the stored name is never changed. A standard character is never itself
/// a variant (the table is refused otherwise), so folding twice gives what folding once gives.
public struct VariantTable: Sendable, Equatable {
    /// Variant scalar → standard scalar.
    public let standardOf: [Unicode.Scalar: Unicode.Scalar]

    /// The seed file's path inside the seeds folder.
    public static let seedFile = "kanji-variants.json"

    private struct File: Decodable {
        struct Pair: Decodable { var variant: String, standard: String }
        var pairs: [Pair]
    }

    /// A table of `pairs` (variant, standard); refuses a pair that is not one character each, a variant listed
    /// twice, or a standard character that is also a variant.
    public init(pairs: [(variant: String, standard: String)], file: String = VariantTable.seedFile) throws {
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (index, pair) in pairs.enumerated() {
            let entry = "pairs[\(index)]"
            guard pair.variant.unicodeScalars.count == 1, let variant = pair.variant.unicodeScalars.first else {
                throw SeedError(file: file, entry: entry, field: "variant", problem: "1文字で指定してください")
            }
            guard pair.standard.unicodeScalars.count == 1, let standard = pair.standard.unicodeScalars.first else {
                throw SeedError(file: file, entry: entry, field: "standard", problem: "1文字で指定してください")
            }
            guard variant != standard else {
                throw SeedError(file: file, entry: entry, field: "standard", problem: "異体字と同じ文字です")
            }
            guard map[variant] == nil else {
                throw SeedError(file: file, entry: entry, field: "variant", problem: "同じ異体字が2回あります")
            }
            map[variant] = standard
        }
        for (index, pair) in pairs.enumerated() where map[pair.standard.unicodeScalars.first!] != nil {
            throw SeedError(file: file, entry: "pairs[\(index)]", field: "standard",
                            problem: "標準の字が別の組で異体字になっています（標準の字に揃えてください）")
        }
        standardOf = map
    }

    /// Loads `seeds/kanji-variants.json`.
    public static func load(from seeds: SeedDirectory) throws -> VariantTable {
        let url = seeds.file(seedFile)
        let file = try SeedDirectory.decode(File.self, from: url)
        return try VariantTable(pairs: file.pairs.map { ($0.variant, $0.standard) }, file: url.path)
    }
}

/// The folded search keys stored beside names, kana and addresses, and computed from a query the same way.
///
/// A key is for matching only. The rules (`docs/registry.md`):
/// - names and addresses: each 異体字 of the ``VariantTable`` becomes its standard character; variation
///   selectors (IVS U+E0100–U+E01EF and U+FE00–U+FE0F) are dropped; spaces (U+0020, U+3000) are dropped;
/// - kana: hiragana becomes katakana; spaces are dropped.
/// Nothing else changes: no Unicode normalization, no width folding, so 神 (U+FA19) stays U+FA19 unless the
/// table lists it.
public struct SearchKey: Sendable {
    /// The 異体字 table used.
    public let variants: VariantTable

    /// Keys folded with `variants`.
    public init(variants: VariantTable) {
        self.variants = variants
    }

    /// The key of a name, an alias or an address.
    public func name(_ text: String) -> String {
        var key = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if Self.isVariationSelector(scalar) || Self.isSpace(scalar) { continue }
            key.append(variants.standardOf[scalar] ?? scalar)
        }
        return String(key)
    }

    /// The key of a kana reading: katakana, no spaces.
    public func kana(_ text: String) -> String {
        var key = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if Self.isSpace(scalar) { continue }
            // ぁ (U+3041) … ゖ (U+3096) and ゝゞ (U+309D, U+309E) sit 0x60 below their katakana.
            if (0x3041...0x3096).contains(scalar.value) || (0x309D...0x309E).contains(scalar.value),
               let katakana = Unicode.Scalar(scalar.value + 0x60) {
                key.append(katakana)
            } else {
                key.append(scalar)
            }
        }
        return String(key)
    }

    /// True for an ideographic variation selector or a standard variation selector.
    public static func isVariationSelector(_ scalar: Unicode.Scalar) -> Bool {
        (0xE0100...0xE01EF).contains(scalar.value) || (0xFE00...0xFE0F).contains(scalar.value)
    }

    /// True for the spaces a name may be written with between surname and given name.
    public static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x20 || scalar.value == 0x3000
    }
}
