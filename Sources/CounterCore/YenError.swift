/// A yen computation that cannot be done.
public enum YenError: UserFacingError, Equatable {
    /// The result leaves the range of amounts that can be recorded.
    case overflow

    public var userMessage: String {
        "金額が大きすぎて計算できません。数量と金額を確認して入力し直してください。"
    }
}
