import CounterCore
import Foundation

/// Everything a simulated My Number card holds: the holder's 4 fields, the PINs, the JPKI auth key and
/// certificates, and the PIN try counters (saved back so a lock survives restarts).
public struct CardProfile: Sendable, Equatable, Codable {
    /// The 4 basic fields of the card-info application.
    public var holder: BasicInfo
    /// The card-info PIN (4 digits).
    public var cardInfoPIN: String
    /// The JPKI user-authentication PIN (4 digits).
    public var authPIN: String
    /// Tries left for the card-info PIN (0 = blocked).
    public var cardInfoPINTriesLeft: Int
    /// Tries left for the auth PIN (0 = blocked).
    public var authPINTriesLeft: Int
    /// Tries left for the signing password (its value is not part of the profile).
    public var signingPasswordTriesLeft: Int
    /// The auth private key (RSA-2048), PEM.
    public var authPrivateKeyPEM: String
    /// The user-authentication certificate, PEM.
    public var authCertificatePEM: String
    /// The CA certificate that issued it, PEM.
    public var caCertificatePEM: String

    /// Number of tries a 4-digit PIN starts with.
    public static let pinTries = 3
    /// Number of tries the signing password starts with.
    public static let signingPasswordTries = 5

    /// Creates a profile with fresh try counters.
    public init(holder: BasicInfo, cardInfoPIN: String, authPIN: String, authPrivateKeyPEM: String,
                authCertificatePEM: String, caCertificatePEM: String) {
        self.holder = holder
        self.cardInfoPIN = cardInfoPIN
        self.authPIN = authPIN
        cardInfoPINTriesLeft = Self.pinTries
        authPINTriesLeft = Self.pinTries
        signingPasswordTriesLeft = Self.signingPasswordTries
        self.authPrivateKeyPEM = authPrivateKeyPEM
        self.authCertificatePEM = authCertificatePEM
        self.caCertificatePEM = caCertificatePEM
    }

    /// Loads a profile file.
    public static func load(from url: URL) throws -> CardProfile {
        try SeedDirectory.decode(CardProfile.self, from: url)
    }

    /// Writes the profile (pretty JSON, atomically), owner-only (0600): it holds the card's PINs and key.
    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }
}
