import CounterCore

extension JPKIAuthenticationError: EventErrorKind {
    /// `jpki.<case>`, stable for event records.
    public var eventErrorKind: String {
        switch self {
        case .caCertificateUnreadable: return "jpki.caCertificateUnreadable"
        case .certificateUnreadable: return "jpki.certificateUnreadable"
        case .certificateExpired: return "jpki.certificateExpired"
        case .unknownCertificateAuthority: return "jpki.unknownCertificateAuthority"
        case .badSignature: return "jpki.badSignature"
        case .certificateNotForAuthentication: return "jpki.certificateNotForAuthentication"
        }
    }
}
