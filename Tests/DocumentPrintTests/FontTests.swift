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

    @Test("葛 U+E0100 is not in IPAmj明朝: the base glyph prints and pdftotext returns U+845B without the selector")
    func unsupportedVariationSequence() throws {
        // IPAmj明朝 registers 葛 with U+E0102…U+E0108 only; HarfBuzz falls back to the base glyph, whose
        // ToUnicode entry is plain 葛. This test pins that honest, observable behaviour.
        let words = try Poppler.words(try render("葛\u{E0100}城"))
        #expect(words.map { $0.text.unicodeScalars.map(\.value) } == [[0x845B, 0x57CE]])
    }

    @Test("no font set without any of the wanted families")
    func noFont() {
        #expect(throws: DocumentPrintError.formFontNotInstalled) { try FontSet(families: ["No Such Font Family"]) }
    }
}
