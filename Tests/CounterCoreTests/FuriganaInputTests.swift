import CounterCore
import Testing

@Suite("フリガナ input")
struct FuriganaInputTests {
    @Test("full-width katakana with a space between family and given name is kept scalar for scalar")
    func accepted() throws {
        for text in ["タカハシ\u{3000}サキコ", "ヴァン ヤン", "ナカノ・ヨウコ", "オーサカ", "ヽヾ", "カ"] {
            let checked = try BasicInfoInput.furigana(text)
            #expect(checked.unicodeScalars.elementsEqual(text.unicodeScalars))
        }
    }

    @Test("blank means not given")
    func blank() throws {
        #expect(try BasicInfoInput.furigana("") == "")
        #expect(try BasicInfoInput.furigana("\u{3000} ") == "")
    }

    @Test("hiragana, half-width kana, kanji, Latin letters and digits are refused with the katakana advice")
    func refused() {
        for text in ["たかはし", "ﾀｶﾊｼ", "髙橋", "TAKAHASHI", "タカハシ1", "タカハシ！"] {
            #expect(throws: InputError.furiganaNotKatakana) { try BasicInfoInput.furigana(text) }
        }
        #expect(InputError.furiganaNotKatakana.userMessage.contains("全角カタカナ"))
    }

    @Test("forbidden characters and over-long text are refused naming フリガナ, never the value")
    func bounds() throws {
        #expect(throws: InputError.forbiddenCharacter(.furigana)) { try BasicInfoInput.furigana("タカ\u{202E}ハシ") }
        let long = String(repeating: "ア", count: BasicInfoInput.maximumFuriganaLength + 1)
        #expect(throws: InputError.tooLong(.furigana, maximum: BasicInfoInput.maximumFuriganaLength)) {
            try BasicInfoInput.furigana(long)
        }
        #expect(try BasicInfoInput.furigana(String(long.dropLast())).count == BasicInfoInput.maximumFuriganaLength)
        #expect(InputError.forbiddenCharacter(.furigana).userMessage.contains("フリガナ"))
    }

    @Test("over many random strings: accepted exactly when every scalar is katakana or a space, and returned unchanged")
    func randomStrings() {
        var generator = SplitMix64(seed: 0x4655_5249)
        let pool: [Unicode.Scalar] = ["ア", "ヴ", "ー", "・", "\u{3000}", " ", "あ", "ｱ", "漢", "A", "1", "\u{30A0}", "\u{30FF}",
                                      "\u{3099}", "\u{E0100}", "\u{0}"]
        for _ in 0..<5_000 {
            let length = Int(generator.next() % 12)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<length { scalars.append(pool[Int(generator.next() % UInt64(pool.count))]) }
            let text = String(scalars)
            let allowed = text.unicodeScalars.allSatisfy { (0x30A1...0x30FE).contains($0.value) || $0 == "\u{3000}" || $0 == " " }
            let blank = text.unicodeScalars.allSatisfy { $0 == "\u{3000}" || $0 == " " }
            let result = try? BasicInfoInput.furigana(text)
            if blank {
                #expect(result == "")
            } else if allowed {
                #expect(result.map { $0.unicodeScalars.elementsEqual(text.unicodeScalars) } == true)
            } else {
                #expect(result == nil)
            }
        }
    }
}
