/// An error that can explain itself to the person at the counter or the kiosk.
///
/// Every typed error enum in the project conforms, so a screen or the CLI can show
/// `userMessage` (Japanese: what happened and what to do) without knowing the module
/// the error came from.
public protocol UserFacingError: Error, CustomStringConvertible {
    /// What happened and what to do next, in Japanese, for the UI.
    var userMessage: String { get }
}

extension UserFacingError {
    public var description: String { userMessage }
}

/// The Japanese message for any error: the `userMessage` of a ``UserFacingError``, or a generic message
/// for anything else (never the error's own text: it may hold a Swift type name, SQL or English).
public func userMessage(for error: any Error) -> String {
    if let known = error as? any UserFacingError { return known.userMessage }
    return "予期しないエラーが発生しました。もう一度お試しください。続く場合は管理者に連絡してください。"
}
