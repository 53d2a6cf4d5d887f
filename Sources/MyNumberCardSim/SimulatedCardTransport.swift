import MyNumberReader
import Synchronization

/// A ``CardTransport`` that hands APDUs to a ``SimulatedCard`` in-process, for unit tests of code above
/// the PC/SC boundary. It can simulate the card being pulled out after a number of APDUs, or when a
/// given instruction arrives.
public final class SimulatedCardTransport: CardTransport {
    /// The card answering.
    public let card: SimulatedCard
    private let removeAtINS: UInt8?
    private let state: Mutex<(remaining: Int?, removed: Bool)>

    /// Talks to `card`. The card is pulled out (this and every further command throws
    /// ``CardError/cardRemoved``) once `removeAfterAPDUs` commands were answered, or when a command with
    /// the instruction byte `removeAtINS` arrives (e.g. `0xB0`: at the first READ BINARY, after the PIN was
    /// verified, however many commands came before).
    public init(card: SimulatedCard, removeAfterAPDUs: Int? = nil, removeAtINS: UInt8? = nil) {
        self.card = card
        self.removeAtINS = removeAtINS
        state = Mutex((removeAfterAPDUs, false))
    }

    /// Sends one command APDU and returns the card's response.
    public func transmit(_ command: CommandAPDU) throws -> ResponseAPDU {
        let removed = state.withLock { state -> Bool in
            if command.ins == removeAtINS || state.remaining == 0 { state.removed = true }
            if state.removed { return true }
            state.remaining = state.remaining.map { $0 - 1 }
            return false
        }
        if removed {
            card.powerOff()
            throw CardError.cardRemoved
        }
        return try ResponseAPDU(bytes: card.process(command.bytes))
    }
}
