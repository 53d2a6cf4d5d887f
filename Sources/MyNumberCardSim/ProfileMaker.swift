import _CryptoExtras
import CounterCore
import Crypto
import Foundation
import MyNumberReader
import SwiftASN1
import X509

/// Creates demo JPKI material: a CA (key + self-signed certificate) and card profiles whose RSA-2048
/// auth key is certified by that CA. For tests and demos only.
public enum ProfileMaker {
    /// A CA: its private key and certificate, both PEM.
    public struct CertificateAuthority: Sendable {
        /// The CA private key, PEM.
        public var keyPEM: String
        /// The CA certificate, PEM.
        public var certificatePEM: String

        /// Bundles a CA key and certificate (PEM).
        public init(keyPEM: String, certificatePEM: String) {
            self.keyPEM = keyPEM
            self.certificatePEM = certificatePEM
        }
    }

    /// Makes a self-signed RSA-2048 CA valid from `notBefore` to `notAfter`.
    public static func makeCA(commonName: String = "DEMO JPKI User Authentication CA (not for production)",
                              notBefore: Date = SystemClock().now().addingTimeInterval(-86_400),
                              notAfter: Date = SystemClock().now().addingTimeInterval(20 * 365 * 86_400)) throws -> CertificateAuthority {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let name = try DistinguishedName {
            CountryName("JP")
            OrganizationName("DEMO counter project")
            CommonName(commonName)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: name, subject: name,
            extensions: Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        return CertificateAuthority(keyPEM: key.pemRepresentation, certificatePEM: try certificate.serializeAsPEM().pemString)
    }

    /// Makes a profile for `holder`: a fresh RSA-2048 auth key and a user-authentication certificate signed
    /// by `ca`, whose subject is only a serial-like CN. `keyUsage` is the certificate's key usage
    /// (digitalSignature, as on a real card; nil leaves the extension out, for tests of refusals); `authKeyPEM`
    /// reuses an RSA-2048 key instead of generating one.
    public static func makeProfile(holder: BasicInfo, cardInfoPIN: String, authPIN: String, ca: CertificateAuthority,
                                   notBefore: Date = SystemClock().now().addingTimeInterval(-86_400),
                                   notAfter: Date = SystemClock().now().addingTimeInterval(5 * 365 * 86_400),
                                   keyUsage: KeyUsage? = KeyUsage(digitalSignature: true),
                                   authKeyPEM: String? = nil) throws -> CardProfile {
        let caKey = try _RSA.Signing.PrivateKey(pemRepresentation: ca.keyPEM)
        let caCertificate = try Certificate(pemEncoded: ca.certificatePEM)
        // A given key is reused (tests that make many cards skip the key generation); each card still has its
        // own certificate and serial.
        let key = try authKeyPEM.map { try _RSA.Signing.PrivateKey(pemRepresentation: $0) }
            ?? _RSA.Signing.PrivateKey(keySize: .bits2048)
        let serial = Certificate.SerialNumber()
        let subject = try DistinguishedName {
            CountryName("JP")
            CommonName(serial.bytes.hexString())
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: serial, publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: caCertificate.subject, subject: subject,
            extensions: Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                if let keyUsage { Critical(keyUsage) }
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey))
        return CardProfile(holder: holder, cardInfoPIN: cardInfoPIN, authPIN: authPIN,
                           authPrivateKeyPEM: key.pemRepresentation,
                           authCertificatePEM: try certificate.serializeAsPEM().pemString,
                           caCertificatePEM: ca.certificatePEM)
    }
}
