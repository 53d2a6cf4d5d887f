import CounterCore
import Foundation
import GRDB

/// The overlay calibration of each printer this terminal prints on, kept in the terminal database.
///
/// A printer is named by its key: the CUPS queue name, or `folder:<absolute path>` for a PDF folder.
public struct PrinterCalibrationRepository: Sendable {
    private let writer: any DatabaseWriter

    /// Works on the calibrations of `database`.
    public init(database: CounterDatabase) {
        writer = database.writer
    }

    /// The offset stored for `printerKey`, or nil when the printer was never calibrated.
    public func offset(for printerKey: String) throws -> PrinterOffset? {
        try StoreError.translating {
            try writer.read { db in
                try Row.fetchOne(db, sql: "SELECT offset_x_mm, offset_y_mm FROM printer_calibration WHERE printer_key = ?",
                                 arguments: [printerKey])
            }
        }.map { row in PrinterOffset(x: row["offset_x_mm"], y: row["offset_y_mm"]) }
    }

    /// Stores (or replaces) the offset of `printerKey`.
    ///
    /// Throws ``PrinterCalibrationError/outOfRange(x:y:)`` beyond ±``PrinterOffset/limit`` mm and
    /// ``PrinterCalibrationError/emptyPrinterKey`` for an empty key; nothing is stored then.
    public func setOffset(_ offset: PrinterOffset, for printerKey: String, now: Date = Date()) throws {
        guard !printerKey.isEmpty else { throw PrinterCalibrationError.emptyPrinterKey }
        let offset = try offset.validated()
        try StoreError.translating {
            try writer.write { db in
                try db.execute(sql: """
                    INSERT INTO printer_calibration (printer_key, offset_x_mm, offset_y_mm, updated_at_ms)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (printer_key) DO UPDATE SET offset_x_mm = excluded.offset_x_mm,
                        offset_y_mm = excluded.offset_y_mm, updated_at_ms = excluded.updated_at_ms
                    """, arguments: [printerKey, offset.x, offset.y, Int64(now.timeIntervalSince1970 * 1000)])
            }
        }
    }
}
