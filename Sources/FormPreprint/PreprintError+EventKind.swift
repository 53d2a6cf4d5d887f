import CounterCore

extension PreprintError: EventErrorKind {
    /// `preprint.<case>`; a render or print failure takes the kind of the error it wraps (`print.queueStopped` …).
    public var eventErrorKind: String {
        switch self {
        case .unknownForm: return "preprint.unknownForm"
        case .fieldDoesNotFit: return "preprint.fieldDoesNotFit"
        case .missingGlyphs: return "preprint.missingGlyphs"
        case .dateBeforeEras: return "preprint.dateBeforeEras"
        case .backgroundDoesNotFit: return "preprint.backgroundDoesNotFit"
        case .choiceMissing: return "preprint.choiceMissing"
        case .renderFailed(_, let error): return error.eventErrorKind
        case .printFailed(_, let error): return error.eventErrorKind
        case .invalidCopies: return "preprint.invalidCopies"
        }
    }
}
