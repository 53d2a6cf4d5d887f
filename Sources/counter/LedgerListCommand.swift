import ArgumentParser
import CashlessLedger
import CounterCore
import CounterService
import Foundation

/// `counter ledger items`: the fee items (not certificates) with their codes and today's fees.
struct LedgerItemsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "items", abstract: "手数料の品目と本日の手数料を表示します。")

    @Flag(help: "JSON で出力します")
    var json = false

    struct ItemJSON: Encodable { var code: String, label: String, fee: Int64 }

    func run() throws {
        let catalog = try LedgerCatalog.load(from: SeedDirectory.locate())
        let today = SystemClock().today()
        let items = catalog.items.compactMap { item in item.fee(on: today).map { (item, $0) } }
        if json {
            try printJSON(items.map { ItemJSON(code: $0.0.code, label: $0.0.label, fee: $0.1.amount) })
            return
        }
        for (item, fee) in items { printOut("\(item.code)\t\(item.label)\t\(fee)") }
    }
}

/// `counter ledger list`: the payments of a day (本日の収納一覧) with their cancellations.
struct LedgerListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "1日の支払の一覧を表示します（省略時は本日）。")

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "日付 YYYY-MM-DD（省略時は本日）")
    var date: String?

    @Flag(help: "JSON で出力します")
    var json = false

    func validate() throws { _ = try parseDay(date, option: "--date") }

    func run() throws {
        let listings = try ledger.cashier().payments(on: try parseDay(date, option: "--date"))
        if json {
            try printJSON(listings.map { PaymentJSON($0.payment, cancelled: $0.cancellation != nil) })
            return
        }
        for listing in listings {
            let payment = listing.payment
            var tender = payment.tender.method.label
            if case .cashless(let brand, _, let slip) = payment.tender { tender += " \(brand) 伝票 \(slip)" }
            let state = listing.cancellation == nil ? "" : "\t取消済"
            printOut("\(payment.id.uuidString)\t\(DailyReportFormat.timestamp(payment.recordedAt))\t\(payment.requestID)"
                + "\t\(payment.total)\t\(tender)\(state)")
        }
        printOut("\(listings.count)件")
    }
}

/// `counter ledger verify`: recomputes every terminal's chain and names the first entry that does not match.
struct LedgerVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "収納の記録のハッシュ連鎖を計算し直し、書き換えられていないことを確かめます。",
        discussion: "問題がなければ終了コード 0、一致しない記録があれば 1 で、その端末・記録番号（seq）・ID を表示します。")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let result = try Cashier.verify(try CounterStorage.openReadOnly(path: try database.existingPath()))
        for (terminal, count) in result.chains.entriesPerTerminal.sorted(by: { $0.key < $1.key }) {
            printOut("端末 \(terminal)\t\(count)件")
        }
        if let broken = result.chains.firstBreak {
            printError("端末 \(broken.terminalID) の記録 seq \(broken.seq)（ID \(broken.entryID)）でハッシュ連鎖が一致しません。"
                + "記録が書き換えられたか削除された可能性があります。データベースを保全し、管理者に連絡してください。")
        }
        if !result.missingGuards.isEmpty {
            printError("記録を書き換えから守る仕組み（トリガー \(result.missingGuards.joined(separator: ", "))）が削除されています。"
                + "データベースを保全し、管理者に連絡してください。")
        }
        if !result.isIntact { throw ExitCode(1) }
        printOut("すべての収納の記録のハッシュ連鎖が一致しました（\(result.chains.entriesPerTerminal.values.reduce(0, +))件）。")
    }
}
