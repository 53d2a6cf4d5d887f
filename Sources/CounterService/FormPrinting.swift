import CounterCore
import DocumentPrint
import Foundation
import FormPreprint

/// A form a case can print: one revision of a layout, resolved once when the case began, so a case
/// that runs past midnight into a new revision still prints the revision it showed.
public struct FormChoice: Sendable, Equatable {
    /// Stable form id (as in `seeds/forms`).
    public var id: String
    /// The layout revision number.
    public var revision: Int
    /// Japanese title shown in the menu.
    public var title: String

    /// Creates a choice.
    public init(id: String, revision: Int, title: String) {
        self.id = id
        self.revision = revision
        self.title = title
    }
}

/// What one print job left behind: the job id in the print system or the files written, the form
/// revision and the copies. Structured, so every shell words it its own way.
public struct JobReceipt: Sendable, Equatable {
    /// The form printed.
    public var form: FormChoice
    /// Copies printed.
    public var copies: Int
    /// The print system's job id (CUPS), if any.
    public var jobID: String?
    /// The PDF files written (PDF folder), if any.
    public var files: [URL]

    /// Creates a receipt.
    public init(form: FormChoice, copies: Int, jobID: String? = nil, files: [URL] = []) {
        self.form = form
        self.copies = copies
        self.jobID = jobID
        self.files = files
    }
}

/// The printer's state for a status line.
public struct PrinterState: Sendable, Equatable {
    /// Queue or printer name.
    public var name: String
    /// True when jobs can be sent.
    public var ready: Bool
    /// A short Japanese note when not ready (用紙切れ, 停止中 ...).
    public var message: String?

    /// Creates a state.
    public init(name: String, ready: Bool, message: String? = nil) {
        self.name = name
        self.ready = ready
        self.message = message
    }
}

/// Where a case's forms are printed: ``FormPreprintPrinting`` on FormPreprint and a ``Printer``, or a fake
/// in the tests of the layers above.
public protocol FormPrinting: Sendable {
    /// The print mode a case starts in (`--mode`; full on plain paper unless configured otherwise).
    var defaultMode: PreprintMode { get }
    /// The forms in force on `day`, in menu order.
    func forms(on day: CalendarDate) -> [FormChoice]
    /// The printer's state for the status line (may block; call off the UI thread).
    func printerStatus() async -> PrinterState
    /// Prints `copies` of `form` filled from `fill`; throws the ``PreprintError``.
    func print(_ form: FormChoice, fill: FormFill, copies: Int, mode: PreprintMode) async throws -> JobReceipt
    /// What `form` filled from `fill` will print, field by field, for a preview before printing.
    func preview(_ form: FormChoice, fill: FormFill) throws -> FormPreview
    /// Restarts a stopped printer (a 係長's approval is checked by the caller).
    func resumePrinter() async throws
    /// Prints one copy of a ready A4 portrait document (the 日計表) on the same printer; `title` names the
    /// job, never personal data.
    func printDocument(_ pdf: Data, title: String) async throws -> PrintReceipt
}

/// ``FormPrinting`` on FormPreprint: renders with Pango/Cairo and submits to a ``Printer`` (a CUPS queue or
/// a PDF folder), shifted by the printer's calibration in overlay mode.
public struct FormPreprintPrinting: FormPrinting {
    private let service: PreprintService
    private let printer: any Printer
    private let calibration: PrinterCalibration
    public let defaultMode: PreprintMode

    /// Prints the forms of `service`'s catalog to `printer`.
    public init(service: PreprintService, printer: any Printer, calibration: PrinterCalibration = .zero,
                defaultMode: PreprintMode = .full) {
        self.service = service
        self.printer = printer
        self.calibration = calibration
        self.defaultMode = defaultMode
    }

    public func forms(on day: CalendarDate) -> [FormChoice] {
        service.catalog.forms(on: day).map { FormChoice(id: $0.id, revision: $0.revision, title: $0.title) }
    }

    public func printerStatus() async -> PrinterState {
        let printer = printer
        let status = try? await runBlocking { printer.status() }
        switch status {
        case .ready:
            return PrinterState(name: printer.displayName, ready: true)
        case .unavailable(let error):
            return PrinterState(name: printer.displayName, ready: false, message: error.statusLabel)
        case nil:
            return PrinterState(name: printer.displayName, ready: false, message: "状態を確認できません")
        }
    }

    public func print(_ form: FormChoice, fill: FormFill, copies: Int, mode: PreprintMode) async throws -> JobReceipt {
        let (service, printer, calibration) = (service, printer, calibration)
        let layout = try layout(of: form)
        let receipt = try await runBlocking {
            try service.preprint(layout, fill: fill, copies: copies, mode: mode,
                                 calibration: calibration, printer: printer)
        }
        return JobReceipt(form: form, copies: copies, jobID: receipt.jobID, files: receipt.outputPaths)
    }

    public func resumePrinter() async throws {
        let printer = printer
        try await runBlocking { try printer.resume() }
    }

    public func preview(_ form: FormChoice, fill: FormFill) throws -> FormPreview {
        try service.preview(try layout(of: form), fill: fill)
    }

    public func printDocument(_ pdf: Data, title: String) async throws -> PrintReceipt {
        let printer = printer
        return try await runBlocking { try printer.submit(pdf: pdf, title: title, copies: 1, paper: Paper(size: .a4)) }
    }

    /// The exact revision the case resolved.
    private func layout(of form: FormChoice) throws(PreprintError) -> FormLayout {
        guard let layout = service.catalog.layouts.first(where: { $0.id == form.id && $0.revision == form.revision })
        else { throw .unknownForm(form.id) }
        return layout
    }
}
