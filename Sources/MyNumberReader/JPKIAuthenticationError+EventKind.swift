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
        case .certificateRevoked: return "jpki.certificateRevoked"
        case .revocationListUnreadable: return "jpki.revocationListUnreadable"
        case .revocationListNotFromCA: return "jpki.revocationListNotFromCA"
        case .revocationListOutdated: return "jpki.revocationListOutdated"
        case .revocationListNotYetValid: return "jpki.revocationListNotYetValid"
        }
    }
}

extension RevocationListError: EventErrorKind {
    /// `crl.<case>`, stable for event records.
    public var eventErrorKind: String {
        switch self {
        case .fileUnreadable: return "crl.fileUnreadable"
        case .tooLarge: return "crl.tooLarge"
        case .malformed: return "crl.malformed"
        case .unsupportedVersion: return "crl.unsupportedVersion"
        case .tooManyEntries: return "crl.tooManyEntries"
        case .unsupportedCriticalExtension: return "crl.unsupportedCriticalExtension"
        case .unsupportedSignatureAlgorithm: return "crl.unsupportedSignatureAlgorithm"
        case .issuerMismatch: return "crl.issuerMismatch"
        case .badSignature: return "crl.badSignature"
        case .notYetValid: return "crl.notYetValid"
        case .outdated: return "crl.outdated"
        }
    }
}
