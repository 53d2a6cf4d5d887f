import CounterCore
import DocumentPrint
import CounterTestSupport
import Foundation
import Testing
@testable import FormPreprint

/// A printer that fails on purpose for one title (a fake above the printer boundary).
private struct FailingOnePrinter: Printer {
    let failingTitle: String
    let inner: PDFFolderPrinter
    var displayName: String { "試験用" }
    func status() -> PrinterStatus { .ready }
    func submit(pdf: Data, title: String, copies: Int, paper: Paper?) throws -> PrintReceipt {
        if title == failingTitle { throw PrintError.queueStopped("test", reason: "Paused") }
        return try inner.submit(pdf: pdf, title: title, copies: copies)
    }
}

@Suite("Preprint service")
struct PreprintServiceTests {
    @Test("each form gets its own result; failures do not stop the others")
    func independentResults() throws {
        let folder = Fixtures.temporaryFolder("preprint")
        defer { try? FileManager.default.removeItem(at: folder) }
        var info = Fixtures.takahashi
        info.address = String(repeating: "大阪府大阪市北区中之島一丁目三番二十号", count: 20)  // too long for 住所 boxes
        var shortAddress = Fixtures.takahashi
        shortAddress.address = "大阪市北区中之島1丁目3番20号"
        let printer = FailingOnePrinter(failingTitle: "zei-shoumei", inner: PDFFolderPrinter(directory: folder, clock: SystemClock()))
        let requests = [PreprintRequest(formID: "juminhyo-koufu", copies: 2), PreprintRequest(formID: "no-such-form"),
                        PreprintRequest(formID: "zei-shoumei"), PreprintRequest(formID: "inkan-shoumei")]
        let results = Fixtures.service.preprint(fill: FormFill(info: shortAddress, today: Fixtures.today), requests: requests, mode: .full, printer: printer)
        #expect(results.map(\.formID) == requests.map(\.formID))
        #expect(try results[0].outcome.get().outputPaths.count == 2)
        #expect(throws: PreprintError.unknownForm("no-such-form")) { try results[1].outcome.get() }
        #expect(throws: PreprintError.printFailed(form: "税証明書交付申請書", .queueStopped("test", reason: "Paused"))) { try results[2].outcome.get() }
        #expect(try results[3].outcome.get().outputPaths.count == 1)

        let overflow = Fixtures.service.preprint(fill: FormFill(info: info, today: Fixtures.today), requests: [PreprintRequest(formID: "koseki-shoumei")],
                                                 mode: .overlay, printer: printer)
        #expect(throws: PreprintError.fieldDoesNotFit(form: "戸籍証明書等交付請求書", field: "住所")) { try overflow[0].outcome.get() }
    }

    @Test("files and job titles carry the form id, never the person's name")
    func noPersonalDataInNames() throws {
        let folder = Fixtures.temporaryFolder("preprint")
        defer { try? FileManager.default.removeItem(at: folder) }
        let results = Fixtures.service.preprint(fill: FormFill(info: Fixtures.takahashi, today: Fixtures.today),
                                                requests: [PreprintRequest(formID: "inkan-touroku")], mode: .overlay,
                                                printer: PDFFolderPrinter(directory: folder, clock: SystemClock()))
        let name = try #require(try results[0].outcome.get().outputPaths.first).lastPathComponent
        #expect(name.hasSuffix("-inkan-touroku-1.pdf"))
        #expect(!name.contains("髙") && !name.contains("\u{FA11}"))
    }
}
