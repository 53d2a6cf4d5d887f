import CounterCore

extension CardError: EventErrorKind {
    /// `card.<case>` (`card.removed` for a card pulled out), stable for event records.
    public var eventErrorKind: String {
        switch self {
        case .serviceNotRunning: return "card.serviceNotRunning"
        case .noReader: return "card.noReader"
        case .readerNotFound: return "card.readerNotFound"
        case .noCard: return "card.noCard"
        case .cardRemoved: return "card.removed"
        case .readerBusy: return "card.readerBusy"
        case .timeout: return "card.timeout"
        case .notMyNumberCard: return "card.notMyNumberCard"
        case .wrongPIN: return "card.wrongPIN"
        case .pinBlocked: return "card.pinBlocked"
        case .invalidPINFormat: return "card.invalidPINFormat"
        case .securityStatusNotSatisfied: return "card.securityStatusNotSatisfied"
        case .malformedData: return "card.malformedData"
        case .unexpectedStatus: return "card.unexpectedStatus"
        case .pcscFailure: return "card.pcscFailure"
        }
    }
}
