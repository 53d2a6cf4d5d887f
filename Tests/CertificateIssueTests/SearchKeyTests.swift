import CertificateIssue
import CounterCore
import CounterTestSupport
import Foundation
import Testing

/// The folding of search keys, as properties over random text (SplitMix64, reproducible from the seed), and
/// the seed table's rules.
@Suite("Search keys (異体字 folding)")
struct SearchKeyTests {
    let keys = RegistryFixtures.keys
    static let iterations = 2_000

    /// Random text mixing variants, their standard forms, IVS selectors, spaces, kana, ASCII and other kanji.
    static func randomText(_ random: inout SplitMix64, alphabet: [Unicode.Scalar]) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int(random.next() % 24) {
            scalars.append(alphabet[Int(random.next() % UInt64(alphabet.count))])
        }
        return String(scalars)
    }

    var variantAlphabet: [Unicode.Scalar] {
        Array(RegistryFixtures.variants.standardOf.keys) + Array(RegistryFixtures.variants.standardOf.values)
            + ["\u{E0100}", "\u{E0101}", "\u{FE00}", " ", "\u{3000}", "あ", "ア", "a", "1", "山", "田", "\u{FA19}", "-"]
    }

    /// Scalars that no rule touches: no variant, no selector, no space.
    var plainAlphabet: [Unicode.Scalar] {
        let variants = Set(RegistryFixtures.variants.standardOf.keys)
        let candidates: [Unicode.Scalar] = ["山", "田", "中", "高", "崎", "辺", "ア", "カ", "ー", "a", "Z", "1", "-", "・", "ｱ", "Ａ", "\u{795E}", "\u{20B9F}"]
        return candidates.filter { !variants.contains($0) }
    }

    @Test("folding is idempotent: the key of a key is the key (names and kana), for 2,000 random texts")
    func idempotent() {
        var random = SplitMix64(seed: 0x1D_E0_70_7E)
        for _ in 0..<Self.iterations {
            let text = Self.randomText(&random, alphabet: variantAlphabet)
            let name = keys.name(text)
            #expect(keys.name(name).unicodeScalars.elementsEqual(name.unicodeScalars))
            let kana = keys.kana(text)
            #expect(keys.kana(kana).unicodeScalars.elementsEqual(kana.unicodeScalars))
        }
    }

    @Test("text without variants, selectors or spaces keeps every scalar, in order (no normalization, no width folding)")
    func plainTextUnchanged() {
        var random = SplitMix64(seed: 42)
        for _ in 0..<Self.iterations {
            let text = Self.randomText(&random, alphabet: plainAlphabet)
            #expect(keys.name(text).unicodeScalars.elementsEqual(text.unicodeScalars))
        }
        // 神 U+FA19 is only folded because the table lists it; ｱ stays half-width; Ａ stays full-width.
        #expect(keys.name("ｱＡ").unicodeScalars.map(\.value) == [0xFF71, 0xFF21])
    }

    @Test("a variant and its standard form give one key; IVS and spaces vanish from keys only")
    func foldsVariants() {
        #expect(keys.name("\u{9AD9}橋\u{3000}\u{FA11}子") == keys.name("高橋 崎子"))
        #expect(keys.name("\u{845B}\u{E0100}城") .unicodeScalars.map(\.value) == [0x845B, 0x57CE])
        #expect(keys.name("渡\u{908A}") == keys.name("渡\u{9089}") && keys.name("渡\u{9089}") == keys.name("渡辺"))
        #expect(keys.name("\u{9F4B}藤").unicodeScalars.map(\.value) == keys.name("斎藤").unicodeScalars.map(\.value))
        #expect(keys.kana("たかはし　さきこ") == "タカハシサキコ" && keys.kana("タカハシ") == "タカハシ")
        #expect(RegistryFixtures.variants.standardOf.count >= 30)
        // Every pair of the table: the variant folds to exactly its standard scalar.
        for (variant, standard) in RegistryFixtures.variants.standardOf {
            #expect(keys.name(String(variant)).unicodeScalars.map(\.value) == [standard.value])
        }
    }

    @Test("the table refuses a chain (a standard that is also a variant), a duplicate variant and a pair that is not one character each")
    func tableRules() {
        #expect(throws: SeedError.self) { try VariantTable(pairs: [("髙", "高"), ("高", "亠")]) }
        #expect(throws: SeedError.self) { try VariantTable(pairs: [("髙", "高"), ("髙", "亠")]) }
        #expect(throws: SeedError.self) { try VariantTable(pairs: [("髙橋", "高橋")]) }
        #expect(throws: SeedError.self) { try VariantTable(pairs: [("\u{FA19}", "\u{FA19}")]) }
        #expect(throws: Never.self) { try VariantTable(pairs: [("\u{FA19}", "\u{795E}")]) }  // canonically equal, different scalars
        #expect(throws: SeedError.self) { try RelationshipOrder(["世帯主", "妻", "妻"]) }
    }

    @Test("the 個人番号 check digit: a number with its computed check digit is valid, with any other last digit it is not")
    func checkDigit() {
        var random = SplitMix64(seed: 12)
        for _ in 0..<Self.iterations {
            let body = (0..<11).map { _ in Int(random.next() % 10) }
            let number = (body + [IndividualNumber.checkDigit(of: body)]).map(String.init).joined()
            #expect(IndividualNumber.isValid(number))
            let wrong = String(number.dropLast()) + String((IndividualNumber.checkDigit(of: body) + 1 + Int(random.next() % 9)) % 10)
            #expect(!IndividualNumber.isValid(wrong))
        }
    }
}
