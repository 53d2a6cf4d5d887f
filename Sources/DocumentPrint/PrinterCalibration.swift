import CounterCore
import Foundation

/// A printer's overlay position correction in millimetres, measured on its paper: positive `x` moves
/// the print right, positive `y` moves it down. The one calibration type: stored per printer, given
/// with `--offset`, applied by the form renderer in overlay mode.
public struct PrinterCalibration: Sendable, Equatable, Codable {
    /// The largest correction accepted on either axis, in mm (a bigger one means the paper or the
    /// measurement is wrong, not the printer).
    public static let limit = 10.0

    /// No shift.
    public static let zero = PrinterCalibration(x: 0, y: 0)

    /// Horizontal correction in mm.
    public var x: Double
    /// Vertical correction in mm.
    public var y: Double

    /// Creates a calibration; ``validated()`` checks it against ``limit``.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// This calibration, or ``PrinterCalibrationError/outOfRange(x:y:)`` when an axis is beyond
    /// ±``limit`` mm or not a number.
    public func validated() throws(PrinterCalibrationError) -> PrinterCalibration {
        guard x.isFinite, y.isFinite, abs(x) <= Self.limit, abs(y) <= Self.limit else {
            throw .outOfRange(x: x, y: y)
        }
        return self
    }

    /// The calibration for people: `横 1.5 mm、縦 -2 mm`.
    public var summary: String { "横 \(Self.text(x)) mm、縦 \(Self.text(y)) mm" }

    /// The calibration as `--offset` takes it: "横,縦" in mm, e.g. `1.5,-2`.
    public var argument: String { "\(Self.text(x)),\(Self.text(y))" }

    /// Parses `--offset`'s "横,縦" (e.g. `0.5,-1`) and checks it; nil when the text is not two numbers.
    public init?(argument: String) throws(PrinterCalibrationError) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let x = parts[0], let y = parts[1] else { return nil }
        self = try PrinterCalibration(x: x, y: y).validated()
    }

    /// A millimetre value without a needless ".0" (`-2`, `1.5`).
    static func text(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : "\(value)"
    }
}

/// The key a printer's calibration is stored under: the CUPS queue name, or `folder:<absolute path>`
/// for a PDF folder (so two folders never share a calibration).
public enum PrinterKey {
    /// The key of a CUPS queue.
    public static func queue(_ name: String) -> String { name }

    /// The key of a PDF folder: `folder:` and its standardized absolute path.
    public static func folder(_ url: URL) -> String {
        "folder:" + url.standardizedFileURL.path
    }
}

/// A printer calibration that cannot be used.
public enum PrinterCalibrationError: UserFacingError, Equatable {
    /// An axis is beyond ±``PrinterCalibration/limit`` mm (or not a number).
    case outOfRange(x: Double, y: Double)
    /// The printer key is empty.
    case emptyPrinterKey

    public var userMessage: String {
        switch self {
        case .outOfRange(let x, let y):
            let limit = PrinterCalibration.text(PrinterCalibration.limit)
            return "位置補正（\(PrinterCalibration(x: x, y: y).summary)）が大きすぎます。"
                + "補正は横・縦とも -\(limit)〜\(limit) mm で指定してください。用紙の向きと測り方を確認してください。"
        case .emptyPrinterKey:
            return "位置補正を登録するプリンタが指定されていません。--printer（CUPS のプリンタ名）か --out（PDF の保存先フォルダ）を指定してください。"
        }
    }
}
