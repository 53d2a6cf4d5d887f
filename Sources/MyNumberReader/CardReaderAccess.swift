import CounterCore

/// The entry point for the UI and the CLI: reader states, waiting for a card, and sessions that hold a
/// card exclusively and always power it off at the end.
///
/// ```swift
/// let access = try CardReaderAccess()
/// let info = try access.withCard(reader: nil) { transport in
///     try CardInfoApplication(transport: transport).readBasicInfo(pin: pin)
/// }
/// ```
///
/// A UI typically runs a monitor on a background thread (`readers()`, then `waitForChange(from:timeout:)`
/// in a loop, ``cancelWait()`` to stop it) and performs card sessions with a second instance.
/// Use one instance per thread that waits (a PC/SC context is not shared between waiting threads).
public final class CardReaderAccess: Sendable {
    /// The PC/SC context.
    public let context: PCSCContext
    /// When set, every APDU of every session is recorded here (VERIFY data redacted).
    public let trace: APDUTrace?

    /// Connects to pcscd; ``CardError/serviceNotRunning`` when it is not running.
    public init(trace: APDUTrace? = nil) throws(CardError) {
        context = try PCSCContext()
        self.trace = trace
    }

    /// The readers and whether each holds a card.
    public func readers() throws(CardError) -> [ReaderState] {
        try context.readerStates()
    }

    /// Waits for a card to be inserted or removed, or a reader plugged in or out, at most `timeout`.
    /// Returns the states then (unchanged after a timeout).
    public func waitForChange(from previous: [ReaderState], timeout: Duration) throws(CardError) -> [ReaderState] {
        try context.waitForChange(from: previous, timeout: timeout)
    }

    /// Makes a ``waitForChange(from:timeout:)`` running on another thread return at once (for a UI that
    /// stops its card monitor).
    public func cancelWait() {
        context.cancelWait()
    }

    /// Waits until a card is present (in `reader`, or in any reader when nil) and returns that reader's
    /// name. When `timeout` passes: ``CardError/noCard``, or ``CardError/readerNotFound(_:)`` for an unknown
    /// reader, or ``CardError/noReader`` when there is none. A zero timeout just checks.
    public func waitForCard(reader: String? = nil, timeout: Duration) throws(CardError) -> String {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var states = try readers()
        while true {
            if let state = states.first(where: { $0.cardPresent && (reader == nil || $0.name == reader) }) {
                return state.name
            }
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else {
                if states.isEmpty { throw .noReader }
                if let reader, !states.contains(where: { $0.name == reader }) { throw .readerNotFound(reader) }
                throw .noCard
            }
            states = try waitForChange(from: states, timeout: remaining)
        }
    }

    /// Connects exclusively to the card in `reader` (or the first reader holding a card), waiting at most
    /// `timeout` for a card, runs `body` with a transport, and powers the card off afterwards, whatever
    /// `body` did. The transport handles `61 xx`/`6C xx` and records into ``trace`` when set.
    public func withCard<Result>(reader: String? = nil, timeout: Duration = .zero,
                                 _ body: (any CardTransport) throws -> Result) throws -> Result {
        let name = try waitForCard(reader: reader, timeout: timeout)
        let connection = try context.connect(reader: name)
        defer { connection.disconnect() }
        let traced: any CardTransport = trace.map { TracingTransport(connection, trace: $0) } ?? connection
        return try body(ResponseChainingTransport(traced))
    }
}
