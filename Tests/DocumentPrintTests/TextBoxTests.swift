import CounterTestSupport
import Foundation
import Testing
@testable import DocumentPrint

@Suite("Text boxes")
struct TextBoxTests {
    let box = MMRect(x: 20, y: 30, width: 60, height: 10)

    private func document() throws -> PDFDocument { try PDFDocument(paper: Paper(size: .a4)) }

    @Test("text that fits keeps its nominal size and lies inside the box")
    func fits() throws {
        let placement = try document().text("大阪市北区", in: box, style: TextStyle(fontSize: 12))
        #expect(placement.fontSize == 12)
        #expect(placement.lineCount == 1)
        #expect(placement.frame.isInside(box))
    }

    @Test("shrink reduces the size until the line fits, not below the minimum")
    func shrink() throws {
        let text = "大阪府大阪市北区中之島一丁目三番二十号"  // 19 characters: 19 × 12 pt ≈ 80 mm at 12 pt
        let placement = try document().text(text, in: box, style: TextStyle(fontSize: 12, minimumFontSize: 7, overflow: .shrink))
        #expect(placement.fontSize < 12 && placement.fontSize >= 7)
        #expect(placement.lineCount == 1)
        #expect(placement.frame.width <= box.width + 0.001)
    }

    @Test("shrink below the minimum size is an error")
    func shrinkFails() throws {
        let text = String(repeating: "大阪市北区中之島", count: 6)
        #expect(throws: DocumentPrintError.textDoesNotFit) {
            try document().text(text, in: box, style: TextStyle(fontSize: 12, minimumFontSize: 9, overflow: .shrink))
        }
    }

    @Test("the error rule never shrinks")
    func errorRule() throws {
        #expect(throws: DocumentPrintError.textDoesNotFit) {
            try document().text(String(repeating: "大", count: 30), in: box, style: TextStyle(fontSize: 12, minimumFontSize: 4, overflow: .error))
        }
        #expect(try document().text("大阪", in: box, style: TextStyle(fontSize: 12, overflow: .error)).fontSize == 12)
    }

    @Test("wrap breaks lines inside the width and shrinks until the lines fit the height")
    func wrap() throws {
        let tall = MMRect(x: 20, y: 30, width: 60, height: 14)
        let text = "大阪府大阪市北区中之島一丁目三番二十号　中之島ハイツ一〇一号室"
        let placement = try document().text(text, in: tall, style: TextStyle(fontSize: 12, minimumFontSize: 7, vertical: .top, overflow: .wrap))
        #expect(placement.lineCount >= 2)
        #expect(placement.frame.isInside(tall))
        #expect(throws: DocumentPrintError.textDoesNotFit) {
            try document().text(String(repeating: text, count: 4), in: tall, style: TextStyle(fontSize: 12, minimumFontSize: 7, overflow: .wrap))
        }
    }

    @Test("alignment places the frame at the left, centre or right, top or middle")
    func alignment() throws {
        let left = try document().text("中之島", in: box, style: TextStyle(fontSize: 12, horizontal: .left, vertical: .top))
        #expect(abs(left.frame.x - box.x) < 0.01 && abs(left.frame.y - box.y) < 0.01)
        let right = try document().text("中之島", in: box, style: TextStyle(fontSize: 12, horizontal: .right))
        #expect(abs(right.frame.maxX - box.maxX) < 0.01)
        let centre = try document().text("中之島", in: box, style: TextStyle(fontSize: 12, horizontal: .center, vertical: .middle))
        #expect(abs((centre.frame.x + centre.frame.maxX) / 2 - (box.x + box.maxX) / 2) < 0.01)
        #expect(abs((centre.frame.y + centre.frame.maxY) / 2 - (box.y + box.maxY) / 2) < 0.01)
    }

    @Test("a character the form fonts lack is a typed error naming its code point")
    func missingGlyph() throws {
        #expect(throws: DocumentPrintError.missingGlyphs(["\u{1F600}"])) {
            try document().text("山田\u{1F600}", in: box, style: TextStyle(fontSize: 12))
        }
        let message = DocumentPrintError.missingGlyphs(["\u{1F600}"]).userMessage
        #expect(message.contains("U+1F600"))
        #expect(!message.contains("山田"))
    }

    @Test("pdftotext finds the text where the placement says it is (±1 mm)")
    func positions() throws {
        let document = try document()
        let placement = try document.text("中之島一丁目", in: box, style: TextStyle(fontSize: 12, horizontal: .center))
        let words = try Poppler.words(try document.finish())
        let word = try #require(words.first)
        #expect(words.count == 1 && word.text == "中之島一丁目")
        #expect(abs(word.xMin - placement.frame.x) <= 1 && abs(word.xMax - placement.frame.maxX) <= 1)
        #expect(word.yMin >= box.y - 1 && word.yMax <= box.maxY + 1)
    }

    @Test("a line taller than its box shrinks too, or fails under the error rule")
    func height() throws {
        let low = MMRect(x: 20, y: 30, width: 100, height: 4)  // 14 pt ≈ 4.9 mm line
        let document = try document()
        let placement = try document.text("中之島", in: low, style: TextStyle(fontSize: 14, minimumFontSize: 8))
        #expect(placement.fontSize < 14 && placement.frame.height <= low.height + 0.001)
        #expect(throws: DocumentPrintError.textDoesNotFit) {
            try document.text("中之島", in: low, style: TextStyle(fontSize: 14, overflow: .error))
        }
    }

    @Test("wrapped text aligned right or centred is drawn where the placement says, each line inside the box",
          arguments: [HorizontalAlignment.right, .center])
    func wrappedAlignment(alignment: HorizontalAlignment) throws {
        // 14 characters of 12 pt (59.3 mm) fit a line, leaving 3.7 mm free even in the longest line.
        let tall = MMRect(x: 20, y: 30, width: 63, height: 20)
        let text = "大阪府大阪市北区中之島一丁目三番二十号中"
        let document = try document()
        let placement = try document.text(text, in: tall, style: TextStyle(fontSize: 12, horizontal: alignment, vertical: .top, overflow: .wrap))
        #expect(placement.lineCount == 2)
        let words = try Poppler.words(try document.finish())
        #expect(words.count == 2)
        for word in words {
            #expect(word.xMin >= tall.x - 1 && word.xMax <= tall.maxX + 1, "\(word.text) at \(word.xMin)…\(word.xMax)")
            switch alignment {
            case .right: #expect(abs(word.xMax - tall.maxX) <= 1, "\(word.text) ends at \(word.xMax)")
            default: #expect(abs((word.xMin + word.xMax) / 2 - (tall.x + tall.maxX) / 2) <= 1, "\(word.text) centred at \((word.xMin + word.xMax) / 2)")
            }
        }
    }
}
