import CounterCore

/// Everything that can go wrong between the counter and a My Number card, with what to tell the person.
public enum CardError: UserFacingError, Equatable {
    /// pcscd is not running (SCARD_E_NO_SERVICE).
    case serviceNotRunning
    /// No card reader is connected.
    case noReader
    /// The named reader does not exist.
    case readerNotFound(String)
    /// No card in the reader.
    case noCard
    /// The card was pulled out during the operation.
    case cardRemoved
    /// Another program holds the card (SCARD_E_SHARING_VIOLATION).
    case readerBusy
    /// Waiting for the reader or the card took too long.
    case timeout
    /// The card answered but it is not a My Number card (its applications are missing).
    case notMyNumberCard
    /// The PIN was wrong; `triesLeft` more attempts remain before it is blocked.
    case wrongPIN(triesLeft: Int)
    /// The PIN is blocked (too many wrong attempts).
    case pinBlocked
    /// A PIN does not have the required form (4 digits); nothing was sent to the card.
    case invalidPINFormat
    /// The card refused a read because the PIN was not verified (or the card was reset).
    case securityStatusNotSatisfied
    /// The card's data could not be understood.
    case malformedData(String)
    /// The card answered with a status word the program does not expect.
    case unexpectedStatus(UInt16)
    /// A PC/SC call failed with this code.
    case pcscFailure(Int64)

    /// The Japanese message for the user: what happened and what to do.
    public var userMessage: String {
        switch self {
        case .serviceNotRunning:
            return "カード読取サービス（pcscd）が動いていません。サービスを起動してからやり直してください。"
        case .noReader:
            return "カードリーダーが見つかりません。リーダーの接続を確認してください。"
        case .readerNotFound(let name):
            return "カードリーダー「\(name)」が見つかりません。リーダー名と接続を確認してください。"
        case .noCard:
            return "カードが置かれていません。マイナンバーカードをリーダーに置いてください。"
        case .cardRemoved:
            return "読取中にカードが離れました。カードを置き直して、もう一度読み取ってください。"
        case .readerBusy:
            return "カードリーダーを別のプログラムが使用中です。しばらく待ってからやり直してください。"
        case .timeout:
            return "カードリーダーの応答がありません（時間切れ）。カードを置き直してやり直してください。"
        case .notMyNumberCard:
            return "マイナンバーカードではありません。マイナンバーカードを置いてください。"
        case .wrongPIN(let triesLeft):
            return "暗証番号が違います（残り\(triesLeft)回）。ご本人に確認のうえ、正しい暗証番号を入力してください。"
        case .pinBlocked:
            return "暗証番号がロックされています。窓口で初期化が必要です。"
                + "ご本人が本人確認書類とカードを持って、区役所の住民情報窓口（マイナンバーカード担当）で暗証番号を再設定してください。"
        case .invalidPINFormat:
            return "暗証番号は数字4桁で入力してください。"
        case .securityStatusNotSatisfied:
            return "暗証番号の照合が済んでいないため読み取れません。カードを置き直して最初からやり直してください。"
        case .malformedData(let detail):
            return "カードのデータを読み取れませんでした（\(detail)）。カードを置き直してやり直し、直らなければ管理者に連絡してください。"
        case .unexpectedStatus(let value):
            return "カードが予期しない応答をしました（\(StatusWord(value))）。カードを置き直してやり直してください。"
        case .pcscFailure(let code):
            return "カードリーダーでエラーが発生しました（PC/SC 0x\(String(UInt64(bitPattern: code), radix: 16, uppercase: true))）。リーダーを接続し直してやり直してください。"
        }
    }
}
