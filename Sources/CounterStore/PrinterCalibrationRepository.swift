import CounterCore
import DocumentPrint
import Foundation
import GRDB

/// The overlay calibration of each printer this terminal prints on, kept in the terminal database,
/// by ``PrinterKey`` (the CUPS queue name, or `folder:<absolute path>` for a PDF folder).
public enum PrinterCalibrationRepository {
    /// The calibration stored for `printerKey`, or nil when the printer was never calibrated.
    public static func calibration(for printerKey: String, in db: Database) throws -> PrinterCalibration? {
        try Row.fetchOne(db, sql: "SELECT offset_x_mm, offset_y_mm FROM printer_calibration WHERE printer_key = ?",
                         arguments: [printerKey])
            .map { row in PrinterCalibration(x: row["offset_x_mm"], y: row["offset_y_mm"]) }
    }

    /// Stores (or replaces) the calibration of `printerKey`, noting when.
    ///
    /// Throws ``PrinterCalibrationError/outOfRange(x:y:)`` beyond ±``PrinterCalibration/limit`` mm and
    /// ``PrinterCalibrationError/emptyPrinterKey`` for an empty key; nothing is stored then.
    public static func store(_ calibration: PrinterCalibration, for printerKey: String, at now: Date,
                             in db: Database) throws {
        guard !printerKey.isEmpty else { throw PrinterCalibrationError.emptyPrinterKey }
        let calibration = try calibration.validated()
        try db.execute(sql: """
            INSERT INTO printer_calibration (printer_key, offset_x_mm, offset_y_mm, updated_at_ms)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (printer_key) DO UPDATE SET offset_x_mm = excluded.offset_x_mm,
                offset_y_mm = excluded.offset_y_mm, updated_at_ms = excluded.updated_at_ms
            """, arguments: [printerKey, calibration.x, calibration.y, Int64(now.timeIntervalSince1970 * 1000)])
    }
}
