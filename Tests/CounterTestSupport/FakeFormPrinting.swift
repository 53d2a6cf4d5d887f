import CounterCore
import CounterService
import DocumentPrint
import Foundation
import FormPreprint

/// A form printer for tests of the layers above printing: records each job with the four fields it
/// was given, and fails the forms the test names. The real boundary (Pango, CUPS, the PDF folder) is
/// tested on its own in DocumentPrintTests, FormPreprintTests and IntegrationTests.
public final class FakeFormPrinting: FormPrinting, @unchecked Sendable {
    /// One job as the printer received it.
    public struct Job: Equatable {
        public var info: BasicInfo
        public var form: FormChoice
        public var copies: Int
        public var mode: PreprintMode
        public var today: CalendarDate
        /// フリガナ as the job was given it.
        public var furigana: String

        /// The form id.
        public var formID: String { form.id }
    }

    private let lock = NSLock()
    private var failing: Set<String> = []
    private var printed: [Job] = []
    public let defaultMode: PreprintMode

    /// The forms offered, revision 1 each.
    public static let forms = [
        FormChoice(id: "juminhyo-request", revision: 1, title: "住民票の写し等交付申請書"),
        FormChoice(id: "inkan-request", revision: 1, title: "印鑑登録証明書交付申請書"),
        FormChoice(id: "tenkyo", revision: 1, title: "住民異動届（転居届）"),
    ]

    private let offered: [FormChoice]

    /// A printer whose form-choice screen starts in `defaultMode` and offers `forms`.
    public init(defaultMode: PreprintMode = .full, forms: [FormChoice] = FakeFormPrinting.forms) {
        self.defaultMode = defaultMode
        offered = forms
    }

    /// The eight forms of the seeds by title (for lists longer than a small screen).
    public static let eightForms = ["住民票の写し等交付申請書", "印鑑登録証明書交付申請書", "住民異動届（転入・転居・転出）",
                                    "印鑑登録申請書", "児童手当　認定請求書", "国民健康保険　資格取得・喪失届",
                                    "戸籍証明書等交付請求書", "税証明書交付申請書"]
        .enumerated().map { FormChoice(id: "form-\($0.offset + 1)", revision: 1, title: $0.element) }

    /// What FormPreprint reports when the queue stopped for lack of paper.
    public static func paperOut(formTitle: String) -> PreprintError {
        .printFailed(form: formTitle, .queueStopped("窓口1", reason: "用紙切れ"))
    }

    /// Makes the jobs of `formID` fail with ``paperOut(formTitle:)``.
    public func fail(_ formID: String) { lock.withLock { _ = failing.insert(formID) } }
    /// Lets the jobs of `formID` print again.
    public func repair(_ formID: String) { lock.withLock { _ = failing.remove(formID) } }
    /// The jobs printed so far.
    public var jobs: [Job] { lock.withLock { printed } }
    private var resumes = 0
    /// How often the printer was resumed.
    public var resumeCount: Int { lock.withLock { resumes } }

    /// Resumes the printer: every failing form prints again.
    public func resumePrinter() async throws {
        lock.withLock {
            resumes += 1
            failing.removeAll()
        }
    }

    public func forms(on day: CalendarDate) -> [FormChoice] { offered }

    private var documents: [(title: String, pdf: Data)] = []
    /// The documents (日計表) printed so far: title and PDF.
    public var printedDocuments: [(title: String, pdf: Data)] { lock.withLock { documents } }

    public func printDocument(_ pdf: Data, title: String) async throws -> PrintReceipt {
        lock.withLock { documents.append((title, pdf)) }
        return PrintReceipt(jobID: "窓口1-\(lock.withLock { documents.count })")
    }

    public func printerStatus() async -> PrinterState {
        PrinterState(name: "窓口1", ready: true)
    }

    public func print(_ form: FormChoice, fill: FormFill, copies: Int, mode: PreprintMode) async throws -> JobReceipt {
        try lock.withLock {
            if failing.contains(form.id) { throw Self.paperOut(formTitle: form.title) }
            printed.append(Job(info: fill.info, form: form, copies: copies, mode: mode, today: fill.today,
                               furigana: fill.furigana))
            return JobReceipt(form: form, copies: copies, jobID: "窓口1-\(printed.count)")
        }
    }

    /// The four fields and フリガナ at fixed places on an A4 sheet.
    public func preview(_ form: FormChoice, fill: FormFill) throws -> FormPreview {
        FakeFormPrinting.preview(form, fill: fill)
    }

    /// The preview every fake printer gives: name, フリガナ, address, birth date on an A4 sheet.
    public static func preview(_ form: FormChoice, fill: FormFill) -> FormPreview {
        let items = [("フリガナ", 30.0, fill.furigana), ("氏名", 40.0, fill.info.name), ("住所", 60.0, fill.info.address),
                     ("生年月日", 80.0, fill.info.birthDate.iso)]
            .map { FormPreview.Item(label: $0.0, box: MMRect(x: 50, y: $0.1, width: 140, height: 10), text: $0.2) }
        return FormPreview(title: form.title, paper: Paper(size: .a4), width: 210, height: 297, items: items)
    }
}
