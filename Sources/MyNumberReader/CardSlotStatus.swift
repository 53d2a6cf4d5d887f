/// Reader and card presence as a monitor reports it (status line, card screens).
public struct CardSlotStatus: Sendable, Equatable {
    /// The reader in use, or nil when no reader is connected.
    public var readerName: String?
    /// True when a card sits on the reader.
    public var cardPresent: Bool
    /// Why the readers cannot be watched at all (pcscd not running, …); nil while they can.
    public var problem: CardError?

    /// Creates a status.
    public init(readerName: String?, cardPresent: Bool, problem: CardError? = nil) {
        self.readerName = readerName
        self.cardPresent = cardPresent
        self.problem = problem
    }
}

extension CardError {
    /// The PIN tries left as this error reports them (a wrong PIN: its count, a blocked PIN: 0); nil when
    /// the error says nothing about the PIN.
    public var reportedPINTriesLeft: Int? {
        switch self {
        case .wrongPIN(let triesLeft): return triesLeft
        case .pinBlocked: return 0
        default: return nil
        }
    }

    /// True when the card-reading service itself is not running, so no reader can be seen.
    public var isServiceDown: Bool { self == .serviceNotRunning }
}

/// The PIN tries left that `error` reports, if it is a ``CardError`` that says.
public func pinTriesReported(by error: any Error) -> Int? {
    (error as? CardError)?.reportedPINTriesLeft
}
