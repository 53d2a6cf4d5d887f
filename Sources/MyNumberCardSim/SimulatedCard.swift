import _CryptoExtras
import Crypto
import Foundation
import MyNumberReader
import SwiftASN1
import Synchronization
import X509

/// A My Number card model that answers APDUs as the card does: the card-info application and the JPKI
/// application, PIN counters, security status and the status words of the real card.
///
/// The same model serves the in-process ``SimulatedCardTransport`` (unit tests) and the vpcd
/// connection of `mynumber-card-sim serve`.
public final class SimulatedCard: Sendable {
    /// Extra answer styles that real readers meet on some cards (T=0), to exercise a reader.
    public struct AnswerStyle: OptionSet, Sendable {
        /// The option bits.
        public let rawValue: Int
        /// Creates a set of styles from option bits.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Answer data-bearing responses with `61 xx`, served by GET RESPONSE.
        public static let moreData = AnswerStyle(rawValue: 1)
        /// Answer READ BINARY asking for more than is left with `6C xx` (the exact length).
        public static let exactLength = AnswerStyle(rawValue: 2)
        /// Be some other card: neither My Number application exists (every SELECT by AID answers `6A 82`).
        public static let foreignCard = AnswerStyle(rawValue: 4)
    }

    /// Which application is selected.
    enum Application: String, Sendable {
        case cardInfo = "cardinfo"
        case jpki = "jpki"
    }

    struct State: Sendable {
        var profile: CardProfile
        var application: Application?
        var file: UInt16?
        var verified: Set<UInt16> = []
        var pending: [UInt8] = []
    }

    private let state: Mutex<State>
    private let files: [Application: [UInt16: FileContent]]
    private let authKey: _RSA.BlindSigning.PrivateKey<SHA384>
    private let style: AnswerStyle
    private let persist: (@Sendable (CardProfile) -> Void)?
    private let traceSink: (@Sendable (String) -> Void)?

    /// An EF: bytes readable once the given PIN EF (if any) is verified, or a PIN, or a key.
    enum FileContent: Sendable {
        case binary([UInt8], requiresPIN: UInt16?)
        case pin(UInt16)
        case key(requiresPIN: UInt16)
    }

    /// Builds a card from a profile.
    ///
    /// - Parameters:
    ///   - style: extra answer styles (`61 xx`/`6C xx`) to exercise readers.
    ///   - persist: called with the profile whenever a try counter changes (to save it).
    ///   - trace: receives one line per APDU (application, file, INS, status; never VERIFY data).
    ///   - basicInfoFile: bytes to serve as the basic-4-info file instead of the profile's holder encoded
    ///     as the card does, to model a damaged card.
    public init(profile: CardProfile, style: AnswerStyle = [], persist: (@Sendable (CardProfile) -> Void)? = nil,
                trace: (@Sendable (String) -> Void)? = nil, basicInfoFile: [UInt8]? = nil) throws {
        authKey = try _RSA.BlindSigning.PrivateKey<SHA384>(pemRepresentation: profile.authPrivateKeyPEM)
        let certificate = try Self.der(pem: profile.authCertificatePEM)
        let caCertificate = try Self.der(pem: profile.caCertificatePEM)
        let label = Array(JPKIApplication.tokenLabel.utf8)
        let cardInfoPIN = CardInfoApplication.pinFile
        let authPIN = JPKIApplication.authPINFile
        files = [
            .cardInfo: [
                cardInfoPIN: .pin(cardInfoPIN),
                SimulatorOnlyFile.individualNumber: .binary(
                    BERTLV.encode(tag: 0xFF10, value: BERTLV.encode(tag: 0xDF11, value: Array("000000000000".utf8))),
                    requiresPIN: cardInfoPIN),
                CardInfoApplication.basicInfoFile: .binary(basicInfoFile ?? BasicInfoFile.encode(profile.holder),
                                                          requiresPIN: cardInfoPIN),
            ],
            .jpki: [
                JPKIApplication.tokenInfoFile: .binary(label + [UInt8](repeating: 0x20, count: 32 - label.count), requiresPIN: nil),
                JPKIApplication.authCertificateFile: .binary(certificate, requiresPIN: nil),
                JPKIApplication.authCAFile: .binary(caCertificate, requiresPIN: nil),
                SimulatorOnlyFile.signingCertificate: .binary(certificate, requiresPIN: SimulatorOnlyFile.signingPassword),
                SimulatorOnlyFile.signingCACertificate: .binary(caCertificate, requiresPIN: nil),
                authPIN: .pin(authPIN),
                SimulatorOnlyFile.signingPassword: .pin(SimulatorOnlyFile.signingPassword),
                JPKIApplication.authKeyFile: .key(requiresPIN: authPIN),
                SimulatorOnlyFile.signingKey: .key(requiresPIN: SimulatorOnlyFile.signingPassword),
            ],
        ]
        state = Mutex(State(profile: profile))
        self.style = style
        self.persist = persist
        traceSink = trace
    }

    /// The profile with the current try counters.
    public var profile: CardProfile { state.withLock { $0.profile } }

    /// Power off (or removal): the PIN verification, the selection and pending data are gone.
    public func powerOff() {
        state.withLock { state in
            state.application = nil
            state.file = nil
            state.verified = []
            state.pending = []
        }
    }

    /// Cold or warm reset: same effect on the security state as ``powerOff()``.
    public func reset() { powerOff() }

    /// Answers one command APDU (raw bytes) with the response bytes (data + SW1 SW2).
    public func process(_ bytes: [UInt8]) -> [UInt8] {
        guard let command = CommandAPDU(bytes: bytes) else { return StatusWord.wrongLength.bytes }
        let (response, line, changed) = state.withLock { state -> (ResponseAPDU, String, CardProfile?) in
            let before = state.profile
            var response = answer(command, &state)
            response = applyStyle(command, response, &state)
            let line = traceLine(command, response, state)
            return (response, line, state.profile == before ? nil : state.profile)
        }
        if let changed { persist?(changed) }
        traceSink?(line)
        return response.bytes
    }

    private func answer(_ command: CommandAPDU, _ state: inout State) -> ResponseAPDU {
        if command.ins != 0xC0 { state.pending = [] }
        switch (command.cla, command.ins) {
        case (0x00, 0xA4): return select(command, &state)
        case (0x00, 0x20): return verify(command, &state)
        case (0x00, 0xB0): return readBinary(command, state)
        case (0x80, 0x2A): return sign(command, state)
        case (0x00, 0xC0): return getResponse(command, &state)
        case (0x00, _), (0x80, _): return ResponseAPDU(status: .instructionNotSupported)
        default: return ResponseAPDU(status: .classNotSupported)
        }
    }

    private func select(_ command: CommandAPDU, _ state: inout State) -> ResponseAPDU {
        guard command.p2 == 0x0C || command.p2 == 0x00 else { return ResponseAPDU(status: .wrongParameters) }
        switch command.p1 {
        case 0x04:
            let application: Application? = switch command.data {
            case CardInfoApplication.aid: .cardInfo
            case JPKIApplication.aid: .jpki
            default: nil
            }
            guard let application, !style.contains(.foreignCard) else { return ResponseAPDU(status: .fileNotFound) }
            if state.application != application { state.verified = [] }
            state.application = application
            state.file = nil
            return ResponseAPDU(status: .success)
        case 0x02:
            guard command.data.count == 2 else { return ResponseAPDU(status: .wrongLength) }
            let id = UInt16(command.data[0]) << 8 | UInt16(command.data[1])
            guard let application = state.application, files[application]?[id] != nil else { return ResponseAPDU(status: .fileNotFound) }
            state.file = id
            return ResponseAPDU(status: .success)
        default:
            return ResponseAPDU(status: .wrongParameters)
        }
    }

    private func verify(_ command: CommandAPDU, _ state: inout State) -> ResponseAPDU {
        guard command.p1 == 0x00, command.p2 == 0x80 else { return ResponseAPDU(status: .wrongParameters) }
        guard let application = state.application, let id = state.file, case .pin = files[application]?[id] else {
            return ResponseAPDU(status: .commandNotAllowed)
        }
        let tries = state.profile.triesLeft(pin: id)
        guard tries > 0 else { return ResponseAPDU(status: .referenceDataBlocked) }
        if command.data.isEmpty { return ResponseAPDU(status: .triesLeft(tries)) }
        if let expected = state.profile.secret(pin: id), command.data == Array(expected.utf8) {
            state.profile.setTriesLeft(pin: id, CardProfile.maxTries(pin: id))
            state.verified.insert(id)
            return ResponseAPDU(status: .success)
        }
        state.verified.remove(id)
        state.profile.setTriesLeft(pin: id, tries - 1)
        return ResponseAPDU(status: .triesLeft(tries - 1))
    }

    private func readBinary(_ command: CommandAPDU, _ state: State) -> ResponseAPDU {
        guard let application = state.application, let id = state.file, let file = files[application]?[id],
              case .binary(let content, let requiredPIN) = file else { return ResponseAPDU(status: .commandNotAllowed) }
        if let requiredPIN, !state.verified.contains(requiredPIN) { return ResponseAPDU(status: .securityStatusNotSatisfied) }
        guard command.p1 < 0x80 else { return ResponseAPDU(status: .wrongParameters) }
        let offset = Int(command.p1) << 8 | Int(command.p2)
        guard offset < content.count else { return ResponseAPDU(status: .offsetOutOfRange) }
        let wanted = command.le ?? 256
        let available = content.count - offset
        if style.contains(.exactLength), wanted > available { return ResponseAPDU(status: .resendWithLength(available)) }
        return ResponseAPDU(data: Array(content[offset..<(offset + min(wanted, available))]), status: .success)
    }

    private func sign(_ command: CommandAPDU, _ state: State) -> ResponseAPDU {
        guard command.p1 == 0x00, command.p2 == 0x80 else { return ResponseAPDU(status: .wrongParameters) }
        guard let application = state.application, let id = state.file, let file = files[application]?[id],
              case .key(let requiredPIN) = file else { return ResponseAPDU(status: .conditionsNotSatisfied) }
        guard state.verified.contains(requiredPIN), id == JPKIApplication.authKeyFile else { return ResponseAPDU(status: .securityStatusNotSatisfied) }
        let size = authKey.keySizeInBits / 8
        guard !command.data.isEmpty, command.data.count <= size - 11 else { return ResponseAPDU(status: .wrongLength) }
        // PKCS#1 v1.5 type 1: 00 01 FF..FF 00 || data, then the raw RSA private-key operation.
        let padded = [0x00, 0x01] + [UInt8](repeating: 0xFF, count: size - 3 - command.data.count) + [0x00] + command.data
        guard let signature = try? authKey.blindSignature(for: padded) else { return ResponseAPDU(status: .conditionsNotSatisfied) }
        return ResponseAPDU(data: Array(signature.rawRepresentation), status: .success)
    }

    private func getResponse(_ command: CommandAPDU, _ state: inout State) -> ResponseAPDU {
        guard !state.pending.isEmpty else { return ResponseAPDU(status: .conditionsNotSatisfied) }
        let count = min(command.le ?? 256, state.pending.count)
        let data = Array(state.pending.prefix(count))
        state.pending.removeFirst(count)
        return ResponseAPDU(data: data, status: state.pending.isEmpty ? .success : .moreData(min(state.pending.count, 256)))
    }

    private func applyStyle(_ command: CommandAPDU, _ response: ResponseAPDU, _ state: inout State) -> ResponseAPDU {
        guard style.contains(.moreData), command.ins != 0xC0, response.status.isSuccess, !response.data.isEmpty else { return response }
        state.pending = response.data
        return ResponseAPDU(status: .moreData(min(response.data.count, 256)))
    }

    private func traceLine(_ command: CommandAPDU, _ response: ResponseAPDU, _ state: State) -> String {
        let file = state.file.map { [UInt8($0 >> 8), UInt8($0 & 0xFF)].hexString() }
        var parts = ["ap=\(state.application?.rawValue ?? "-")", "ef=\(file ?? "-")",
                     "ins=\([command.ins].hexString())", "p1p2=\([command.p1, command.p2].hexString())"]
        if command.ins == 0xA4 {
            parts.append("select=\(command.data.hexString())")
        } else if command.carriesSecret, !command.data.isEmpty {
            parts.append("data=<redacted \(command.data.count) bytes>")
        } else if !command.data.isEmpty {
            parts.append("lc=\(command.data.count)")
        }
        if let le = command.le { parts.append("le=\(le)") }
        parts.append("sw=\(response.status)")
        return parts.joined(separator: " ")
    }

    private static func der(pem: String) throws -> [UInt8] {
        let certificate = try Certificate(pemEncoded: pem)
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }
}

/// Files of the real card that the reader never uses (so MyNumberReader declares no constant for them);
/// the model has them so that it answers as the card does (OpenSC probes the signing files).
enum SimulatorOnlyFile {
    /// Card-info AP: the individual number (the reader must never select it).
    static let individualNumber: UInt16 = 0x0001
    /// JPKI AP: the signing certificate (behind the signing password).
    static let signingCertificate: UInt16 = 0x0001
    /// JPKI AP: the CA certificate of the signing certificate.
    static let signingCACertificate: UInt16 = 0x0002
    /// JPKI AP: the signing key.
    static let signingKey: UInt16 = 0x001A
    /// JPKI AP: the 6–16 character signing password (the profile does not know it).
    static let signingPassword: UInt16 = 0x001B
}

extension CardProfile {
    /// Tries left of a PIN EF.
    func triesLeft(pin id: UInt16) -> Int {
        switch id {
        case CardInfoApplication.pinFile: return cardInfoPINTriesLeft
        case JPKIApplication.authPINFile: return authPINTriesLeft
        default: return signingPasswordTriesLeft
        }
    }

    mutating func setTriesLeft(pin id: UInt16, _ value: Int) {
        switch id {
        case CardInfoApplication.pinFile: cardInfoPINTriesLeft = value
        case JPKIApplication.authPINFile: authPINTriesLeft = value
        default: signingPasswordTriesLeft = value
        }
    }

    /// The secret of a PIN EF; nil for the signing password, which the profile does not know.
    func secret(pin id: UInt16) -> String? {
        switch id {
        case CardInfoApplication.pinFile: return cardInfoPIN
        case JPKIApplication.authPINFile: return authPIN
        default: return nil
        }
    }

    static func maxTries(pin id: UInt16) -> Int {
        id == SimulatorOnlyFile.signingPassword ? signingPasswordTries : pinTries
    }
}
