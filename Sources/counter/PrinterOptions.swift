import ArgumentParser
import DocumentPrint
import FormPreprint
import Foundation

/// `--printer QUEUE | --out DIR`, `--mode` and `--offset`: where and how forms are printed.
struct PrinterOptions: ParsableArguments {
    @Option(help: "CUPS のプリンタ（キュー）名")
    var printer: String?

    @Option(help: "PDF の保存先フォルダ（プリンタの代わり。新しく作るフォルダは所有者だけが読める 0700）")
    var out: String?

    @Option(help: "印字方式: full（帳票ごと普通紙に印刷、既定）または overlay（印字のみ・印刷済み用紙用）")
    var mode: PreprintMode = .full

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

    /// The chosen printer: the `--printer` queue, the `--out` folder, else a PDF folder at `fallbackFolder`
    /// (without one, `--printer` or `--out` is required).
    func makePrinter(fallbackFolder: URL? = nil) throws -> any Printer {
        if let printer { return CUPSPrinter(queue: printer) }
        guard let folder = out.map({ URL(fileURLWithPath: $0, isDirectory: true) }) ?? fallbackFolder else {
            throw ValidationError("--printer か --out のどちらか一方を指定してください")
        }
        return PDFFolderPrinter(directory: folder)
    }
}
