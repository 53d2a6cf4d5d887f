import _CryptoExtras
import CounterCore
import Crypto
import Foundation
import SwiftASN1
import X509

/// Why a certificate revocation list (CRL) was refused.
public enum RevocationListError: UserFacingError, Equatable {
    /// The file does not exist or could not be read.
    case fileUnreadable
    /// The file or data is larger than ``RevocationList/maximumSize``.
    case tooLarge
    /// The data is not a DER or PEM X.509 CRL (garbage, truncated, wrong structure).
    case malformed
    /// The CRL is not version 2.
    case unsupportedVersion
    /// The CRL lists more than ``RevocationList/maximumEntries`` certificates.
    case tooManyEntries
    /// The CRL carries a critical extension this code does not understand (e.g. a delta CRL), so it must not be used.
    case unsupportedCriticalExtension
    /// The CRL is not signed with sha256WithRSAEncryption (or its two algorithm fields differ).
    case unsupportedSignatureAlgorithm
    /// The CRL's issuer is not the CA's subject.
    case issuerMismatch
    /// The CRL's signature does not verify with the CA's public key.
    case badSignature
    /// The CRL's thisUpdate is after the time of the check.
    case notYetValid
    /// The CRL's nextUpdate is before the time of the check, or it has no nextUpdate.
    case outdated

    /// The Japanese message for the user: what happened and what to do.
    public var userMessage: String {
        switch self {
        case .fileUnreadable:
            return "失効リストのファイルを読めません。設定を確認し、管理者に連絡してください。"
        case .tooLarge:
            return "失効リストのファイルが大きすぎます。正しい失効リストか確認し、管理者に連絡してください。"
        case .malformed:
            return "失効リストの形式が正しくありません。正しい失効リストを入手し直し、管理者に連絡してください。"
        case .unsupportedVersion:
            return "失効リストの版に対応していません。正しい失効リストを入手し直し、管理者に連絡してください。"
        case .tooManyEntries:
            return "失効リストの件数が多すぎます。正しい失効リストか確認し、管理者に連絡してください。"
        case .unsupportedCriticalExtension:
            return "失効リストに対応していない必須の拡張があるため使えません。完全な失効リストを入手し、管理者に連絡してください。"
        case .unsupportedSignatureAlgorithm:
            return "失効リストの署名方式に対応していません。正しい失効リストを入手し直し、管理者に連絡してください。"
        case .issuerMismatch:
            return "失効リストの発行元が認証局と一致しません。設定を確認し、管理者に連絡してください。"
        case .badSignature:
            return "失効リストの署名を確認できません。正しい失効リストを入手し直し、管理者に連絡してください。"
        case .notYetValid:
            return "失効リストの発行日時がまだ来ていません。端末の時計と失効リストを確認し、管理者に連絡してください。"
        case .outdated:
            return "失効リストの有効期限が切れています。最新の失効リストに更新し、管理者に連絡してください。"
        }
    }
}

/// An X.509 v2 certificate revocation list (RFC 5280 §5), parsed from DER or PEM (`X509 CRL`).
///
/// Parsing only reads the structure; ``verify(issuedBy:at:)`` checks that the CA signed it and that it is
/// current (`thisUpdate <= time <= nextUpdate`: an outdated list is refused, an unattended kiosk must not
/// trust an old one). CRL and entry extensions are recorded by identifier; a critical one is refused,
/// since none is understood (a delta CRL or a partial distribution point would change what the list means).
public struct RevocationList: Sendable, Equatable {
    /// One revoked certificate.
    public struct Entry: Sendable, Equatable {
        /// The certificate's serial number, big-endian, without leading zero bytes.
        public var serialNumber: [UInt8]
        /// When the certificate was revoked.
        public var revocationDate: Date

        /// Bundles a serial (leading zero bytes are dropped) and a revocation date.
        public init(serialNumber: [UInt8], revocationDate: Date) {
            self.serialNumber = Self.magnitude(serialNumber)
            self.revocationDate = revocationDate
        }

        /// The unsigned big-endian magnitude: leading zero bytes dropped (at least one byte kept).
        static func magnitude<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
            let trimmed = Array(bytes.drop { $0 == 0 })
            return trimmed.isEmpty ? [0] : trimmed
        }
    }

    /// The largest CRL accepted, in bytes (DER, or the PEM text).
    public static let maximumSize = 8 * 1024 * 1024
    /// The most entries accepted.
    public static let maximumEntries = 250_000

    /// The CA that issued the list.
    public let issuer: DistinguishedName
    /// When the list was issued.
    public let thisUpdate: Date
    /// When the next list is due (the list is outdated after it); nil if the list has none.
    public let nextUpdate: Date?
    /// The revoked certificates.
    public let entries: [Entry]
    /// The identifiers of the CRL's own extensions (e.g. cRLNumber, authorityKeyIdentifier); none is interpreted.
    public let extensionIdentifiers: [ASN1ObjectIdentifier]
    /// The DER of the signed part (tbsCertList).
    let signedBytes: [UInt8]
    /// The signature algorithm (both fields, checked equal at parse time).
    let signatureAlgorithm: ASN1ObjectIdentifier
    /// The signature value.
    let signature: [UInt8]
    /// The revoked serials, for lookup.
    private let revokedSerials: Set<[UInt8]>

    /// Loads a CRL file (PEM or DER), at most ``maximumSize`` bytes.
    public init(contentsOfFile path: String) throws(RevocationListError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .fileUnreadable }
        defer { try? handle.close() }
        // Read one byte past the limit, so a larger file is refused without reading all of it.
        let data: Data
        do { data = try handle.read(upToCount: Self.maximumSize + 1) ?? Data() } catch { throw .fileUnreadable }
        try self.init(data: data)
    }

    /// Parses a CRL from PEM (`-----BEGIN X509 CRL-----`) or DER.
    public init(data: Data) throws(RevocationListError) {
        guard data.count <= Self.maximumSize else { throw .tooLarge }
        let der: [UInt8]
        if data.first == 0x30 {
            der = Array(data)
        } else {
            guard let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN X509 CRL-----"),
                  let document = try? PEMDocument(pemString: text), document.discriminator == "X509 CRL"
            else { throw .malformed }
            der = document.derBytes
        }
        try self.init(derEncoded: der)
    }

    /// Parses a DER-encoded CRL.
    public init(derEncoded der: [UInt8]) throws(RevocationListError) {
        try self.init(derEncoded: der, maximumEntries: Self.maximumEntries)
    }

    /// Parses a DER-encoded CRL of at most `maximumEntries` entries (a smaller limit for tests).
    init(derEncoded der: [UInt8], maximumEntries: Int) throws(RevocationListError) {
        guard der.count <= Self.maximumSize else { throw .tooLarge }
        do {
            let root = try DER.parse(der)
            self = try Self.parse(root, maximumEntries: maximumEntries)
        } catch let error as RevocationListError {
            throw error
        } catch {
            throw .malformed
        }
    }

    private init(issuer: DistinguishedName, thisUpdate: Date, nextUpdate: Date?, entries: [Entry],
                 extensionIdentifiers: [ASN1ObjectIdentifier], signedBytes: [UInt8],
                 signatureAlgorithm: ASN1ObjectIdentifier, signature: [UInt8]) {
        self.issuer = issuer
        self.thisUpdate = thisUpdate
        self.nextUpdate = nextUpdate
        self.entries = entries
        self.extensionIdentifiers = extensionIdentifiers
        self.signedBytes = signedBytes
        self.signatureAlgorithm = signatureAlgorithm
        self.signature = signature
        revokedSerials = Set(entries.map(\.serialNumber))
    }

    /// CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING }.
    private static func parse(_ root: ASN1Node, maximumEntries: Int) throws -> RevocationList {
        try DER.sequence(root, identifier: .sequence) { nodes in
            guard let tbs = nodes.next() else { throw RevocationListError.malformed }
            let outerAlgorithm = try algorithm(nodes.next())
            let signature = try ASN1BitString(derEncoded: try required(nodes.next()))
            guard signature.paddingBits == 0 else { throw RevocationListError.malformed }
            return try DER.sequence(tbs, identifier: .sequence) { fields in
                // version Version OPTIONAL (v2 = 1): required here, only v2 lists are accepted.
                let versionNode = try required(fields.next())
                guard versionNode.identifier == .integer else { throw RevocationListError.unsupportedVersion }
                guard try Int(derEncoded: versionNode) == 1 else { throw RevocationListError.unsupportedVersion }
                let innerAlgorithm = try algorithm(fields.next())
                guard innerAlgorithm == outerAlgorithm else { throw RevocationListError.unsupportedSignatureAlgorithm }
                let issuer = try DistinguishedName(derEncoded: try required(fields.next()))
                let thisUpdate = try X509Time.date(try required(fields.next()))
                var nextUpdate: Date?
                var entries: [Entry] = []
                var extensionIdentifiers: [ASN1ObjectIdentifier] = []
                var next = fields.next()
                if let node = next, node.identifier == UTCTime.defaultIdentifier || node.identifier == GeneralizedTime.defaultIdentifier {
                    nextUpdate = try X509Time.date(node)
                    next = fields.next()
                }
                if let node = next, node.identifier == .sequence {
                    entries = try revokedCertificates(node, maximumEntries: maximumEntries)
                    next = fields.next()
                }
                if let node = next {
                    // crlExtensions [0] EXPLICIT Extensions.
                    guard node.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific),
                          case .constructed(let children) = node.content else { throw RevocationListError.malformed }
                    var inner = children.makeIterator()
                    guard let list = inner.next(), inner.next() == nil else { throw RevocationListError.malformed }
                    extensionIdentifiers = try extensions(list)
                }
                return RevocationList(
                    issuer: issuer, thisUpdate: thisUpdate, nextUpdate: nextUpdate, entries: entries,
                    extensionIdentifiers: extensionIdentifiers, signedBytes: Array(tbs.encodedBytes),
                    signatureAlgorithm: outerAlgorithm, signature: Array(signature.bytes))
            }
        }
    }

    private static func required(_ node: ASN1Node?) throws -> ASN1Node {
        guard let node else { throw RevocationListError.malformed }
        return node
    }

    /// AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }: only sha256WithRSAEncryption
    /// (parameters NULL or absent).
    private static func algorithm(_ node: ASN1Node?) throws -> ASN1ObjectIdentifier {
        try DER.sequence(try required(node), identifier: .sequence) { nodes in
            let identifier = try ASN1ObjectIdentifier(derEncoded: &nodes)
            if let parameters = nodes.next() { _ = try ASN1Null(derEncoded: parameters) }
            guard identifier == .AlgorithmIdentifier.sha256WithRSAEncryption else {
                throw RevocationListError.unsupportedSignatureAlgorithm
            }
            return identifier
        }
    }

    /// revokedCertificates SEQUENCE OF SEQUENCE { userCertificate, revocationDate, crlEntryExtensions OPTIONAL }.
    private static func revokedCertificates(_ node: ASN1Node, maximumEntries: Int) throws -> [Entry] {
        guard case .constructed(let children) = node.content else { throw RevocationListError.malformed }
        var entries: [Entry] = []
        for child in children {
            guard entries.count < maximumEntries else { throw RevocationListError.tooManyEntries }
            let entry = try DER.sequence(child, identifier: .sequence) { fields in
                let serial = try ArraySlice<UInt8>(derEncoded: try required(fields.next()))
                let date = try X509Time.date(try required(fields.next()))
                if let extensionsNode = fields.next() { _ = try extensions(extensionsNode) }
                return Entry(serialNumber: Array(serial), revocationDate: date)
            }
            entries.append(entry)
        }
        return entries
    }

    /// Extensions ::= SEQUENCE OF Extension { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }:
    /// the identifiers; a critical extension is refused (none is understood).
    private static func extensions(_ node: ASN1Node) throws -> [ASN1ObjectIdentifier] {
        guard node.identifier == .sequence, case .constructed(let children) = node.content else {
            throw RevocationListError.malformed
        }
        return try children.map { child in
            try DER.sequence(child, identifier: .sequence) { fields in
                let identifier = try ASN1ObjectIdentifier(derEncoded: &fields)
                var value = try required(fields.next())
                if value.identifier == .boolean {
                    if try Bool(derEncoded: value) { throw RevocationListError.unsupportedCriticalExtension }
                    value = try required(fields.next())
                }
                _ = try ASN1OctetString(derEncoded: value)
                return identifier
            }
        }
    }

    /// Checks that `ca` issued the list (issuer equals the CA's subject, the signature verifies with its key).
    public func checkSignature(issuedBy ca: Certificate) throws(RevocationListError) {
        guard issuer == ca.subject else { throw .issuerMismatch }
        guard signatureAlgorithm == .AlgorithmIdentifier.sha256WithRSAEncryption,
              let key = _RSA.Signing.PublicKey(ca.publicKey) else { throw .unsupportedSignatureAlgorithm }
        let value = _RSA.Signing.RSASignature(rawRepresentation: signature)
        guard key.isValidSignature(value, for: SHA256.hash(data: signedBytes), padding: .insecurePKCS1v1_5) else {
            throw .badSignature
        }
    }

    /// Checks that the list is current at `time`: `thisUpdate <= time <= nextUpdate`.
    public func checkCurrent(at time: Date) throws(RevocationListError) {
        guard thisUpdate <= time else { throw .notYetValid }
        guard let nextUpdate, time <= nextUpdate else { throw .outdated }
    }

    /// Checks the signature and the dates: ``checkSignature(issuedBy:)`` then ``checkCurrent(at:)``.
    public func verify(issuedBy ca: Certificate, at time: Date) throws(RevocationListError) {
        try checkSignature(issuedBy: ca)
        try checkCurrent(at: time)
    }

    /// True if the list names `serialNumber`.
    public func isRevoked(_ serialNumber: Certificate.SerialNumber) -> Bool {
        revokedSerials.contains(Entry.magnitude(serialNumber.bytes))
    }
}

/// X.509 Time (RFC 5280 §4.1.2.5): UTCTime for 1950–2049, GeneralizedTime otherwise, both in UTC.
package enum X509Time {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The date of a UTCTime or GeneralizedTime node.
    package static func date(_ node: ASN1Node) throws -> Date {
        let parts: DateComponents
        switch node.identifier {
        case UTCTime.defaultIdentifier:
            let time = try UTCTime(derEncoded: node)
            parts = DateComponents(year: time.year, month: time.month, day: time.day,
                                   hour: time.hours, minute: time.minutes, second: time.seconds)
        case GeneralizedTime.defaultIdentifier:
            let time = try GeneralizedTime(derEncoded: node)
            parts = DateComponents(year: time.year, month: time.month, day: time.day,
                                   hour: time.hours, minute: time.minutes, second: time.seconds)
        default:
            throw ASN1Error.unexpectedFieldType(node.identifier)
        }
        guard let date = calendar.date(from: parts) else { throw ASN1Error.invalidASN1Object(reason: "time") }
        return date
    }

    /// Writes `date` (whole seconds, UTC) as UTCTime or GeneralizedTime.
    package static func serialize(_ date: Date, into coder: inout DER.Serializer) throws {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                            from: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
        let (year, month, day) = (parts.year!, parts.month!, parts.day!)
        let (hours, minutes, seconds) = (parts.hour!, parts.minute!, parts.second!)
        if (1950..<2050).contains(year) {
            try coder.serialize(UTCTime(year: year, month: month, day: day, hours: hours, minutes: minutes, seconds: seconds))
        } else {
            try coder.serialize(GeneralizedTime(year: year, month: month, day: day, hours: hours, minutes: minutes,
                                                seconds: seconds, fractionalSeconds: 0))
        }
    }
}
