import CounterCore

/// The one card flow of the counter UI, the kiosk and the CLI, for the card-info application (the four
/// fields) and the JPKI application (the kiosk's user authentication): tries left before the PIN (no try
/// spent), one exclusive session per read, the card powered off after.
///
/// It runs over any ``CardSessionProvider``: ``PCSCCardSessions`` on pcscd, or the in-process card model
/// of the tests, so the same code reads the card on both. Blocking PC/SC calls run off the caller's
/// thread and off Swift's cooperative pool.
public final class CardInfoReader: Sendable {
    private let sessions: any CardSessionProvider

    /// Reads cards through `sessions`.
    public init(sessions: any CardSessionProvider) {
        self.sessions = sessions
    }

    /// Reads cards on pcscd from the named reader, or the first reader holding a card when nil.
    public convenience init(readerName: String? = nil) {
        self.init(sessions: PCSCCardSessions(readerName: readerName))
    }

    /// The current reader and card state; waits up to `timeout` for a change first. When the readers
    /// cannot be watched (pcscd down …) the status says why in ``CardSlotStatus/problem``.
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
            return CardSlotStatus(readerName: nil, cardPresent: false, problem: error as? CardError ?? .serviceNotRunning)
        }
    }

    /// Releases the reader's watching context; call once the status monitor has stopped.
    public func close() {
        sessions.close()
    }

    /// Waits up to `timeout` for a card (see ``CardSessionProvider/waitForCard(timeout:)``).
    public func waitForCard(timeout: Duration) async throws {
        let sessions = sessions
        _ = try await runBlocking { () throws -> Bool in
            try sessions.waitForCard(timeout: timeout)
            return true
        }
    }

    /// Remaining tries of the 券面事項入力補助用 PIN, at least 1, read without spending one; a blocked PIN
    /// throws ``CardError/pinBlocked``, another card ``CardError/notMyNumberCard``.
    public func pinTriesLeft() async throws -> Int {
        let tries = try await withSession { transport in
            try CardInfoApplication(transport: transport).pinTriesLeft()
        }
        guard tries > 0 else { throw CardError.pinBlocked }
        return tries
    }

    /// Verifies `pin` and reads the four fields (never the individual number) in one session that
    /// powers the card off when it ends.
    public func readBasicInfo(pin: CardPIN) async throws -> BasicInfo {
        try await withSession { transport in
            try CardInfoApplication(transport: transport).readBasicInfo(pin: pin)
        }
    }

    /// Remaining tries of the 利用者証明用 PIN (JPKI user authentication), at least 1, read without spending
    /// one; a blocked PIN throws ``CardError/pinBlocked``, another card ``CardError/notMyNumberCard``.
    public func authPINTriesLeft() async throws -> Int {
        let tries = try await withSession { transport in
            try JPKIApplication(transport: transport).authPINTriesLeft()
        }
        guard tries > 0 else { throw CardError.pinBlocked }
        return tries
    }

    /// Verifies the 利用者証明用 `pin` and has the card sign a fresh challenge, in one session: the evidence
    /// that ``JPKIAuthenticator/verify(_:at:)`` checks.
    public func authenticationEvidence(pin: CardPIN) async throws -> JPKIAuthenticator.CardEvidence {
        try await withSession { transport in
            try JPKIAuthenticator.collectEvidence(transport: transport, pin: pin)
        }
    }

    private func withSession<Result: Sendable>(_ body: @escaping @Sendable (any CardTransport) throws -> Result)
        async throws -> Result
    {
        let sessions = sessions
        return try await runBlocking { try sessions.withCard(body) }
    }
}
