import CounterCore

extension LedgerError: EventErrorKind {
    /// `ledger.<case>`, stable for event records.
    public var eventErrorKind: String {
        switch self {
        case .noItems: return "ledger.noItems"
        case .unknownItem: return "ledger.unknownItem"
        case .certificateFee: return "ledger.certificateFee"
        case .itemNotInForce: return "ledger.itemNotInForce"
        case .invalidQuantity: return "ledger.invalidQuantity"
        case .overflow: return "ledger.overflow"
        case .unbalanced: return "ledger.unbalanced"
        case .unknownBrand: return "ledger.unknownBrand"
        case .brandNotInForce: return "ledger.brandNotInForce"
        case .brandNotAtKiosk: return "ledger.brandNotAtKiosk"
        case .slipRequired: return "ledger.slipRequired"
        case .invalidSlip: return "ledger.invalidSlip"
        case .slipAlreadyUsed: return "ledger.slipAlreadyUsed"
        case .methodMismatch: return "ledger.methodMismatch"
        case .cashlessWithoutAmount: return "ledger.cashlessWithoutAmount"
        case .cashBelowTotal: return "ledger.cashBelowTotal"
        case .invalidRequestID: return "ledger.invalidRequestID"
        case .idConflict: return "ledger.idConflict"
        case .requestAlreadyPaid: return "ledger.requestAlreadyPaid"
        case .dayClosed: return "ledger.dayClosed"
        case .unknownPayment: return "ledger.unknownPayment"
        case .cancelOtherDay: return "ledger.cancelOtherDay"
        case .alreadyCancelled: return "ledger.alreadyCancelled"
        case .certificateNotVoided: return "ledger.certificateNotVoided"
        case .cannotCancelCancellation: return "ledger.cannotCancelCancellation"
        case .unknownReason: return "ledger.unknownReason"
        case .noteRequired: return "ledger.noteRequired"
        case .invalidNote: return "ledger.invalidNote"
        case .malformedCount: return "ledger.malformedCount"
        case .malformedTerminalTotal: return "ledger.malformedTerminalTotal"
        case .alreadyClosed: return "ledger.alreadyClosed"
        case .dayNotStarted: return "ledger.dayNotStarted"
        case .openCases: return "ledger.openCases"
        }
    }
}
