import CounterCore
import CounterStore
import DocumentPrint

/// The per-printer overlay calibration as the shells use it: look up, store.
public struct PrinterSettings: Sendable {
    private let database: CounterDatabase
    private let clock: any Clock

    /// Works on the calibrations of `database`.
    public init(database: CounterDatabase, clock: any Clock) {
        self.database = database
        self.clock = clock
    }

    /// The calibration stored for the printer named by `printerKey` (see ``PrinterKey``), or nil.
    public func calibration(for printerKey: String) throws -> PrinterCalibration? {
        try database.read { db in try PrinterCalibrationRepository.calibration(for: printerKey, in: db) }
    }

    /// Stores (or replaces) the calibration of `printerKey`, checked against ±``PrinterCalibration/limit`` mm.
    public func calibrate(_ printerKey: String, to calibration: PrinterCalibration) throws {
        let now = clock.now()
        try database.write { db in
            try PrinterCalibrationRepository.store(calibration, for: printerKey, at: now, in: db)
        }
    }
}
