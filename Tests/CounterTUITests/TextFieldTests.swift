import CounterCore
import Testing
@testable import CounterTUI

@Suite("Text field editing")
struct TextFieldTests {
    private func typed(_ text: String, into field: inout TextField) {
        for character in text { _ = field.apply(.text(character)) }
    }

    @Test("a typo mid-address is fixed without backspacing through the rest: Left, BS, type, End")
    func fixMidText() {
        var field = TextField("住所", value: "大阪市北区中乃島1丁目")
        for _ in 0..<4 { _ = field.apply(.decrease) }
        #expect(field.cursor == 7)
        _ = field.apply(.erase)
        typed("之", into: &field)
        #expect(field.value == "大阪市北区中之島1丁目")
        _ = field.apply(.end)
        typed("3番", into: &field)
        #expect(field.value == "大阪市北区中之島1丁目3番")
    }

    @Test("Home, Delete and Right; moves stop at both ends; BS at the start and Delete at the end do nothing")
    func homeDeleteRight() {
        var field = TextField("氏名", value: "X髙橋")
        _ = field.apply(.home)
        _ = field.apply(.erase)
        _ = field.apply(.deleteForward)
        #expect(field.value == "髙橋")
        _ = field.apply(.decrease)
        #expect(field.cursor == 0)
        for _ in 0..<5 { _ = field.apply(.increase) }
        #expect(field.cursor == 2)
        _ = field.apply(.deleteForward)
        #expect(field.value == "髙橋")
    }

    @Test("a variation sequence is one character: the cursor never lands between 葛 and its selector")
    func variationSequence() {
        var field = TextField("氏名", value: "葛\u{E0100}城")
        _ = field.apply(.decrease)
        _ = field.apply(.erase)
        #expect(field.value == "城")
        #expect(field.value.unicodeScalars.count == 1)
    }

    @Test("the length limit holds for inserts in the middle; refused characters leave value and cursor alone")
    func limits() {
        var field = TextField("性別", kind: .digits, maxLength: 3)
        typed("12a3", into: &field)
        #expect(field.value == "123")
        _ = field.apply(.home)
        typed("9", into: &field)
        #expect(field.value == "123")
        #expect(field.cursor == 0)
    }

    @Test("over random key sequences the field matches a model list of characters with a cursor")
    func randomSequences() {
        var generator = SplitMix64(seed: 0x4355_5253)
        let alphabet: [Character] = ["a", "髙", "葛\u{E0100}", "1", "ー"]
        for _ in 0..<500 {
            var field = TextField("欄", maxLength: 12)
            var model: [Character] = []
            var cursor = 0
            for _ in 0..<40 {
                switch generator.next() % 7 {
                case 0, 1:
                    let character = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                    _ = field.apply(.text(character))
                    if model.count < 12 { model.insert(character, at: cursor); cursor += 1 }
                case 2:
                    _ = field.apply(.erase)
                    if cursor > 0 { model.remove(at: cursor - 1); cursor -= 1 }
                case 3:
                    _ = field.apply(.deleteForward)
                    if cursor < model.count { model.remove(at: cursor) }
                case 4:
                    _ = field.apply(.decrease)
                    cursor = max(0, cursor - 1)
                case 5:
                    _ = field.apply(.increase)
                    cursor = min(model.count, cursor + 1)
                default:
                    let home = generator.next() % 2 == 0
                    _ = field.apply(home ? .home : .end)
                    cursor = home ? 0 : model.count
                }
                #expect(field.value == String(model))
                #expect(field.cursor == cursor)
            }
        }
    }

    @Test("drawn focused: the cursor's character is reversed mid-text, and `_` follows the text at the end")
    func drawnCursor() {
        var field = TextField("住所", value: "大阪市北区")
        var canvas = Canvas(buffer: ScreenBuffer(width: 40, height: 3), top: 0, left: 0, width: 40, height: 3)
        canvas.input(field, focused: true, labelWidth: 6)
        #expect(canvas.buffer.line(0).contains("大阪市北区_"))
        _ = field.apply(.home)
        _ = field.apply(.increase)
        canvas = Canvas(buffer: ScreenBuffer(width: 40, height: 3), top: 0, left: 0, width: 40, height: 3)
        canvas.input(field, focused: true, labelWidth: 6)
        let row = canvas.buffer.line(0)
        #expect(!row.contains("_"))
        let column = 2 + 6 + 2  // marker, label, 大
        #expect(canvas.buffer[0, column].text == "阪")
        #expect(canvas.buffer[0, column].style == .reverse)
        #expect(canvas.buffer[0, column - 2].style == .normal)
    }
}
