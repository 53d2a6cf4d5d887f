import Foundation
import Testing
@testable import DocumentPrint

@Suite("PDF folder printer and CUPS answers")
struct PrinterTests {
    private func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("pdf-printer-\(UUID().uuidString)")
    }

    @Test("writes one <timestamp>-<title>-<n>.pdf per copy, readable by the owner only")
    func writesCopies() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixed = Date(timeIntervalSince1970: 1_790_000_000)
        let printer = PDFFolderPrinter(directory: folder, clock: { fixed })
        #expect(printer.status() == .ready)
        let receipt = try printer.submit(pdf: Data("%PDF-1.5 test".utf8), title: "juminhyo-koufu", copies: 2)
        #expect(receipt.jobID == nil)
        #expect(receipt.outputPaths.map(\.lastPathComponent) == ["20260921-141320-000-juminhyo-koufu-1.pdf",
                                                                  "20260921-141320-000-juminhyo-koufu-2.pdf"])
        for path in receipt.outputPaths {
            #expect(try Data(contentsOf: path) == Data("%PDF-1.5 test".utf8))
            let permissions = try FileManager.default.attributesOfItem(atPath: path.path)[.posixPermissions] as? Int
            #expect(permissions == 0o600)
        }
    }

    @Test("a second job in the same millisecond never overwrites the first")
    func noOverwrite() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixed = Date(timeIntervalSince1970: 1_790_000_000)
        let printer = PDFFolderPrinter(directory: folder, clock: { fixed })
        _ = try printer.submit(pdf: Data("first".utf8), title: "t", copies: 1)
        let second = try printer.submit(pdf: Data("second".utf8), title: "t", copies: 1)
        #expect(second.outputPaths.map(\.lastPathComponent) == ["20260921-141320-000-t-2.pdf"])
        #expect(try Data(contentsOf: folder.appendingPathComponent("20260921-141320-000-t-1.pdf")) == Data("first".utf8))
    }

    @Test("a title cannot escape the folder")
    func safeTitle() throws {
        #expect(PDFFolderPrinter.fileSafe("../x/y") == ".._x_y")
        #expect(PDFFolderPrinter.fileSafe("") == "document")
    }

    @Test("copies outside 1…99 are refused")
    func invalidCopies() throws {
        let printer = PDFFolderPrinter(directory: temporaryFolder())
        #expect(throws: PrintError.invalidCopies(0)) { try printer.submit(pdf: Data(), title: "x", copies: 0) }
        #expect(throws: PrintError.invalidCopies(100)) { try CUPSPrinter(queue: "x").submit(pdf: Data(), title: "x", copies: 100) }
    }

    @Test("a folder that cannot be created is reported")
    func unwritable() throws {
        let printer = PDFFolderPrinter(directory: URL(fileURLWithPath: "/proc/counter-cannot-write-here"))
        #expect(printer.status() == .unavailable(.folderNotWritable("/proc/counter-cannot-write-here")))
    }

    @Test("the job id is read from lp's answer")
    func jobID() {
        #expect(CUPSPrinter.jobID(in: "request id is counter-pdf-12 (1 file(s))\n") == "counter-pdf-12")
        #expect(CUPSPrinter.jobID(in: "lp: Error - The printer or class does not exist.") == nil)
    }

    @Test("every print error explains itself in Japanese", arguments: [
        PrintError.cupsNotRunning, .queueNotFound("q"), .queueStopped("q", reason: "Paused"), .queueNotAccepting("q"),
        .submitFailed("q", message: "x"), .commandMissing("lp"), .folderNotWritable("/x"), .invalidCopies(0),
    ])
    func messages(error: PrintError) {
        #expect(error.userMessage.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) })
    }
}
