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

    @Test(arguments: [
        (CardError.serviceNotRunning, "カード読取サービス（pcscd）が動いていません。サービスを起動してからやり直してください。"),
        (.noReader, "カードリーダーが見つかりません。リーダーの接続を確認してください。"),
        (.readerNotFound("X"), "カードリーダー「X」が見つかりません。リーダー名と接続を確認してください。"),
        (.noCard, "カードが置かれていません。マイナンバーカードをリーダーに置いてください。"),
        (.cardRemoved, "読取中にカードが離れました。カードを置き直して、もう一度読み取ってください。"),
        (.readerBusy, "カードリーダーを別のプログラムが使用中です。しばらく待ってからやり直してください。"),
        (.timeout, "カードリーダーの応答がありません（時間切れ）。カードを置き直してやり直してください。"),
        (.notMyNumberCard, "マイナンバーカードではありません。マイナンバーカードを置いてください。"),
        (.wrongPIN(triesLeft: 2), "暗証番号が違います（残り2回）。ご本人に確認のうえ、正しい暗証番号を入力してください。"),
        (.pinBlocked, "暗証番号がロックされています。窓口で初期化が必要です。ご本人が本人確認書類とカードを持って、区役所の住民情報窓口（マイナンバーカード担当）で暗証番号を再設定してください。"),
        (.invalidPINFormat, "暗証番号は数字4桁で入力してください。"),
        (.securityStatusNotSatisfied, "暗証番号の照合が済んでいないため読み取れません。カードを置き直して最初からやり直してください。"),
        (.malformedData("生年月日の形式が違います"),
         "カードのデータを読み取れませんでした（生年月日の形式が違います）。カードを置き直してやり直し、直らなければ管理者に連絡してください。"),
        (.unexpectedStatus(0x6F00), "カードが予期しない応答をしました（6F00）。カードを置き直してやり直してください。"),
        (.pcscFailure(0x8010_0001), "カードリーダーでエラーが発生しました（PC/SC 0x80100001）。リーダーを接続し直してやり直してください。"),
    ])
    func cardErrorMessages(error: CardError, message: String) {
        #expect(error.userMessage == message)
    }

    @Test(arguments: [
        (JPKIAuthenticationError.caCertificateUnreadable("/etc/ca.pem"), "認証局の証明書（/etc/ca.pem）を読めません。設定を確認し、管理者に連絡してください。"),
        (.certificateUnreadable, "カードの利用者証明用電子証明書を読み取れませんでした。カードを置き直してやり直してください。"),
        (.certificateExpired, "利用者証明用電子証明書の有効期限が切れています。窓口で電子証明書の更新手続きをしてください。"),
        (.unknownCertificateAuthority, "利用者証明用電子証明書の発行元を確認できません。このカードでは本人確認できません。窓口にご相談ください。"),
        (.badSignature, "カードの署名を確認できませんでした。本人確認できません。カードを置き直してやり直してください。"),
        (.certificateNotForAuthentication, "カードの電子証明書は本人確認（デジタル署名）に使えない証明書です。本人確認できません。窓口にご相談ください。"),
    ])
    func authenticationErrorMessages(error: JPKIAuthenticationError, message: String) {
        #expect(error.userMessage == message)
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
