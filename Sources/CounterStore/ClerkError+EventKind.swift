import CounterCore

extension ClerkError: EventErrorKind {
    /// `clerk.<case>`, stable for event records.
    public var eventErrorKind: String {
        switch self {
        case .authenticationFailed: return "clerk.authenticationFailed"
        case .alreadyExists: return "clerk.alreadyExists"
        case .invalidClerkID: return "clerk.invalidClerkID"
        case .emptyDisplayName: return "clerk.emptyDisplayName"
        case .passwordTooShort: return "clerk.passwordTooShort"
        case .hashingFailed: return "clerk.hashingFailed"
        case .lastAttemptLeft: return "clerk.lastAttemptLeft"
        case .lockedOut: return "clerk.lockedOut"
        case .notPermitted: return "clerk.notPermitted"
        case .unknownClerk: return "clerk.unknownClerk"
        }
    }
}
