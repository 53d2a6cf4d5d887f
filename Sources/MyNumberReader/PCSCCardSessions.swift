
import Synchronization

/// Reader states and card sessions on the real PC/SC stack (pcscd), through MyNumberReader.
///
/// Watching uses a PC/SC context of its own (one context per waiting thread), reconnected after pcscd
/// went away. Card sessions run one at a time on a second context, kept between sessions and made anew
/// after a failure; each session connects exclusively and powers the card off when it ends, so a
/// verified PIN never outlives the operation.
public final class PCSCCardSessions: CardSessionProvider {
    private let readerName: String?
    /// The watching context; nil until first used and after a failure.
    private let watcher = Mutex<CardReaderAccess?>(nil)
    /// The reader states last seen; held during a wait so waits never overlap.
    private let states = Mutex<[ReaderState]>([])
    /// The context card sessions use; held during a session so sessions never overlap.
    private let sessionContext = Mutex<CardReaderAccess?>(nil)

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
        sessionContext.withLock { $0 = nil }
    }

    public func withCard<Result>(_ body: (any CardTransport) throws -> Result) throws -> Result {
        let readerName = readerName
        return try onSessionContext { access in try access.withCard(reader: readerName, body) }
    }

    /// Waits on pcscd itself for a card in the configured reader (or any reader), at most `timeout`;
    /// an unknown reader name gives ``CardError/readerNotFound(_:)``.
    public func waitForCard(timeout: Duration) throws(CardError) {
        let readerName = readerName
        do {
            _ = try onSessionContext { access in try access.waitForCard(reader: readerName, timeout: timeout) }
        } catch let error as CardError {
            throw error
        } catch {
            throw .serviceNotRunning
        }
    }

    /// Runs `body` on the session context (made when missing); a failure that may mean pcscd went away
    /// drops the context, so the next session connects anew.
    private func onSessionContext<Result>(_ body: (CardReaderAccess) throws -> Result) throws -> Result {
        try sessionContext.withLock { (context: inout CardReaderAccess?) throws -> Result in
            let access = try context ?? CardReaderAccess()
            context = access
            do {
                return try body(access)
            } catch let error as CardError {
                switch error {
                case .serviceNotRunning, .pcscFailure, .noReader, .readerNotFound: context = nil
                default: break
                }
                throw error
            }
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
