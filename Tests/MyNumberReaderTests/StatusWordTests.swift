import Testing
@testable import MyNumberReader

@Suite struct StatusWordTests {
    @Test(arguments: [
        (UInt16(0x63C2), true, CardError.wrongPIN(triesLeft: 2)),
        (0x63C1, true, .wrongPIN(triesLeft: 1)),
        (0x63C0, true, .pinBlocked),
        (0x6984, true, .pinBlocked),
        (0x6983, false, .pinBlocked),
        (0x6982, false, .securityStatusNotSatisfied),
        (0x6A82, false, .unexpectedStatus(0x6A82)),
        (0x6B00, false, .unexpectedStatus(0x6B00)),
        (0x6700, false, .unexpectedStatus(0x6700)),
    ])
    func mapsErrors(value: UInt16, afterVerify: Bool, expected: CardError) {
        #expect(StatusWord(value).error(afterVerify: afterVerify) == expected)
    }

    @Test func decodesCounts() {
        #expect(StatusWord(0x9000).isSuccess)
        #expect(StatusWord(0x63C3).triesLeft == 3)
        #expect(StatusWord(0x6300).triesLeft == nil)
        #expect(StatusWord(0x6110).moreDataCount == 0x10)
        #expect(StatusWord(0x6100).moreDataCount == 256)
        #expect(StatusWord(0x6C57).exactLength == 0x57)
        #expect(StatusWord(0x9000).exactLength == nil)
        #expect(StatusWord.triesLeft(2).value == 0x63C2)
        #expect(StatusWord(0x6A82).description == "6A82")
    }

    @Test func messagesAreJapaneseAndSpecific() {
        #expect(CardError.wrongPIN(triesLeft: 2).userMessage.hasPrefix("暗証番号が違います（残り2回）。"))
        #expect(CardError.pinBlocked.userMessage == "暗証番号がロックされています。窓口で初期化が必要です。")
        #expect(CardError.notMyNumberCard.userMessage.hasPrefix("マイナンバーカードではありません。"))
        #expect(CardError.readerNotFound("X").userMessage.contains("「X」"))
    }

    @Test func commandAPDUEncodingAndParsing() throws {
        let select = CommandAPDU(ins: 0xA4, p1: 0x04, p2: 0x0C, data: CardInfoApplication.aid)
        #expect(select.bytes == [0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08])
        #expect(CommandAPDU(bytes: select.bytes) == select)
        let read = CommandAPDU(ins: 0xB0, p1: 0x01, p2: 0x00, le: 256)
        #expect(read.bytes == [0x00, 0xB0, 0x01, 0x00, 0x00])
        #expect(CommandAPDU(bytes: read.bytes)?.le == 256)
        let sign = CommandAPDU(cla: 0x80, ins: 0x2A, p1: 0, p2: 0x80, data: [1, 2, 3], le: 256)
        #expect(CommandAPDU(bytes: sign.bytes) == sign)
        #expect(CommandAPDU(bytes: [0x00, 0xA4, 0x04]) == nil)
        #expect(CommandAPDU(bytes: [0x00, 0xA4, 0x04, 0x0C, 0x05, 0x01]) == nil)
        #expect(throws: CardError.self) { try ResponseAPDU(bytes: [0x90]) }
        #expect(try ResponseAPDU(bytes: [0x01, 0x90, 0x00]) == ResponseAPDU(data: [0x01], status: .success))
    }

    @Test(arguments: ["123", "12345", "12a4", "１２３４", "", " 1234"])
    func pinFormatIsChecked(text: String) {
        #expect(throws: CardError.invalidPINFormat) { try CardPIN(text) }
    }

    @Test func pinNeverPrints() throws {
        let pin = try CardPIN("4321")
        #expect(!"\(pin)".contains("4321"))
        #expect(!String(reflecting: pin).contains("4321"))
    }
}
