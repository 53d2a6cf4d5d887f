import ArgumentParser
import CounterCore
import CounterService
import CounterStore
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

    // `.unconditional`: a value starting with a minus sign (`-1,0.5`) is the offset, not an option.
    @Option(name: .customLong("offset"), parsing: .unconditional,
            help: "重ね印刷の位置補正 mm「横,縦」（例: 0.5,-1。-10〜10）。省略時は counter printer calibrate でこのプリンタに登録した値")
    var offset: String?

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
        guard printer != nil || out != nil else {
            throw ValidationError("--printer か --out のどちらか一方を指定してください")
        }
    }

    /// The `--offset` given for this run, checked against ±``PrinterCalibration/limit`` mm; nil when not given.
    func explicitOffset() throws -> PrinterCalibration? {
        guard let offset else { return nil }
        guard let calibration = try PrinterCalibration(argument: offset) else {
            throw ValidationError("--offset は「横,縦」の mm で指定してください（例: 0.5,-1）")
        }
        return calibration
    }

    /// The overlay calibration for this run: `--offset` when given, else the offset stored for this
    /// printer in `database` (see ``printerKey(fallbackFolder:)``), else zero.
    func calibration(database: CounterDatabase?, fallbackFolder: URL? = nil) throws -> PrinterCalibration {
        if let explicit = try explicitOffset() { return explicit }
        guard let database else { return .zero }
        // Reading a calibration needs no time.
        let settings = PrinterSettings(database: database, clock: SystemClock())
        return try settings.calibration(for: printerKey(fallbackFolder: fallbackFolder)) ?? .zero
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

    /// The `--out` folder (absolute), else `fallbackFolder`; without either, `--printer` or `--out` is required.
    private func folder(fallback: URL?) throws -> URL {
        guard let folder = out.map({ URL(fileURLWithPath: $0, isDirectory: true) }) ?? fallback else {
            throw ValidationError("--printer か --out のどちらか一方を指定してください")
        }
        return folder
    }
}
