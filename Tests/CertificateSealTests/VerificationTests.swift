@testable import CertificateSeal
import CounterCore
import Foundation
import Testing

/// Sign and verify: a round trip, one changed character anywhere fails, and each way of failing has its own error.
@Suite("Verification codes")
struct VerificationTests {
    let key = SealFixtures.key

    @Test("a code verifies with the public key alone and gives back the content exactly")
    func roundTrip() throws {
        let code = try VerificationCode.make(SealFixtures.typical(), key: key)
        #expect(code.hasPrefix("CNT1:"))
        #expect(code.utf8.allSatisfy { $0 < 0x80 && ($0 == 0x3A || $0 == 0x2D || $0 == 0x5F || Character(Unicode.Scalar($0)).isLetter || Character(Unicode.Scalar($0)).isNumber) })
        let publicOnly = try #require(SealPublicKey(raw: key.publicKey.raw))
        let result = VerificationCode.verify(code, publicKey: publicOnly)
        #expect(result == .valid(SealFixtures.typical()))
        // What a QR reader app may add around it.
        #expect(VerificationCode.verify(" \(code)\r\n", publicKey: publicOnly).isValid)
    }

    @Test("one changed character of any field (or of the 発行番号) makes the code invalid: 500 random changes")
    func anyChangeFails() throws {
        var random = SplitMix64(seed: 0x5EA1_C0DE)
        let original = SealFixtures.typical()
        let alphabet: [Character] = ["1", "2", "a", "Z", "高", "髙", "崎", "﨑", "葛", "\u{E0100}", "　", " ", "丁", "目", "ー", "-"]
        let code = try VerificationCode.make(original, key: key)
        for _ in 0..<500 {
            var changed = original
            let index = Int.random(in: -1..<original.fields.count, using: &random) // -1: the 発行番号
            var text = Array(index < 0 ? original.issueNumber : original.fields[index].value)
            let position = Int.random(in: 0..<max(text.count, 1), using: &random)
            let replacement = alphabet.randomElement(using: &random)!
            if text.isEmpty || text[position] == replacement { text.insert(replacement, at: min(position, text.count)) }
            else { text[position] = replacement }
            if index < 0 { changed.issueNumber = String(text) } else { changed.fields[index].value = String(text) }
            #expect(changed != original)
            // The code as made for the changed content by someone without the key: the original signature.
            let forged = try forge(code, as: changed)
            let result = VerificationCode.verify(forged, publicKey: key.publicKey)
            #expect(result.failure == .tampered, "\(index) \(position)")
            #expect(result.content == changed)
        }
    }

    /// `code` with its payload replaced by the encoding of `content` and its signature kept.
    private func forge(_ code: String, as content: SealedContent) throws -> String {
        let (bytes, _) = try #require(Base64URL.decode(code.dropFirst(5)))
        let signature = bytes.suffix(64)
        let payload = try CanonicalEncoding.encode(content, fingerprint: key.publicKey.fingerprint)
        return "CNT1:" + Base64URL.encode(payload + signature)
    }

    @Test("one changed character of the code text itself never verifies")
    func codeTextChanges() throws {
        let code = Array(try VerificationCode.make(SealFixtures.example, key: key))
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var random = SplitMix64(seed: 42)
        for _ in 0..<300 {
            var changed = code
            let position = Int.random(in: 5..<code.count, using: &random)
            var replacement = alphabet.randomElement(using: &random)!
            while replacement == code[position] { replacement = alphabet.randomElement(using: &random)! }
            changed[position] = replacement
            let result = VerificationCode.verify(String(changed), publicKey: key.publicKey)
            #expect(!result.isValid, "position \(position)")
        }
    }

    @Test("a truncated code is .truncated, wherever it is cut")
    func truncated() throws {
        let code = try VerificationCode.make(SealFixtures.typical(), key: key)
        for cut in [6, 10, 40, 100, code.count / 2, code.count - 60, code.count - 10, code.count - 2, code.count - 1] {
            let result = VerificationCode.verify(String(code.prefix(cut)), publicKey: key.publicKey)
            #expect(result.failure == .truncated, "cut at \(cut): \(String(describing: result.failure))")
        }
    }

    @Test("another installation's key: .otherInstallation with that key's fingerprint; a wrong public key is never .valid")
    func wrongKey() throws {
        let other = SealKey(raw: Array(repeating: 9, count: 32))!
        let code = try VerificationCode.make(SealFixtures.example, key: other)
        let result = VerificationCode.verify(code, publicKey: key.publicKey)
        #expect(result.failure == .otherInstallation(fingerprint: other.publicKey.fingerprintText))
        #expect(result.content == SealFixtures.example)
        #expect(VerificationCode.verify(code, publicKey: other.publicKey).isValid)
        // The fingerprint rewritten to ours: the signature still gives it away.
        var (bytes, _) = try #require(Base64URL.decode(code.dropFirst(5)))
        bytes.replaceSubrange(1..<9, with: key.publicKey.fingerprint)
        #expect(VerificationCode.verify("CNT1:" + Base64URL.encode(bytes), publicKey: key.publicKey).failure == .tampered)
    }

    @Test("garbage: not ours without the prefix, malformed with it; the messages are Japanese")
    func garbage() throws {
        for text in ["", "hello", "https://www.city.osaka.lg.jp/", "CNT2:AAAA", "cnt1:AVZH"] {
            #expect(VerificationCode.verify(text, publicKey: key.publicKey).failure == .notOurCode, "\(text)")
        }
        for text in ["CNT1:!!!!", "CNT1:AVZH WqdU", "CNT1:AVZH=", "CNT1:髙"] {
            #expect(VerificationCode.verify(text, publicKey: key.publicKey).failure == .malformed, "\(text)")
        }
        #expect(VerificationCode.verify("CNT1:", publicKey: key.publicKey).failure == .truncated)
        #expect(VerificationCode.verify("CNT1:Ag", publicKey: key.publicKey).failure == .unsupportedVersion(2))
        // Extra bytes after the signature.
        let (bytes, _) = try #require(Base64URL.decode(try VerificationCode.make(SealFixtures.example, key: key).dropFirst(5)))
        #expect(VerificationCode.verify("CNT1:" + Base64URL.encode(bytes + [0]), publicKey: key.publicKey).failure == .malformed)
        let failures: [CodeFailure] = [.notOurCode, .malformed, .truncated, .unsupportedVersion(9),
                                       .otherInstallation(fingerprint: "0000-0000-0000-0000"), .tampered]
        #expect(Set(failures.map(\.code)).count == failures.count)
        for failure in failures {
            #expect(failure.userMessage.unicodeScalars.contains { $0.value >= 0x3040 }, "\(failure.code)")
        }
    }

    @Test("names with 髙, 﨑 and 葛󠄀 (IVS) and a typical page survive sign → code → verify byte for byte")
    func variantNames() throws {
        for name in ["\u{9AD9}橋　花子", "山\u{FA11}　一郎", "\u{845B}\u{E0100}城　一郎", "\u{845B}城　一郎", "神\u{FA19}"] {
            let content = SealedContent(issueNumber: "20260512 大阪市北区 本庁1 プリンタ001 001 1/1", fields: [.init("name", name)])
            let result = VerificationCode.verify(try VerificationCode.make(content, key: key), publicKey: key.publicKey)
            #expect(result.isValid)
            #expect(Array(try #require(result.content?["name"]).unicodeScalars) == Array(name.unicodeScalars))
        }
        // 葛 with and without its IVS are different names, so different signed content.
        let plain = try VerificationCode.make(SealedContent(issueNumber: "1", fields: [.init("name", "\u{845B}")]), key: key)
        let ivs = try VerificationCode.make(SealedContent(issueNumber: "1", fields: [.init("name", "\u{845B}\u{E0100}")]), key: key)
        #expect(plain != ivs)
    }

    @Test("base64url: round trip of every length 0–70, no padding")
    func base64url() throws {
        var random = SplitMix64(seed: 7)
        for length in 0...70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let text = Base64URL.encode(bytes)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(text == Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: ""))
            let decoded = try #require(Base64URL.decode(Substring(text)))
            #expect(decoded.bytes == bytes && decoded.canonical)
        }
    }
}

@Suite("Sealed content equality")
struct ContentEqualityTests {
    @Test("content is equal byte for byte only: 神 U+FA19 and 神 U+795E differ (Swift's String == says equal)")
    func bytewise() {
        #expect("\u{FA19}" == "\u{795E}")
        #expect(SealedContent(issueNumber: "1", fields: [.init("n", "\u{FA19}")])
            != SealedContent(issueNumber: "1", fields: [.init("n", "\u{795E}")]))
        #expect(SealedContent(issueNumber: "\u{FA19}", fields: []) != SealedContent(issueNumber: "\u{795E}", fields: []))
    }
}
