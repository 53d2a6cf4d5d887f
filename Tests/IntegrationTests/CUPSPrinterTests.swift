import CounterCore
import DocumentPrint
import FormPreprint
import CounterTestSupport
import Foundation
import Testing

/// CUPS through a real cupsd and the cups-pdf queue `counter-pdf` (scripts/start-cups.sh).
@Suite("CUPS printer", .serialized)
struct CUPSPrinterTests {
    static let queue = "counter-pdf"

    private func seeds() -> SeedDirectory {
        SeedDirectory(url: PrintCUPSFixture.repository.appendingPathComponent("seeds"))
    }

    @Test("a preprinted form goes through cupsd and cups-pdf writes it as a PDF; CUPS keeps no copy")
    func printsThroughCUPS() async throws {
        let out = try PrintCUPSFixture.outputFolder.get()
        let printer = CUPSPrinter(queue: Self.queue)
        #expect(printer.status() == .ready)
        let service = try PreprintService(seeds: seeds())
        let info = BasicInfo(name: "\u{9AD9}\u{6A4B}\u{3000}\u{FA11}\u{5B50}", address: "大阪府大阪市北区中之島1丁目3番20号",
                             birthDate: CalendarDate(year: 1980, month: 2, day: 17), sex: .female)
        let results = service.preprint(fill: FormFill(info: info, today: CalendarDate(year: 2026, month: 11, day: 21)),
                                       requests: [PreprintRequest(formID: "juminhyo-koufu")], mode: .full, printer: printer)
        let receipt = try results[0].outcome.get()
        let jobID = try #require(receipt.jobID)
        #expect(jobID.hasPrefix("\(Self.queue)-"))

        var file: URL?
        let written = await PrintCUPSFixture.wait(seconds: 60) {
            file = PrintCUPSFixture.outputFile(forJob: jobID, in: out)
            return file != nil
        }
        #expect(written, "no PDF for \(jobID) in \(out.path)")
        let pdf = try #require(file)
        defer { try? FileManager.default.removeItem(at: pdf) }
        #expect(!pdf.lastPathComponent.contains("髙"), "the file name carries the form id, not the name")
        // cups-pdf may still be writing when the file appears: wait for the complete text.
        var text = ""
        await #expect(PrintCUPSFixture.wait(seconds: 20) {
            text = (try? PrintCUPSFixture.text(ofPDF: pdf)) ?? ""
            return text.contains("住民票の写し等交付申請書")
        })
        #expect(text.unicodeScalars.map(\.value).contains(0x9AD9))
        #expect(text.unicodeScalars.map(\.value).contains(0xFA11))

        // The job's state is read back over IPP: printed, once cups-pdf has written it.
        await #expect(PrintCUPSFixture.wait(seconds: 20) { printer.jobState(jobID) == .completed })
        #expect(printer.jobState("\(Self.queue)-999999999") == nil)
        #expect(printer.jobState("other-queue-1") == nil)

        // No spool file with personal data stays behind: counter streams the PDF over IPP (none of its own),
        // and cupsd (PreserveJobFiles No) deletes its document file d<job>-001 once the job is done.
        let number = Int(jobID.split(separator: "-").last ?? "") ?? -1
        let spoolFile = String(format: "/var/spool/cups/d%05d-001", number)
        await #expect(PrintCUPSFixture.wait(seconds: 20) { !FileManager.default.fileExists(atPath: spoolFile) }, "\(spoolFile) is still there")
    }

    @Test("every form arrives on its own paper at 100 %: A3, JIS B4 (landscape form), JIS B5, A4; fields where they were",
          arguments: ["jidou-teate", "kokuho-shikaku", "inkan-shoumei", "juminhyo-koufu"])
    func formsKeepTheirPaper(formID: String) async throws {
        let out = try PrintCUPSFixture.outputFolder.get()
        let service = try PreprintService(seeds: seeds())
        let today = CalendarDate(year: 2026, month: 11, day: 21)
        let info = BasicInfo(name: "大阪\u{3000}花子", address: "大阪府大阪市北区中之島1丁目3番20号",
                             birthDate: CalendarDate(year: 1980, month: 2, day: 17), sex: .female)
        let layout = try service.catalog.form(id: formID, on: today)
        let rendered = try service.render(formID: formID, fill: FormFill(info: info, today: today), mode: .full)
        let receipt = try service.preprint(layout, fill: FormFill(info: info, today: today), copies: 1, mode: .full,
                                           printer: CUPSPrinter(queue: Self.queue))
        let jobID = try #require(receipt.jobID)
        let output = await PrintCUPSFixture.printedPDF(forJob: jobID, in: out, containing: "花子")
        let pdf = try #require(output.file, "no PDF for \(jobID)")
        defer { try? FileManager.default.removeItem(at: pdf) }
        let words = output.words
        #expect(words.contains { $0.text.contains("花子") })
        let size = try Poppler.pageSize(Data(contentsOf: pdf))
        let paper = layout.paper.size.portraitMillimetres
        // The media asked for, portrait (a landscape form is turned onto it, as a printer feeds the sheet).
        #expect(abs(min(size.width, size.height) - paper.width) < 1.5, "\(formID): \(size)")
        #expect(abs(max(size.width, size.height) - paper.height) < 1.5, "\(formID): \(size)")
        // At 100 %: a portrait form's name is where it was drawn, within 1 mm (never shrunk onto A4).
        let drawn = try #require(try Poppler.words(rendered).first { $0.text.contains("花子") })
        let printed = try #require(words.first { $0.text.contains("花子") })
        if layout.paper.orientation == .portrait {
            #expect(abs(drawn.xMin - printed.xMin) < 1 && abs(drawn.yMin - printed.yMin) < 1, "\(formID): \(drawn) vs \(printed)")
        } else {
            // Landscape, turned 90° counter-clockwise (orientation-requested=landscape): the form's top runs down
            // the sheet's left edge, so x on the sheet is y on the form and y on the sheet is width − x.
            let formWidth = paper.height
            #expect(abs(printed.xMin - drawn.yMin) < 1 && abs(printed.yMax - (formWidth - drawn.xMin)) < 1,
                    "\(formID): \(drawn) vs \(printed)")
        }
    }

    @Test("the media names are the PWG ones for JIS B sizes")
    func mediaNames() {
        #expect(PaperSize.b4.pwgMediaName == "jis_b4_257x364mm")
        #expect(PaperSize.b5.pwgMediaName == "jis_b5_182x257mm")
        #expect(PaperSize.a3.pwgMediaName == "iso_a3_297x420mm")
        #expect(PaperSize.a4.pwgMediaName == "iso_a4_210x297mm")
    }

    @Test("a stopped (disabled) queue is a clear error, before any job is sent")
    func stoppedQueue() throws {
        _ = try PrintCUPSFixture.outputFolder.get()
        let queue = "counter-test-stopped-\(ProcessInfo.processInfo.processIdentifier)"
        try PrintCUPSFixture.addQueue(queue)
        defer { PrintCUPSFixture.removeQueue(queue) }
        try PrintCUPSFixture.run("/usr/sbin/cupsdisable", ["-r", "paper jam", queue])
        let printer = CUPSPrinter(queue: queue)
        guard case .unavailable(.queueStopped(queue, let reason)) = printer.status() else {
            Issue.record("a stopped queue was not reported as stopped")
            return
        }
        // Read over IPP: the state reasons (`paused`) and the state message (cupsdisable's reason).
        #expect(reason.contains("paused") && reason.contains("paper jam"))
        do {
            _ = try printer.submit(pdf: Data("%PDF-1.4".utf8), title: "test", copies: 1)
            Issue.record("a stopped queue took a job")
        } catch let error as PrintError {
            #expect(error == .queueStopped(queue, reason: reason))
            #expect(error.userMessage == "プリンタ「\(queue)」が止まっています（紙詰まり）。用紙・トナー・紙詰まり・電源をプリンタで確かめてください。直らないときは係長（管理者）に再開を頼んでください。")
            // Nothing a clerk would have to type, and no English from the print system.
            #expect(!error.userMessage.contains("cupsenable") && !error.userMessage.contains("jam"))
        }
        // A 係長's F8: Resume-Printer and CUPS-Accept-Jobs over IPP, and the queue takes jobs again.
        try printer.resume()
        #expect(printer.status() == .ready)
    }

    @Test("a queue that rejects jobs is a clear error")
    func rejectingQueue() throws {
        _ = try PrintCUPSFixture.outputFolder.get()
        let queue = "counter-test-reject-\(ProcessInfo.processInfo.processIdentifier)"
        try PrintCUPSFixture.addQueue(queue)
        defer { PrintCUPSFixture.removeQueue(queue) }
        try PrintCUPSFixture.run("/usr/sbin/cupsreject", [queue])
        #expect(throws: PrintError.queueNotAccepting(queue)) {
            try CUPSPrinter(queue: queue).submit(pdf: Data("%PDF-1.4".utf8), title: "test", copies: 1)
        }
    }

    @Test("an unknown queue is a clear error")
    func unknownQueue() throws {
        _ = try PrintCUPSFixture.outputFolder.get()
        let printer = CUPSPrinter(queue: "counter-no-such-queue")
        #expect(printer.status() == .unavailable(.queueNotFound("counter-no-such-queue")))
        #expect(throws: PrintError.queueNotFound("counter-no-such-queue")) {
            try printer.submit(pdf: Data("%PDF-1.4".utf8), title: "test", copies: 1)
        }
    }

    @Test("no reachable cupsd is a clear error")
    func noScheduler() throws {
        let printer = CUPSPrinter(queue: Self.queue, server: "/tmp/counter-no-cupsd-\(UUID().uuidString).sock")
        #expect(printer.status() == .unavailable(.cupsNotRunning))
        #expect(throws: PrintError.cupsNotRunning) { try printer.submit(pdf: Data("%PDF-1.4".utf8), title: "test", copies: 1) }
    }
}
