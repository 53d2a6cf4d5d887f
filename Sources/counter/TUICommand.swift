import ArgumentParser
import CounterCore
import CounterStore
import CounterTUI
import DocumentPrint
import Foundation
import FormPreprint

/// `counter tui`: the counter UI on this terminal's database, card reader and printer.
struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "窓口画面を開きます（カード読取・4情報確認・申請書印字）。")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "使うカードリーダー名（省略時はカードが置かれた最初のリーダー）")
    var reader: String?

    @OptionGroup var output: PrinterOptions

    @Option(help: "この端末の ID（イベントに記録されます）")
    var terminal: String = ProcessInfo.processInfo.hostName

    func run() async throws {
        let seeds = try SeedDirectory.locate()
        let eras = try EraTable(seeds: seeds)
        let service = try PreprintService(seeds: seeds)
        let printer = try output.makePrinter()
        let database = try self.database.open()
        let port = PreprintPort(service: service, printer: printer, calibration: try output.calibration(),
                                today: { CalendarDate.today() })
        let app = CounterApp(database: database, card: PCSCCardPort(readerName: reader), printer: port,
                             terminalID: terminal, eras: eras)
        try await app.run()
    }
}

/// `--db PATH`: the terminal's SQLite file.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "SQLite ファイル（省略時は $XDG_DATA_HOME/counter/counter.sqlite）")
    var path: String?

    /// Opens (and migrates) the database.
    func open() throws -> CounterDatabase {
        if let path { return try CounterDatabase.open(path: path) }
        return try CounterDatabase.openDefault()
    }
}
