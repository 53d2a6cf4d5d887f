
import Synchronization

/// Reader states and card sessions on the real PC/SC stack (pcscd), through MyNumberReader.
///
/// Watching uses a PC/SC context of its own (one context per waiting thread), reconnected after pcscd
/// went away; each card session opens its own context and powers the card off when it ends, so a
/// verified PIN never outlives the operation.
public final class PCSCCardSessions: CardSessionProvider {
    private let readerName: String?
    /// The watching context; nil until first used and after a failure.
    private let watcher = Mutex<CardReaderAccess?>(nil)
    /// The reader states last seen; held during a wait so waits never overlap.
    private let states = Mutex<[ReaderState]>([])

    /// Uses the named reader, or the first reader holding a card when `readerName` is nil.
    public init(readerName: String? = nil) {
        self.readerName = readerName
    }

    public func waitForChange(timeout: Duration) throws(CardError) -> CardSlotStatus {
        let readerName = readerName
        return try states.withLock { (states: inout [ReaderState]) throws(CardError) -> CardSlotStatus in
            do throws(CardError) {
                let access = try watcher.withLock { (watcher: inout CardReaderAccess?) throws(CardError) in
                    if let watcher { return watcher }
                    let access = try CardReaderAccess()
                    watcher = access
                    return access
                }
                states = states.isEmpty ? try access.readers() : try access.waitForChange(from: states, timeout: timeout)
            } catch {
                // pcscd stopped or restarted: reconnect on the next call.
                watcher.withLock { $0 = nil }
                states = []
                throw error
            }
            return Self.slotStatus(of: states, readerName: readerName)
        }
    }

    public func cancelWait() {
        watcher.withLock { $0 }?.cancelWait()
    }

    /// Releases the watching context, after any wait has returned (the states lock is held by a wait).
    public func close() {
        states.withLock { states in
            watcher.withLock { $0 = nil }
            states = []
        }
    }

    public func withCard<Result>(_ body: (any CardTransport) throws -> Result) throws -> Result {
        try CardReaderAccess().withCard(reader: readerName, body)
    }

    /// Waits on pcscd itself for a card in the configured reader (or any reader), at most `timeout`;
    /// an unknown reader name gives ``CardError/readerNotFound(_:)``.
    public func waitForCard(timeout: Duration) throws(CardError) {
        _ = try CardReaderAccess().waitForCard(reader: readerName, timeout: timeout)
    }

    /// The status line's view of the readers: the configured reader, else the first with a card, else the first.
    static func slotStatus(of states: [ReaderState], readerName: String?) -> CardSlotStatus {
        let chosen = readerName.map { name in states.first { $0.name == name } }
            ?? (states.first(where: \.cardPresent) ?? states.first)
        guard let chosen else { return CardSlotStatus(readerName: nil, cardPresent: false) }
        return CardSlotStatus(readerName: chosen.name, cardPresent: chosen.cardPresent)
    }
}
