@testable import CertificateSeal
import CounterTestSupport
import DocumentPrint
import Foundation

/// The fixed key and content of the known-answer tests (the same as the example of `docs/verification.md`).
enum SealFixtures {
    /// Private key bytes 00 01 02 … 1f: Ed25519 is deterministic, so its codes are fixed.
    static let key = SealKey(raw: Array(0..<32))!

    /// The example certificate page: 髙 (U+9AD9), 﨑 (U+FA11) and 葛󠄀 (U+845B U+E0100) in the name.
    static let example = SealedContent(
        issueNumber: "20260512 大阪市北区 本庁1 プリンタ001 011 1/1",
        fields: [.init("kind", "juminhyo-kojin"), .init("name", "\u{9AD9}\u{FA11}\u{3000}\u{845B}\u{E0100}子"),
                 .init("birth", "昭和50年1月2日")])

    /// A typical 住民票の写し (個人票) page: what the issuance is expected to sign.
    static func typical(page: Int = 1, of pages: Int = 1) -> SealedContent {
        SealedContent(
            issueNumber: "20260512 大阪市北区 本庁1 プリンタ001 011 \(page)/\(pages)",
            fields: [.init("kind", "juminhyo-kojin"), .init("issued", "令和8年5月12日"),
                     .init("name", "\u{9AD9}橋　\u{FA11}子"), .init("kana", "タカハシ　サキコ"),
                     .init("birth", "昭和50年1月2日"), .init("sex", "女"),
                     .init("address", "大阪府大阪市北区中之島1丁目3番20号　中之島マンション1203号室"),
                     .init("items", "世帯主・続柄,本籍・筆頭者"), .init("officer", "大阪市北区長　大阪　太郎")])
    }

    /// One A4 page per content, each with its QR code at (150, 250) mm, 35 mm square, and some text.
    static func pdf(_ contents: [SealedContent], key: SealKey = key) throws -> Data {
        var pages: [Data] = []
        for content in contents {
            let seal = try CertificateSeal.sealPage(content: content, key: key)
            let document = try PDFDocument(paper: Paper(size: .a4))
            try document.text("住民票の写し", in: MMRect(x: 20, y: 20, width: 170, height: 15), style: TextStyle(fontSize: 20))
            try document.text(content.issueNumber, in: MMRect(x: 20, y: 270, width: 120, height: 8), style: TextStyle(fontSize: 9))
            document.drawQR(seal.matrix, at: MMPoint(x: 150, y: 250), size: 35)
            pages.append(try document.finish())
        }
        return try unite(pages)
    }

    /// One PDF of several single-page ones (poppler-utils' `pdfunite`; PDFDocument draws one page).
    static func unite(_ pages: [Data]) throws -> Data {
        guard pages.count > 1 else { return pages[0] }
        let folder = Fixtures.temporaryFolder("seal-unite")
        defer { try? FileManager.default.removeItem(at: folder) }
        var names: [String] = []
        for (index, page) in pages.enumerated() {
            let url = folder.appendingPathComponent("p\(index).pdf")
            try page.write(to: url)
            names.append(url.path)
        }
        let out = folder.appendingPathComponent("all.pdf")
        let run = try runProcess(URL(fileURLWithPath: "/usr/bin/pdfunite"), names + [out.path])
        precondition(run.status == 0, run.stderr)
        return try Data(contentsOf: out)
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
