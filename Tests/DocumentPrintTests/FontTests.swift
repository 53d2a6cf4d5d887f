import CounterTestSupport
import Foundation
import Testing
@testable import DocumentPrint

@Suite("Form fonts")
struct FontTests {
    private func render(_ text: String) throws -> Data {
        let document = try PDFDocument(paper: Paper(size: .a4))
        try document.text(text, in: MMRect(x: 20, y: 20, width: 150, height: 12), style: TextStyle(fontSize: 14))
        return try document.finish()
    }

    @Test("IPAmj明朝 is the default family, IPAex明朝 the fallback")
    func families() throws {
        let fonts = try FontSet.shared()
        #expect(fonts.families == ["IPAmj明朝", "IPAex明朝"])
        #expect(fonts.files.count == 2)
    }

    @Test("the font is embedded as a subset")
    func embedded() throws {
        let fonts = try Poppler.fonts(try render("髙橋　﨑子"))
        #expect(!fonts.isEmpty)
        #expect(fonts.allSatisfy { $0.embedded && $0.subset })
        #expect(fonts.contains { $0.name.hasSuffix("+IPAmjMincho") })
    }

    @Test("髙 (U+9AD9) and 﨑 (U+FA11) come back unchanged (no normalization)")
    func compatibilityIdeographs() throws {
        let words = try Poppler.words(try render("髙橋\u{3000}\u{FA11}子"))
        let scalars = words.flatMap { Array($0.text.unicodeScalars) }.map(\.value)
        #expect(scalars == [0x9AD9, 0x6A4B, 0xFA11, 0x5B50])
    }

    @Test("a variation sequence IPAmj明朝 has (葛 U+E0102) is drawn with its own glyph and read back with the selector")
    func supportedVariationSequence() throws {
        let words = try Poppler.words(try render("葛\u{E0102}城"))
        #expect(words.map { $0.text.unicodeScalars.map(\.value) } == [[0x845B, 0xE0102, 0x57CE]])
    }

    @Test("葛 U+E0100 is not in IPAmj明朝 but in IPAex明朝: that font draws it and the sequence reads back unchanged")
    func variationSequenceFromFallbackFont() throws {
        // IPAmj明朝 registers 葛 only with U+E0102…U+E0108; HarfBuzz alone would draw the plain glyph.
        let pdf = try render("葛\u{E0100}城")
        let words = try Poppler.words(pdf)
        #expect(words.map { $0.text.unicodeScalars.map(\.value) } == [[0x845B, 0xE0100, 0x57CE]])
        #expect(try Poppler.fonts(pdf).contains { $0.name.hasSuffix("+IPAexMincho") })
    }

    @Test("a variation sequence no form font has is a missing-glyph error, never the plain glyph")
    func unknownVariationSequence() throws {
        #expect(throws: DocumentPrintError.missingGlyphs(["\u{845B}", "\u{E01EF}"])) { try render("葛\u{E01EF}城") }
    }

    @Test("the variation tables are read from the font files")
    func variationTables() {
        let mj = VariationSequenceTable(fontFile: "/usr/share/fonts/truetype/ipamj/ipamjm.ttf")
        #expect(mj.contains(base: "\u{845B}", selector: "\u{E0102}"))
        #expect(!mj.contains(base: "\u{845B}", selector: "\u{E0100}"))
        #expect(!VariationSequenceTable(fontFile: "/nonexistent.ttf").contains(base: "\u{845B}", selector: "\u{E0100}"))
    }

    @Test("no font set without any of the wanted families")
    func noFont() {
        #expect(throws: DocumentPrintError.formFontNotInstalled) { try FontSet(families: ["No Such Font Family"]) }
    }
}
