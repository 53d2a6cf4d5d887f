import ArgumentParser
import CounterStore
import DocumentPrint
import Foundation

/// `--printer QUEUE | --out DIR`: where printed documents go.
struct PrinterOptions: ParsableArguments {
    @Option(help: "CUPS のプリンタ（キュー）名")
    var printer: String?

    @Option(help: "PDF の保存先フォルダ（プリンタの代わり）")
    var out: String?

    func validate() throws {
        guard printer == nil || out == nil else {
            throw ValidationError("--printer と --out は同時に指定できません")
        }
    }

    /// The chosen printer; without either option, a PDF folder beside the default database.
    func makePrinter() throws -> any Printer {
        if let printer { return CUPSPrinter(queue: printer) }
        if let out { return PDFFolderPrinter(directory: URL(fileURLWithPath: out, isDirectory: true)) }
        let databaseFolder = URL(fileURLWithPath: CounterDatabase.defaultPath()).deletingLastPathComponent()
        return PDFFolderPrinter(directory: databaseFolder.appendingPathComponent("pdf", isDirectory: true))
    }
}
