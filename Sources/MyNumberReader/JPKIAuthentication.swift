import CounterCore
import Crypto
import _CryptoExtras
import Foundation
import SwiftASN1
@_spi(FixedExpiryValidationTime) import X509

/// Why a JPKI authentication was refused after the card answered.
public enum JPKIAuthenticationError: UserFacingError, Equatable {
    /// The configured CA certificate file could not be read or parsed.
    case caCertificateUnreadable(String)
    /// The card's certificate could not be parsed, or its key is not RSA.
    case certificateUnreadable
    /// The card's certificate is past its notAfter date (or not yet valid).
    case certificateExpired
    /// The card's certificate was not issued by the configured CA.
    case unknownCertificateAuthority
    /// The signature does not match the challenge and the certificate's key.
    case badSignature
    /// The certificate's key usage does not allow digital signatures, so it cannot prove the holder.
    case certificateNotForAuthentication

    /// The Japanese message for the user: what happened and what to do.
    public var userMessage: String {
        switch self {
        case .caCertificateUnreadable(let path):
            return "認証局の証明書（\(path)）を読めません。設定を確認し、管理者に連絡してください。"
        case .certificateUnreadable:
            return "カードの利用者証明用電子証明書を読み取れませんでした。カードを置き直してやり直してください。"
        case .certificateExpired:
            return "利用者証明用電子証明書の有効期限が切れています。窓口で電子証明書の更新手続きをしてください。"
        case .unknownCertificateAuthority:
            return "利用者証明用電子証明書の発行元を確認できません。このカードでは本人確認できません。窓口にご相談ください。"
        case .badSignature:
            return "カードの署名を確認できませんでした。本人確認できません。カードを置き直してやり直してください。"
        case .certificateNotForAuthentication:
            return "カードの電子証明書は本人確認（デジタル署名）に使えない証明書です。本人確認できません。窓口にご相談ください。"
        }
    }
}

/// A successful JPKI authentication: the card holder proved possession of the auth key.
public struct JPKIAuthenticationResult: Sendable, Equatable {
    /// Certificate serial number, upper-case hex.
    public var serialNumber: String
    /// Subject distinguished name (a serial-like CN only; no personal data).
    public var subject: String
    /// Issuer distinguished name.
    public var issuer: String
    /// End of the certificate's validity.
    public var notAfter: Date
}

/// Authenticates a card holder with the JPKI user-authentication certificate: reads the certificate,
/// has the card sign a fresh random 32-byte challenge, verifies the signature with the certificate's
/// key and the certificate against the configured CA.
public struct JPKIAuthenticator: Sendable {
    /// The trusted CA certificate.
    public let caCertificate: Certificate

    /// Trusts `caCertificate`.
    public init(caCertificate: Certificate) {
        self.caCertificate = caCertificate
    }

    /// Loads the trusted CA certificate from a PEM (or DER) file.
    public init(caCertificateFile path: String) throws(JPKIAuthenticationError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .caCertificateUnreadable(path) }
        do {
            if let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN") {
                caCertificate = try Certificate(pemEncoded: text)
            } else {
                caCertificate = try Certificate(derEncoded: Array(data))
            }
        } catch {
            throw .caCertificateUnreadable(path)
        }
    }

    /// What the card produced for one challenge: its certificate and its signature.
    public struct CardEvidence: Sendable {
        /// DER of the user-authentication certificate.
        public var certificateDER: [UInt8]
        /// The challenge that was signed.
        public var challenge: [UInt8]
        /// The card's signature over SHA-256(challenge).
        public var signature: [UInt8]

        /// Bundles the evidence.
        public init(certificateDER: [UInt8], challenge: [UInt8], signature: [UInt8]) {
            self.certificateDER = certificateDER
            self.challenge = challenge
            self.signature = signature
        }
    }

    /// A fresh random 32-byte challenge.
    public static func makeChallenge() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// Talks to the card: reads the certificate, verifies the PIN and signs a fresh challenge.
    /// Call inside ``CardReaderAccess/withCard(reader:timeout:_:)``; then ``verify(_:at:)`` the evidence.
    public static func collectEvidence(transport: any CardTransport, pin: CardPIN) throws -> CardEvidence {
        let application = JPKIApplication(transport: transport)
        let certificate = try application.readAuthCertificate()
        let challenge = makeChallenge()
        let digestInfo = JPKIApplication.sha256DigestInfo(Array(SHA256.hash(data: challenge)))
        let signature = try application.signWithAuthKey(digestInfo: digestInfo, pin: pin)
        return CardEvidence(certificateDER: certificate, challenge: challenge, signature: signature)
    }

    /// Checks the evidence: the certificate's key usage (digitalSignature required), the signature over
    /// the challenge, the validity period at `time`, and the chain to the configured CA.
    ///
    /// Revocation (J-LIS CRL/OCSP) is not checked: that needs network access to J-LIS and is future work
    /// for an unattended kiosk. At the counter a clerk sees the holder in person.
    public func verify(_ evidence: CardEvidence, at time: Date) async throws(JPKIAuthenticationError) -> JPKIAuthenticationResult {
        guard let certificate = try? Certificate(derEncoded: evidence.certificateDER),
              let key = _RSA.Signing.PublicKey(certificate.publicKey) else { throw .certificateUnreadable }
        let usage: KeyUsage?
        do { usage = try certificate.extensions.keyUsage } catch { throw .certificateUnreadable }
        guard usage?.digitalSignature == true else { throw .certificateNotForAuthentication }
        let signature = _RSA.Signing.RSASignature(rawRepresentation: evidence.signature)
        guard key.isValidSignature(signature, for: SHA256.hash(data: evidence.challenge), padding: .insecurePKCS1v1_5) else {
            throw .badSignature
        }
        guard certificate.notValidBefore <= time, time <= certificate.notValidAfter else { throw .certificateExpired }
        var verifier = Verifier(rootCertificates: CertificateStore([caCertificate])) {
            RFC5280Policy(fixedExpiryValidationTime: time)
        }
        guard case .validCertificate = await verifier.validate(leaf: certificate, intermediates: CertificateStore()) else {
            throw .unknownCertificateAuthority
        }
        return JPKIAuthenticationResult(
            serialNumber: certificate.serialNumber.bytes.hexString(),
            subject: certificate.subject.description, issuer: certificate.issuer.description,
            notAfter: certificate.notValidAfter)
    }
}
