import CounterTestSupport
import Foundation
import Testing

/// A command line `counter` cannot use, and what it must say about it.
struct BadCommandLine: Sendable, CustomTestStringConvertible {
    /// The words after `counter`.
    var arguments: [String]
    /// The Japanese message expected on standard error.
    var message: String
    /// The command whose usage follows the message, e.g. `counter forms list`.
    var usage: String
    /// What was typed that must not come back (a value, an unknown option or command), if any.
    var typed: String?

    var testDescription: String { arguments.joined(separator: " ") }
}

/// What the parser itself would print, none of which a clerk may see.
let parserEnglish = ["Error", "error:", "Usage", "USAGE", "OPTIONS", "SUBCOMMANDS", "OVERVIEW", "Help:", "Missing",
                     "invalid", "Invalid", "unexpected", "Unexpected", "Unknown", "unknown", "Please", "Did you mean", "See '",
                     "for more information", "Show help", "(default", "(values", "ValidationError", "ParserError",
                     "CommandError", "ExitCode", "PaperSize", "Int", "String", "Double"]

@Suite("Command-line errors in Japanese, with the usage of the command meant")
struct ArgumentErrorCLITests {
    static let cases: [BadCommandLine] = [
        // Missing arguments and options.
        .init(arguments: ["forms", "show"], message: "帳票 id（<id>）を指定してください（省略できません）。", usage: "counter forms show"),
        .init(arguments: ["clerk", "add", "--name", "山田"], message: "--id（職員 ID）を指定してください（省略できません）。",
              usage: "counter clerk add"),
        .init(arguments: ["card", "auth"], message: "--ca（信頼する認証局の証明書（PEM））を指定してください（省略できません）。",
              usage: "counter card auth"),
        .init(arguments: ["printer", "calibrate", "--out", "/nonexistent/pdf"],
              message: "--offset（登録する位置補正 mm「横,縦」（例: 0.5,-1。右・下がプラス、それぞれ -10〜10））を指定してください（省略できません）。",
              usage: "counter printer calibrate"),
        .init(arguments: ["forms", "list", "--date"],
              message: "--date（基準日 YYYY-MM-DD（既定: 今日））の値がありません。--date の後に値を続けて指定してください。",
              usage: "counter forms list"),
        // Values that cannot be read.
        .init(arguments: ["preprint", "--forms", "juminhyo-koufu", "--info-json", "/nonexistent/info.json", "--out",
                          "/nonexistent/out", "--copies", "abc"],
              message: "--copies（部数（各帳票。1〜99））の値が正しくありません。説明のとおりの形で指定し直してください。",
              usage: "counter preprint", typed: "abc"),
        .init(arguments: ["tui", "--mode", "fastest"],
              message: "の値が正しくありません。overlay, full のいずれかにしてください。", usage: "counter tui", typed: "fastest"),
        .init(arguments: ["card", "read", "--wait", "soon"], message: "--wait（カードが置かれるまで待つ秒数（0 = 待たない））の値が正しくありません。",
              usage: "counter card read", typed: "soon"),
        .init(arguments: ["forms", "list", "--json=yes"], message: "--json には値を付けられません。--json だけを指定してください。",
              usage: "counter forms list", typed: "yes"),
        // Unknown options and extra words.
        .init(arguments: ["forms", "list", "--bogus-option"],
              message: "指定されたオプションはこのコマンドにはありません。使えるオプションは --help で確認できます。",
              usage: "counter forms list", typed: "bogus"),
        .init(arguments: ["forms", "list", "--jsn"], message: "指定されたオプションはこのコマンドにはありません。--json のことですか？",
              usage: "counter forms list", typed: "jsn"),
        .init(arguments: ["-x"], message: "指定されたオプションはこのコマンドにはありません。", usage: "counter tui", typed: "-x"),
        .init(arguments: ["forms", "list", "extra1", "extra2"], message: "余分な値があります。", usage: "counter forms list",
              typed: "extra1"),
        .init(arguments: ["printer", "show", "--out", "/nonexistent/pdf", "--mode", "full"],
              message: "指定されたオプションはこのコマンドにはありません。", usage: "counter printer show", typed: "--mode"),
        .init(arguments: ["printer", "show", "--out", "/nonexistent/pdf", "--offset", "1,1"],
              message: "指定されたオプションはこのコマンドにはありません。", usage: "counter printer show", typed: "--offset"),
        // Unknown commands: the closest one is suggested, and its usage shown.
        .init(arguments: ["frms", "list"],
              message: "そのコマンドはありません。counter forms list のことですか？\ncounter で使えるコマンド: tui, card, forms, preprint, clerk, printer, events, ledger, residents",
              usage: "counter forms list", typed: "frms"),
        .init(arguments: ["forms", "lst"],
              message: "そのコマンドはありません。counter forms list のことですか？\ncounter forms で使えるコマンド: list, show, validate",
              usage: "counter forms list", typed: "lst"),
        .init(arguments: ["zzqqy"], message: "そのコマンドはありません。\ncounter で使えるコマンド: tui, card, forms", usage: "counter",
              typed: "zzqqy"),
        .init(arguments: ["\u{1B}]0;pwned\u{07}"], message: "そのコマンドはありません。", usage: "counter", typed: "pwned"),
        // The background sync: its interval bounded, and a city to send to.
        .init(arguments: ["tui", "--sync-every", "0", "--city", "postgres://a:b@127.0.0.1:9/counter"],
              message: "--sync-every は 1〜1440（分）で指定してください", usage: "counter tui"),
        .init(arguments: ["tui", "--sync-every", "5", "--city", "mysql://x"],
              message: "--city は postgres://ユーザー:パスワード@ホスト:ポート/データベース の形で指定してください。", usage: "counter tui"),
        // The kiosk: what it cannot run without.
        .init(arguments: ["kiosk", "--office", "kita", "--payment-terminal", "/tmp/t.sock", "--out", "/nonexistent/pdf"],
              message: "--ca に利用者証明用電子証明書の認証局の証明書を指定してください", usage: "counter kiosk"),
        .init(arguments: ["kiosk", "--office", "kita", "--ca", "/nonexistent/ca.pem", "--payment-terminal", "/tmp/t.sock",
                          "--out", "/nonexistent/pdf"],
              message: "--crl に認証局の失効リスト（CRL）を指定してください", usage: "counter kiosk"),
        .init(arguments: ["kiosk", "--office", "kita", "--ca", "/nonexistent/ca.pem", "--crl", "/nonexistent/crl.pem",
                          "--out", "/nonexistent/pdf"],
              message: "--payment-terminal に決済端末のソケットを指定してください（キオスクは現金を扱いません）", usage: "counter kiosk"),
        .init(arguments: ["kiosk", "--office", "kita", "--ca", "/nonexistent/ca.pem", "--crl", "/nonexistent/crl.pem",
                          "--payment-terminal", "/tmp/t.sock"],
              message: "--printer か --out のどちらか一方を指定してください。", usage: "counter kiosk"),
        .init(arguments: ["kiosk", "--idle-seconds", "2", "--ca", "/x", "--crl", "/y", "--payment-terminal", "/tmp/t.sock", "--out", "/z"],
              message: "--idle-seconds は 5〜3600 で指定してください", usage: "counter kiosk", typed: "2"),
        // Our own checks, in validate() and in run().
        .init(arguments: ["printer", "calibrate", "--out", "/nonexistent/pdf", "--offset", "20,0"],
              message: "--offset は横・縦とも -10〜10 mm で指定してください。", usage: "counter printer calibrate", typed: "20"),
        .init(arguments: ["printer", "calibrate", "--out", "/nonexistent/pdf", "--offset", "abc"],
              message: "--offset は「横,縦」の mm で指定してください（例: 0.5,-1）", usage: "counter printer calibrate", typed: "abc"),
        .init(arguments: ["tui", "--terminal", "bad id!"], message: "--terminal は半角英数字と - _ . の64文字以内で指定してください",
              usage: "counter tui", typed: "bad id!"),
        .init(arguments: ["preprint", "--forms", "juminhyo-koufu", "--info-json", "/nonexistent/info.json"],
              message: "--printer か --out のどちらか一方を指定してください。", usage: "counter preprint"),
        .init(arguments: ["forms", "list", "--date", "2026-13-45"], message: "日付は YYYY-MM-DD で指定してください",
              usage: "counter forms list", typed: "2026-13-45"),
        .init(arguments: ["clerk", "add", "--id", "a", "--name", "b", "--role", "boss"],
              message: "役割は administrator（管理者）、supervisor（係長）、clerk（職員）のいずれかで指定してください。", usage: "counter clerk add", typed: "boss"),
    ]

    @Test("a command line that cannot be used: a Japanese message, the usage of the command meant, exit 64", arguments: cases)
    func badCommandLine(_ line: BadCommandLine) throws {
        let run = try CounterCLI.run(line.arguments, stdin: "")
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains(line.message), "\(run.stderr)")
        #expect(run.stderr.contains("\n使い方: \(line.usage) "), "\(run.stderr)")
        #expect(run.stderr.hasSuffix("詳しくは \(line.usage) --help で確認できます。\n"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        for english in parserEnglish {
            #expect(!run.stderr.contains(english), "\(english) in \(run.stderr)")
        }
        if let typed = line.typed {
            #expect(!run.stderr.contains(typed), "\(typed) echoed in \(run.stderr)")
        }
        #expect(!run.stderr.contains("\u{1B}"))
    }

    @Test("an error while running is its Japanese message alone, exit 1, without the parser's 'Error:'")
    func runError() throws {
        let run = try CounterCLI.run(["forms", "show", "no-such-form"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("は登録されていないか、まだ使えません。帳票の一覧（counter forms list）で確認してください。"))
        #expect(!run.stderr.contains("Error") && !run.stderr.contains("使い方"))
    }
}
