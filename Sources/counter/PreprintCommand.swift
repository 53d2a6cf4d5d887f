import ArgumentParser
import CounterCore
import CounterService
import CounterStore
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

    @OptionGroup var inputs: PreprintCase

    @Option(help: ArgumentHelp("部数（各帳票。\(PreprintRequest.copyRange.lowerBound)〜\(PreprintRequest.copyRange.upperBound)）"))
    var copies = 1

    func validate() throws {
        let ids = formIDs
        guard !ids.isEmpty, !ids.contains(where: \.isEmpty) else {
            throw ValidationError("--forms に帳票 id を1つ以上（カンマ区切り）指定してください（counter forms list で確認できます）")
        }
        guard Set(ids).count == ids.count else {
            throw ValidationError("--forms に同じ帳票 id が2回以上あります。部数は --copies で指定してください")
        }
        guard PreprintRequest.copyRange.contains(copies) else {
            throw ValidationError("--copies は \(PreprintRequest.copyRange.lowerBound)〜\(PreprintRequest.copyRange.upperBound) で指定してください")
        }
    }

    /// The form ids of `--forms`, in order, trimmed.
    var formIDs: [String] {
        forms.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
    }

    func run() async throws {
        let formIDs = formIDs, copies = copies, inputs = inputs
        try await inputs.run { session, card in
            // Every form is resolved before the card is read: a typo must not cost the citizen a PIN entry.
            let chosen = formIDs.compactMap { id in session.forms.first { $0.id == id } }
            let unknown = formIDs.filter { id in !chosen.contains { $0.id == id } }
            guard unknown.isEmpty else {
                for formID in unknown { printError("\(formID)\t\(PreprintError.unknownForm(formID).userMessage)") }
                throw ExitCode(1)
            }
            try await inputs.capture(into: session, card: card)
            return await inputs.print(chosen, copies: copies, in: session)
        }
    }
}

/// Who a command-line case is for and where it prints (`--info-json` or `--from-card`, the printer, the database, the
/// day, the clerk, the terminal and office): the case `counter preprint` and `counter onestop print` run alike, with
/// the same events as the counter UI on channel `cli`.
struct PreprintCase: ParsableArguments {
    @Option(name: .customLong("info-json"), help: "基本4情報の JSON ファイル {\"name\",\"address\",\"birthDate\":\"YYYY-MM-DD\",\"sex\":\"1\"}")
    var infoJSON: String?

    @Flag(name: .customLong("from-card"), help: "マイナンバーカードから読み取ります（暗証番号を尋ねます）")
    var fromCard = false

    @Option(help: "使うカードリーダー名（--from-card のとき。省略時はカードが置かれた最初のリーダー）")
    var reader: String?

    @Flag(help: "暗証番号を標準入力の1行から読みます（--from-card のとき）")
    var pinStdin = false

    @OptionGroup var output: PrinterTarget

    @OptionGroup var style: PrintModeOptions

    @OptionGroup var database: DatabaseOptions

    @Option(help: "届出日・請求日 YYYY-MM-DD（既定: 今日）")
    var date: String?

    @Option(help: "記録に残す職員 ID（省略時はこのコンピュータのユーザー名）")
    var clerk: String?

    @OptionGroup var terminal: TerminalOption

    @OptionGroup var office: OfficeOption

    func validate() throws {
        guard fromCard != (infoJSON != nil) else {
            throw ValidationError("--from-card か --info-json のどちらか一方を指定してください。")
        }
        try output.requireTarget()
        if let clerk { try requireIdentifier(clerk, option: "--clerk") }
    }

    /// Opens the case, runs `body` with it (true: something failed, exit 1), ends it and waits for its events.
    func run(_ body: (OpenCase, CardInfoReader) async throws -> Bool) async throws {
        // The one clock of this process, passed to everything that reads the time.
        let clock = SystemClock()
        let service = try PreprintService(seeds: SeedDirectory.locate())
        warnRefused(service.catalog)
        let formDate = try date.map { try CLIDate.parse($0) }
        let terminalOffice = try office.resolve()
        // Checked before the card is read: a bad --offset or database must not cost the person a PIN entry.
        // A database another program holds locked does not stop a preprint: it is read without writing, and
        // the case goes to the journal first, to the database once it is free (or at the next start).
        let path = database.resolvedPath
        var storage: CounterDatabase?
        do {
            // A short wait: a held database sends the case to the journal instead of keeping the clerk waiting.
            storage = try database.open(busyTimeout: .milliseconds(250))
        } catch StoreError.busy {
            storage = nil
        }
        let calibration = try style.calibration(for: output, database: try storage ?? CounterStorage.openReadOnly(path: path))
        let printing = FormPreprintPrinting(service: service, printer: try output.makePrinter(clock: clock), calibration: calibration,
                                            defaultMode: style.mode)
        let card = CardInfoReader(readerName: reader)
        // Released before the process exits (pcsc-lite's clean-up at exit crashed on a context left open).
        defer { card.close() }
        let events: EventQueue
        if let storage {
            let (queue, recovery) = try EventQueue.durable(database: storage, clock: clock)
            reportRecovery(recovery)
            events = queue
        } else {
            events = try EventQueue.durable(lockedDatabaseAt: path, open: { try CounterStorage.open(path: path) })
        }
        let cases = CaseService(terminalID: terminal.id, channel: .cli, clock: clock,
                                events: events, printing: printing, card: card, office: terminalOffice)
        // The computer's user name when --clerk is not given, kept to the identifier rule.
        let user = ProcessInfo.processInfo.userName
        let actor = EventActor.clerk(id: clerk ?? (RecordIdentifier.isValid(user) ? user : "cli"))
        let session = cases.begin(actor: actor, formDate: formDate)
        let failed: Bool
        do {
            failed = try await body(session, card)
        } catch {
            // The case is recorded however it ended: ended and written before the error is reported.
            session.end()
            try await PreprintCommand.waitForEvents(cases.events)
            throw error
        }
        session.end()
        try await PreprintCommand.waitForEvents(cases.events)
        if failed { throw ExitCode(1) }
    }

    /// Captures the person's four fields (and フリガナ from a file) into `session`.
    func capture(into session: OpenCase, card: CardInfoReader) async throws {
        var record = try await loadPerson(session, card: card)
        defer { record.info.wipe() }
        try session.capture(record.info, from: fromCard ? .card : .file)
        if !record.furigana.isEmpty { try session.correct(.furigana, to: record.furigana) }
    }

    /// Prints each of `forms` and reports each job on stdout (failures on stderr); true when any failed. A failed form
    /// does not stop the others.
    func print(_ forms: [FormChoice], copies: Int, in session: OpenCase) async -> Bool {
        var failed = false
        for form in forms {
            let formID = form.id
            guard let job = session.printJob(form, copies: copies, mode: style.mode) else { continue }
            do {
                let receipt = try await job.run()
                if let jobID = receipt.jobID { printOut("\(formID)\t\(jobID)") }
                for file in receipt.files { printOut("\(formID)\t\(file.path)") }
            } catch {
                failed = true
                printError("\(formID)\t\(userMessage(for: error))")
            }
        }
        return failed
    }

    /// Gets the person's four fields (and フリガナ from a file): from `--info-json`, or from the card
    /// (`--from-card`, which holds no フリガナ).
    private func loadPerson(_ session: OpenCase, card: CardInfoReader) async throws -> InfoFile.Record {
        if let infoJSON { return try InfoFile.load(path: infoJSON) }
        let reading = session.cardReading()
        let info = try await readBasicInfoFromCard(reader: card, pinFromStdin: pinStdin,
                                                   triesLeft: { try await reading.pinTriesLeft() },
                                                   read: { try await reading.readBasicInfo(pin: $0) })
        return InfoFile.Record(info: info, furigana: "")
    }

}

extension PreprintCommand {
    /// Waits (at most 2 s with a journal, 10 s without) until the case's events are in the database; without a journal, refuses to
    /// report success otherwise.
    static func waitForEvents(_ events: EventQueue) async throws {
        if await events.waitUntilSaved(timeout: events.isJournaled ? .seconds(2) : .seconds(10)) {
            events.closeJournal()
            return
        }
        let left = events.unsavedCount
        guard left > 0 else { return }
        if events.isJournaled {
            // On disk already: the next counter started on this database writes them.
            printError("受付の記録 \(left) 件はデータベースが使用中のため、記録用のファイルに保存しました。次に counter を起動したときに反映します。")
            return
        }
        printError(EventRecordError.unsaved(count: left).userMessage)
        throw ExitCode(1)
    }
}
