@testable import CertificateSeal
import CounterTestSupport
import DocumentPrint
import Foundation
import Testing

/// `counter keys init` and `counter certificate verify` through the built binary (COUNTER_BIN_DIR).
@Suite("counter keys / certificate verify (CLI)")
struct CertificateCLITests {
    let folder = Fixtures.temporaryFolder("seal-cli")

    /// A key folder holding the fixed test key (so the PDFs can be made in-process).
    private func fixedKeyFolder() throws -> URL {
        let keys = folder.appendingPathComponent("fixed-keys")
        try KeyFile.makeFolder(keys)
        try KeyFile.writeNew(keys.appendingPathComponent(SealKey.privateFileName), bytes: Array(0..<32), mode: 0o600)
        try KeyFile.writeNew(keys.appendingPathComponent(SealKey.publicFileName),
                             bytes: Array((SealFixtures.key.publicKey.base64 + "\n").utf8), mode: 0o644)
        return keys
    }

    @Test("keys init: 0700/0600, prints the public key and fingerprint; a second run refuses (exit 1, Japanese)")
    func keysInit() throws {
        let keys = folder.appendingPathComponent("k")
        let first = try CounterCLI.run(["keys", "init", "--dir", keys.path])
        #expect(first.status == 0, "\(first.stderr)")
        let key = try SealKey.load(from: keys)
        #expect(first.stdout.contains(key.publicKey.base64) && first.stdout.contains(key.publicKey.fingerprintText))
        let privateURL = keys.appendingPathComponent(SealKey.privateFileName)
        #expect(try FileManager.default.attributesOfItem(atPath: privateURL.path)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: keys.path)[.posixPermissions] as? Int == 0o700)
        let raw = try Data(contentsOf: privateURL)
        #expect(!first.stdout.contains(raw.base64EncodedString()))
        let second = try CounterCLI.run(["keys", "init", "--dir", keys.path])
        #expect(second.status == 1)
        #expect(second.stderr.contains("すでにあります") && second.stderr.contains(privateURL.path), "\(second.stderr)")
        #expect(try Data(contentsOf: privateURL) == raw)
    }

    @Test("keys init without --dir uses $XDG_DATA_HOME/counter/keys; verify finds its public key there")
    func defaultFolder() throws {
        let data = folder.appendingPathComponent("xdg")
        let made = try CounterCLI.run(["keys", "init"], environment: ["XDG_DATA_HOME": data.path])
        #expect(made.status == 0, "\(made.stderr)")
        let key = try SealKey.load(from: data.appendingPathComponent("counter/keys"))
        let code = try VerificationCode.make(SealFixtures.typical(), key: key)
        let run = try CounterCLI.run(["certificate", "verify", "--code", code], environment: ["XDG_DATA_HOME": data.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("有効"))
    }

    @Test("verify FILE.pdf: two pages, both valid → exit 0 with each page's content; JSON for scripts")
    func twoPagePDF() throws {
        let keys = try fixedKeyFolder()
        let contents = [SealFixtures.typical(page: 1, of: 2), SealFixtures.typical(page: 2, of: 2)]
        let pdf = folder.appendingPathComponent("cert.pdf")
        try SealFixtures.pdf(contents).write(to: pdf)
        let publicKey = keys.appendingPathComponent(SealKey.publicFileName).path
        let run = try CounterCLI.run(["certificate", "verify", pdf.path, "--key", publicKey])
        #expect(run.status == 0, "\(run.stderr)")
        for text in ["1ページ目\t有効", "2ページ目\t有効", "発行番号\t20260512 大阪市北区 本庁1 プリンタ001 011 2/2",
                     "name\t\u{9AD9}橋　\u{FA11}子", "結果\tすべて有効", SealFixtures.key.publicKey.fingerprintText] {
            #expect(run.stdout.contains(text), "\(text) not in \(run.stdout)")
        }
        // Byte for byte: the raw output holds 髙 and 﨑 as U+9AD9 and U+FA11.
        #expect(run.stdoutData.range(of: Data("\u{9AD9}橋　\u{FA11}子".utf8)) != nil)
        let json = try CounterCLI.run(["certificate", "verify", pdf.path, "--key", publicKey, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        #expect(object["valid"] as? Bool == true)
        let pages = try #require(object["pages"] as? [[String: Any]])
        #expect(pages.map { $0["page"] as? Int } == [1, 2])
        #expect(pages.map { $0["issueNumber"] as? String } == contents.map(\.issueNumber))
    }

    @Test("verify --code: a tampered code → exit 1 「無効（改ざん）」; truncated, another key, garbage each named")
    func codes() throws {
        let keys = try fixedKeyFolder()
        let publicKey = keys.appendingPathComponent(SealKey.publicFileName).path
        let code = try VerificationCode.make(SealFixtures.typical(), key: SealFixtures.key)
        let good = try CounterCLI.run(["certificate", "verify", "--code", code, "--key", publicKey])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("検証コード\t有効"))
        var tamperedContent = SealFixtures.typical()
        tamperedContent.fields[2].value = "高橋　﨑子"
        let (bytes, _) = try #require(Base64URL.decode(code.dropFirst(5)))
        let tampered = "CNT1:" + Base64URL.encode(
            try CanonicalEncoding.encode(tamperedContent, fingerprint: SealFixtures.key.publicKey.fingerprint) + bytes.suffix(64))
        let cases: [(String, String)] = [
            (tampered, "無効（改ざん）"), (String(code.dropLast(20)), "無効（途中で切れている）"),
            (try VerificationCode.make(SealFixtures.typical(), key: SealKey.generate()), "無効（別の設置先の鍵）"),
            ("hello", "無効（検証コードではない）"), ("CNT1:***", "無効（形式不正）"),
        ]
        for (text, expected) in cases {
            let run = try CounterCLI.run(["certificate", "verify", "--code", text, "--key", publicKey])
            #expect(run.status == 1, "\(expected): \(run.stderr)")
            #expect(run.stdout.contains(expected), "\(expected) not in \(run.stdout)")
        }
        let json = try CounterCLI.run(["certificate", "verify", "--code", tampered, "--key", publicKey, "--json"])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        #expect((object["pages"] as? [[String: Any]])?.first?["reason"] as? String == "tampered")
    }

    @Test("a forged code's control characters never reach the terminal: each text is made terminal-safe")
    func terminalSafe() throws {
        let keys = try fixedKeyFolder()
        let content = SealedContent(issueNumber: "N\n結果\tすべて有効", fields: [.init("name", "\u{1B}[2J偽\r\n1ページ目\t有効")])
        let code = try VerificationCode.make(content, key: SealKey.generate())
        let run = try CounterCLI.run(["certificate", "verify", "--code", code, "--key",
                                      keys.appendingPathComponent(SealKey.publicFileName).path])
        #expect(run.status == 1)
        #expect(!run.stdout.contains("\u{1B}") && !run.stdout.contains("\r"))
        #expect(!run.stdout.contains("\n1ページ目") && !run.stdout.contains("\n結果\tすべて有効"))
    }

    @Test("a page without a code, a missing public key file, neither a PDF nor --code: exit 1 or 64 in Japanese")
    func refusals() throws {
        let keys = try fixedKeyFolder()
        let publicKey = keys.appendingPathComponent(SealKey.publicFileName).path
        let document = try DocumentPrint.PDFDocument(paper: .init(size: .a4))
        let pdf = folder.appendingPathComponent("plain.pdf")
        try document.finish().write(to: pdf)
        let plain = try CounterCLI.run(["certificate", "verify", pdf.path, "--key", publicKey])
        #expect(plain.status == 1)
        #expect(plain.stdout.contains("1ページ目\t無効（検証コードがない）"), "\(plain.stdout)")
        let missing = try CounterCLI.run(["certificate", "verify", pdf.path, "--key", folder.appendingPathComponent("none.pub").path])
        #expect(missing.status == 1 && missing.stderr.contains("ありません"), "\(missing.stderr)")
        let neither = try CounterCLI.run(["certificate", "verify"])
        #expect(neither.status == 64 && neither.stderr.contains("どちらか一方"), "\(neither.stderr)")
    }

    /// Runs the auditor's script of docs/verification.md, as written there, on `code`.
    private func auditorScript(_ code: String, publicKey: String) throws -> ProcessResult {
        let doc = try String(contentsOf: TestBinaries.repoRoot.appendingPathComponent("docs/verification.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```python\n"))
        let end = try #require(doc.range(of: "\n```", range: start.upperBound..<doc.endIndex))
        let script = folder.appendingPathComponent("verify_seal.py")
        try String(doc[start.upperBound..<end.lowerBound]).write(to: script, atomically: true, encoding: .utf8)
        return try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, publicKey, code])
    }

    @Test("the auditor's Python script of docs/verification.md recomputes the payload and checks the signature")
    func auditorPython() throws {
        let keys = try fixedKeyFolder()
        let publicKey = keys.appendingPathComponent(SealKey.publicFileName).path
        let content = SealFixtures.typical()
        let code = try VerificationCode.make(content, key: SealFixtures.key)
        let run = try auditorScript(code, publicKey: publicKey)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
        #expect(object["valid"] as? Bool == true)
        #expect(object["issueNumber"] as? String == content.issueNumber)
        let payload = try CanonicalEncoding.encode(content, fingerprint: SealFixtures.key.publicKey.fingerprint)
        #expect(object["payload"] as? String == SealFixtures.hex(payload))
        let names = try #require(object["fields"] as? [[String]])
        #expect(names.map { $0[0] } == content.fields.map(\.key))
        #expect(Array(names[2][1].unicodeScalars) == Array(content["name"]!.unicodeScalars))
        // The known answer of the doc, and a tampered code: the script says invalid.
        let example = try auditorScript(EncodingTests.exampleCode, publicKey: publicKey)
        #expect(example.stdout.contains("\"payload\": \"\(EncodingTests.examplePayload)\""), "\(example.stdout)")
        var changed = content
        changed.fields[0].value = "juminhyo-setai"
        let (bytes, _) = try #require(Base64URL.decode(code.dropFirst(5)))
        let forged = "CNT1:" + Base64URL.encode(try CanonicalEncoding.encode(changed, fingerprint: SealFixtures.key.publicKey.fingerprint)
            + bytes.suffix(64))
        let tampered = try auditorScript(forged, publicKey: publicKey)
        #expect(tampered.status == 0 && tampered.stdout.contains("\"valid\": false"), "\(tampered.stdout) \(tampered.stderr)")
    }
}
