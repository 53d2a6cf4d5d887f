import CounterCore

/// A cashless charge through a payment terminal that did not end in an approval.
public enum ChargeError: UserFacingError, Equatable {
    /// The terminal or the card company declined (nothing was charged).
    case declined
    /// The terminal says it never received the charge (nothing was charged): it may be tried again.
    case notCharged
    /// The terminal answered neither the charge nor the queries: whether it charged is unknown.
    case unresolved
    /// The terminal did not confirm the cancellation of a charge (nothing was recorded).
    case cancelNotConfirmed

    public var userMessage: String {
        switch self {
        case .declined:
            return "決済が承認されませんでした。別のブランドか現金でのお支払いをご案内ください。"
        case .notCharged:
            return "決済端末に支払の依頼が届いていません（請求されていません）。もう一度お試しください。"
        case .unresolved:
            return "決済の結果を確認できません。決済端末の利用控えで結果を確かめ、管理者に連絡してください（再度の決済はしないでください）。"
        case .cancelNotConfirmed:
            return "決済端末で取消を確認できませんでした。決済端末で取消の操作をしてから、もう一度記録してください。"
        }
    }
}
