import ArgumentParser
import CounterStore
import DocumentPrint
import FormPreprint
import Foundation

/// `--printer QUEUE | --out DIR`: where printed documents go.
struct PrinterOptions: ParsableArguments {
    @Option(help: "CUPS のプリンタ（キュー）名")
    var printer: String?

    @Option(help: "PDF の保存先フォルダ（プリンタの代わり）")
    var out: String?

    @Option(name: .customLong("offset"), help: "このプリンタの重ね印刷の位置補正 mm「横,縦」（例: 0.5,-1）")
    var offset: String?

    func validate() throws {
        guard printer == nil || out == nil else {
            throw ValidationError("--printer と --out は同時に指定できません")
        }
    }

    /// The overlay calibration measured for this printer (`--offset`), zero when not given.
    func calibration() throws -> PrinterCalibration {
        guard let offset else { return .zero }
        let parts = offset.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2 else { throw ValidationError("--offset は「横,縦」の mm で指定してください（例: 0.5,-1）") }
        return PrinterCalibration(offsetX: parts[0], offsetY: parts[1])
    }

    /// The chosen printer; without either option, a PDF folder beside the default database.
    func makePrinter() throws -> any Printer {
        if let printer { return CUPSPrinter(queue: printer) }
        if let out { return PDFFolderPrinter(directory: URL(fileURLWithPath: out, isDirectory: true)) }
        let databaseFolder = URL(fileURLWithPath: CounterDatabase.defaultPath()).deletingLastPathComponent()
        return PDFFolderPrinter(directory: databaseFolder.appendingPathComponent("pdf", isDirectory: true))
    }
}
