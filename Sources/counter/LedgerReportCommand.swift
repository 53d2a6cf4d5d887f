import ArgumentParser
import CashlessLedger
import CounterCore
import CounterService
import Foundation

/// `counter ledger report`: the 日計表 of a day as text, CSV, JSON or an A4 PDF.
struct LedgerReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "日計表を表示します（締めていない日は途中経過）。",
        discussion: "CSV は UTF-8（BOM 付き）で Excel で開けます。PDF は A4 で、--out が必要です。")

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "日付 YYYY-MM-DD")
    var date: String

    @OptionGroup var output: ReportOutput

    func validate() throws {
        _ = try parseDay(date, option: "--date")
    }

    func run() throws {
        let report = try ledger.cashier().report(on: try parseDay(date, option: "--date")!)
        try output.write(text: { DailyReportFormat.text(report) }, csv: { DailyReportFormat.csv(report) },
                         json: { try DailyReportFormat.json(report) }, pdf: { try DailyReportPDF.render(report) }, name: "日計表")
    }
}

/// `--format text|csv|json|pdf` and `--out FILE`: how a report is written (the 日計表, the KPI report).
struct ReportOutput: ParsableArguments {
    @Option(help: "形式: text | csv | json | pdf")
    var format: String = "text"

    @Option(help: "出力ファイル（省略時は標準出力。pdf では必須）")
    var out: String?

    static let formats = ["text", "csv", "json", "pdf"]

    func validate() throws {
        guard Self.formats.contains(format) else {
            throw ValidationError("--format は text、csv、json、pdf のいずれかで指定してください")
        }
        if format == "pdf", out == nil { throw ValidationError("pdf では --out で出力ファイルを指定してください") }
    }

    /// Writes the report in the chosen format to `--out` (0600), or to standard output: text through the
    /// terminal-safe filter, CSV and JSON as they are (for files and pipes).
    func write(text: () -> String, csv: () -> Data, json: () throws -> Data, pdf: () throws -> Data, name: String) throws {
        let data: Data
        switch format {
        case "csv": data = csv()
        case "json": data = try json() + Data("\n".utf8)
        case "pdf": data = try pdf()
        default: data = Data(text().utf8)
        }
        guard let out else {
            if format == "text" { print(TerminalText.safe(text()), terminator: "") } else { FileHandle.standardOutput.write(data) }
            return
        }
        try ReportFile.write(data, to: out)
        printOut("\(name)を \(out) に書き出しました。")
    }
}

/// Writes a report file 0600, refusing to replace a file that is not a regular file.
enum ReportFile {
    static func write(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ReportFileError.cannotWrite }
        defer { close(descriptor) }
        _ = fchmod(descriptor, 0o600)
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(descriptor) == 0 else { throw ReportFileError.cannotWrite }
    }
}

/// A report file that could not be written.
enum ReportFileError: UserFacingError {
    case cannotWrite
    var userMessage: String { "報告のファイルを書き出せません。--out の場所と権限を確認してください。" }
}
