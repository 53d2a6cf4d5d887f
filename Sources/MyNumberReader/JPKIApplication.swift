/// The JPKI application (公的個人認証AP): the user-authentication certificate and its key behind a
/// 4-digit PIN.
public struct JPKIApplication: Sendable {
    /// `D3 92 F0 00 26 01 00 00 00 01`.
    public static let aid: [UInt8] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01]
    /// EF of the user-authentication certificate (DER X.509, readable without PIN).
    public static let authCertificateFile: UInt16 = 0x000A
    /// EF of the CA certificate of the user-authentication certificate.
    public static let authCAFile: UInt16 = 0x000B
    /// EF of the 4-digit auth PIN.
    public static let authPINFile: UInt16 = 0x0018
    /// EF of the auth private key (RSA-2048).
    public static let authKeyFile: UInt16 = 0x0017
    /// EF of the token info (first 32 bytes: a space-padded label).
    public static let tokenInfoFile: UInt16 = 0x0006
    /// The token label of a My Number card.
    public static let tokenLabel = "JPKIAPICCTOKEN2"

    private let channel: CardChannel

    /// Uses a transport (61xx/6Cxx are handled).
    public init(transport: any CardTransport) {
        channel = CardChannel(transport)
    }

    /// Selects the application; ``CardError/notMyNumberCard`` if the card does not have it.
    public func select() throws {
        try channel.selectApplication(Self.aid)
    }

    /// Reads the DER of the user-authentication certificate.
    public func readAuthCertificate() throws -> [UInt8] {
        try select()
        try channel.selectFile(Self.authCertificateFile)
        return try channel.readTLVFile()
    }

    /// Tries left for the auth PIN (spends nothing).
    public func authPINTriesLeft() throws -> Int {
        try select()
        try channel.selectFile(Self.authPINFile)
        return try channel.triesLeft()
    }

    /// Verifies the auth PIN, then has the card sign a DER DigestInfo with the auth key (the card adds
    /// PKCS#1 v1.5 type-1 padding). Returns the 256-byte signature.
    public func signWithAuthKey(digestInfo: [UInt8], pin: CardPIN) throws -> [UInt8] {
        try select()
        try channel.selectFile(Self.authPINFile)
        try channel.verify(pin)
        try channel.selectFile(Self.authKeyFile)
        return try channel.send(CommandAPDU(cla: 0x80, ins: 0x2A, p1: 0x00, p2: 0x80, data: digestInfo, le: 256))
    }

    /// The DER DigestInfo of a SHA-256 hash: `30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20 <hash>`.
    public static func sha256DigestInfo(_ hash: some Collection<UInt8>) -> [UInt8] {
        [0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20] + hash
    }
}
