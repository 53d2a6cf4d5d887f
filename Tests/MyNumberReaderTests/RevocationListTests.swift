import CounterCore
import Foundation
import MyNumberCardSim
import SwiftASN1
import Testing
import X509
@testable import MyNumberReader

/// The demo CA (its key is public, in the seeds) as the profile maker takes it.
func demoCA() throws -> ProfileMaker.CertificateAuthority {
    ProfileMaker.CertificateAuthority(
        keyPEM: try String(contentsOf: demoSeeds.appendingPathComponent("demo-ca-key.pem"), encoding: .utf8),
        certificatePEM: try String(contentsOf: demoSeeds.appendingPathComponent("demo-ca-cert.pem"), encoding: .utf8))
}

/// Evidence from an in-process demo card (auth PIN 1234).
func demoEvidence(_ stem: String) throws -> JPKIAuthenticator.CardEvidence {
    try JPKIAuthenticator.collectEvidence(transport: demoCard(stem).transport, pin: CardPIN("1234"))
}

/// Now, in whole seconds (a CRL's times have no fractions).
func wholeSecondsNow() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }

@Suite struct RevocationListTests {
    let ca: ProfileMaker.CertificateAuthority
    let caCertificate: Certificate

    init() throws {
        ca = try demoCA()
        caCertificate = try Certificate(pemEncoded: ca.certificatePEM)
    }

    func serial(_ stem: String) throws -> Certificate.SerialNumber {
        try ProfileMaker.authCertificateSerial(of: demoProfile(stem))
    }

    func authenticator(revoking serials: [Certificate.SerialNumber], from thisUpdate: Date = wholeSecondsNow().addingTimeInterval(-3600),
                       to nextUpdate: Date = wholeSecondsNow().addingTimeInterval(86_400)) throws -> JPKIAuthenticator {
        let document = try ProfileMaker.makeCRL(ca: ca, revokedSerials: serials, thisUpdate: thisUpdate, nextUpdate: nextUpdate)
        return try JPKIAuthenticator(caCertificate: caCertificate, revocationList: RevocationList(derEncoded: document.derBytes))
    }

    @Test func theCommittedDemoCRLRefusesTheRevokedCardOnly() async throws {
        let authenticator = try JPKIAuthenticator(
            caCertificateFile: demoSeeds.appendingPathComponent("demo-ca-cert.pem").path,
            revocationListFile: demoSeeds.appendingPathComponent("demo-crl.pem").path)
        await #expect(throws: JPKIAuthenticationError.certificateRevoked) {
            try await authenticator.verify(demoEvidence("yodoyabashi-kenichi-revoked"), at: Date())
        }
        for stem in ["takahashi-sakiko", "katsuragi-taro", "nakanoshima-midori"] {
            _ = try await authenticator.verify(demoEvidence(stem), at: Date())
        }
        // Without the list the revoked card's certificate is an ordinary valid one: only the list refused it.
        _ = try await JPKIAuthenticator(caCertificate: caCertificate).verify(demoEvidence("yodoyabashi-kenichi-revoked"), at: Date())
        // The committed list stays usable for years (renew it with make-crl, see seeds/demo/README.md).
        let list = try #require(authenticator.revocationList)
        #expect(try #require(list.nextUpdate) > Date().addingTimeInterval(5 * 365 * 86_400))
        #expect(list.entries.map(\.serialNumber) == [Array(try serial("yodoyabashi-kenichi-revoked").bytes.drop { $0 == 0 })])
    }

    @Test func aListedSerialIsRefusedAndAnUnlistedOneAccepted() async throws {
        let authenticator = try authenticator(revoking: [try serial("takahashi-sakiko")])
        await #expect(throws: JPKIAuthenticationError.certificateRevoked) {
            try await authenticator.verify(demoEvidence("takahashi-sakiko"), at: Date())
        }
        let accepted = try await authenticator.verify(demoEvidence("katsuragi-taro"), at: Date())
        #expect(accepted.serialNumber == (try serial("katsuragi-taro")).bytes.hexString())
        // An empty list (no revokedCertificates field at all) refuses nobody.
        _ = try await self.authenticator(revoking: []).verify(demoEvidence("takahashi-sakiko"), at: Date())
    }

    @Test func aListFromAnotherCAIsRefused() throws {
        let list: (ProfileMaker.CertificateAuthority) throws -> RevocationList = { issuer in
            try RevocationList(derEncoded: ProfileMaker.makeCRL(ca: issuer, revokedSerials: [try serial("takahashi-sakiko")]).derBytes)
        }
        // Another CA's name, and a CA with the demo CA's very name but another key.
        let otherName = try list(ProfileMaker.makeCA(commonName: "Other CA"))
        let sameName = try list(ProfileMaker.makeCA())
        #expect(sameName.issuer == caCertificate.subject)
        #expect(throws: RevocationListError.issuerMismatch) { try otherName.checkSignature(issuedBy: caCertificate) }
        #expect(throws: RevocationListError.badSignature) { try sameName.checkSignature(issuedBy: caCertificate) }
        for refused in [otherName, sameName] {
            #expect(throws: JPKIAuthenticationError.revocationListNotFromCA) {
                try JPKIAuthenticator(caCertificate: caCertificate, revocationList: refused)
            }
        }
        // A flipped bit in the signed part breaks the demo CA's own signature too.
        var der = try ProfileMaker.makeCRL(ca: ca, revokedSerials: [try serial("takahashi-sakiko")]).derBytes
        let serialBytes = try serial("takahashi-sakiko").bytes
        let at = try #require(der.firstRange(of: Array(serialBytes)))
        der[at.lowerBound] ^= 0x01
        #expect(throws: RevocationListError.badSignature) { try RevocationList(derEncoded: der).checkSignature(issuedBy: caCertificate) }
    }

    @Test func anOutdatedListIsRefused() async throws {
        let now = wholeSecondsNow()
        let authenticator = try authenticator(revoking: [try serial("takahashi-sakiko")],
                                              from: now.addingTimeInterval(-20 * 86_400), to: now.addingTimeInterval(-86_400))
        for stem in ["katsuragi-taro", "takahashi-sakiko"] {
            await #expect(throws: JPKIAuthenticationError.revocationListOutdated) {
                try await authenticator.verify(demoEvidence(stem), at: now)
            }
        }
        // The same list at a time inside its period: only the date refused it.
        _ = try await authenticator.verify(demoEvidence("katsuragi-taro"), at: now.addingTimeInterval(-2 * 86_400))
        // nextUpdate itself is still current, a second later is not.
        let list = try #require(authenticator.revocationList)
        try list.checkCurrent(at: now.addingTimeInterval(-86_400))
        #expect(throws: RevocationListError.outdated) { try list.checkCurrent(at: now.addingTimeInterval(-86_399)) }
    }

    @Test func aListIssuedInTheFutureIsRefused() async throws {
        let now = wholeSecondsNow()
        let authenticator = try authenticator(revoking: [], from: now.addingTimeInterval(86_400), to: now.addingTimeInterval(30 * 86_400))
        await #expect(throws: JPKIAuthenticationError.revocationListNotYetValid) {
            try await authenticator.verify(demoEvidence("katsuragi-taro"), at: now)
        }
        _ = try await authenticator.verify(demoEvidence("katsuragi-taro"), at: now.addingTimeInterval(2 * 86_400))
    }

    @Test func garbageAndTruncatedInputIsATypedError() throws {
        let der = try ProfileMaker.makeCRL(ca: ca, revokedSerials: [try serial("takahashi-sakiko")]).derBytes
        _ = try RevocationList(derEncoded: der)
        for length in 0..<der.count {
            #expect(throws: RevocationListError.malformed, "prefix \(length)") { try RevocationList(derEncoded: Array(der.prefix(length))) }
        }
        var random = SplitMix64(seed: 0x43524C)
        for round in 0..<200 {
            let count = Int(random.next() % 600)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            if round % 2 == 0, !bytes.isEmpty { bytes[0] = 0x30 }  // looks like DER
            #expect(throws: RevocationListError.self) { try RevocationList(data: Data(bytes)) }
        }
        // Text that is not a CRL, a certificate's PEM and a CRL label over garbage.
        #expect(throws: RevocationListError.malformed) { try RevocationList(data: Data("not a list".utf8)) }
        #expect(throws: RevocationListError.malformed) { try RevocationList(data: Data(ca.certificatePEM.utf8)) }
        #expect(throws: RevocationListError.malformed) {
            try RevocationList(data: Data("-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n".utf8))
        }
        // A certificate's DER parses as DER but is no CRL.
        #expect(throws: RevocationListError.self) { try RevocationList(derEncoded: Array(try Certificate(pemEncoded: ca.certificatePEM).serializeAsPEM().derBytes)) }
        #expect(throws: RevocationListError.fileUnreadable) { try RevocationList(contentsOfFile: "/nonexistent/crl.pem") }
        #expect(throws: JPKIAuthenticationError.revocationListUnreadable("/nonexistent/crl.pem")) {
            try JPKIAuthenticator(caCertificateFile: demoSeeds.appendingPathComponent("demo-ca-cert.pem").path,
                                  revocationListFile: "/nonexistent/crl.pem")
        }
    }

    @Test func anOversizeFileIsRefusedUnread() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("oversize-\(UUID().uuidString).crl")
        defer { try? FileManager.default.removeItem(at: file) }
        var data = Data(try ProfileMaker.makeCRL(ca: ca, revokedSerials: []).derBytes)
        data.append(Data(count: RevocationList.maximumSize + 1 - data.count))
        try data.write(to: file)
        #expect(throws: RevocationListError.tooLarge) { try RevocationList(contentsOfFile: file.path) }
        #expect(throws: RevocationListError.tooLarge) { try RevocationList(data: data) }
        #expect(throws: JPKIAuthenticationError.revocationListUnreadable(file.path)) {
            try JPKIAuthenticator(caCertificateFile: demoSeeds.appendingPathComponent("demo-ca-cert.pem").path, revocationListFile: file.path)
        }
    }

    @Test func tooManyEntriesAreRefused() throws {
        // The limit is checked while the entries are read; a small limit keeps the test fast.
        let serials = (1...101).map { Certificate.SerialNumber($0) }
        let der = try ProfileMaker.makeCRL(ca: ca, revokedSerials: serials).derBytes
        #expect(throws: RevocationListError.tooManyEntries) { try RevocationList(derEncoded: der, maximumEntries: 100) }
        let most = try ProfileMaker.makeCRL(ca: ca, revokedSerials: Array(serials.dropLast())).derBytes
        #expect(try RevocationList(derEncoded: most, maximumEntries: 100).entries.count == 100)
        // The real limit fits the file bound: that many of the smallest entries (20 bytes each) stay under 8 MiB.
        #expect(RevocationList.maximumEntries * 20 < RevocationList.maximumSize)
    }

    @Test func pemAndDERParseToTheSameList() throws {
        let thisUpdate = wholeSecondsNow().addingTimeInterval(-60)
        let nextUpdate = thisUpdate.addingTimeInterval(7 * 86_400)
        // A serial with the top bit set (a leading zero in DER), a short one and a 20-byte one.
        let serials = [try serial("takahashi-sakiko"), Certificate.SerialNumber(bytes: [0x80, 0x01]), Certificate.SerialNumber(7)]
        let document = try ProfileMaker.makeCRL(ca: ca, revokedSerials: serials, thisUpdate: thisUpdate, nextUpdate: nextUpdate, number: 42)
        let fromPEM = try RevocationList(data: Data(document.pemString.utf8))
        let fromDER = try RevocationList(data: Data(document.derBytes))
        #expect(fromPEM == fromDER)
        #expect(fromDER.issuer == caCertificate.subject)
        #expect(fromDER.thisUpdate == thisUpdate)
        #expect(fromDER.nextUpdate == nextUpdate)
        #expect(fromDER.entries.map(\.serialNumber) == [Array(serials[0].bytes.drop { $0 == 0 }), [0x80, 0x01], [7]])
        #expect(fromDER.entries.allSatisfy { $0.revocationDate == thisUpdate })
        #expect(fromDER.extensionIdentifiers == [[2, 5, 29, 20]])  // cRLNumber, noted, not interpreted
        try fromDER.verify(issuedBy: caCertificate, at: thisUpdate)
        #expect(serials.allSatisfy(fromDER.isRevoked))
        #expect(!fromDER.isRevoked(Certificate.SerialNumber(8)))
        // Dates outside UTCTime's range (1950–2049) go as GeneralizedTime and read back the same.
        let far = try RevocationList(derEncoded: ProfileMaker.makeCRL(
            ca: ca, revokedSerials: [], thisUpdate: thisUpdate, nextUpdate: Date(timeIntervalSince1970: 2_556_143_999 + 86_400)).derBytes)
        #expect(far.nextUpdate == Date(timeIntervalSince1970: 2_556_143_999 + 86_400))
    }

    /// 200 random lists over the four demo cards and random other serials: exactly the listed cards are refused.
    @Test func exactlyTheListedCertificatesAreRefused() async throws {
        let stems = ["takahashi-sakiko", "katsuragi-taro", "nakanoshima-midori", "yodoyabashi-kenichi-revoked"]
        let cards = try stems.map { stem in (stem: stem, serial: try serial(stem), evidence: try demoEvidence(stem)) }
        let time = wholeSecondsNow()
        var random = SplitMix64(seed: 0x5345_5249_414C)
        for round in 0..<200 {
            let listed = cards.filter { _ in random.next() % 2 == 0 }
            var serials = listed.map(\.serial)
            for _ in 0..<Int(random.next() % 8) {
                let length = 1 + Int(random.next() % 20)
                serials.append(Certificate.SerialNumber(bytes: (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }))
            }
            serials.shuffle(using: &random)
            let authenticator = try authenticator(revoking: serials, from: time.addingTimeInterval(-60), to: time.addingTimeInterval(60))
            let list = try #require(authenticator.revocationList)
            #expect(Set(list.entries.map(\.serialNumber)).count == Set(serials.map { Array($0.bytes.drop { $0 == 0 }) }).count)
            for card in cards {
                let isListed = listed.contains { $0.stem == card.stem }
                do {
                    _ = try await authenticator.verify(card.evidence, at: time)
                    #expect(!isListed, "round \(round): \(card.stem) listed but accepted")
                } catch {
                    #expect(isListed && error == .certificateRevoked, "round \(round): \(card.stem) refused with \(error)")
                }
            }
        }
    }

    @Test func newRefusalsHaveStableEventKindsAndJapaneseMessages() {
        let cases: [(JPKIAuthenticationError, String)] = [
            (.certificateRevoked, "jpki.certificateRevoked"), (.revocationListUnreadable("x"), "jpki.revocationListUnreadable"),
            (.revocationListNotFromCA, "jpki.revocationListNotFromCA"), (.revocationListOutdated, "jpki.revocationListOutdated"),
            (.revocationListNotYetValid, "jpki.revocationListNotYetValid"),
        ]
        for (error, kind) in cases {
            #expect(error.eventErrorKind == kind)
            #expect(!error.userMessage.contains("x") && !error.userMessage.contains("Revocation"))
        }
        #expect(JPKIAuthenticationError.certificateRevoked.userMessage.contains("失効"))
        #expect(JPKIAuthenticationError.certificateRevoked.userMessage.contains("窓口"))
    }
}

/// openssl, an outside implementation, reads and verifies the lists we write.
@Suite struct RevocationListOpenSSLTests {
    func openssl(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func opensslParsesAndVerifiesTheDemoCRL() throws {
        let crl = demoSeeds.appendingPathComponent("demo-crl.pem").path
        let ca = demoSeeds.appendingPathComponent("demo-ca-cert.pem").path
        let text = try openssl(["crl", "-in", crl, "-noout", "-text"])
        #expect(text.status == 0, "\(text.output)")
        #expect(text.output.contains("Version 2 (0x1)"))
        #expect(text.output.contains("sha256WithRSAEncryption"))
        let serial = try ProfileMaker.authCertificateSerial(of: demoProfile("yodoyabashi-kenichi-revoked")).bytes.hexString()
        #expect(text.output.contains("Serial Number: \(serial)"))
        let verified = try openssl(["crl", "-in", crl, "-CAfile", ca, "-noout"])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("verify OK"))
    }

    @Test func opensslVerifiesAFreshListAndRefusesAnotherCAs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crl-openssl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let serials = [Certificate.SerialNumber(bytes: [0x80, 0x01]), Certificate.SerialNumber(bytes: [0x12, 0x34, 0x56])]
        let crl = folder.appendingPathComponent("crl.pem")
        try Data(ProfileMaker.makeCRL(ca: demoCA(), revokedSerials: serials).pemString.utf8).write(to: crl)
        let text = try openssl(["crl", "-in", crl.path, "-noout", "-text"])
        #expect(text.output.contains("Serial Number: 8001") && text.output.contains("Serial Number: 123456"), "\(text.output)")
        let ca = demoSeeds.appendingPathComponent("demo-ca-cert.pem").path
        #expect(try openssl(["crl", "-in", crl.path, "-CAfile", ca, "-noout"]).output.contains("verify OK"))
        // Signed by a CA with the demo CA's name but another key: openssl refuses it as we do.
        let impostor = folder.appendingPathComponent("impostor.pem")
        try Data(ProfileMaker.makeCRL(ca: ProfileMaker.makeCA(), revokedSerials: serials).pemString.utf8).write(to: impostor)
        #expect(!(try openssl(["crl", "-in", impostor.path, "-CAfile", ca, "-noout"]).output.contains("verify OK")))
        // DER from `openssl crl -outform DER` parses to the same list.
        let der = folder.appendingPathComponent("crl.der")
        #expect(try openssl(["crl", "-in", crl.path, "-outform", "DER", "-out", der.path]).status == 0)
        #expect(try RevocationList(contentsOfFile: der.path) == RevocationList(contentsOfFile: crl.path))
    }
}
