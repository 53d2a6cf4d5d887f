@testable import CertificateSeal
import Foundation
import Testing

/// The canonical encoding byte for byte (the example of `docs/verification.md`) and its bounds.
@Suite("Canonical encoding of sealed content")
struct EncodingTests {
    /// The example payload of docs/verification.md, written out.
    static let examplePayload =
        "01" + "56475aa75463474c" // version 1, fingerprint of the public key of private key 00…1f
        // 発行番号, 56 bytes: "20260512 大阪市北区 本庁1 プリンタ001 011 1/1"
        + "38" + "3230323630353132" + "20" + "e5a4a7e998aae5b882e58c97e58cba" + "20" + "e69cace5ba8131" + "20"
        + "e38397e383aae383b3e382bf303031" + "20" + "303131" + "20" + "312f31"
        + "03" // three fields
        + "04" + "6b696e64" + "000e" + "6a756d696e68796f2d6b6f6a696e" // kind = juminhyo-kojin
        + "04" + "6e616d65" + "0013" + "e9ab99" + "efa891" + "e38080" + "e8919b" + "f3a08480" + "e5ad90" // name = 髙﨑　葛󠄀子
        + "05" + "6269727468" + "0013" + "e698ade5928c3530e5b9b431e69c8832e697a5" // birth = 昭和50年1月2日

    /// The example's full code (Ed25519 is deterministic), as Python's `cryptography` computed it independently.
    static let exampleCode = "CNT1:AVZHWqdUY0dMODIwMjYwNTEyIOWkp-mYquW4guWMl-WMuiDmnKzluoExIOODl-ODquODs-OCvzAwMSAwMTEgMS8xAwRraW5kAA5qdW1pbmh5by1rb2ppbgRuYW1lABPpq5nvqJHjgIDokZvzoISA5a2QBWJpcnRoABPmmK3lkow1MOW5tDHmnIgy5pelx3XgMIgw6L8UHTIKVvL_NHyMsQ1gQbSbMMHobzVse_IRrnAprxvUe3nuOH_XN8E4zzMh5zL7BbgAm6KNxb8RDQ"

    @Test("the example encodes to the bytes written out in the doc, and signs to the code Python computed")
    func knownAnswer() throws {
        let key = SealFixtures.key
        #expect(key.publicKey.base64 == "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=")
        #expect(SealFixtures.hex(key.publicKey.fingerprint) == "56475aa75463474c")
        #expect(key.publicKey.fingerprintText == "5647-5aa7-5463-474c")
        let payload = try CanonicalEncoding.encode(SealFixtures.example, fingerprint: key.publicKey.fingerprint)
        #expect(SealFixtures.hex(payload) == Self.examplePayload)
        #expect(payload.count == 141)
        #expect(try VerificationCode.make(SealFixtures.example, key: key) == Self.exampleCode)
    }

    @Test("decoding gives back the content exactly: no normalization of 髙, 﨑 or the IVS 葛󠄀")
    func byteExact() throws {
        let payload = try CanonicalEncoding.encode(SealFixtures.example, fingerprint: Array(repeating: 7, count: 8))
        let decoded = try CanonicalEncoding.decode(payload)
        #expect(decoded.length == payload.count)
        #expect(decoded.fingerprint == Array(repeating: 7, count: 8))
        let name = try #require(decoded.content["name"])
        #expect(name.unicodeScalars.map(\.value) == [0x9AD9, 0xFA11, 0x3000, 0x845B, 0xE0100, 0x5B50])
        #expect(Array(name.utf8) == Array(SealFixtures.example["name"]!.utf8))
        // NFC would turn U+FA11 into U+5D0E: the encoding must not. 神 U+FA19 likewise.
        let compatibility = SealedContent(issueNumber: "1", fields: [.init("name", "\u{FA19}")])
        let bytes = try CanonicalEncoding.encode(compatibility, fingerprint: Array(repeating: 0, count: 8))
        #expect(Array(bytes.suffix(3)) == [0xEF, 0xA8, 0x99])
    }

    @Test("the bounds: 発行番号 1–128 bytes, keys 1–32 of a-z0-9._-, values ≤ 512 bytes, ≤ 40 fields, payload ≤ 1,200 bytes")
    func bounds() throws {
        let fingerprint = [UInt8](repeating: 0, count: 8)
        func encode(_ number: String = "N", _ fields: [SealedContent.Field]) throws(SealContentError) {
            _ = try CanonicalEncoding.encode(SealedContent(issueNumber: number, fields: fields), fingerprint: fingerprint)
        }
        #expect(throws: SealContentError.issueNumberLength(0)) { try encode("", []) }
        #expect(throws: SealContentError.issueNumberLength(129)) { try encode(String(repeating: "1", count: 129), []) }
        try encode(String(repeating: "1", count: 128), [])
        #expect(throws: SealContentError.badKey(index: 1)) { try encode("N", [.init("a", ""), .init("Name", "x")]) }
        #expect(throws: SealContentError.badKey(index: 0)) { try encode("N", [.init("", "x")]) }
        #expect(throws: SealContentError.badKey(index: 0)) { try encode("N", [.init(String(repeating: "k", count: 33), "x")]) }
        #expect(throws: SealContentError.badKey(index: 0)) { try encode("N", [.init("氏名", "x")]) }
        try encode("N", [.init(String(repeating: "k", count: 32), String(repeating: "あ", count: 170))]) // 510 bytes
        #expect(throws: SealContentError.valueTooLong(key: "v", bytes: 513)) {
            try encode("N", [.init("v", String(repeating: "a", count: 513))])
        }
        #expect(throws: SealContentError.tooManyFields(41)) { try encode("N", (0..<41).map { .init("k\($0)", "") }) }
        try encode("N", (0..<40).map { .init("k\($0)", "") })
        #expect(throws: SealContentError.payloadTooLong(1_563)) {
            try encode("N", (0..<3).map { .init("k\($0)", String(repeating: "a", count: 512)) })
        }
    }

    @Test("decoding is strict: a wrong length, an invalid key or invalid UTF-8 is malformed, a short one truncated")
    func strictDecoding() throws {
        let payload = try CanonicalEncoding.encode(SealFixtures.example, fingerprint: SealFixtures.key.publicKey.fingerprint)
        for cut in [0, 1, 9, 10, 60, 100, payload.count - 1] {
            #expect(throws: CodeFailure.truncated) { try CanonicalEncoding.decode(Array(payload.prefix(cut))) }
        }
        var version = payload
        version[0] = 2
        #expect(throws: CodeFailure.unsupportedVersion(2)) { try CanonicalEncoding.decode(version) }
        var badKey = payload
        badKey[9 + 1 + 56 + 1 + 1] = 0x4B // "Kind": upper case is not a key
        #expect(throws: CodeFailure.malformed) { try CanonicalEncoding.decode(badKey) }
        var badUTF8 = payload
        badUTF8[badUTF8.count - 1] = 0xFF
        #expect(throws: CodeFailure.malformed) { try CanonicalEncoding.decode(badUTF8) }
        var zeroNumber = payload
        zeroNumber[9] = 0
        #expect(throws: CodeFailure.malformed) { try CanonicalEncoding.decode(zeroNumber) }
    }
}
