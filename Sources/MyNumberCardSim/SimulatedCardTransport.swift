import MyNumberReader
import Synchronization

/// A ``CardTransport`` that hands APDUs to a ``SimulatedCard`` in-process, for unit tests of code above
/// the PC/SC boundary. It can simulate the card being pulled out after a number of APDUs.
public final class SimulatedCardTransport: CardTransport {
    /// The card answering.
    public let card: SimulatedCard
    private let remaining: Mutex<Int?>

    /// Talks to `card`; after `removeAfterAPDUs` commands every further one throws ``CardError/cardRemoved``.
    public init(card: SimulatedCard, removeAfterAPDUs: Int? = nil) {
        self.card = card
        remaining = Mutex(removeAfterAPDUs)
    }

    /// Sends one command APDU and returns the card's response.
    public func transmit(_ command: CommandAPDU) throws -> ResponseAPDU {
        let removed = remaining.withLock { count -> Bool in
            guard let left = count else { return false }
            if left == 0 { return true }
            count = left - 1
            return false
        }
        if removed {
            card.powerOff()
            throw CardError.cardRemoved
        }
        return try ResponseAPDU(bytes: card.process(command.bytes))
    }
}
