import CounterCore
import Foundation
import MyNumberCardSim
import MyNumberReader

/// A card slot driven by the test: the reader side (reader plugged, card placed or pulled, pcscd
/// stopped, another program holding the card) is played here, while the card itself is MyNumberCardSim's
/// card model answering MyNumberReader's APDUs in-process, so the UI sees the real CardError values.
public final class SimulatedCardSlot: CardSessionProvider, @unchecked Sendable {
    private let lock = NSLock()
    private static let reader = "Virtual PCD 00 00"
    private var readerName: String? = reader
    private var present = false
    private var serviceRunning = true
    private var heldElsewhere = false
    private var pullAtNextRead = false
    private var card: SimulatedCard
    private var sessions = 0

    /// A slot with a card of `holder` (PIN 1234) ready to be placed.
    public init(holder: BasicInfo) throws {
        card = try SimulatedCard(profile: Self.profile(holder: holder, triesLeft: CardProfile.pinTries))
    }

    /// The demo profile of seeds/demo/cards with `holder`'s fields, PIN 1234 and `triesLeft` tries.
    public static func profile(holder: BasicInfo, triesLeft: Int) throws -> CardProfile {
        var profile = try CardProfile.load(
            from: TestBinaries.repoRoot.appendingPathComponent("seeds/demo/cards/takahashi-sakiko.json"))
        profile.holder = holder
        profile.cardInfoPIN = "1234"
        profile.cardInfoPINTriesLeft = triesLeft
        return profile
    }

    /// Places the card on the reader (plugging the reader in if it was not).
    public func insert() { lock.withLock { readerName = Self.reader; present = true } }
    /// Takes the card off the reader.
    public func remove() { lock.withLock { present = false } }
    /// Unplugs the reader (the card goes with it).
    public func unplugReader() { lock.withLock { readerName = nil; present = false } }
    /// Stops pcscd: neither the readers nor the card can be reached.
    public func stopService() { lock.withLock { serviceRunning = false } }
    /// Starts pcscd again.
    public func startService() { lock.withLock { serviceRunning = true } }
    /// Another program holds the card exclusively (sessions are refused).
    public func holdElsewhere(_ held: Bool) { lock.withLock { heldElsewhere = held } }
    /// The card is pulled out when the next session reads a file (after the PIN was verified).
    public func removeOnNextRead() { lock.withLock { pullAtNextRead = true } }
    /// Replaces the card by one of the same holder with `triesLeft` PIN tries.
    public func setTries(_ triesLeft: Int) throws {
        let profile = try Self.profile(holder: lock.withLock { card.profile.holder }, triesLeft: triesLeft)
        let replacement = try SimulatedCard(profile: profile)
        lock.withLock { card = replacement }
    }
    /// Replaces the card by one that is not a My Number card (neither application answers).
    public func useForeignCard() throws {
        let replacement = try SimulatedCard(profile: lock.withLock { card.profile }, style: .foreignCard)
        lock.withLock { card = replacement }
    }
    /// PIN tries left on the card now.
    public var triesLeft: Int { lock.withLock { card.profile.cardInfoPINTriesLeft } }
    /// Card sessions opened so far.
    public var sessionCount: Int { lock.withLock { sessions } }

    public func waitForChange(timeout: Duration) throws(CardError) -> CardSlotStatus {
        let (running, status) = lock.withLock { (serviceRunning, CardSlotStatus(readerName: readerName, cardPresent: present)) }
        guard running else { throw .serviceNotRunning }
        return status
    }

    /// Waits never block here, so there is nothing to cancel.
    public func cancelWait() {}

    public func withCard<Result>(_ body: (any CardTransport) throws -> Result) throws -> Result {
        let (refusal, card, pull) = lock.withLock { () -> (CardError?, SimulatedCard, Bool) in
            let refusal: CardError? = !serviceRunning ? .serviceNotRunning : readerName == nil ? .noReader
                : !present ? .noCard : heldElsewhere ? .readerBusy : nil
            guard refusal == nil else { return (refusal, self.card, false) }
            sessions += 1
            defer { pullAtNextRead = false }
            return (nil, self.card, pullAtNextRead)
        }
        if let refusal { throw refusal }
        defer { card.powerOff() }
        let transport = PullingTransport(SimulatedCardTransport(card: card), pullAtRead: pull)
        do {
            return try body(ResponseChainingTransport(transport))
        } catch CardError.cardRemoved {
            remove()
            throw CardError.cardRemoved
        }
    }
}

/// Passes APDUs to the card until the first READ BINARY when `pullAtRead` is set: then the card is
/// gone (powered off, ``CardError/cardRemoved``), as when it is pulled out mid-read.
private final class PullingTransport: CardTransport {
    private let base: SimulatedCardTransport
    private let pullAtRead: Bool

    init(_ base: SimulatedCardTransport, pullAtRead: Bool) {
        self.base = base
        self.pullAtRead = pullAtRead
    }

    func transmit(_ command: CommandAPDU) throws -> ResponseAPDU {
        if pullAtRead && command.ins == 0xB0 {
            base.card.powerOff()
            throw CardError.cardRemoved
        }
        return try base.transmit(command)
    }
}
