import Crypto
import Foundation

/// The outcome of checking a verification code: the content it carries, and valid or why not.
public enum VerificationResult: Equatable, Sendable {
    /// The signature is this installation's over exactly this content.
    case valid(SealedContent)
    /// Not valid; `content` is what the code claims when it could be decoded (shown, never trusted).
    case invalid(CodeFailure, content: SealedContent?)

    /// True for ``valid(_:)``.
    public var isValid: Bool {
        if case .valid = self { return true }
        return false
    }

    /// The decoded content, valid or not (nil when nothing could be decoded).
    public var content: SealedContent? {
        switch self {
        case .valid(let content): content
        case .invalid(_, let content): content
        }
    }

    /// Why the code is not valid (nil when it is).
    public var failure: CodeFailure? {
        if case .invalid(let failure, _) = self { return failure }
        return nil
    }
}

/// The verification code text of a certificate page: `CNT1:` + base64url (no padding) of
/// the payload (``CanonicalEncoding``) followed by its 64-byte Ed25519 signature.
///
/// Only ASCII letters, digits, `-`, `_` and `:`, so any QR reader app returns it unchanged and it can be
/// typed or pasted into `counter certificate verify --code`.
public enum VerificationCode {
    /// The text every code starts with (format version 1).
    public static let prefix = "CNT1:"
    /// The signature's length in bytes.
    public static let signatureBytes = 64

    /// The code for `content` signed with `key`, or the bound the content breaks.
    public static func make(_ content: SealedContent, key: SealKey) throws(SealContentError) -> String {
        let payload = try CanonicalEncoding.encode(content, fingerprint: key.publicKey.fingerprint)
        let signature: [UInt8]
        do {
            signature = try key.sign(payload)
        } catch {
            throw .signingFailed
        }
        return prefix + Base64URL.encode(payload + signature)
    }

    /// Checks `text` (spaces and line breaks at either end are ignored) against `publicKey`.
    ///
    /// Each way of failing has its own ``CodeFailure``: not a code of ours, malformed, truncated, an
    /// unknown version, another installation's key, or a signature that does not match (tampered).
    public static func verify(_ text: String, publicKey: SealPublicKey) -> VerificationResult {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(prefix) else { return .invalid(.notOurCode, content: nil) }
        let body = trimmed.dropFirst(prefix.count)
        guard let (bytes, canonical) = Base64URL.decode(body) else { return .invalid(.malformed, content: nil) }
        let decoded: (content: SealedContent, fingerprint: [UInt8], length: Int)
        do {
            decoded = try CanonicalEncoding.decode(bytes)
        } catch {
            return .invalid(error, content: nil)
        }
        let signatureCount = bytes.count - decoded.length
        if signatureCount < signatureBytes { return .invalid(.truncated, content: decoded.content) }
        // A cut code shows as a short signature; only a complete one can be judged non-canonical.
        if signatureCount > signatureBytes || !canonical { return .invalid(.malformed, content: decoded.content) }
        guard decoded.fingerprint == publicKey.fingerprint else {
            return .invalid(.otherInstallation(fingerprint: SealPublicKey.fingerprintText(decoded.fingerprint)),
                            content: decoded.content)
        }
        let payload = bytes[0..<decoded.length]
        let signature = bytes[decoded.length...]
        guard publicKey.key.isValidSignature(Data(signature), for: Data(payload)) else {
            return .invalid(.tampered, content: decoded.content)
        }
        return .valid(decoded.content)
    }
}

/// base64url without padding (RFC 4648 §5), strict: any other character is refused.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            index += 3
        }
        switch bytes.count - index {
        case 1:
            let n = UInt32(bytes[index]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)]]
        case 2:
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)]]
        default:
            break
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of `text` and whether it was canonical (no stray character past a group of four, zero
    /// padding bits); nil for a character outside the alphabet. The leftover bits of a text cut short are
    /// dropped, so a cut code decodes to its first bytes and is then reported as truncated.
    static func decode(_ text: Substring) -> (bytes: [UInt8], canonical: Bool)? {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A: values.append(byte - 0x41)
            case 0x61...0x7A: values.append(byte - 0x61 + 26)
            case 0x30...0x39: values.append(byte - 0x30 + 52)
            case 0x2D: values.append(62)
            case 0x5F: values.append(63)
            default: return nil
            }
        }
        var canonical = true
        if values.count % 4 == 1 {
            values.removeLast()
            canonical = false
        }
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 3 / 4)
        var index = 0
        while index + 4 <= values.count {
            let n = UInt32(values[index]) << 18 | UInt32(values[index + 1]) << 12 | UInt32(values[index + 2]) << 6 | UInt32(values[index + 3])
            out += [UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
            index += 4
        }
        switch values.count - index {
        case 2:
            if values[index + 1] & 0x0F != 0 { canonical = false }
            out.append(values[index] << 2 | values[index + 1] >> 4)
        case 3:
            if values[index + 2] & 0x03 != 0 { canonical = false }
            let n = UInt32(values[index]) << 18 | UInt32(values[index + 1]) << 12 | UInt32(values[index + 2]) << 6
            out += [UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF)]
        default:
            break
        }
        return (out, canonical)
    }
}
