/// Something that carries command APDUs to a card and brings back its answers: PC/SC, or the card
/// model itself in-process.
///
/// Implementations throw ``CardError`` only. They pass status words through unchanged; wrap a
/// transport in ``ResponseChainingTransport`` to have `61 xx` and `6C xx` handled.
public protocol CardTransport: AnyObject, Sendable {
    /// Sends one command and returns the card's response.
    func transmit(_ command: CommandAPDU) throws -> ResponseAPDU
}

/// Handles the T=0 style answers `61 xx` (fetch with GET RESPONSE) and `6C xx` (resend with the exact
/// Le), so the applications above never see them.
public final class ResponseChainingTransport: CardTransport {
    private let base: any CardTransport
    private static let maxRounds = 32

    /// Wraps a transport.
    public init(_ base: any CardTransport) {
        self.base = base
    }

    /// Sends one command APDU and returns the card's response.
    public func transmit(_ command: CommandAPDU) throws -> ResponseAPDU {
        var response = try base.transmit(command)
        if let exact = response.status.exactLength {
            response = try base.transmit(command.with(le: exact))
        }
        var data = response.data
        var rounds = 0
        while let count = response.status.moreDataCount {
            rounds += 1
            guard rounds <= Self.maxRounds else { throw CardError.malformedData("GET RESPONSE が終わりません") }
            response = try base.transmit(CommandAPDU(ins: 0xC0, p1: 0, p2: 0, le: count))
            data += response.data
        }
        return ResponseAPDU(data: data, status: response.status)
    }
}
