import MyNumberReader

extension CardError: CardFailure {
    /// `wrongPIN(triesLeft:)` gives its count, `pinBlocked` 0; other errors say nothing about the PIN.
    public var reportedPINTriesLeft: Int? {
        switch self {
        case .wrongPIN(let triesLeft): return triesLeft
        case .pinBlocked: return 0
        default: return nil
        }
    }

    /// True for ``CardError/serviceNotRunning``.
    public var isServiceDown: Bool { self == .serviceNotRunning }
}
