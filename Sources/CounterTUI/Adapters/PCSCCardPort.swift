import CounterCore
import MyNumberReader
import Synchronization

/// The UI's ``CardPort`` on the real PC/SC stack (pcscd), through MyNumberReader.
///
/// Each card operation runs in its own exclusive session that powers the card off when it ends, so a
/// verified PIN never outlives the operation. Waiting for reader changes uses a PC/SC context of its own,
/// as PC/SC requires one context per waiting thread.
public final class PCSCCardPort: CardPort {
    private let readerName: String?
    private let monitor: Mutex<Monitor>

    private struct Monitor {
        var access: CardReaderAccess?
        var states: [ReaderState] = []
    }

    /// Uses the named reader, or the first reader holding a card when `readerName` is nil.
    public init(readerName: String? = nil) {
        self.readerName = readerName
        monitor = Mutex(Monitor())
    }

    public func waitForStatus(timeout: Duration) async -> CardSlotStatus {
        let readerName = readerName
        let result = try? await runBlocking { [self] in
            try self.monitor.withLock { state -> CardSlotStatus in
                if state.access == nil { state.access = try CardReaderAccess() }
                let access = state.access!
                do {
                    state.states = state.states.isEmpty
                        ? try access.readers()
                        : try access.waitForChange(from: state.states, timeout: timeout)
                } catch {
                    state.access = nil  // pcscd restarted or went away: reconnect on the next turn
                    state.states = []
                    throw error
                }
                return Self.slotStatus(of: state.states, readerName: readerName)
            }
        }
        return result ?? CardSlotStatus(readerName: nil, cardPresent: false)
    }

    public func pinTriesLeft() async throws -> Int {
        try await withSession { transport in
            try CardInfoApplication(transport: transport).pinTriesLeft()
        }
    }

    public func readBasicInfo(pin: String) async throws -> BasicInfo {
        let cardPIN = try CardPIN(pin)
        return try await withSession { transport in
            try CardInfoApplication(transport: transport).readBasicInfo(pin: cardPIN)
        }
    }

    public func endSession() async {
        // Every operation already powered the card off when it finished; nothing stays open between them.
    }

    private func withSession<Result: Sendable>(_ body: @escaping @Sendable (any CardTransport) throws -> Result)
        async throws -> Result
    {
        let readerName = readerName
        return try await runBlocking {
            try CardReaderAccess().withCard(reader: readerName, body)
        }
    }

    /// The status line's view of the readers: the configured reader, else the first with a card, else the first.
    static func slotStatus(of states: [ReaderState], readerName: String?) -> CardSlotStatus {
        let chosen = readerName.map { name in states.first { $0.name == name } }
            ?? (states.first(where: \.cardPresent) ?? states.first)
        guard let chosen else { return CardSlotStatus(readerName: nil, cardPresent: false) }
        return CardSlotStatus(readerName: chosen.name, cardPresent: chosen.cardPresent)
    }
}
