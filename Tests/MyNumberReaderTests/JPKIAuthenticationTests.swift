import Crypto
import Foundation
import MyNumberCardSim
import Testing
import X509
@testable import MyNumberReader

@Suite struct JPKIAuthenticationTests {
    let caCertificate: Certificate

    init() throws {
        caCertificate = try Certificate(pemEncoded: String(contentsOf: demoSeeds.appendingPathComponent("demo-ca-cert.pem"), encoding: .utf8))
    }

    @Test func authenticationSucceedsWithTheRightCA() async throws {
        let (_, transport) = try demoCard("takahashi-sakiko")
        let evidence = try JPKIAuthenticator.collectEvidence(transport: transport, pin: CardPIN("1234"))
        let result = try await JPKIAuthenticator(caCertificate: caCertificate).verify(evidence, at: Date(timeIntervalSinceNow: 0))
        let certificate = try Certificate(derEncoded: evidence.certificateDER)
        #expect(result.serialNumber == certificate.serialNumber.bytes.hexString())
        #expect(result.subject.hasPrefix("CN=\(result.serialNumber)"))
        #expect(result.issuer.contains("DEMO"))
        #expect(evidence.signature.count == 256)
    }

    @Test func wrongAuthPINIsCounted() throws {
        let (card, transport) = try demoCard("takahashi-sakiko")
        #expect(throws: CardError.wrongPIN(triesLeft: 2)) {
            try JPKIAuthenticator.collectEvidence(transport: transport, pin: CardPIN("1111"))
        }
        #expect(try JPKIApplication(transport: transport).authPINTriesLeft() == 2)
        #expect(card.profile.cardInfoPINTriesLeft == 3)
    }

    @Test func signingNeedsTheAuthPIN() throws {
        let (_, transport) = try demoCard("takahashi-sakiko")
        let channel = CardChannel(transport)
        try channel.selectApplication(JPKIApplication.aid)
        try channel.selectFile(JPKIApplication.authKeyFile)
        #expect(throws: CardError.securityStatusNotSatisfied) {
            try channel.send(CommandAPDU(cla: 0x80, ins: 0x2A, p1: 0, p2: 0x80, data: JPKIApplication.sha256DigestInfo([UInt8](repeating: 1, count: 32)), le: 256))
        }
    }

    @Test func unknownCAIsRefused() async throws {
        let (_, transport) = try demoCard("takahashi-sakiko")
        let evidence = try JPKIAuthenticator.collectEvidence(transport: transport, pin: CardPIN("1234"))
        let otherCA = try Certificate(pemEncoded: ProfileMaker.makeCA(commonName: "Other CA").certificatePEM)
        await #expect(throws: JPKIAuthenticationError.unknownCertificateAuthority) {
            try await JPKIAuthenticator(caCertificate: otherCA).verify(evidence, at: Date(timeIntervalSinceNow: 0))
        }
    }

    @Test func expiredCertificateIsRefused() async throws {
        let caPEM = try ProfileMaker.makeCA(commonName: "Old CA", notBefore: Date().addingTimeInterval(-30 * 86_400))
        let oldCA = try Certificate(pemEncoded: caPEM.certificatePEM)
        let expired = try ProfileMaker.makeProfile(
            holder: demoProfile("takahashi-sakiko").holder, cardInfoPIN: "1234", authPIN: "1234", ca: caPEM,
            notBefore: Date().addingTimeInterval(-10 * 86_400), notAfter: Date().addingTimeInterval(-86_400))
        let transport = SimulatedCardTransport(card: try SimulatedCard(profile: expired))
        let evidence = try JPKIAuthenticator.collectEvidence(transport: transport, pin: CardPIN("1234"))
        await #expect(throws: JPKIAuthenticationError.certificateExpired) {
            try await JPKIAuthenticator(caCertificate: oldCA).verify(evidence, at: Date(timeIntervalSinceNow: 0))
        }
        // The same evidence is accepted at a time inside the validity period: only the date refused it.
        _ = try await JPKIAuthenticator(caCertificate: oldCA).verify(evidence, at: Date().addingTimeInterval(-5 * 86_400))
    }

    @Test func replayedSignatureFailsForAFreshChallenge() async throws {
        let (_, transport) = try demoCard("takahashi-sakiko")
        let first = try JPKIAuthenticator.collectEvidence(transport: transport, pin: CardPIN("1234"))
        var replay = first
        replay.challenge = JPKIAuthenticator.makeChallenge()
        #expect(replay.challenge != first.challenge)
        await #expect(throws: JPKIAuthenticationError.badSignature) {
            try await JPKIAuthenticator(caCertificate: caCertificate).verify(replay, at: Date(timeIntervalSinceNow: 0))
        }
    }

    @Test func forgedSignatureFails() async throws {
        let (_, transport) = try demoCard("takahashi-sakiko")
        var forged = try JPKIAuthenticator.collectEvidence(transport: transport, pin: CardPIN("1234"))
        forged.signature[100] ^= 0x01
        await #expect(throws: JPKIAuthenticationError.badSignature) {
            try await JPKIAuthenticator(caCertificate: caCertificate).verify(forged, at: Date(timeIntervalSinceNow: 0))
        }
        // Another card's certificate with this card's signature fails too.
        let (_, otherTransport) = try demoCard("katsuragi-taro")
        var swapped = try JPKIAuthenticator.collectEvidence(transport: transport, pin: CardPIN("1234"))
        swapped.certificateDER = try JPKIApplication(transport: otherTransport).readAuthCertificate()
        await #expect(throws: JPKIAuthenticationError.badSignature) {
            try await JPKIAuthenticator(caCertificate: caCertificate).verify(swapped, at: Date(timeIntervalSinceNow: 0))
        }
    }

    @Test(arguments: [KeyUsage(keyEncipherment: true), nil])
    func certificateWithoutDigitalSignatureUsageIsRefused(usage: KeyUsage?) async throws {
        let ca = try ProfileMaker.makeCA(commonName: "Usage CA")
        let authority = JPKIAuthenticator(caCertificate: try Certificate(pemEncoded: ca.certificatePEM))
        let holder = try demoProfile("takahashi-sakiko").holder
        let refused = try ProfileMaker.makeProfile(holder: holder, cardInfoPIN: "1234", authPIN: "1234", ca: ca, keyUsage: usage)
        let evidence = try JPKIAuthenticator.collectEvidence(
            transport: SimulatedCardTransport(card: try SimulatedCard(profile: refused)), pin: CardPIN("1234"))
        await #expect(throws: JPKIAuthenticationError.certificateNotForAuthentication) {
            try await authority.verify(evidence, at: Date(timeIntervalSinceNow: 0))
        }
        // The same CA and card model with a digitalSignature certificate pass: only the key usage refused it.
        let accepted = try ProfileMaker.makeProfile(holder: holder, cardInfoPIN: "1234", authPIN: "1234", ca: ca)
        _ = try await authority.verify(try JPKIAuthenticator.collectEvidence(
            transport: SimulatedCardTransport(card: try SimulatedCard(profile: accepted)), pin: CardPIN("1234")), at: Date(timeIntervalSinceNow: 0))
    }

    @Test func unreadableCAFileIsATypedError() {
        #expect(throws: JPKIAuthenticationError.caCertificateUnreadable("/nonexistent/ca.pem")) {
            try JPKIAuthenticator(caCertificateFile: "/nonexistent/ca.pem")
        }
    }
}
