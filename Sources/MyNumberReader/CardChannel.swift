/// The ISO 7816-4 commands both My Number applications use, on top of a transport that handles
/// `61 xx`/`6C xx`, with status words turned into ``CardError``.
public struct CardChannel: Sendable {
    /// The transport (already chaining `61 xx`/`6C xx`).
    public let transport: any CardTransport

    /// Largest chunk read by one READ BINARY.
    public static let maxChunk = 256

    /// Uses `transport`, adding ``ResponseChainingTransport`` in front of it.
    public init(_ transport: any CardTransport) {
        self.transport = transport is ResponseChainingTransport ? transport : ResponseChainingTransport(transport)
    }

    /// SELECT an application by its full AID; `6A 82` becomes ``CardError/notMyNumberCard``.
    public func selectApplication(_ aid: [UInt8]) throws {
        let response = try transport.transmit(CommandAPDU(ins: 0xA4, p1: 0x04, p2: 0x0C, data: aid))
        if response.status == .fileNotFound { throw CardError.notMyNumberCard }
        try check(response)
    }

    /// SELECT an elementary file by its 2-byte id in the current application.
    public func selectFile(_ id: UInt16) throws {
        let response = try transport.transmit(CommandAPDU(ins: 0xA4, p1: 0x02, p2: 0x0C, data: [UInt8(id >> 8), UInt8(id & 0xFF)]))
        if response.status == .fileNotFound { throw CardError.malformedData("ファイル \([UInt8(id >> 8), UInt8(id & 0xFF)].hexString()) がありません") }
        try check(response)
    }

    /// Tries left of the selected PIN EF (`00 20 00 80` without data; spends no try).
    public func triesLeft() throws -> Int {
        let response = try transport.transmit(CommandAPDU(ins: 0x20, p1: 0x00, p2: 0x80))
        if let tries = response.status.triesLeft { return tries }
        if response.status == .referenceDataBlocked || response.status == .authenticationBlocked { return 0 }
        try check(response)
        throw CardError.unexpectedStatus(response.status.value)
    }

    /// VERIFY the selected PIN EF; wrong PIN → ``CardError/wrongPIN(triesLeft:)``, blocked → ``CardError/pinBlocked``.
    public func verify(_ pin: CardPIN) throws {
        let response = try transport.transmit(CommandAPDU(ins: 0x20, p1: 0x00, p2: 0x80, data: pin.bytes))
        guard response.status.isSuccess else { throw response.status.error(afterVerify: true) }
    }

    /// READ BINARY of up to `length` (1...256) bytes at `offset` of the selected EF.
    public func readBinary(offset: Int, length: Int) throws -> [UInt8] {
        precondition(offset >= 0 && offset <= 0x7FFF && (1...Self.maxChunk).contains(length))
        let response = try transport.transmit(CommandAPDU(ins: 0xB0, p1: UInt8(offset >> 8), p2: UInt8(offset & 0xFF), le: length))
        try check(response)
        return response.data
    }

    /// Reads a whole TLV-structured EF: its header first, then the rest in chunks of at most 256 bytes.
    public func readTLVFile(headerLength: Int = 8) throws -> [UInt8] {
        var bytes = try readBinary(offset: 0, length: headerLength)
        let total: Int
        do {
            total = try BERTLV.elementSize(in: bytes)
        } catch {
            throw CardError.malformedData(error.userMessage)
        }
        guard total <= 0x7FFF else { throw CardError.malformedData("ファイルが大きすぎます（\(total) バイト）") }
        while bytes.count < total {
            let chunk = try readBinary(offset: bytes.count, length: min(Self.maxChunk, total - bytes.count))
            guard !chunk.isEmpty else { throw CardError.malformedData("ファイルが途中で終わっています") }
            bytes += chunk
        }
        return Array(bytes.prefix(total))
    }

    /// Sends a command and checks its status.
    public func send(_ command: CommandAPDU) throws -> [UInt8] {
        let response = try transport.transmit(command)
        try check(response)
        return response.data
    }

    private func check(_ response: ResponseAPDU) throws {
        guard response.status.isSuccess else { throw response.status.error(afterVerify: false) }
    }
}
