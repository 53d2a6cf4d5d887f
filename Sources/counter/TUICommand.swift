import ArgumentParser
import CashlessLedger
import CertificateIssue
import CertificateSeal
import CounterCity
import CounterCore
import CounterService
import CounterStore
import CounterTUI
import DocumentPrint
import Foundation
import FormPreprint
import MyNumberReader

/// `counter tui`: the counter UI on this terminal's database, card reader and printer.
struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "窓口画面を開きます（カード読取・4情報確認・申請書印字）。",
        discussion: """
            --printer も --out も指定しないと、印字した帳票は PDF として --db のファイルと同じフォルダの \
            pdf/ に保存されます（新しく作るフォルダは所有者だけが読める 0700）。PDF には氏名・住所・生年月日が\
            含まれます。counter は自動で削除しないので、窓口業務の終わりに不要な PDF を削除してください。
            重ね印刷（overlay）の位置補正は --offset を省略すると、counter printer calibrate でこのプリンタ\
            （--printer のキュー名、または PDF の保存先フォルダ）に登録した値を使います。
            誤りのある帳票ファイルは読み込まず、起動前に標準エラーへ警告を出します（counter forms validate で確認）。
            手数料の収納（メニュー 5〜7）は seeds の手数料表（ledger-items.json）とブランド表を使います。\
            --payment-terminal を指定すると、キャッシュレスはその決済端末（payment-terminal-sim など）で決済し、\
            指定しないと職員が決済端末の伝票番号を入力します。
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "使うカードリーダー名（省略時はカードが置かれた最初のリーダー）")
    var reader: String?

    @OptionGroup var output: PrinterTarget

    @OptionGroup var style: PrintModeOptions

    @OptionGroup var terminal: TerminalOption

    @OptionGroup var office: OfficeOption

    @OptionGroup var registry: RegistryOption

    @OptionGroup var sync: BackgroundSyncOptions

    @Option(name: .customLong("payment-terminal"), help: "決済端末の Unix ソケット（省略時は伝票番号を手入力）")
    var paymentTerminal: String?

    @Option(help: "証明書の署名鍵のフォルダ（counter keys init。省略時は $XDG_DATA_HOME/counter/keys）")
    var keys: String?

    @Option(name: .customLong("idle-minutes"), help: "キー操作がないまま画面をロックするまでの分数（1〜60）")
    var idleMinutes = 5

    func validate() throws {
        guard (1...60).contains(idleMinutes) else { throw ValidationError("--idle-minutes は 1〜60 で指定してください") }
        if let paymentTerminal, paymentTerminal.isEmpty || paymentTerminal.utf8.count > 100 {
            throw ValidationError("--payment-terminal は100バイト以内のソケットのパスで指定してください")
        }
    }

    func run() async throws {
        // The one clock of this process, passed to everything that reads the time.
        let clock = SystemClock()
        let seeds = try SeedDirectory.locate()
        let service = try PreprintService(seeds: seeds)
        let ledger = try LedgerCatalog.load(from: seeds)
        warnRefused(service.catalog)
        let terminalOffice = try office.resolve()
        let pdfFolder = self.database.folder.appendingPathComponent("pdf", isDirectory: true)
        let printer = try output.makePrinter(fallbackFolder: pdfFolder, clock: clock)
        let database = try self.database.open()
        let calibration = try style.calibration(for: output, database: database, fallbackFolder: pdfFolder)
        let printing = FormPreprintPrinting(service: service, printer: printer, calibration: calibration,
                                            defaultMode: style.mode)
        let (events, recovery) = try EventQueue.durable(database: database, clock: clock)
        reportRecovery(recovery)
        let background = sync.start(database: database, terminal: terminal.id)
        var syncStatus: (@Sendable () -> String)?
        if let background { syncStatus = { background.statusText } }
        let certificates = try certificateDesk(database: database, seeds: seeds, clock: clock, office: terminalOffice)
        // The one-stop counter (F7): its seeds refused leave the rest of the counter usable.
        let oneStop = Result { try OneStopPlanner.make(seeds: seeds, forms: service.catalog) }
        if case .failure(let error) = oneStop { printError("ワンストップ窓口の設定（seeds/procedures）を読み込めません: \(userMessage(for: error))") }
        // The supervisor's KPI dashboard (F6): likewise optional.
        let kpi = Result { try KPIDesk(database: database, seeds: seeds) }
        if case .failure(let error) = kpi { printError("KPI の設定（kpi-targets.json, terminals.json, shifts.json）を読み込めません: \(userMessage(for: error))") }
        let app = CounterApp(database: database, card: CardInfoReader(readerName: reader), printing: printing,
                             terminalID: terminal.id, eras: service.catalog.eras, clock: clock,
                             idleTimeout: .seconds(idleMinutes * 60), events: events, office: terminalOffice,
                             ledger: ledger, paymentTerminal: paymentTerminal.map { SocketPaymentTerminal(path: $0) },
                             certificates: certificates, certificatePrinter: printer, oneStop: try? oneStop.get(),
                             kpi: try? kpi.get(), syncStatus: syncStatus)
        defer { background?.stop() }
        try await app.run()
        events.closeJournal()
    }
}

extension TUICommand {
    /// The terminal's certificate desk, or nil (with a note on stderr) when it cannot issue: no office
    /// (`--office`) or no signing key (`counter keys init`); a key with wrong permissions is an error.
    func certificateDesk(database: CounterDatabase, seeds: SeedDirectory, clock: any Clock,
                         office: Office?) throws -> CertificateDesk? {
        guard let office else {
            printError("--office がないため、この端末では証明書を交付しません（メニュー 8 は表示されません）。")
            return nil
        }
        guard let desk = try loadCertificateDesk(database: database, seeds: seeds, clock: clock, terminalID: terminal.id,
                                                 office: office, keys: keys,
                                                 registry: registry.registry(database: database, seeds: seeds)) else {
            printError("証明書の署名鍵がないため、この端末では証明書を交付しません。counter keys init で作成してください。")
            return nil
        }
        return desk
    }
}

/// The terminal's certificate desk, signing with the installation's key from `keys` (the default folder when
/// nil); nil when no key was made yet; a key with wrong permissions or unreadable is an error.
func loadCertificateDesk(database: CounterDatabase, seeds: SeedDirectory, clock: any Clock, terminalID: String,
                         office: Office, keys: String?, registry: any ResidentRegistry) throws -> CertificateDesk? {
    let folder = keys.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? SealKey.defaultFolder()
    let loaded = Result { () throws(SealKeyError) -> SealKey in try SealKey.load(from: folder) }
    if case .failure(.missing) = loaded { return nil }
    let key = try loaded.get()
    return try CertificateDesk.make(database: database, seeds: seeds, clock: clock, terminalID: terminalID, office: office,
                                    marker: SealCodeMarker(key: key), registry: registry)
}

/// Refuses an option value that would be stored in records but is not a ``RecordIdentifier``.
func requireIdentifier(_ value: String, option: String) throws {
    guard RecordIdentifier.isValid(value) else {
        throw ValidationError("\(option) は半角英数字と - _ . の\(RecordIdentifier.maximumLength)文字以内で指定してください")
    }
}

/// Tells on stderr what the replay of journals left by ended processes did (nothing when there were none).
func reportRecovery(_ recovery: EventJournal.Recovery) {
    if recovery.wroteAnything {
        printError("前回終了時に保存しきれなかった受付の記録 \(recovery.eventsWritten) 件をデータベースに反映しました"
            + "（中断された受付 \(recovery.casesAbandoned) 件、結果が不明な印刷 \(recovery.printsInterrupted) 件を記録）。")
    }
    if recovery.filesLeft > 0 {
        printError("受付の記録のファイル \(recovery.filesLeft) 件は、データベースが使用中のため次回の起動時に反映します。")
    }
}

/// `--db PATH`: the terminal's SQLite file.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "SQLite ファイル（省略時は $XDG_DATA_HOME/counter/counter.sqlite）")
    var path: String?

    /// The database file, given or default.
    var resolvedPath: String { path ?? CounterDatabase.defaultPath() }

    /// The folder holding the database file (given or default).
    var folder: URL {
        URL(fileURLWithPath: resolvedPath).deletingLastPathComponent()
    }

    /// The database file for an audit, which never creates or migrates one: a mistyped path is an error
    /// (exit 1), not an empty success.
    func existingPath() throws -> String {
        guard FileManager.default.fileExists(atPath: resolvedPath) else {
            printError("データベース \(resolvedPath) がありません。--db で端末のデータベースを指定してください。")
            throw ExitCode(1)
        }
        return resolvedPath
    }

    /// Opens (and migrates) the database.
    func open(busyTimeout: Duration = .seconds(5)) throws -> CounterDatabase {
        try CounterStorage.open(path: path, busyTimeout: busyTimeout)
    }

    /// Opens the database given with `--db`, else the default one only when its file exists (nil
    /// then: a command that merely looks something up creates no database).
    func openIfPresent() throws -> CounterDatabase? {
        if path == nil, !FileManager.default.fileExists(atPath: CounterDatabase.defaultPath()) { return nil }
        return try open()
    }
}
