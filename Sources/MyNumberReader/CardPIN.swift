/// A 4-digit PIN as the card expects it (ASCII digits), checked before anything is sent.
///
/// Its description never shows the digits, so a PIN cannot leak into a log through string interpolation.
public struct CardPIN: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The ASCII digits sent in VERIFY.
    let bytes: [UInt8]

    /// Checks that `text` is exactly 4 ASCII digits; throws ``CardError/invalidPINFormat`` otherwise.
    public init(_ text: String) throws(CardError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 4, bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { throw .invalidPINFormat }
        self.bytes = bytes
    }

    /// Always masked: a PIN never reaches a log.
    public var description: String { "****" }
    /// Always masked: a PIN never reaches a log.
    public var debugDescription: String { "CardPIN(****)" }
}
