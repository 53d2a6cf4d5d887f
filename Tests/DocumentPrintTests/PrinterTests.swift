import CounterCore
import CounterTestSupport
import Foundation
import Testing
@testable import DocumentPrint

@Suite("PDF folder printer and CUPS answers")
struct PrinterTests {
    private func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("pdf-printer-\(UUID().uuidString)")
    }

    @Test("creates its folder 0700 and writes one <timestamp>-<title>-<n>.pdf per copy, readable by the owner only")
    func writesCopies() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixed = Date(timeIntervalSince1970: 1_790_000_000)
        let printer = PDFFolderPrinter(directory: folder, clock: FixedClock(fixed))
        #expect(printer.status() == .ready)
        let receipt = try printer.submit(pdf: Data("%PDF-1.5 test".utf8), title: "juminhyo-koufu", copies: 2)
        #expect(receipt.jobID == nil)
        #expect(receipt.outputPaths.map(\.lastPathComponent) == ["20260921-231320-000-juminhyo-koufu-1.pdf",
                                                                  "20260921-231320-000-juminhyo-koufu-2.pdf"])
        let folderPermissions = try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int
        #expect(folderPermissions == 0o700)
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
        let printer = PDFFolderPrinter(directory: folder, clock: FixedClock(fixed))
        _ = try printer.submit(pdf: Data("first".utf8), title: "t", copies: 1)
        let second = try printer.submit(pdf: Data("second".utf8), title: "t", copies: 1)
        #expect(second.outputPaths.map(\.lastPathComponent) == ["20260921-231320-000-t-2.pdf"])
        #expect(try Data(contentsOf: folder.appendingPathComponent("20260921-231320-000-t-1.pdf")) == Data("first".utf8))
    }

    @Test("a title cannot escape the folder")
    func safeTitle() throws {
        #expect(PDFFolderPrinter.fileSafe("../x/y") == ".._x_y")
        #expect(PDFFolderPrinter.fileSafe("") == "document")
    }

    @Test("copies outside 1…99 are refused")
    func invalidCopies() throws {
        let printer = PDFFolderPrinter(directory: temporaryFolder(), clock: SystemClock())
        #expect(throws: PrintError.invalidCopies(0)) { try printer.submit(pdf: Data(), title: "x", copies: 0) }
        #expect(throws: PrintError.invalidCopies(100)) { try CUPSPrinter(queue: "x").submit(pdf: Data(), title: "x", copies: 100) }
    }

    @Test("a folder that cannot be created is reported")
    func unwritable() throws {
        let printer = PDFFolderPrinter(directory: URL(fileURLWithPath: "/proc/counter-cannot-write-here"), clock: SystemClock())
        #expect(printer.status() == .unavailable(.folderNotWritable("/proc/counter-cannot-write-here")))
    }

    @Test("every print error says what happened and what to do", arguments: [
        (PrintError.cupsNotRunning, "印刷システムが動いていません。印刷は中止しました。システム管理者に連絡してください。"),
        (.queueNotFound("q"), "プリンタ「q」が見つかりません。設定のプリンタ名を確認してください。"),
        (.queueStopped("q", reason: "Paused"), "プリンタ「q」が止まっています（一時停止中）。用紙・トナー・紙詰まり・電源をプリンタで確かめてください。直らないときは係長（管理者）に再開を頼んでください。"),
        (.queueStopped("q", reason: ""), "プリンタ「q」が止まっています。用紙・トナー・紙詰まり・電源をプリンタで確かめてください。直らないときは係長（管理者）に再開を頼んでください。"),
        (.queueStopped("q", reason: "Unknown vendor status 0x7f"), "プリンタ「q」が止まっています。用紙・トナー・紙詰まり・電源をプリンタで確かめてください。直らないときは係長（管理者）に再開を頼んでください。"),
        (.queueNotAccepting("q"), "プリンタ「q」が印刷を受け付けない設定になっています。係長（管理者）に連絡してください。"),
        (.submitFailed("q", message: "x"), "プリンタ「q」に印刷を送れませんでした（x）。もう一度試し、続く場合は管理者に連絡してください。"),
        (.folderNotWritable("/x"), "PDF の保存先 /x に書き込めません。フォルダと権限を確認してください。"),
        (.invalidCopies(0), "部数 0 は指定できません。1〜99 の部数を指定してください。"),
        (.timeout("CUPS", seconds: 15), "印刷システムが 15 秒以内に応答しませんでした（CUPS）。印刷されていない可能性があります。プリンタの状態を確認してもう一度印刷し、続く場合は管理者に連絡してください。"),
    ])
    func messages(error: PrintError, message: String) {
        #expect(error.userMessage == message)
    }

    @Test("drawing errors say nothing was printed", arguments: [
        (DocumentPrintError.textDoesNotFit, "文字が枠に収まらないため、印刷していません。文字を短くするか、手書きで記入してください。"),
        (.missingGlyphs(["\u{1F600}"]), "帳票用フォントにない文字があるため（U+1F600）、印刷していません。手書きで記入してください。"),
        (.missingGlyphs([]), "帳票用フォントにない文字があるため、印刷していません。手書きで記入してください。"),
        (.formFontNotInstalled, "帳票用のフォント（IPAmj明朝 または IPAex明朝）が見つかりません。fonts-ipamj-mincho をインストールしてください。"),
        (.cairo("out of memory"), "PDF を作成できませんでした（out of memory）。管理者に連絡してください。"),
    ])
    func drawingMessages(error: DocumentPrintError, message: String) {
        #expect(error.userMessage == message)
    }
}
