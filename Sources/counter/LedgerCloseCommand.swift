import ArgumentParser
import CashlessLedger
import CounterCore
import Foundation

/// `counter ledger close`: the daily close (日計) with the counted cash and the payment terminal's totals.
struct LedgerCloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "1日の収納を締めます（係長の承認が必要。パスワードは標準入力の1行目から読みます）。",
        discussion: "締めた日には支払も取消も記録できません。日計表を表示し、過不足・差額があれば終了コード 0 のまま示します。")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var clerkOption: ClerkOption

    @Option(help: "締める日 YYYY-MM-DD")
    var date: String

    @Option(name: .customLong("float"), help: "釣銭準備金（円）")
    var floatYen: String

    @Option(help: "数えた現金の金種別枚数: 10000=3,1000=5,…（金種 10000 5000 2000 1000 500 100 50 10 5 1）")
    var counted: String

    @Option(name: .customLong("terminal-total"), parsing: .singleValue,
            help: "決済端末の日計の合計: グループ=円（credit、emoney、code）。複数指定できます。省略したグループは0円")
    var terminalTotals: [String] = []

    @Option(help: "承認する係長の職員 ID")
    var supervisor: String

    @Flag(help: "日計表を JSON で出力します")
    var json = false

    func validate() throws {
        _ = try parseDay(date, option: "--date")
        _ = try parseYen(floatYen, option: "--float")
        try requireIdentifier(supervisor, option: "--supervisor")
        _ = try count()
    }

    func run() throws {
        let password = try readSupervisorPassword()
        let report = try ledger.cashier().close(day: try parseDay(date, option: "--date")!, count: try count(),
                                                actor: clerkOption.actor, channel: .cli, supervisorID: supervisor,
                                                supervisorPassword: password)
        if json {
            printOut(String(decoding: try DailyReportFormat.json(report), as: UTF8.self))
        } else {
            print(DailyReportFormat.text(report), terminator: "")
        }
    }

    /// The keyed count, or a usage error naming the option.
    private func count() throws -> DailyCount {
        let pieces: CashCount, totals: TerminalTotals
        do { pieces = try CashCount(parsing: counted) } catch { throw ValidationError("--counted: " + error.userMessage) }
        do { totals = try TerminalTotals(parsing: terminalTotals.joined(separator: ",")) } catch {
            throw ValidationError("--terminal-total: " + error.userMessage)
        }
        return DailyCount(float: try parseYen(floatYen, option: "--float")!, counted: pieces, terminalTotals: totals)
    }
}
