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

    /// Makes an X.509 v2 CRL (RFC 5280 §5) issued and signed by `ca` (sha256WithRSAEncryption, PKCS#1 v1.5)
    /// that lists `revokedSerials` (revoked at `thisUpdate`), valid from `thisUpdate` to `nextUpdate`, with a
    /// cRLNumber extension (`number`, default: `thisUpdate` in seconds since 1970). Returns the PEM document
    /// (`X509 CRL`; its `derBytes` are the DER).
    public static func makeCRL(ca: CertificateAuthority, revokedSerials: [Certificate.SerialNumber],
                               thisUpdate: Date = SystemClock().now(),
                               nextUpdate: Date = SystemClock().now().addingTimeInterval(3650 * 86_400),
                               number: UInt64? = nil) throws -> PEMDocument {
        let caKey = try _RSA.Signing.PrivateKey(pemRepresentation: ca.keyPEM)
        let caCertificate = try Certificate(pemEncoded: ca.certificatePEM)
        let crlNumber = number ?? UInt64(max(0, thisUpdate.timeIntervalSince1970.rounded(.down)))
        var tbs = DER.Serializer()
        try tbs.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(1)  // version v2
            try serializeAlgorithm(into: &coder)
            try coder.serialize(caCertificate.subject)
            try X509Time.serialize(thisUpdate, into: &coder)
            try X509Time.serialize(nextUpdate, into: &coder)
            // RFC 5280 §5.1.2.6: with no revoked certificate the list is absent, not empty.
            if !revokedSerials.isEmpty {
                try coder.appendConstructedNode(identifier: .sequence) { list in
                    for serial in revokedSerials {
                        try list.appendConstructedNode(identifier: .sequence) { entry in
                            try entry.serialize(serial.bytes)
                            try X509Time.serialize(thisUpdate, into: &entry)
                        }
                    }
                }
            }
            try coder.serialize(explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific) { explicit in
                try explicit.appendConstructedNode(identifier: .sequence) { extensions in
                    // cRLNumber (2.5.29.20), not critical: extnValue is the DER of the INTEGER.
                    try extensions.appendConstructedNode(identifier: .sequence) { ext in
                        try ext.serialize([2, 5, 29, 20] as ASN1ObjectIdentifier)
                        var value = DER.Serializer()
                        try value.serialize(crlNumber)
                        try ext.serialize(ASN1OctetString(contentBytes: value.serializedBytes[...]))
                    }
                }
            }
        }
        let tbsBytes = tbs.serializedBytes
        let signature = try caKey.signature(for: SHA256.hash(data: tbsBytes), padding: .insecurePKCS1v1_5)
        var crl = DER.Serializer()
        try crl.appendConstructedNode(identifier: .sequence) { coder in
            coder.serializeRawBytes(tbsBytes)
            try serializeAlgorithm(into: &coder)
            try coder.serialize(ASN1BitString(bytes: Array(signature.rawRepresentation)[...]))
        }
        return PEMDocument(type: "X509 CRL", derBytes: crl.serializedBytes)
    }

    /// AlgorithmIdentifier { sha256WithRSAEncryption, NULL }.
    private static func serializeAlgorithm(into coder: inout DER.Serializer) throws {
        try coder.appendConstructedNode(identifier: .sequence) { algorithm in
            try algorithm.serialize(ASN1ObjectIdentifier.AlgorithmIdentifier.sha256WithRSAEncryption)
            try algorithm.serialize(ASN1Null())
        }
    }

    /// ``makeCRL(ca:revokedSerials:thisUpdate:nextUpdate:number:)`` for the auth certificates of `profiles`, as PEM text.
    public static func makeCRLPEM(ca: CertificateAuthority, revoking profiles: [CardProfile], thisUpdate: Date,
                                  nextUpdate: Date) throws -> String {
        try makeCRL(ca: ca, revokedSerials: profiles.map(authCertificateSerial(of:)), thisUpdate: thisUpdate,
                    nextUpdate: nextUpdate).pemString
    }

    /// The serial number of a profile's user-authentication certificate.
    public static func authCertificateSerial(of profile: CardProfile) throws -> Certificate.SerialNumber {
        try Certificate(pemEncoded: profile.authCertificatePEM).serialNumber
    }
}
