import MyNumberReader

/// Where ``CardReaderPort`` gets reader states and card sessions: ``PCSCCardSessions`` on pcscd, or an
/// in-process card model (`SimulatedCardTransport`) in tests. Every call blocks; the port runs them off
/// the UI and the cooperative pool.
public protocol CardSessionProvider: Sendable {
    /// Waits up to `timeout` for a card or reader change and returns the state then.
    /// Throws when the readers cannot be watched (``CardError/serviceNotRunning`` …).
    func waitForChange(timeout: Duration) throws(CardError) -> CardSlotStatus
    /// Makes a ``waitForChange(timeout:)`` running on another thread return at once.
    func cancelWait()
    /// Runs `body` in an exclusive session with the card and powers the card off afterwards, whatever
    /// `body` did. The transport handles `61 xx`/`6C xx`.
    func withCard<Result>(_ body: (any CardTransport) throws -> Result) throws -> Result
}
