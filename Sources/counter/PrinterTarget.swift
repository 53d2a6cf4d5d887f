import ArgumentParser
import CounterCore
import DocumentPrint
import Foundation

/// `--printer QUEUE | --out DIR`: the printer a command prints to, or whose calibration it keeps.
struct PrinterTarget: ParsableArguments {
    @Option(help: "CUPS のプリンタ（キュー）名")
    var printer: String?

    @Option(help: "PDF の保存先フォルダ（プリンタの代わり。新しく作るフォルダは所有者だけが読める 0700）")
    var out: String?

    func validate() throws {
        guard printer == nil || out == nil else {
            throw ValidationError("--printer と --out は同時に指定できません")
        }
        if let printer, printer.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--printer に CUPS のプリンタ名を指定してください（空にはできません）")
        }
        if let out, out.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--out に PDF の保存先フォルダを指定してください（空にはできません）")
        }
    }

    /// Refuses a command line that names no printer, for commands that cannot fall back to a folder.
    func requireTarget() throws {
        guard printer != nil || out != nil else { throw Self.noTarget }
    }

    /// The key the chosen printer's calibration is stored under: the `--printer` queue name, else
    /// `folder:<absolute path>` of the `--out` folder or of `fallbackFolder`.
    func printerKey(fallbackFolder: URL? = nil) throws -> String {
        if let printer { return PrinterKey.queue(printer) }
        return PrinterKey.folder(try folder(fallback: fallbackFolder))
    }

    /// The chosen printer: the `--printer` queue, the `--out` folder, else a PDF folder at `fallbackFolder`
    /// (without one, `--printer` or `--out` is required).
    func makePrinter(fallbackFolder: URL? = nil, clock: any Clock) throws -> any Printer {
        if let printer { return CUPSPrinter(queue: printer) }
        return PDFFolderPrinter(directory: try folder(fallback: fallbackFolder), clock: clock)
    }

    /// The `--out` folder (absolute), else `fallback`; without either, `--printer` or `--out` is required.
    private func folder(fallback: URL?) throws -> URL {
        guard let folder = out.map({ URL(fileURLWithPath: $0, isDirectory: true) }) ?? fallback else { throw Self.noTarget }
        return folder
    }

    private static let noTarget = ValidationError("--printer か --out のどちらか一方を指定してください。")
}
