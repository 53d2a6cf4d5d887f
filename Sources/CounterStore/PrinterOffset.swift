import CounterCore

/// A printer's overlay position correction in millimetres: positive `x` moves the print right,
/// positive `y` moves it down.
public struct PrinterOffset: Sendable, Equatable {
    /// The largest correction accepted on either axis, in mm (a bigger one means the paper or the
    /// measurement is wrong, not the printer).
    public static let limit = 10.0

    /// Horizontal correction in mm.
    public var x: Double
    /// Vertical correction in mm.
    public var y: Double

    /// Creates an offset; ``validated()`` checks it against ``limit``.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// This offset, or ``PrinterCalibrationError/outOfRange(x:y:)`` when an axis is beyond ±``limit``
    /// mm or not a number.
    public func validated() throws(PrinterCalibrationError) -> PrinterOffset {
        guard x.isFinite, y.isFinite, abs(x) <= PrinterOffset.limit, abs(y) <= PrinterOffset.limit else {
            throw .outOfRange(x: x, y: y)
        }
        return self
    }

    /// The offset for people: `横 1.5 mm、縦 -2 mm`.
    public var summary: String { "横 \(PrinterOffset.text(x)) mm、縦 \(PrinterOffset.text(y)) mm" }

    /// The offset as `--offset` takes it: "横,縦" in mm, e.g. `1.5,-2`.
    public var argument: String { "\(PrinterOffset.text(x)),\(PrinterOffset.text(y))" }

    /// A millimetre value without a needless ".0" (`-2`, `1.5`).
    static func text(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : "\(value)"
    }
}

/// A printer calibration that cannot be stored.
public enum PrinterCalibrationError: UserFacingError, Equatable {
    /// An axis is beyond ±``PrinterOffset/limit`` mm (or not a number).
    case outOfRange(x: Double, y: Double)
    /// The printer key is empty.
    case emptyPrinterKey

    public var userMessage: String {
        switch self {
        case .outOfRange(let x, let y):
            let limit = PrinterOffset.text(PrinterOffset.limit)
            return "位置補正（\(PrinterOffset(x: x, y: y).summary)）が大きすぎます。"
                + "補正は横・縦とも -\(limit)〜\(limit) mm で指定してください。用紙の向きと測り方を確認してください。"
        case .emptyPrinterKey:
            return "位置補正を登録するプリンタが指定されていません。--printer（CUPS のプリンタ名）か --out（PDF の保存先フォルダ）を指定してください。"
        }
    }
}
