import CounterCore

/// A payment, cancellation or close the ledger refuses, said for the clerk: what happened and what to do.
/// Messages name the field (the item's position, the option), never the value typed.
public enum LedgerError: UserFacingError, Equatable {
    /// A payment without items.
    case noItems
    /// The item at `position` (1-based) has a code the fee table does not know.
    case unknownItem(position: Int)
    /// The item at `position` is a certificate's fee, which only a certificate issuance takes.
    case certificateFee(position: Int)
    /// The item at `position` has no fee on the payment's day (before its first fee).
    case itemNotInForce(position: Int)
    /// The quantity of the item at `position` is outside 1…``PaymentRules/maximumQuantity``.
    case invalidQuantity(position: Int)
    /// An amount leaves the range that can be recorded.
    case overflow
    /// The postings of an entry do not balance (a fault of the program, never of the clerk).
    case unbalanced
    /// The brand is not in `payment-brands.json`.
    case unknownBrand
    /// The brand is not accepted on the payment's day.
    case brandNotInForce
    /// The brand is not accepted at a kiosk.
    case brandNotAtKiosk
    /// A cashless payment without the payment terminal's slip number.
    case slipRequired
    /// The slip number has characters other than ASCII letters, digits and `-`, or is too long.
    case invalidSlip
    /// The same brand and slip number were recorded already on this day.
    case slipAlreadyUsed
    /// A brand, a slip number or cash received given for the other method.
    case methodMismatch
    /// A cashless payment of 0 yen (an exempt request is recorded as cash of 0 yen).
    case cashlessWithoutAmount
    /// Cash received is below the total.
    case cashBelowTotal
    /// The request id is empty or not a record identifier.
    case invalidRequestID
    /// A payment (or cancellation) with this id was recorded with other content.
    case idConflict
    /// The request is paid already (a payment not cancelled): one payment per request.
    case requestAlreadyPaid
    /// The day is closed: nothing can be paid or cancelled on it.
    case dayClosed
    /// No payment with this id at this terminal.
    case unknownPayment
    /// A cancellation is only possible on the payment's day.
    case cancelOtherDay
    /// The payment was cancelled already.
    case alreadyCancelled
    /// The payment paid a certificate whose copies are not all voided (処分): refunding it would leave a valid
    /// certificate unpaid.
    case certificateNotVoided
    /// The entry named is a cancellation: a cancellation is never cancelled.
    case cannotCancelCancellation
    /// The reason code is not in `cancel-reasons.json`.
    case unknownReason
    /// The reason needs a free text (その他).
    case noteRequired
    /// The free text has control characters or is longer than ``PaymentRules/maximumNoteLength``.
    case invalidNote
    /// The denomination list of the counted cash cannot be read.
    case malformedCount
    /// A terminal total names an unknown brand group or a negative amount.
    case malformedTerminalTotal
    /// The day is closed already.
    case alreadyClosed
    /// The day is in the future.
    case dayNotStarted
    /// A case of this terminal is still open on the day (a print job may still be running).
    case openCases(count: Int)

    public var userMessage: String {
        switch self {
        case .noItems: return "品目がありません。品目（--item コード:数量）を1つ以上指定してください。"
        case .unknownItem(let position):
            return "\(position)番目の品目のコードが手数料表にありません。counter ledger items で確認して入力し直してください。"
        case .certificateFee(let position):
            return "\(position)番目の品目は証明書の手数料です。証明書の交付（counter certificate issue、窓口画面の証明書交付）で支払ってください。"
        case .itemNotInForce(let position):
            return "\(position)番目の品目は本日の手数料が定められていません。手数料表（ledger-items.json）を確認してください。"
        case .invalidQuantity(let position):
            return "\(position)番目の品目の数量は1から\(PaymentRules.maximumQuantity)の整数で入力してください。"
        case .overflow: return "金額が大きすぎて計算できません。数量と金額を確認して入力し直してください。"
        case .unbalanced: return "仕訳の借方と貸方が一致しないため記録しませんでした。管理者に連絡してください。"
        case .unknownBrand: return "ブランドが登録されていません。ブランドの一覧を確認して入力し直してください。"
        case .brandNotInForce: return "このブランドは本日は使えません。別のブランドか現金でお支払いください。"
        case .brandNotAtKiosk: return "このブランドはキオスクでは使えません。窓口でお支払いください。"
        case .slipRequired: return "キャッシュレスでは決済端末の伝票番号（承認番号）が必要です。伝票番号を入力してください。"
        case .invalidSlip:
            return "伝票番号は半角英数字と - の\(PaymentRules.maximumSlipLength)文字以内で入力してください。"
        case .slipAlreadyUsed:
            return "同じブランドと伝票番号の支払いが本日すでに記録されています。伝票番号を確認してください。"
        case .methodMismatch:
            return "支払方法と入力が合いません。現金では受取金額のみ、キャッシュレスではブランドと伝票番号のみを入力してください。"
        case .cashlessWithoutAmount: return "0円の支払い（公用の免除のみ）は現金として記録してください。"
        case .cashBelowTotal: return "受取金額が合計に足りません。受取金額を確認して入力し直してください。"
        case .invalidRequestID: return "申請の ID は半角英数字と - _ . の64文字以内で指定してください。"
        case .idConflict:
            return "この支払 ID はすでに別の内容で記録されています。新しい支払として記録するには別の ID を使ってください。"
        case .requestAlreadyPaid:
            return "この申請の手数料はすでに支払われています。支払い直すときは、先に係長の承認で元の支払を取り消してください。"
        case .dayClosed: return "この日は締め済みです。誤りは締めていない日の訂正として記録してください。"
        case .unknownPayment: return "その支払は記録されていません。支払 ID を counter ledger list で確認してください。"
        case .cancelOtherDay: return "取消は支払と同じ日にのみできます。誤りは本日の訂正として記録してください。"
        case .alreadyCancelled: return "この支払はすでに取り消されています。"
        case .certificateNotVoided:
            return "この支払は証明書の交付の手数料です。交付した証明書（再交付を含む）をすべて処分として記録してから取り消してください。"
        case .cannotCancelCancellation:
            return "取消は取り消せません。誤りは新しい支払として記録してください。"
        case .unknownReason: return "取消理由のコードが一覧にありません。取消理由を一覧から選んでください。"
        case .noteRequired: return "この取消理由では理由の説明が必要です。説明を入力してください。"
        case .invalidNote:
            return "理由の説明は制御文字を含まない\(PaymentRules.maximumNoteLength)文字以内で入力してください。"
        case .malformedCount:
            return "金種別の枚数は 10000=3,1000=5 のように、金種（10000 5000 2000 1000 500 100 50 10 5 1）=枚数 をカンマで区切って入力してください。"
        case .malformedTerminalTotal:
            return "決済端末の合計は credit=金額 のように、グループ（credit emoney code）=0以上の円 で入力してください。"
        case .alreadyClosed: return "この日は締め済みです。日計表は counter ledger report で表示できます。"
        case .dayNotStarted: return "まだ来ていない日は締められません。日付を確認してください。"
        case .openCases(let count):
            return "この端末で終わっていない受付が\(count)件あります（印刷中の可能性があります）。受付を終えてから締めてください。"
        }
    }
}
