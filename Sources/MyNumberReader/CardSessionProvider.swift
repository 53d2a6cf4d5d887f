/// Where ``CardInfoReader`` gets reader states and card sessions: ``PCSCCardSessions`` on pcscd, or an
/// in-process card model (`SimulatedCardTransport`) in tests. Every call blocks; the reader runs them off
/// the caller's thread and the cooperative pool.
public protocol CardSessionProvider: Sendable {
    /// Waits up to `timeout` for a card or reader change and returns the state then.
    /// Throws when the readers cannot be watched (``CardError/serviceNotRunning`` …).
    func waitForChange(timeout: Duration) throws(CardError) -> CardSlotStatus
    /// Makes a ``waitForChange(timeout:)`` running on another thread return at once.
    func cancelWait()
    /// Runs `body` in an exclusive session with the card and powers the card off afterwards, whatever
    /// `body` did. The transport handles `61 xx`/`6C xx`.
    func withCard<Result>(_ body: (any CardTransport) throws -> Result) throws -> Result
    /// Waits until a card is present, at most `timeout` (zero just checks); see the default below.
    func waitForCard(timeout: Duration) throws(CardError)
    /// Releases what the provider holds (the watching PC/SC context), once no wait runs any more.
    func close()
}

extension CardSessionProvider {
    /// Nothing to release.
    public func close() {}

    /// Waits until a card is present, at most `timeout` (zero just checks). When the time passes:
    /// ``CardError/noCard``, or ``CardError/noReader`` when no reader is connected.
    public func waitForCard(timeout: Duration) throws(CardError) {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let remaining = clock.now.duration(to: deadline)
            let status = try waitForChange(timeout: max(.zero, min(remaining, .milliseconds(500))))
            if status.cardPresent { return }
            guard clock.now < deadline else { throw status.readerName == nil ? .noReader : .noCard }
        }
    }
}
