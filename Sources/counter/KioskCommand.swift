import ArgumentParser
import CounterCity
import CashlessLedger
import CertificateSeal
import CounterCore
import CounterService
import CounterStore
import CounterTUI
import DocumentPrint
import Foundation
import FormPreprint
import MyNumberReader

/// `counter kiosk`: the self-service kiosk (行政キオスク端末) on this terminal's database, card reader, printer
/// and payment terminal.
struct KioskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk",
        abstract: "キオスク（証明書の自動交付）の画面を開きます。",
        discussion: """
            住民がマイナンバーカードの利用者証明用電子証明書で本人確認し、キャッシュレスで手数料を払い、証明書を\
            印刷します。--office、--ca、--crl、--payment-terminal、--printer（または --out）と証明書の署名鍵\
            （counter keys init）が必要です。
            キオスクを終えるには、職員用のキー操作（seeds/kiosk/schedule.json の staffKeys）のあと、係長か\
            管理者の職員IDとパスワードを入力します。Ctrl-C やファンクションキーでは終わりません。
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "使うカードリーダー名（省略時はカードが置かれた最初のリーダー）")
    var reader: String?

    @OptionGroup var output: PrinterTarget

    @OptionGroup var terminal: TerminalOption

    @OptionGroup var office: OfficeOption

    @OptionGroup var registry: RegistryOption

    @OptionGroup var sync: BackgroundSyncOptions

    @Option(name: .customLong("idle-seconds"), help: "操作がないまま最初の画面に戻るまでの秒数（5〜3600。省略時は schedule.json の idleSeconds）")
    var idleSeconds: Int?

    @Option(help: "利用者証明用電子証明書の認証局の証明書（PEM または DER）")
    var ca: String?

    @Option(help: "認証局の失効リスト（CRL、PEM または DER）。有効期間外になるとキオスクは止まります")
    var crl: String?

    @Option(name: .customLong("payment-terminal"), help: "決済端末の Unix ソケット（キオスクは現金を扱いません）")
    var paymentTerminal: String?

    @Option(name: .customLong("payment-timeout"), help: "決済端末の応答を待つ秒数（利用者がカードをかざす時間を含む。3〜300）")
    var paymentTimeout = 90

    @Option(help: "証明書の署名鍵のフォルダ（counter keys init。省略時は $XDG_DATA_HOME/counter/keys）")
    var keys: String?

    func validate() throws {
        if let idleSeconds, !(5...3600).contains(idleSeconds) {
            throw ValidationError("--idle-seconds は 5〜3600 で指定してください")
        }
        guard (3...300).contains(paymentTimeout) else { throw ValidationError("--payment-timeout は 3〜300 で指定してください") }
        guard ca != nil else { throw ValidationError("--ca に利用者証明用電子証明書の認証局の証明書を指定してください") }
        // Unattended, a revoked card must be refused: no kiosk runs without the list.
        guard crl != nil else { throw ValidationError("--crl に認証局の失効リスト（CRL）を指定してください（キオスクは失効を確かめずに本人確認しません）") }
        // Certificates leave the machine on paper: the kiosk never falls back to a folder nobody collects.
        try output.requireTarget()
        guard let paymentTerminal else {
            throw ValidationError("--payment-terminal に決済端末のソケットを指定してください（キオスクは現金を扱いません）")
        }
        if paymentTerminal.isEmpty || paymentTerminal.utf8.count > 100 {
            throw ValidationError("--payment-terminal は100バイト以内のソケットのパスで指定してください")
        }
    }

    func run() async throws {
        let clock = SystemClock()
        let seeds = try SeedDirectory.locate()
        guard let terminalOffice = try office.resolve() else {
            printError("--office でキオスクを置く区役所を指定してください（証明書に区長名が入ります）。")
            throw ExitCode(64)
        }
        let catalog = try KioskCatalog.load(from: seeds)
        let authenticator = try JPKIAuthenticator(caCertificateFile: ca ?? "", revocationListFile: crl)
        let service = try PreprintService(seeds: seeds)
        let pdfFolder = self.database.folder.appendingPathComponent("pdf", isDirectory: true)
        let printer = try output.makePrinter(fallbackFolder: pdfFolder, clock: clock)
        let database = try self.database.open()
        let (events, recovery) = try EventQueue.durable(database: database, clock: clock)
        reportRecovery(recovery)
        guard let desk = try loadCertificateDesk(database: database, seeds: seeds, clock: clock, terminalID: terminal.id,
                                                 office: terminalOffice, keys: keys,
                                                 registry: registry.registry(database: database, seeds: seeds)) else {
            printError("証明書の署名鍵がありません。counter keys init で作成してから起動してください。")
            throw ExitCode(1)
        }
        let cases = CaseService(terminalID: terminal.id, channel: .kiosk, clock: clock, events: events,
                                printing: FormPreprintPrinting(service: service, printer: printer),
                                card: CardInfoReader(readerName: reader), eras: service.catalog.eras, office: terminalOffice)
        let kiosk = KioskDesk(desk: desk, cases: cases, authenticator: authenticator,
                              terminal: SocketPaymentTerminal(path: paymentTerminal ?? "", timeout: .seconds(paymentTimeout)), printer: printer, catalog: catalog)
        let app = KioskApp(kiosk: kiosk, clerks: ClerkSessions(database: database, clock: clock),
                           idleSeconds: idleSeconds ?? catalog.schedule.idleSeconds)
        // The citizen never sees the sync: staff read it from counter sync or the city's reports.
        let background = sync.start(database: database, terminal: terminal.id)
        defer { background?.stop() }
        try await app.run()
        events.closeJournal()
    }
}
