import ArgumentParser
import CounterCore
import CounterService
import CounterStore
import DocumentPrint
import Foundation
import FormPreprint

/// `--mode` and `--offset`: how the forms of this run are printed (`tui`, `preprint`).
struct PrintModeOptions: ParsableArguments {
    @Option(help: "印字方式: full（帳票ごと普通紙に印刷、既定）または overlay（印字のみ・印刷済み用紙用）")
    var mode: PreprintMode = .full

    // `.unconditional`: a value starting with a minus sign (`-1,0.5`) is the offset, not an option.
    @Option(name: .customLong("offset"), parsing: .unconditional,
            help: "重ね印刷の位置補正 mm「横,縦」（例: 0.5,-1。-10〜10）。省略時は counter printer calibrate でこのプリンタに登録した値")
    var offset: String?

    func validate() throws {
        if let offset { _ = try OffsetArgument.parse(offset) }
    }

    /// The overlay calibration for this run: `--offset` when given, else the offset stored for `target`
    /// in `database` (see ``PrinterTarget/printerKey(fallbackFolder:)``), else zero.
    func calibration(for target: PrinterTarget, database: CounterDatabase?, fallbackFolder: URL? = nil) throws -> PrinterCalibration {
        if let offset { return try OffsetArgument.parse(offset) }
        guard let database else { return .zero }
        // Reading a calibration needs no time.
        let settings = PrinterSettings(database: database, clock: SystemClock())
        return try settings.calibration(for: target.printerKey(fallbackFolder: fallbackFolder)) ?? .zero
    }
}

/// The one reading of an `--offset X,Y` value (mm, each within ±``PrinterCalibration/limit``).
enum OffsetArgument {
    /// The calibration `text` gives; a usage error naming `--offset` (never the value) otherwise.
    static func parse(_ text: String) throws -> PrinterCalibration {
        let limit = Int(PrinterCalibration.limit)
        do {
            guard let calibration = try PrinterCalibration(argument: text) else {
                throw ValidationError("--offset は「横,縦」の mm で指定してください（例: 0.5,-1）")
            }
            return calibration
        } catch is PrinterCalibrationError {
            throw ValidationError("--offset は横・縦とも -\(limit)〜\(limit) mm で指定してください。用紙の向きと測り方を確認してください")
        }
    }
}
