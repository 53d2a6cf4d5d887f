import CounterCore
import DocumentPrint
import FormPreprint

/// The UI's ``PrintPort`` on FormPreprint: renders the chosen form with Pango/Cairo and submits it to a
/// ``Printer`` (a CUPS queue or a PDF folder).
public struct PreprintPort: PrintPort {
    private let service: PreprintService
    private let printer: any Printer
    private let calibration: PrinterCalibration
    private let today: @Sendable () -> CalendarDate

    /// The mode the form choice starts in (`--mode`; full unless the counter uses pre-printed paper).
    public let defaultMode: PreprintMode

    /// Prints the forms of `service`'s catalog in force on `today()` to `printer`, shifted by `calibration`
    /// in overlay mode.
    public init(service: PreprintService, printer: any Printer, calibration: PrinterCalibration = .zero,
                defaultMode: PreprintMode = .full, today: @escaping @Sendable () -> CalendarDate) {
        self.service = service
        self.printer = printer
        self.calibration = calibration
        self.defaultMode = defaultMode
        self.today = today
    }

    /// The forms in force today, read from the catalog on every call so a revision starts on its `validFrom`
    /// day even when the counter has been running since before it.
    public var forms: [FormChoice] {
        service.catalog.forms(on: today()).map { FormChoice(id: $0.id, title: $0.title) }
    }

    /// The printer's state for the status line, checked off the UI thread.
    public func printerStatus() async -> PrinterState {
        let printer = printer
        let status = try? await runBlocking { printer.status() }
        switch status {
        case .ready:
            return PrinterState(name: printer.displayName, ready: true)
        case .unavailable(let error):
            return PrinterState(name: printer.displayName, ready: false, message: error.userMessage)
        case nil:
            return PrinterState(name: printer.displayName, ready: false, message: "状態を確認できません")
        }
    }

    /// Renders and submits one form; returns 「ジョブ <id>」 or the PDF file names, or throws the ``PreprintError``.
    public func print(info: BasicInfo, formID: String, copies: Int, mode: PreprintMode) async throws -> String {
        let (service, printer, calibration, today) = (service, printer, calibration, today())
        let result = try await runBlocking {
            service.preprint(info: info, today: today, requests: [PreprintRequest(formID: formID, copies: copies)],
                             mode: mode, calibration: calibration, printer: printer)
        }
        guard let outcome = result.first?.outcome else { throw PreprintError.unknownForm(formID) }
        let receipt = try outcome.get()
        if let jobID = receipt.jobID { return "ジョブ \(jobID)" }
        return receipt.outputPaths.map(\.lastPathComponent).joined(separator: ", ")
    }
}
