import CounterCore
import MyNumberReader

/// The UI's ``CardPort`` on MyNumberReader's card-info application, over any ``CardSessionProvider``:
/// the same code reads the card on pcscd and on the in-process card model of the tests.
public final class CardReaderPort: CardPort {
    private let sessions: any CardSessionProvider

    /// Reads cards through `sessions`.
    public init(sessions: any CardSessionProvider) {
        self.sessions = sessions
    }

    /// Reads cards on pcscd from the named reader, or the first reader holding a card when nil.
    public convenience init(readerName: String? = nil) {
        self.init(sessions: PCSCCardSessions(readerName: readerName))
    }

    public func waitForStatus(timeout: Duration) async -> CardSlotStatus {
        let sessions = sessions
        do {
            return try await withTaskCancellationHandler {
                try await runBlocking { () throws(CardError) -> CardSlotStatus in
                    try sessions.waitForChange(timeout: timeout)
                }
            } onCancel: {
                sessions.cancelWait()
            }
        } catch {
            // The provider throws CardError only.
            return CardSlotStatus(readerName: nil, cardPresent: false, problem: error as? CardError ?? .serviceNotRunning)
        }
    }

    public func pinTriesLeft() async throws -> Int {
        let tries = try await withSession { transport in
            try CardInfoApplication(transport: transport).pinTriesLeft()
        }
        guard tries > 0 else { throw CardError.pinBlocked }
        return tries
    }

    public func readBasicInfo(pin: String) async throws -> BasicInfo {
        let cardPIN = try CardPIN(pin)
        return try await withSession { transport in
            try CardInfoApplication(transport: transport).readBasicInfo(pin: cardPIN)
        }
    }

    private func withSession<Result: Sendable>(_ body: @escaping @Sendable (any CardTransport) throws -> Result)
        async throws -> Result
    {
        let sessions = sessions
        return try await runBlocking { try sessions.withCard(body) }
    }
}
