import ArgumentParser
import CounterCore
import CounterService
import DocumentPrint
import FormPreprint
import Foundation
import MyNumberReader

/// `counter preprint`: prints the chosen forms for one person (書かない窓口), as one case on channel
/// `cli`, with the same events as the counter UI.
struct PreprintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preprint",
        abstract: "基本4情報を帳票に印字する（書かない窓口）",
        discussion: """
            印字は1件の受付として、窓口画面と同じ記録（チャネル cli）をデータベース（--db、省略時は既定のファイル）\
            に残します。重ね印刷（overlay）の位置補正は --offset を省略すると、counter printer calibrate でこのプリンタ\
            （--printer のキュー名、または --out のフォルダ）に登録した値を使います。
            """
    )

    @Option(help: "帳票 id（カンマ区切りで複数）")
    var forms: String

    @Option(name: .customLong("info-json"), help: "基本4情報の JSON ファイル {\"name\",\"address\",\"birthDate\":\"YYYY-MM-DD\",\"sex\":\"1\"}")
    var infoJSON: String?

    @Flag(name: .customLong("from-card"), help: "マイナンバーカードから読み取ります（暗証番号を尋ねます）")
    var fromCard = false

    @Option(help: "使うカードリーダー名（--from-card のとき。省略時はカードが置かれた最初のリーダー）")
    var reader: String?

    @Flag(help: "暗証番号を標準入力の1行から読みます（--from-card のとき）")
    var pinStdin = false

    @OptionGroup var output: PrinterOptions

    @OptionGroup var database: DatabaseOptions

    @Option(help: "部数（各帳票）")
    var copies = 1

    @Option(help: "届出日・請求日 YYYY-MM-DD（既定: 今日）")
    var date: String?

    @Option(help: "記録に残す職員 ID（省略時はこのコンピュータのユーザー名）")
    var clerk: String?

    @Option(help: "この端末の ID（記録に残ります）")
    var terminal: String = ProcessInfo.processInfo.hostName

    func validate() throws {
        guard fromCard != (infoJSON != nil) else {
            throw ValidationError("--from-card か --info-json のどちらか一方を指定してください")
        }
        try output.requireTarget()
        guard PreprintRequest.copyRange.contains(copies) else {
            throw ValidationError("--copies は \(PreprintRequest.copyRange.lowerBound)〜\(PreprintRequest.copyRange.upperBound) で指定してください")
        }
    }

    func run() async throws {
        let service = try PreprintService(seeds: SeedDirectory.locate())
        warnRefused(service.catalog)
        let formIDs = forms.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        let formDate = try date.map { try CLIDate.parse($0) }
        // Checked before the card is read: a bad --offset or database must not cost the person a PIN entry.
        let storage = try database.open()
        let calibration = try output.calibration(database: storage)
        let printing = FormPreprintPrinting(service: service, printer: try output.makePrinter(), calibration: calibration,
                                            defaultMode: output.mode)
        let card = CardInfoReader(readerName: reader)
        let cases = CaseService(terminalID: terminal, channel: .cli, clock: SystemClock(),
                                events: EventQueue(database: storage), printing: printing, card: card)
        let actor = EventActor.clerk(id: clerk ?? ProcessInfo.processInfo.userName)
        let session = cases.begin(actor: actor, formDate: formDate)
        let failed = try await preprint(session, formIDs: formIDs, card: card)
        session.end()
        try await Self.waitForEvents(cases.events)
        if failed { throw ExitCode(1) }
    }

    /// Captures the four fields into `session`, prints each form, and reports each job; true when any failed.
    private func preprint(_ session: OpenCase, formIDs: [String], card: CardInfoReader) async throws -> Bool {
        do {
            var info = try await loadBasicInfo(session, card: card)
            defer { info.wipe() }
            try session.capture(info, from: fromCard ? .card : .file)
        } catch {
            session.end()
            throw error
        }
        var failed = false
        for formID in formIDs {
            guard let form = session.forms.first(where: { $0.id == formID }) else {
                failed = true
                printError("\(formID)\t\(PreprintError.unknownForm(formID).userMessage)")
                continue
            }
            guard let job = session.printJob(form, copies: copies, mode: output.mode) else { continue }
            do {
                let receipt = try await job.run()
                if let jobID = receipt.jobID { print("\(formID)\t\(jobID)") }
                for file in receipt.files { print("\(formID)\t\(file.path)") }
            } catch {
                failed = true
                printError("\(formID)\t\(userMessage(for: error))")
            }
        }
        return failed
    }

    /// Gets the person's four fields: from `--info-json`, or from the card (`--from-card`).
    private func loadBasicInfo(_ session: OpenCase, card: CardInfoReader) async throws -> BasicInfo {
        if let infoJSON { return try InfoFile.load(path: infoJSON) }
        let reading = session.cardReading()
        return try await readBasicInfoFromCard(reader: card, pinFromStdin: pinStdin,
                                               triesLeft: { try await reading.pinTriesLeft() },
                                               read: { try await reading.readBasicInfo(pin: $0) })
    }

    /// Waits (at most 10 s) until the case's events are written; refuses to report success otherwise.
    static func waitForEvents(_ events: EventQueue) async throws {
        let saved = Task { await events.waitUntilSaved() }
        let deadline = ContinuousClock.now + .seconds(10)
        while events.unsavedCount > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        saved.cancel()
        let left = events.unsavedCount
        if left > 0 {
            printError(EventRecordError.unsaved(count: left).userMessage)
            throw ExitCode(1)
        }
    }
}

/// The `--info-json` file: `{"name":…,"address":…,"birthDate":"YYYY-MM-DD","sex":"1","sexLabel":"男"}`.
/// `sexLabel` is informational; the code in `sex` decides. The values are checked by the case's one
/// input check when captured.
enum InfoFile {
    private struct Contents: Decodable {
        var name: String
        var address: String
        var birthDate: CalendarDate
        var sex: Sex
    }

    /// Reads the file; errors name the file and the field, never the values.
    static func load(path: String) throws(InfoFileError) -> BasicInfo {
        do {
            let contents = try SeedDirectory.decode(Contents.self, from: URL(fileURLWithPath: path))
            return BasicInfo(name: contents.name, address: contents.address, birthDate: contents.birthDate, sex: contents.sex)
        } catch let error as SeedError {
            throw InfoFileError(file: path, field: error.field)
        } catch {
            throw InfoFileError(file: path, field: nil)
        }
    }
}

/// The `--info-json` file is missing or malformed (the message names the field, not its value).
struct InfoFileError: UserFacingError {
    /// The file given.
    var file: String
    /// The field that is missing or malformed, when known.
    var field: String?

    var userMessage: String {
        let detail = field.map { "項目 \($0) がないか、形式が違います" } ?? "読めないか JSON ではありません"
        return "基本4情報のファイル \(file) を使えません（\(detail)）。name, address, birthDate（YYYY-MM-DD）, sex（1/2/9）を確認してください。"
    }
}
