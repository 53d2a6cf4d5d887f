import CounterCore

extension DocumentPrintError: EventErrorKind {
    /// `document.<case>`, stable for event records.
    public var eventErrorKind: String {
        switch self {
        case .formFontNotInstalled: return "document.formFontNotInstalled"
        case .textDoesNotFit: return "document.textDoesNotFit"
        case .missingGlyphs: return "document.missingGlyphs"
        case .cairo: return "document.cairo"
        }
    }
}
