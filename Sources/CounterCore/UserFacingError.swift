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

/// The Japanese message for any error: the `userMessage` of a ``UserFacingError``,
/// or a generic message naming the error for anything else.
public func userMessage(for error: any Error) -> String {
    if let known = error as? any UserFacingError { return known.userMessage }
    return "予期しないエラーが発生しました（\(error)）。管理者に連絡してください。"
}
