#if canImport(Glibc)
import Glibc
#endif
import CounterCore

/// The card-info input support application (券面事項入力補助AP): the 4 basic fields behind a 4-digit PIN.
///
/// It never selects EF 0001 (the individual number).
public struct CardInfoApplication: Sendable {
    /// `D3 92 10 00 31 00 01 01 04 08` (all 10 bytes are always sent).
    public static let aid: [UInt8] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08]
    /// EF of the 4-digit PIN.
    public static let pinFile: UInt16 = 0x0011
    /// EF of the basic-4-info file.
    public static let basicInfoFile: UInt16 = 0x0002

    private let channel: CardChannel

    /// Uses a transport (61xx/6Cxx are handled).
    public init(transport: any CardTransport) {
        channel = CardChannel(transport)
    }

    /// Selects the application; ``CardError/notMyNumberCard`` if the card does not have it.
    public func select() throws {
        try channel.selectApplication(Self.aid)
    }

    /// Tries left for the PIN (spends nothing). Selects the application first.
    public func pinTriesLeft() throws -> Int {
        try select()
        try channel.selectFile(Self.pinFile)
        return try channel.triesLeft()
    }

    /// Selects the application, verifies the PIN and reads the 4 basic fields.
    ///
    /// Throws ``CardError/wrongPIN(triesLeft:)``, ``CardError/pinBlocked``, ``CardError/notMyNumberCard`` and
    /// the transport's errors. The PIN stays verified until the card is powered off.
    public func readBasicInfo(pin: CardPIN) throws -> BasicInfo {
        try select()
        try channel.selectFile(Self.pinFile)
        try channel.verify(pin)
        try channel.selectFile(Self.basicInfoFile)
        var file = try channel.readTLVFile()
        // The raw file is the one buffer this code owns outright: zeroed once parsed, whatever happens.
        defer { file.withUnsafeMutableBytes { buffer in if let base = buffer.baseAddress { explicit_bzero(base, buffer.count) } } }
        return try BasicInfoFile.parse(file)
    }
}
