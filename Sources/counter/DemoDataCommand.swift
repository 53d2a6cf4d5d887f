import ArgumentParser
import CashlessLedger
import CounterCore
import CounterKPI
import CounterService
import Foundation

/// `counter demo-data`: a synthetic history of the city's counters for the KPI reports (the same for a seed).
struct DemoDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-data",
        abstract: "KPI の報告を試すための、実際らしい過去の記録を作ります（同じ --seed なら同じ記録）。",
        discussion: """
            事務所ごと・曜日ごとの件数（3〜4月の引っ越しの時期は多め）、増えていくキャッシュレスとキオスクの利用、手書きの件（短縮時間の\
            基準）、取消・公用・再交付・処分を、窓口と同じ記録（チェーン付きの事象、収納、交付履歴）として書きます。本番のデータベースには使わないでください。
            """)

    @Option(help: "事務所の数（offices.json の先頭から、1〜\(Self.maximumOffices)）")
    var offices: Int = 24

    @Option(help: "日数（1〜\(Self.maximumDays)）")
    var days: Int = 30

    @Option(help: "乱数の種（0 以上の整数）")
    var seed: UInt64 = 1

    @Option(help: "最後の日 YYYY-MM-DD（省略時は昨日）")
    var until: String?

    @OptionGroup var database: DatabaseOptions

    static let maximumOffices = 40, maximumDays = 1_100

    func validate() throws {
        guard (1...Self.maximumOffices).contains(offices) else { throw ValidationError("--offices は 1〜\(Self.maximumOffices) で指定してください") }
        guard (1...Self.maximumDays).contains(days) else { throw ValidationError("--days は 1〜\(Self.maximumDays) で指定してください") }
        _ = try parseDay(until, option: "--until")
    }

    func run() throws {
        let seeds = try SeedDirectory.locate()
        let history = DemoHistory(terminals: try TerminalDirectory(seeds: seeds), writer: CaseHistoryWriter(catalog: try LedgerCatalog.load(from: seeds)))
        let last = try parseDay(until, option: "--until") ?? SystemClock().today().adding(days: -1)
        let store = try database.open(busyTimeout: .seconds(30))
        let progress = ProgressBar(title: "記録を作っています", total: days)
        let started = ContinuousClock.now
        let summary = try history.generate(offices: offices, days: days, last: last, seed: seed, into: store) { progress.advance(to: $0) }
        progress.finish()
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        printOut("\(summary.days)日分、\(summary.cases)件、事象 \(summary.events)行を書きました（\(String(format: "%.1f", seconds)) 秒、毎秒 \(Int(Double(summary.events) / max(seconds, 0.001))) 事象）。")
    }
}
