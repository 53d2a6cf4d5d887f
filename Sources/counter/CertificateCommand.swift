import ArgumentParser
import CertificateSeal
import CounterCore
import Foundation

/// `counter certificate verify FILE.pdf | --code TEXT`: reads each page's verification code and checks its
/// signature with the installation's public key alone.
struct CertificateVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "証明書の検証コード（QR コード）を読み、署名された内容と有効・無効を表示します。",
        discussion: "PDF のすべてのページ、または --code で渡した検証コードを公開鍵だけで検証します。"
            + "すべて有効なら終了コード 0、無効なページがあれば 1 です。")

    @Argument(help: "検証する証明書の PDF ファイル")
    var file: String?

    @Option(help: "QR コードリーダーで読み取った検証コードの文字列（CNT1: で始まるもの）")
    var code: String?

    @Option(help: "公開鍵ファイル（省略時は $XDG_DATA_HOME/counter/keys/seal-ed25519.pub）")
    var key: String?

    @Flag(help: "結果を JSON で出力します")
    var json = false

    func validate() throws {
        if (file == nil) == (code == nil) {
            throw ValidationError("検証する PDF ファイルか --code のどちらか一方を指定してください")
        }
    }

    func run() throws {
        let keyFile = key.map { URL(fileURLWithPath: $0) }
            ?? SealKey.defaultFolder().appendingPathComponent(SealKey.publicFileName)
        let publicKey = try SealPublicKey.load(file: keyFile)
        var pages: [PageJSON] = []
        if let code {
            pages.append(PageJSON(page: nil, result: VerificationCode.verify(code, publicKey: publicKey)))
        } else if let file {
            let url = URL(fileURLWithPath: file)
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                printError("ファイル \(file) を読めません。")
                throw ExitCode(1)
            }
            for (index, texts) in try QRDecoder.decodePDF(at: url).enumerated() {
                let ours = texts.filter { $0.hasPrefix(VerificationCode.prefix) }
                if ours.isEmpty {
                    pages.append(PageJSON(page: index + 1, missing: texts.isEmpty ? "noCode" : "notOurCode"))
                }
                for text in ours {
                    pages.append(PageJSON(page: index + 1, result: VerificationCode.verify(text, publicKey: publicKey)))
                }
            }
        }
        let valid = !pages.isEmpty && pages.allSatisfy(\.valid)
        if json {
            try printJSON(VerifyJSON(valid: valid, keyFingerprint: publicKey.fingerprintText, pages: pages))
        } else {
            printOut("公開鍵の指紋\t\(publicKey.fingerprintText)")
            for page in pages { printOut(page.text) }
            printOut(valid ? "結果\tすべて有効" : "結果\t無効な検証コードがあります")
        }
        if !valid { throw ExitCode(1) }
    }
}

/// What `certificate verify --json` prints.
struct VerifyJSON: Encodable {
    var valid: Bool
    var keyFingerprint: String
    var pages: [PageJSON]
}

/// One checked code: its page (nil for `--code`), valid or the reason, and the content it carries.
struct PageJSON: Encodable {
    struct Field: Encodable { var key: String, value: String }

    var page: Int?
    var valid: Bool
    var reason: String?
    var message: String?
    var issueNumber: String?
    var fields: [Field]?
    /// 「無効（理由）」's reason, for the text output only.
    private var shortReason = ""

    private enum CodingKeys: String, CodingKey { case page, valid, reason, message, issueNumber, fields }

    init(page: Int?, result: VerificationResult) {
        self.page = page
        valid = result.isValid
        reason = result.failure?.code
        shortReason = result.failure?.shortReason ?? ""
        message = result.failure?.userMessage
        issueNumber = result.content?.issueNumber
        fields = result.content?.fields.map { Field(key: $0.key, value: $0.value) }
    }

    /// A page without a code of ours: `noCode` (none found) or `notOurCode` (only other QR codes).
    init(page: Int, missing reason: String) {
        self.page = page
        valid = false
        self.reason = reason
        shortReason = reason == "noCode" ? "検証コードがない" : CodeFailure.notOurCode.shortReason
        message = reason == "noCode" ? QRError.noCode(page: page).userMessage : CodeFailure.notOurCode.userMessage
    }

    /// The text lines for people; every text from the code passes `TextSafety.terminalSafe` on its own,
    /// so a forged code's newline or escape can never make a line of its own.
    var text: String {
        let heading = page.map { "\($0)ページ目" } ?? "検証コード"
        var lines = [heading + "\t" + (valid ? "有効" : "無効（\(shortReason)）")]
        if let message { lines.append("  " + message) }
        if let issueNumber { lines.append("  発行番号\t" + TextSafety.terminalSafe(issueNumber)) }
        for field in fields ?? [] {
            lines.append("  " + TextSafety.terminalSafe(field.key) + "\t" + TextSafety.terminalSafe(field.value))
        }
        return lines.joined(separator: "\n")
    }
}
