@testable import CertificateSeal
import CounterTestSupport
import DocumentPrint
import Foundation
import Testing

/// QR codes through the real libraries: libqrencode → Cairo PDF → pdftoppm → libzbar → the exact text → verifies.
@Suite("QR codes on the page")
struct QRTests {
    @Test("a code drawn on a real PDF page is read back by zbar as the exact text, and verifies")
    func pdfRoundTrip() throws {
        let folder = Fixtures.temporaryFolder("seal-qr")
        defer { try? FileManager.default.removeItem(at: folder) }
        let content = SealFixtures.typical()
        let code = try VerificationCode.make(content, key: SealFixtures.key)
        let file = folder.appendingPathComponent("page.pdf")
        try SealFixtures.pdf([content]).write(to: file)
        let started = ContinuousClock.now
        let pages = try QRDecoder.decodePDF(at: file)
        let elapsed = ContinuousClock.now - started
        #expect(pages == [[code]])
        let result = VerificationCode.verify(try #require(pages.first?.first), publicKey: SealFixtures.key.publicKey)
        #expect(result == .valid(content))
        #expect(Array(try #require(result.content?["name"]).unicodeScalars.map(\.value)).starts(with: [0x9AD9]))
        print("seal: page decoded (pdftoppm 300 dpi + zbar) in \(elapsed); code \(code.count) characters, QR version \(try QRImage.render(code).version)")
    }

    @Test("two pages, two codes, in page order")
    func twoPages() throws {
        let folder = Fixtures.temporaryFolder("seal-qr2")
        defer { try? FileManager.default.removeItem(at: folder) }
        let contents = [SealFixtures.typical(page: 1, of: 2), SealFixtures.typical(page: 2, of: 2)]
        let file = folder.appendingPathComponent("two.pdf")
        try SealFixtures.pdf(contents).write(to: file)
        let pages = try QRDecoder.decodePDF(at: file)
        #expect(pages.count == 2)
        for (page, content) in zip(pages, contents) {
            #expect(page.count == 1)
            #expect(VerificationCode.verify(page[0], publicKey: SealFixtures.key.publicKey) == .valid(content))
        }
    }

    @Test("the matrix: level M, 8-bit; the largest payload (1,200 bytes) still fits one QR code")
    func capacity() throws {
        let small = try QRImage.render("CNT1:AAAA")
        #expect(small.version == 1 && small.size == 21)
        // The finder pattern's corner modules are dark.
        #expect(small.isDark(column: 0, row: 0) && small.isDark(column: 20, row: 0) && small.isDark(column: 0, row: 20))
        let fields = (0..<3).map { SealedContent.Field("f\($0)", String(repeating: "あ", count: 127)) }
            + [SealedContent.Field("g", String(repeating: "a", count: 1_200 - 12 - 3 * (1 + 2 + 2 + 381) - (1 + 1 + 2)))]
        let largest = SealedContent(issueNumber: "N", fields: fields)
        #expect(try CanonicalEncoding.encode(largest, fingerprint: Array(repeating: 0, count: 8)).count == 1_200)
        let code = try VerificationCode.make(largest, key: SealFixtures.key)
        #expect(code.count == 1_691)
        let matrix = try QRImage.render(code)
        print("seal: the largest code (\(code.count) characters) is QR version \(matrix.version) (\(matrix.size) modules)")
        #expect(matrix.version <= 40)
        // It still reads back from a page (a 60 mm square: 0.35 mm modules).
        let document = try PDFDocument(paper: Paper(size: .a4))
        document.drawQR(matrix, at: MMPoint(x: 20, y: 20), size: 70)
        let folder = Fixtures.temporaryFolder("seal-qr-big")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("big.pdf")
        try document.finish().write(to: file)
        #expect(try QRDecoder.decodePDF(at: file) == [[code]])
    }

    @Test("a page without a code gives no text; a file that is not a PDF is a typed error")
    func noCode() throws {
        let folder = Fixtures.temporaryFolder("seal-qr-none")
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = try PDFDocument(paper: Paper(size: .a4))
        try document.text("検証コードなし", in: MMRect(x: 20, y: 20, width: 100, height: 10), style: TextStyle(fontSize: 12))
        let empty = folder.appendingPathComponent("empty.pdf")
        try document.finish().write(to: empty)
        #expect(try QRDecoder.decodePDF(at: empty) == [[]])
        let junk = folder.appendingPathComponent("junk.pdf")
        try Data("not a pdf".utf8).write(to: junk)
        #expect(throws: QRError.self) { try QRDecoder.decodePDF(at: junk) }
        #expect(throws: QRError.badImage) { try GrayImage(pgm: Data("P6\n1 1\n255\n\0\0\0".utf8)) }
    }

    @Test("timings: sign, verify, render (printed for the record)")
    func timings() throws {
        let content = SealFixtures.typical()
        let clock = ContinuousClock()
        var code = ""
        let sign = try clock.measure { for _ in 0..<200 { code = try VerificationCode.make(content, key: SealFixtures.key) } }
        var valid = 0
        let verify = clock.measure {
            for _ in 0..<200 where VerificationCode.verify(code, publicKey: SealFixtures.key.publicKey).isValid { valid += 1 }
        }
        let render = try clock.measure { for _ in 0..<50 { _ = try QRImage.render(code) } }
        #expect(valid == 200)
        print("seal: typical page code \(code.count) characters; sign \(sign / 200), verify \(verify / 200), QR render \(render / 50)")
    }
}
