import ArgumentParser
import Foundation
import PaymentTerminalSim

/// `payment-terminal-sim`: a simulated payment terminal on a Unix socket (line-delimited JSON, `docs/ledger.md`).
@main
struct PaymentTerminalSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payment-terminal-sim",
        abstract: "決済端末のシミュレータ（Unix ソケット、1行1件の JSON）。承認・拒否・遅延・無応答・切断を選べます。")

    @Option(help: "待ち受ける Unix ソケットのパス")
    var socket: String

    @Option(help: "決済の記録ファイル（JSON Lines。再起動しても照会に答えます）")
    var journal: String

    @Option(help: "承認で返すブランド ID")
    var brand = "visa"

    @Option(help: "すべての決済をこの理由で拒否します")
    var decline: String?

    @Option(help: "この時間（ミリ秒）待ってから応答します")
    var delayMs = 0

    @Flag(help: "決済を記録し、応答しません（呼び出し側は時間切れ）")
    var noAnswer = false

    @Flag(help: "決済を記録してから、応答せずに接続を切ります")
    var dropAfterCharge = false

    @Flag(help: "決済せずに接続を切ります")
    var dropBeforeCharge = false

    func run() throws {
        var behaviour = TerminalSimulator.Behaviour()
        behaviour.brandID = brand
        behaviour.declineReason = decline
        behaviour.delay = .milliseconds(delayMs)
        behaviour.noAnswer = noAnswer
        behaviour.dropAfterCharge = dropAfterCharge
        behaviour.dropBeforeCharge = dropBeforeCharge
        signal(SIGPIPE, SIG_IGN)
        try TerminalSimulator(journal: URL(fileURLWithPath: journal), behaviour: behaviour).serve(socketPath: socket)
    }
}
