import ArgumentParser
import CashlessLedger
import CounterCore
import CounterService
import Foundation

/// `counter ledger …`: the cashless ledger (収納) from the command line, for scripts and set-up.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "手数料の収納（現金・キャッシュレス）の記録・取消・日計",
        subcommands: [LedgerPayCommand.self, LedgerItemsCommand.self, LedgerListCommand.self, LedgerCancelCommand.self,
                      LedgerVerifyCommand.self, LedgerCloseCommand.self, LedgerReportCommand.self])
}

/// The options every ledger command that works on one terminal's ledger takes.
struct LedgerOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var terminal: TerminalOption

    /// The cashier of this terminal on the database (opened and migrated), with the seeds' catalog.
    func cashier() throws -> Cashier {
        let catalog = try LedgerCatalog.load(from: SeedDirectory.locate())
        return Cashier(database: try database.open(), catalog: catalog, clock: SystemClock(), terminalID: terminal.id)
    }
}

/// `--clerk ID`: who records (the computer's user name when not given).
struct ClerkOption: ParsableArguments {
    @Option(help: "記録する職員の ID（省略時はこのコンピュータのユーザー名）")
    var clerk: String?

    func validate() throws {
        if let clerk { try requireIdentifier(clerk, option: "--clerk") }
    }

    /// The actor of this run.
    var actor: EventActor {
        let user = ProcessInfo.processInfo.userName
        return .clerk(id: clerk ?? (RecordIdentifier.isValid(user) ? user : "cli"))
    }
}

/// Parses `YYYY-MM-DD` for `option`, or throws a usage error naming it.
func parseDay(_ text: String?, option: String) throws -> CalendarDate? {
    guard let text else { return nil }
    guard let day = CalendarDate(iso: text) else {
        throw ValidationError("\(option) は YYYY-MM-DD の実在する日付で指定してください")
    }
    return day
}

/// Parses a yen amount (a non-negative integer) for `option`.
func parseYen(_ text: String?, option: String) throws -> Yen? {
    guard let text else { return nil }
    guard let amount = Int64(text), amount >= 0 else {
        throw ValidationError("\(option) は0以上の整数（円）で指定してください")
    }
    return Yen(amount)
}

/// Reads the supervisor's password from the first line of standard input.
func readSupervisorPassword() throws -> String {
    guard let password = readLine(strippingNewline: true), !password.isEmpty else {
        throw ValidationError("係長のパスワードを標準入力から1行で渡してください。")
    }
    return password
}

/// Writes `value` as JSON on standard output (sorted keys, one document).
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    printOut(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// The JSON shape of a payment for scripts (amounts in yen as integers).
struct PaymentJSON: Encodable {
    var paymentId: String, requestId: String, terminal: String, clerk: String, at: String, day: String
    var total: Int64, method: String, brand: String?, group: String?, slip: String?, cashReceived: Int64?, change: Int64?
    var items: [Item], cancelled: Bool?, recordedBefore: Bool?

    struct Item: Encodable { var code: String, label: String, unitFee: Int64, quantity: Int, exempt: Bool }

    init(_ payment: Payment, cancelled: Bool? = nil, recordedBefore: Bool? = nil) {
        paymentId = payment.id.uuidString
        requestId = payment.requestID
        terminal = payment.terminalID
        clerk = payment.actor.id
        at = DailyReportFormat.timestamp(payment.recordedAt)
        day = payment.day.iso
        total = payment.total.amount
        method = payment.tender.method.rawValue
        switch payment.tender {
        case .cash(let received, let given):
            cashReceived = received.amount
            change = given.amount
        case .cashless(let brandID, let brandGroup, let number):
            brand = brandID
            group = brandGroup.rawValue
            slip = number
        }
        items = payment.items.map {
            Item(code: $0.code, label: $0.label, unitFee: $0.unitFee.amount, quantity: $0.quantity, exempt: $0.exempt)
        }
        self.cancelled = cancelled
        self.recordedBefore = recordedBefore
    }
}
