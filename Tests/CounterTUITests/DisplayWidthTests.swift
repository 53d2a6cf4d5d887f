import CNCursesW
import Foundation
import Testing
import CounterCore
@testable import CounterTUI

@Suite("DisplayWidth and ScreenBuffer")
struct DisplayWidthTests {
    @Test("CJK and full-width take 2 columns, ASCII 1, variation selectors and combining marks 0")
    func widths() {
        #expect(DisplayWidth.of("A") == 1)
        #expect(DisplayWidth.of("髙") == 2)
        #expect(DisplayWidth.of("﨑") == 2)
        #expect(DisplayWidth.of("\u{3000}") == 2)
        #expect(DisplayWidth.of("ア") == 2)
        #expect(DisplayWidth.of("１") == 2)
        #expect(DisplayWidth.of("ｱ") == 1)
        #expect(DisplayWidth.of("葛\u{E0100}") == 2)
        #expect(DisplayWidth.of("\u{FE00}") == 0)
        #expect(DisplayWidth.of("が") == 2)
        #expect(DisplayWidth.of("か\u{3099}") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("髙橋\u{3000}﨑子") == 10)
        #expect(DisplayWidth.of("a\u{7}b") == 2)
    }

    @Test("agrees with the C library's wcwidth under a UTF-8 locale for the characters we show")
    func agreesWithWcwidth() throws {
        // A thread-local UTF-8 locale, so other tests keep the process locale.
        let utf8 = try #require(newlocale(LC_CTYPE_MASK, "C.UTF-8", nil))
        let previous = uselocale(utf8)
        defer {
            uselocale(previous)
            freelocale(utf8)
        }
        let samples = "Aa1-_.[]|髙橋﨑子大阪府市区丁目番号令和昭和平成年月日（）「」・ー、。アイウｱｲ１２３\u{3000}"
            + "\u{FE00}\u{E0100}\u{3099}\u{301}"
        for scalar in samples.unicodeScalars {
            #expect(Int(wcwidth(wchar_t(bitPattern: scalar.value))) == DisplayWidth.of(scalar),
                    "U+\(String(scalar.value, radix: 16, uppercase: true))")
        }
    }

    @Test("truncation never splits a wide character or detaches a variation selector")
    func truncation() {
        #expect(DisplayWidth.truncate("髙橋﨑子", toWidth: 5) == "髙橋")
        #expect(DisplayWidth.truncate("A髙", toWidth: 2) == "A")
        #expect(DisplayWidth.truncate("葛\u{E0100}城", toWidth: 3) == "葛\u{E0100}")
        #expect(DisplayWidth.truncate("葛\u{E0100}城", toWidth: 3).unicodeScalars.count == 2)
        #expect(DisplayWidth.truncate("abc", toWidth: 0) == "")
        #expect(DisplayWidth.wrap("髙橋﨑子様", width: 5) == ["髙橋", "﨑子", "様"])
        #expect(DisplayWidth.pad("髙", toWidth: 4) == "髙  ")
    }

    @Test("the buffer puts wide clusters in two cells and clips at the edge instead of splitting")
    func buffer() {
        var buffer = ScreenBuffer(width: 5, height: 2)
        #expect(buffer.write("髙橋﨑", row: 0, column: 0) == 4)
        #expect(buffer.line(0) == "髙橋")
        #expect(buffer[0, 1].width == 0)
        #expect(buffer.write("ab葛\u{E0100}", row: 1, column: 1) == 4)
        #expect(buffer[1, 3].text.unicodeScalars.count == 2)
        #expect(buffer.line(1) == " ab葛\u{E0100}")
        // Overwriting the right half of a wide cell blanks its left half.
        buffer.write("x", row: 0, column: 1)
        #expect(buffer.line(0) == " x橋")
        // Writing outside the buffer is ignored.
        #expect(buffer.write("z", row: 5, column: 0) == 0)
    }
}

@Suite("Wrapping")
struct WrappingTests {
    @Test("closing punctuation never starts a line")
    func kinsoku() {
        #expect(DisplayWidth.wrap("ください。", width: 8) == ["くださ", "い。"])
        #expect(DisplayWidth.wrap("あいう", width: 4) == ["あい", "う"])
        #expect(DisplayWidth.wrap("", width: 4) == [""])
    }

    @Test("a text longer than the lines allowed is cut visibly with ...")
    func fitted() {
        #expect(Canvas.fitted(String(repeating: "あ", count: 10), width: 6, maxLines: 2) == ["あああ", "あ..."])
    }
}
