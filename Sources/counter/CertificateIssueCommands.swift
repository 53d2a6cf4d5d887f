import ArgumentParser
import CashlessLedger
import CertificateIssue
import CertificateSeal
import CounterCore
import CounterService
import DocumentPrint
import Foundation

/// `counter certificate …`: certificates (証明書): the kinds, issuance, history, printing what never printed, and
/// the check of their verification codes.
struct CertificateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate",
        abstract: "証明書の交付・履歴・印刷・検証",
        subcommands: [CertificateKindsCommand.self, CertificateIssueCommand.self, CertificateHistoryCommand.self,
                      CertificatePrintCommand.self, CertificateReprintCommand.self, CertificateVoidCommand.self,
                      CertificateVerifyCommand.self])
}

/// What every certificate command that works on a terminal takes: the database, the terminal, the office.
struct CertificateOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var terminal: TerminalOption
    @OptionGroup var office: OfficeOption
    @OptionGroup var registry: RegistryOption

    @Option(help: "署名鍵のフォルダ（counter keys init で作成。省略時は $XDG_DATA_HOME/counter/keys）")
    var keys: String?

    /// The desk of this terminal; with `signing`, every page is marked with the installation's signed code
    /// (the key must be there, readable only by its owner).
    func desk(clock: any Clock = SystemClock(), signing: Bool = true) throws -> CertificateDesk {
        let marker = signing ? SealCodeMarker(key: try SealKey.load(from: keys.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? SealKey.defaultFolder())) : nil
        let database = try database.open(), seeds = try SeedDirectory.locate()
        return try CertificateDesk.make(database: database, seeds: seeds, clock: clock,
                                        terminalID: terminal.id, office: try office.resolve(), marker: marker,
                                        registry: registry.registry(database: database, seeds: seeds))
    }
}

/// `counter certificate kinds`: the catalog's kinds with their options and today's fee per copy.
struct CertificateKindsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kinds", abstract: "証明書の種類・記載できる事項・手数料を表示します。")

    @Flag(help: "JSON で出力します")
    var json = false

    struct KindJSON: Encodable {
        var id: String, title: String, feePerCopy: Int64?, options: [String], requesters: [String], kiosk: Bool
    }

    func run() throws {
        let seeds = try SeedDirectory.locate()
        let ledger = try LedgerCatalog.load(from: seeds)
        let catalog = try CertificateCatalog.load(from: seeds, feeItems: Set(ledger.items.filter(\.certificate).map(\.code)))
        let today = SystemClock().today()
        let kinds = catalog.kinds.map { kind in
            KindJSON(id: kind.id, title: kind.title, feePerCopy: ledger.item(code: kind.feeItem)?.fee(on: today)?.amount,
                     options: kind.options.map(\.rawValue), requesters: kind.requesters.map(\.rawValue), kiosk: kind.kiosk)
        }
        if json {
            try printJSON(kinds)
            return
        }
        for kind in kinds {
            let fee = kind.feePerCopy.map { "\(Yen($0))" } ?? "手数料なし"
            printOut("\(kind.id)\t\(kind.title)\t\(fee)\t記載: \(kind.options.joined(separator: ","))\t\(kind.kiosk ? "キオスク可" : "窓口のみ")")
        }
    }
}

/// `counter certificate issue`: one request from check to print: the fee paid into the ledger, the issuance and
/// its 発行番号 recorded in one transaction, then each copy rendered, checked and printed.
struct CertificateIssueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue", abstract: "証明書を交付します（手数料の収納・発行番号の記録・印刷）。",
        discussion: "--request を同じにしてやり直すと、記録済みの交付を返し、印刷されていない通だけを印刷します（手数料は二重に取りません）。")

    @OptionGroup var certificate: CertificateOptions
    @OptionGroup var output: PrinterTarget
    @OptionGroup var clerkOption: ClerkOption

    @Option(help: "住民の ID（counter residents find で確認）")
    var resident: String
    @Option(help: "証明書の種類（counter certificate kinds）")
    var kind: String
    @Option(name: .customLong("option"), help: "記載する事項（householdHead honseki juminhyoCode individualNumber history）。複数可")
    var options: [String] = []
    @Option(help: "世帯一部（juminhyo-partial）に記載する世帯員の住民 ID。複数可")
    var member: [String] = []
    @Option(help: "通数")
    var copies = 1
    @Option(help: "請求者: self（本人）| household（同一世帯）| proxy（代理・委任状確認済み）")
    var requester = "self"
    @Flag(help: "公用請求（手数料免除）")
    var official = false
    @Option(help: "支払方法: cash | cashless")
    var payment = "cash"
    @Option(help: "キャッシュレスのブランド ID")
    var brand: String?
    @Option(help: "決済端末の伝票番号")
    var slip: String?
    @Option(name: .customLong("cash-received"), help: "現金の受取金額（円）")
    var cashReceived: String?
    @Option(help: "申請の ID（やり直しの識別。省略時は新しい ID）")
    var request: String?
    @Flag(help: "結果を JSON で出力します")
    var json = false

    func validate() throws {
        try requireIdentifier(resident, option: "--resident")
        try requireIdentifier(kind, option: "--kind")
        if let request { try requireIdentifier(request, option: "--request") }
        for id in member { try requireIdentifier(id, option: "--member") }
        for option in options where CertificateOption(rawValue: option) == nil {
            throw ValidationError("--option は householdHead、honseki、juminhyoCode、individualNumber、history のいずれかで指定してください")
        }
        guard Requester(rawValue: requester) != nil else {
            throw ValidationError("--requester は self、household、proxy のいずれかで指定してください")
        }
        guard PaymentMethod(rawValue: payment) != nil else {
            throw ValidationError("--payment は cash（現金）か cashless（キャッシュレス）で指定してください")
        }
        _ = try parseYen(cashReceived, option: "--cash-received")
    }

    struct CopyJSON: Encodable { var number: String, serial: Int, pages: Int?, printed: Bool, receipt: String?, error: String? }
    struct IssueJSON: Encodable {
        var request: String, issuance: String, paymentId: String, total: Int64, recordedBefore: Bool, copies: [CopyJSON]
    }

    func run() throws {
        let desk = try certificate.desk()
        let tender: TenderInput = payment == PaymentMethod.cash.rawValue
            ? .cash(received: try parseYen(cashReceived, option: "--cash-received"))
            : .cashless(brandID: brand ?? "", slip: slip)
        let certificateRequest = CertificateRequest(
            personID: resident, kindID: kind, options: Set(options.compactMap(CertificateOption.init(rawValue:))),
            copies: copies, requester: Requester(rawValue: requester) ?? .own, official: official, members: member)
        let requestID = request ?? "C-\(UUID().uuidString.lowercased())"
        let issuance = try desk.issue(certificateRequest, requestID: requestID, tender: tender, actor: clerkOption.actor,
                                      channel: .cli)
        let printer = try output.makePrinter(clock: desk.clock)
        let outcomes = try desk.printMissing(issuance, to: printer, actor: clerkOption.actor, channel: .cli)
        if json {
            let copies = issuance.copies.map { copy -> CopyJSON in
                let outcome = outcomes.first { $0.serial == copy.serial }
                var json = CopyJSON(number: outcome?.number ?? "", serial: copy.serial, pages: nil, printed: false, receipt: nil, error: nil)
                switch outcome?.result {
                case .success(let receipt)?:
                    json.printed = true
                    json.receipt = receipt.jobID ?? receipt.outputPaths.map(\.path).joined(separator: ",")
                case .failure(let error)?: json.error = userMessage(for: error)
                case nil: json.printed = true
                }
                return json
            }
            try printJSON(IssueJSON(request: requestID, issuance: issuance.entry.id.uuidString,
                                    paymentId: issuance.payment.id.uuidString, total: issuance.payment.total.amount,
                                    recordedBefore: issuance.wasIssuedBefore, copies: copies))
        } else {
            printOut("交付を記録しました（申請 \(requestID)、手数料 \(issuance.payment.total)）\(issuance.wasIssuedBefore ? "（記録済みの交付）" : "")。")
            for outcome in outcomes {
                switch outcome.result {
                case .success(let receipt):
                    printOut("発行番号 \(outcome.number)\t印刷しました\t\(receipt.jobID ?? receipt.outputPaths.map(\.lastPathComponent).joined(separator: ","))")
                case .failure(let error):
                    printOut("発行番号 \(outcome.number)\t印刷できませんでした: \(userMessage(for: error))")
                }
            }
        }
        if outcomes.contains(where: { if case .failure = $0.result { true } else { false } }) {
            printError("印刷できなかった通があります。交付は記録済みです。原因を直して counter certificate print --request \(requestID) で印刷してください。")
            throw ExitCode(1)
        }
    }
}

/// `counter certificate print --request ID`: prints the copies of an issuance that never printed (after a
/// printer failure or a crash), under their own 発行番号; no new fee.
struct CertificatePrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "print", abstract: "交付済みで印刷されていない通を印刷します。")

    @OptionGroup var certificate: CertificateOptions
    @OptionGroup var output: PrinterTarget
    @OptionGroup var clerkOption: ClerkOption

    @Option(help: "申請の ID")
    var request: String

    func validate() throws { try requireIdentifier(request, option: "--request") }

    func run() throws {
        let desk = try certificate.desk()
        guard let issuance = try desk.issuance(ofRequest: request) else {
            printError("その申請の交付は記録されていません。申請の ID を確認してください。")
            throw ExitCode(1)
        }
        let outcomes = try desk.printMissing(issuance, to: try output.makePrinter(clock: desk.clock), actor: clerkOption.actor,
                                             channel: .cli)
        if outcomes.isEmpty { printOut("すべての通が印刷済みです。") }
        try report(outcomes, printed: "印刷しました")
    }
}

/// `counter certificate history --resident ID`: 交付履歴 and 印刷ログ of a person (kinds, numbers, prints).
struct CertificateHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "住民の交付履歴と印刷ログを表示します。")

    @OptionGroup var certificate: CertificateOptions

    @Option(help: "住民の ID")
    var resident: String?
    @Option(help: "発行番号の日付 YYYY-MM-DD（--serial と。省略時は本日）")
    var date: String?
    @Option(help: "発行番号の連番（この番号の交付の履歴を表示）")
    var serial: Int?
    @Flag(help: "JSON で出力します")
    var json = false

    struct EntryJSON: Encodable {
        var id: String, kind: String, at: String, day: String, terminal: String, actor: String, person: String?
        var certificateKind: String?, options: [String], members: [String], copies: Int?, requester: String?
        var official: Bool?, paymentId: String?, printerNumber: String?, individualNumberPrinted: Bool?
        var sealPrinted: Bool?, serials: [Int], serial: Int?, pages: Int?, outcome: String?, errorKind: String?
        var output: String?, printer: String?, issuance: String?, reason: String?, supervisor: String?
    }

    func validate() throws {
        guard (resident == nil) != (serial == nil) else {
            throw ValidationError("--resident か --serial（発行番号の連番）のどちらか一方を指定してください")
        }
        if let resident { try requireIdentifier(resident, option: "--resident") }
        _ = try parseDay(date, option: "--date")
    }

    func run() throws {
        let desk = try certificate.desk(signing: false)
        var entries: [IssuanceEntry]
        if let serial {
            // The issuance (or reprint) that numbered this copy, with its prints and 処分, and reprints of it.
            guard let found = try desk.copy(serial: serial, day: try parseDay(date, option: "--date") ?? SystemClock().today()),
                  let personID = found.issuance.entry.personID else { throw IssuanceFollowUpError.unknownNumber }
            let root = found.issuance.entry.kind == .reprint ? found.issuance.entry.issuanceID : found.issuance.entry.id
            let all = try desk.history(personID: personID)
            let related = Set(all.filter { $0.id == root || $0.issuanceID == root }.map(\.id))
            entries = all.filter { related.contains($0.id) || ($0.issuanceID.map(related.contains) ?? false) }
        } else {
            entries = try desk.history(personID: resident ?? "")
        }
        let serials = try desk.numberedSerials(of: entries.filter { $0.kind == .issue || $0.kind == .reprint }.map(\.id))
        let rows = entries.map { entry in
            EntryJSON(id: entry.id.uuidString, kind: entry.kind.rawValue, at: DailyReportFormat.timestamp(entry.recordedAt),
                      day: entry.day.iso, terminal: entry.terminalID, actor: entry.actor.id, person: entry.personID,
                      certificateKind: entry.certificateKind, options: entry.options.map(\.rawValue), members: entry.members,
                      copies: entry.copies, requester: entry.requester?.rawValue, official: entry.official,
                      paymentId: entry.paymentID?.uuidString, printerNumber: entry.printerNumber,
                      individualNumberPrinted: entry.individualNumberPrinted, sealPrinted: entry.sealPrinted,
                      serials: serials[entry.id] ?? [], serial: entry.copySerial, pages: entry.pages, outcome: entry.outcome,
                      errorKind: entry.errorKind, output: entry.output, printer: entry.printer,
                      issuance: entry.issuanceID?.uuidString, reason: entry.reason, supervisor: entry.supervisorID)
        }
        if json {
            try printJSON(rows)
            return
        }
        for row in rows {
            let numbers = row.serials.map { String(format: "%03d", $0) }.joined(separator: ",")
            let detail: String
            switch row.kind {
            case "issue": detail = "\(row.certificateKind ?? "") \(row.copies ?? 0)通 連番 \(numbers) \(row.requester ?? "")"
            case "reprint": detail = "\(row.certificateKind ?? "") 連番 \(numbers) 理由: \(row.reason ?? "")"
            case "void": detail = "連番 \(row.serial.map { String(format: "%03d", $0) } ?? "-") 理由: \(row.reason ?? "") 承認 \(row.supervisor ?? "")"
            default: detail = "連番 \(row.serial.map { String(format: "%03d", $0) } ?? "-") \(row.outcome ?? "") \(row.pages.map { "\($0)枚" } ?? "")"
            }
            printOut("\(row.at)\t\(row.kind)\t\(row.terminal)\t\(row.actor)\t\(detail)")
        }
        printOut("\(rows.count)件")
    }
}

/// `--date D --serial N`: a copy's 発行番号 as the clerk reads it off the sheet (the day and the 連番).
struct CertificateNumberOptions: ParsableArguments {
    @Option(help: "発行番号の日付 YYYY-MM-DD（省略時は本日）")
    var date: String?
    @Option(help: "発行番号の連番")
    var serial: Int

    func validate() throws {
        _ = try parseDay(date, option: "--date")
        guard serial > 0 else { throw ValidationError("--serial は1以上の整数で指定してください") }
    }

    /// The day of the number.
    var day: CalendarDate { get throws { try parseDay(date, option: "--date") ?? SystemClock().today() } }
}

/// `counter certificate reprint`: 再交付 of a copy under a new 発行番号 (a reason, no new fee), printed at once.
struct CertificateReprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reprint",
                                                    abstract: "交付済みの証明書を同じ内容・新しい発行番号で再交付します（手数料なし）。")

    @OptionGroup var certificate: CertificateOptions
    @OptionGroup var number: CertificateNumberOptions
    @OptionGroup var output: PrinterTarget
    @OptionGroup var clerkOption: ClerkOption
    @Option(help: "再交付の理由（200文字以内）")
    var reason: String

    func run() throws {
        let desk = try certificate.desk()
        let reprint = try desk.reprint(serial: number.serial, day: try number.day, reason: reason, actor: clerkOption.actor,
                                       channel: .cli)
        let outcomes = try desk.printMissing(reprint, to: try output.makePrinter(clock: desk.clock), actor: clerkOption.actor,
                                             channel: .cli)
        try report(outcomes, printed: "再交付しました")
    }
}

/// `counter certificate void`: 処分 of a printed copy, with a reason and a 係長's approval (password on stdin).
struct CertificateVoidCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "void",
                                                    abstract: "印刷した証明書を処分として記録します（係長の承認。パスワードは標準入力）。")

    @OptionGroup var certificate: CertificateOptions
    @OptionGroup var number: CertificateNumberOptions
    @OptionGroup var clerkOption: ClerkOption
    @Option(help: "処分の理由（200文字以内）")
    var reason: String
    @Option(help: "承認する係長の職員 ID")
    var supervisor: String

    func validate() throws { try requireIdentifier(supervisor, option: "--supervisor") }

    func run() throws {
        let password = try readSupervisorPassword()
        let entry = try certificate.desk(signing: false).void(serial: number.serial, day: try number.day, reason: reason,
                                                              supervisorID: supervisor, supervisorPassword: password,
                                                              actor: clerkOption.actor, channel: .cli)
        printOut("処分を記録しました（連番 \(entry.copySerial ?? 0)、承認 \(entry.supervisorID ?? "")）。")
    }
}

/// Prints one line per copy (its 発行番号 and `printed`, or why it did not print) and ends with exit 1 when a copy
/// did not print.
func report(_ outcomes: [CertificateDesk.CopyOutcome], printed: String) throws {
    var failed = false
    for outcome in outcomes {
        switch outcome.result {
        case .success: printOut("発行番号 \(outcome.number)\t\(printed)")
        case .failure(let error):
            failed = true
            printOut("発行番号 \(outcome.number)\t印刷できませんでした: \(userMessage(for: error))")
        }
    }
    if failed { throw ExitCode(1) }
}
