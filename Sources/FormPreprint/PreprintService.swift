import CounterCore
import DocumentPrint
import Foundation

/// One form asked for, with its number of copies.
public struct PreprintRequest: Sendable, Equatable {
    /// The form id (see ``FormCatalog/forms(on:)``).
    public var formID: String
    /// Copies to print, within ``copyRange``.
    public var copies: Int

    /// The copies one job may ask for (the printers' own limit, ``PrintError/copiesRange``).
    public static let copyRange = PrintError.copiesRange

    /// Creates a request.
    public init(formID: String, copies: Int = 1) {
        self.formID = formID
        self.copies = copies
    }
}

/// What happened to one requested form.
public struct PreprintResult: Sendable {
    /// The form id asked for.
    public var formID: String
    /// The printer's receipt, or why this form failed (the other forms are unaffected).
    public var outcome: Result<PrintReceipt, PreprintError>
}

/// The 書かない窓口 preprint: renders the chosen forms for one person and sends them to a printer.
///
/// Typical use from the UI:
/// ```swift
/// let service = try PreprintService(seeds: SeedDirectory.locate())
/// let forms = service.catalog.forms(on: today)              // id + title for the menu
/// let results = service.preprint(fill: FormFill(info: info, furigana: "タカハシ　サキコ", today: today, office: office),
///                                requests: [PreprintRequest(formID: "juminhyo-koufu", copies: 1)],
///                                mode: .full, printer: CUPSPrinter(queue: "counter-pdf"))
/// ```
public struct PreprintService: Sendable {
    /// The forms available.
    public let catalog: FormCatalog
    private let renderer: FormRenderer

    /// Uses an already-loaded catalog.
    public init(catalog: FormCatalog) {
        self.catalog = catalog
        self.renderer = FormRenderer(eras: catalog.eras)
    }

    /// Loads the catalog from the seeds; invalid form files are left out and listed in
    /// ``FormCatalog/refused`` (throws ``SeedError`` only when the eras or the forms folder cannot be read).
    public init(seeds: SeedDirectory) throws {
        self.init(catalog: try FormCatalog(seeds: seeds))
    }

    /// Renders the revision of `formID` in force on the fill's day as PDF bytes.
    public func render(formID: String, fill: FormFill, mode: PreprintMode,
                       calibration: PrinterCalibration = .zero) throws(PreprintError) -> Data {
        let form = try catalog.form(id: formID, on: fill.today)
        return try renderer.render(form, fill: fill, mode: mode, calibration: calibration)
    }

    /// Renders `layout` (a revision already resolved, e.g. once per case) filled from `fill` and submits
    /// `copies` of it to `printer`. The job title is the form id (no personal data reaches the print
    /// system's job list).
    public func preprint(_ layout: FormLayout, fill: FormFill, copies: Int, mode: PreprintMode,
                         calibration: PrinterCalibration = .zero, printer: any Printer) throws(PreprintError)
        -> PrintReceipt
    {
        guard PreprintRequest.copyRange.contains(copies) else { throw .invalidCopies }
        let pdf = try renderer.render(layout, fill: fill, mode: mode, calibration: calibration)
        do {
            return try printer.submit(pdf: pdf, title: layout.id, copies: copies, paper: layout.paper)
        } catch let error as PrintError {
            throw .printFailed(form: layout.title, error)
        } catch {
            throw .printFailed(form: layout.title, .submitFailed(printer.displayName, message: userMessage(for: error)))
        }
    }

    /// Renders and submits every request in order; one form failing never stops the others.
    /// Job titles are form ids (no personal data reaches the print system's job list).
    public func preprint(fill: FormFill, requests: [PreprintRequest], mode: PreprintMode,
                         calibration: PrinterCalibration = .zero, printer: any Printer) -> [PreprintResult] {
        requests.map { request in
            let outcome = Result { () throws(PreprintError) -> PrintReceipt in
                let form = try catalog.form(id: request.formID, on: fill.today)
                return try preprint(form, fill: fill, copies: request.copies, mode: mode,
                                    calibration: calibration, printer: printer)
            }
            return PreprintResult(formID: request.formID, outcome: outcome)
        }
    }
}
