import CounterCore

extension PrinterCalibrationError: EventErrorKind {
    /// `printerCalibration.<case>`, stable for event records.
    public var eventErrorKind: String {
        switch self {
        case .outOfRange: return "printerCalibration.outOfRange"
        case .emptyPrinterKey: return "printerCalibration.emptyPrinterKey"
        }
    }
}
