import Foundation

/// What a certificate page's verification code signs: its 発行番号 and its key content as ordered fields.
///
/// The caller (the issuance) decides which fields a certificate kind carries and in which order; the seal
/// keeps them exactly as given. Texts are never Unicode-normalized: 髙, 﨑 and 葛󠄀 (葛 + U+E0100) are signed
/// and verified as the bytes given. The canonical bytes are written down in `docs/verification.md`.
public struct SealedContent: Equatable, Sendable {
    /// One signed item: an ASCII key (`name`, `birth`, `kind` …) and its text as printed.
    public struct Field: Equatable, Sendable {
        /// The field's key: 1 to 32 of `a`–`z`, `0`–`9`, `.`, `_`, `-`.
        public var key: String
        /// The field's text, exactly as printed (at most 512 bytes of UTF-8).
        public var value: String

        /// A field with `key` and `value` (checked when encoded).
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }

        /// Equal when the bytes are: Swift's `==` on strings would take 神 U+FA19 for 神 U+795E.
        public static func == (lhs: Field, rhs: Field) -> Bool {
            lhs.key.utf8.elementsEqual(rhs.key.utf8) && lhs.value.utf8.elementsEqual(rhs.value.utf8)
        }
    }

    /// The 発行番号 of the copy and page (`20260512 大阪市北区 本庁1 プリンタ001 011 1/2`).
    public var issueNumber: String
    /// The signed fields, in the order they are encoded and shown.
    public var fields: [Field]

    /// Content with its 発行番号 and fields (checked when encoded).
    public init(issueNumber: String, fields: [Field]) {
        self.issueNumber = issueNumber
        self.fields = fields
    }

    /// Equal when the 発行番号 and every field are byte for byte (never by Unicode equivalence).
    public static func == (lhs: SealedContent, rhs: SealedContent) -> Bool {
        lhs.issueNumber.utf8.elementsEqual(rhs.issueNumber.utf8) && lhs.fields == rhs.fields
    }

    /// The value of the first field named `key`.
    public subscript(key: String) -> String? {
        fields.first { $0.key == key }?.value
    }
}

/// The bounds of sealed content, so every code fits one QR code at error-correction level M.
public enum SealLimits {
    /// The encoding's version byte (the first byte of every payload).
    public static let version: UInt8 = 1
    /// The longest 発行番号, in UTF-8 bytes.
    public static let issueNumberBytes = 128
    /// The longest field key, in ASCII characters.
    public static let keyBytes = 32
    /// The longest field value, in UTF-8 bytes.
    public static let valueBytes = 512
    /// The most fields one code carries.
    public static let fields = 40
    /// The longest payload (encoding without the signature), in bytes: the code text is then at most
    /// 1,691 characters, which libqrencode fits in one QR code at level M (measured in the tests).
    public static let payloadBytes = 1_200
    /// The length of the key fingerprint carried in the payload.
    public static let fingerprintBytes = 8
}

/// The canonical byte encoding of ``SealedContent`` (`docs/verification.md`, "Payload").
///
/// ```
/// u8   version = 1
/// 8    fingerprint of the signing public key (SHA-256(public key)[0..<8])
/// u8   length of the 発行番号 in bytes, then its UTF-8
/// u8   number of fields
/// each field: u8 key length, ASCII key, u16 big-endian value length, UTF-8 value
/// ```
public enum CanonicalEncoding {
    /// The payload for `content` signed by the key with `fingerprint`, or the first rule it breaks.
    public static func encode(_ content: SealedContent, fingerprint: [UInt8]) throws(SealContentError) -> [UInt8] {
        precondition(fingerprint.count == SealLimits.fingerprintBytes, "a fingerprint is 8 bytes")
        let number = Array(content.issueNumber.utf8)
        guard !number.isEmpty, number.count <= SealLimits.issueNumberBytes else { throw .issueNumberLength(number.count) }
        guard content.fields.count <= SealLimits.fields else { throw .tooManyFields(content.fields.count) }
        var bytes: [UInt8] = [SealLimits.version]
        bytes += fingerprint
        bytes.append(UInt8(number.count))
        bytes += number
        bytes.append(UInt8(content.fields.count))
        for (index, field) in content.fields.enumerated() {
            let key = Array(field.key.utf8)
            guard isValidKey(key) else { throw .badKey(index: index) }
            let value = Array(field.value.utf8)
            guard value.count <= SealLimits.valueBytes else { throw .valueTooLong(key: field.key, bytes: value.count) }
            bytes.append(UInt8(key.count))
            bytes += key
            bytes.append(UInt8(value.count >> 8))
            bytes.append(UInt8(value.count & 0xFF))
            bytes += value
        }
        guard bytes.count <= SealLimits.payloadBytes else { throw .payloadTooLong(bytes.count) }
        return bytes
    }

    /// The content and fingerprint a payload holds, and how many bytes it took (the signature follows).
    ///
    /// Strict: every length is checked against the bounds and the bytes left, keys must be valid and
    /// values valid UTF-8, so one byte sequence decodes to one content only.
    public static func decode(_ bytes: [UInt8]) throws(CodeFailure) -> (content: SealedContent, fingerprint: [UInt8], length: Int) {
        var reader = ByteReader(bytes: bytes)
        guard let version = reader.byte() else { throw .truncated }
        guard version == SealLimits.version else { throw .unsupportedVersion(version) }
        guard let fingerprint = reader.bytes(SealLimits.fingerprintBytes) else { throw .truncated }
        guard let numberLength = reader.byte() else { throw .truncated }
        guard numberLength > 0, Int(numberLength) <= SealLimits.issueNumberBytes else { throw .malformed }
        guard let numberBytes = reader.bytes(Int(numberLength)) else { throw .truncated }
        guard let number = String(validating: numberBytes, as: UTF8.self) else { throw .malformed }
        guard let count = reader.byte() else { throw .truncated }
        guard Int(count) <= SealLimits.fields else { throw .malformed }
        var fields: [SealedContent.Field] = []
        for _ in 0..<count {
            guard let keyLength = reader.byte() else { throw .truncated }
            guard let key = reader.bytes(Int(keyLength)) else { throw .truncated }
            guard isValidKey(key) else { throw .malformed }
            guard let high = reader.byte(), let low = reader.byte() else { throw .truncated }
            let valueLength = Int(high) << 8 | Int(low)
            guard valueLength <= SealLimits.valueBytes else { throw .malformed }
            guard let valueBytes = reader.bytes(valueLength) else { throw .truncated }
            guard let value = String(validating: valueBytes, as: UTF8.self) else { throw .malformed }
            fields.append(.init(String(decoding: key, as: UTF8.self), value))
        }
        guard reader.offset <= SealLimits.payloadBytes else { throw .malformed }
        return (SealedContent(issueNumber: number, fields: fields), fingerprint, reader.offset)
    }

    /// True for 1 to 32 of `a`–`z`, `0`–`9`, `.`, `_`, `-`.
    static func isValidKey(_ key: [UInt8]) -> Bool {
        (1...SealLimits.keyBytes).contains(key.count) && key.allSatisfy { byte in
            (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
    }
}

/// Reads a byte array front to back; nil when the bytes run out.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func byte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, bytes.count - offset >= count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }
}
