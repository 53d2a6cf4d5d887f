import CPCSCLite

/// pcsc-lite return codes used here (the C macros are casts Swift does not import reliably).
enum PCSCCode {
    static let success: LONG = 0
    static let cancelled: LONG = 0x8010_0002
    static let unknownReader: LONG = 0x8010_0009
    static let timeout: LONG = 0x8010_000A
    static let sharingViolation: LONG = 0x8010_000B
    static let noSmartcard: LONG = 0x8010_000C
    static let notTransacted: LONG = 0x8010_0016
    static let readerUnavailable: LONG = 0x8010_0017
    static let noService: LONG = 0x8010_001D
    static let serviceStopped: LONG = 0x8010_001E
    static let noReadersAvailable: LONG = 0x8010_002E
    static let unresponsiveCard: LONG = 0x8010_0066
    static let unpoweredCard: LONG = 0x8010_0067
    static let resetCard: LONG = 0x8010_0068
    static let removedCard: LONG = 0x8010_0069

    /// The error for a failed call; `duringSession` turns "no card" answers into "card removed".
    static func error(_ code: LONG, reader: String? = nil, duringSession: Bool = false) -> CardError {
        switch code {
        case noService, serviceStopped: return .serviceNotRunning
        case noReadersAvailable: return .noReader
        case unknownReader: return reader.map { .readerNotFound($0) } ?? .noReader
        case notTransacted where duringSession: return .cardRemoved
        case noSmartcard, removedCard, resetCard, unpoweredCard, readerUnavailable:
            return duringSession ? .cardRemoved : (code == readerUnavailable && reader != nil ? .readerNotFound(reader!) : .noCard)
        case sharingViolation: return .readerBusy
        case timeout: return .timeout
        default: return .pcscFailure(Int64(code))
        }
    }
}

/// Reader state bits (`SCARD_STATE_*`).
enum PCSCState {
    static let changed: DWORD = 0x0002
    static let unknown: DWORD = 0x0004
    static let unavailable: DWORD = 0x0008
    static let present: DWORD = 0x0020
    static let exclusive: DWORD = 0x0080
}
