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
    /// The certificate is listed in the CA's revocation list (失効).
    case certificateRevoked
    /// The configured revocation list file could not be read or is not a valid CRL.
    case revocationListUnreadable(String)
    /// The revocation list was not issued by the configured CA (issuer differs or the signature does not verify).
    case revocationListNotFromCA
    /// The revocation list's nextUpdate has passed (or it has none): an old list is not trusted.
    case revocationListOutdated
    /// The revocation list's thisUpdate is still in the future (a wrong clock or a wrong list).
    case revocationListNotYetValid

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
        case .certificateRevoked:
            return "利用者証明用電子証明書は失効しています。このカードでは本人確認できません。窓口にお越しください。"
        case .revocationListUnreadable:
            return "失効リストを読めません。設定を確認し、管理者に連絡してください。"
        case .revocationListNotFromCA:
            return "失効リストが認証局の発行したものか確認できません。設定を確認し、管理者に連絡してください。"
        case .revocationListOutdated:
            return "失効リストの有効期限が切れています。最新の失効リストに更新するよう管理者に連絡してください。"
        case .revocationListNotYetValid:
            return "失効リストの発行日時がまだ来ていません。端末の時計と失効リストを確認するよう管理者に連絡してください。"
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
/// key, the certificate against the configured CA and, when a revocation list is configured, that the
/// certificate is not revoked.
public struct JPKIAuthenticator: Sendable {
    /// The trusted CA certificate.
    public let caCertificate: Certificate
    /// The CA's revocation list (CRL), already checked to be signed by the CA; nil = revocation is not checked.
    public let revocationList: RevocationList?

    /// Trusts `caCertificate`, without a revocation list.
    public init(caCertificate: Certificate) {
        self.caCertificate = caCertificate
        revocationList = nil
    }

    /// Trusts `caCertificate` and refuses the certificates in `revocationList`, which must be signed by that CA
    /// (its dates are checked at each ``verify(_:at:)``).
    public init(caCertificate: Certificate, revocationList: RevocationList?) throws(JPKIAuthenticationError) {
        if let revocationList {
            do { try revocationList.checkSignature(issuedBy: caCertificate) } catch { throw .revocationListNotFromCA }
        }
        self.caCertificate = caCertificate
        self.revocationList = revocationList
    }

    /// Loads the trusted CA certificate from a PEM (or DER) file, and the revocation list (PEM or DER CRL)
    /// from `revocationListFile` if given.
    public init(caCertificateFile path: String, revocationListFile: String? = nil) throws(JPKIAuthenticationError) {
        let certificate = try Self.loadCertificate(path)
        var list: RevocationList?
        if let revocationListFile {
            do { list = try RevocationList(contentsOfFile: revocationListFile) } catch {
                throw .revocationListUnreadable(revocationListFile)
            }
        }
        try self.init(caCertificate: certificate, revocationList: list)
        files = (path, revocationListFile)
    }

    /// The files the CA certificate and the revocation list were loaded from, when they were.
    private var files: (ca: String, revocationList: String?)?

    /// The same files read again (an operator replaced the revocation list); without files, this authenticator.
    public func reloaded() throws(JPKIAuthenticationError) -> JPKIAuthenticator {
        guard let files else { return self }
        return try JPKIAuthenticator(caCertificateFile: files.ca, revocationListFile: files.revocationList)
    }

    /// Throws when the revocation list is not current at `time` (every card would be refused): checked before a
    /// kiosk asks anyone for a PIN. Nothing to check without a list.
    public func checkRevocationListCurrent(at time: Date) throws(JPKIAuthenticationError) {
        guard let revocationList else { return }
        do { try revocationList.checkCurrent(at: time) } catch {
            throw error == .notYetValid ? .revocationListNotYetValid : .revocationListOutdated
        }
    }

    private static func loadCertificate(_ path: String) throws(JPKIAuthenticationError) -> Certificate {
        guard let data = FileManager.default.contents(atPath: path) else { throw .caCertificateUnreadable(path) }
        do {
            if let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN") {
                return try Certificate(pemEncoded: text)
            } else {
                return try Certificate(derEncoded: Array(data))
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
    /// the challenge, the validity period at `time`, the chain to the configured CA and last, with a
    /// revocation list, that the list is current at `time` (`thisUpdate <= time <= nextUpdate`) and does
    /// not list the certificate's serial.
    ///
    /// Revocation is only as fresh as the configured CRL file: fetching J-LIS's CRL (or asking OCSP) is not
    /// done here; whoever runs the kiosk replaces the file before its nextUpdate, or every check is refused.
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
        if let revocationList {
            try checkRevocationListCurrent(at: time)
            if revocationList.isRevoked(certificate.serialNumber) { throw .certificateRevoked }
        }
        return JPKIAuthenticationResult(
            serialNumber: certificate.serialNumber.bytes.hexString(),
            subject: certificate.subject.description, issuer: certificate.issuer.description,
            notAfter: certificate.notValidAfter)
    }
}
