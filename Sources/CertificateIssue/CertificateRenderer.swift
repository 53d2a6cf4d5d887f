import CounterCore
import DocumentPrint
import Foundation

/// Puts a verification code on a page: given the page's 発行番号 and what its code must sign, draws it in
/// `rect`. The installation's signing key stays with the implementation (CertificateSeal).
public protocol PageCodeMarker: Sendable {
    /// Draws the code of `number` and `fields` into `rect` of `document`'s current page.
    func mark(_ document: PDFDocument, number: String, fields: [(key: String, value: String)], in rect: MMRect) throws
}

/// One copy of a certificate, rendered: the PDF and its page count.
public struct RenderedCopy: Sendable, Equatable {
    /// The copy's 発行番号 without the page part (「20261201 大阪市北区 T01 プリンタ001 003」).
    public var number: String
    /// The PDF.
    public var pdf: Data
    /// Sheets.
    public var pages: Int
}

/// Lays a ``CertificateContent`` out on A4 portrait sheets with Pango/Cairo (IPAmj明朝): the title, the
/// blocks (at most ``CertificateContent/blocksPerPage`` per sheet), on every page the 発行番号 with 頁/総頁 and
/// the verification code, and on the last page only the 認証文, the date, the certifying officer and the 公印.
/// Text that does not fit its box, or a character the font lacks, stops the rendering with the error:
/// never a silently broken certificate.
public struct CertificateRenderer: Sendable {
    /// Draws each page's verification code; none when nil (tests of the layout alone).
    public let marker: (any PageCodeMarker)?

    /// A renderer marking pages with `marker`.
    public init(marker: (any PageCodeMarker)?) {
        self.marker = marker
    }

    /// The 発行番号 of a copy: 発行年月日 市区町村名 端末名 プリンタ番号 連番 (the page part is added per page).
    public static func number(day: CalendarDate, city: String, ward: String, terminalID: String, printerNumber: String,
                              serial: Int) -> String {
        let date = String(format: "%04d%02d%02d", day.year, day.month, day.day)
        return "\(date) \(city)\(ward) \(terminalID) プリンタ\(printerNumber) \(String(format: "%03d", serial))"
    }

    private static let page = MMRect(x: 0, y: 0, width: 210, height: 297)
    private static let bodyTop = 32.0, bodyBottom = 228.0

    /// Renders one copy numbered `number`.
    public func render(_ content: CertificateContent, number: String) throws -> RenderedCopy {
        let pages = try paginate(content)
        let document = try PDFDocument(paper: Paper(size: .a4))
        for (index, blocks) in pages.enumerated() {
            if index > 0 { document.newPage() }
            let pageNumber = "\(number) \(index + 1)/\(pages.count)"
            try document.text(content.title, in: MMRect(x: 20, y: 14, width: 170, height: 12),
                              style: TextStyle(fontSize: 18, horizontal: .center))
            var y = Self.bodyTop
            for block in blocks { y = try draw(block, on: document, at: y, dense: content.blocksPerPage > 1) + 3 }
            if index == pages.count - 1 { try drawAttestation(content, on: document) }
            try document.text("発行番号 \(pageNumber)", in: MMRect(x: 20, y: 284, width: 170, height: 6),
                              style: TextStyle(fontSize: 8, horizontal: .right))
            try marker?.mark(document, number: pageNumber,
                             fields: CertificateContent.signedFields(kindID: content.kindID, issuedOn: content.issuedOn,
                                                                     blocks: blocks),
                             in: MMRect(x: 20, y: 236, width: 36, height: 36))
        }
        return RenderedCopy(number: number, pdf: try document.finish(), pages: pages.count)
    }

    /// The line height and the font size of a block's lines.
    private func metrics(dense: Bool) -> (line: Double, font: Double) { dense ? (4.6, 8.5) : (8, 11) }

    /// The blocks of each sheet: at most `blocksPerPage`, and only as many as fit the body.
    private func paginate(_ content: CertificateContent) throws(DocumentPrintError) -> [[CertificateContent.Block]] {
        let dense = content.blocksPerPage > 1
        var pages: [[CertificateContent.Block]] = [[]]
        var used = 0.0
        for block in content.blocks {
            let height = self.height(of: block, dense: dense)
            guard height <= Self.bodyBottom - Self.bodyTop else { throw .textDoesNotFit }
            if pages[pages.count - 1].count == content.blocksPerPage || used + height > Self.bodyBottom - Self.bodyTop {
                pages.append([])
                used = 0
            }
            pages[pages.count - 1].append(block)
            used += height + 3
        }
        return pages
    }

    private func height(of block: CertificateContent.Block, dense: Bool) -> Double {
        let metrics = metrics(dense: dense)
        let lines = Double(block.lines.count + (block.heading == nil ? 0 : 1))
        return max(lines * metrics.line, block.sealImage == nil ? 0 : 36)
    }

    /// Draws a block from `top`; returns the y below it.
    private func draw(_ block: CertificateContent.Block, on document: PDFDocument, at top: Double, dense: Bool) throws -> Double {
        let metrics = metrics(dense: dense)
        var y = top
        if let heading = block.heading {
            try document.text(heading, in: MMRect(x: 20, y: y, width: 170, height: metrics.line),
                              style: TextStyle(fontSize: metrics.font, vertical: .middle))
            y += metrics.line
        }
        let start = y
        let valueWidth = block.sealImage == nil ? 130.0 : 90.0
        for line in block.lines {
            let labelBox = MMRect(x: 20, y: y, width: 40, height: metrics.line)
            let valueBox = MMRect(x: 60, y: y, width: valueWidth, height: metrics.line)
            document.rectangle(labelBox, lineWidth: 0.2)
            document.rectangle(valueBox, lineWidth: 0.2)
            try document.text(line.label, in: labelBox.inset(1),
                              style: TextStyle(fontSize: metrics.font - 1, minimumFontSize: 5, vertical: .middle, overflow: .shrink))
            try document.text(line.value, in: valueBox.inset(1),
                              style: TextStyle(fontSize: metrics.font, minimumFontSize: 5, vertical: .middle, overflow: .shrink))
            y += metrics.line
        }
        if let seal = block.sealImage {
            let box = MMRect(x: 155, y: start, width: 34, height: 34)
            document.rectangle(box, lineWidth: 0.2)
            try document.image(png: seal, in: box.inset(2))
            y = max(y, start + 36)
        }
        return y
    }

    /// 認証文, the date, 「大阪府大阪市北区長　氏名」 and the 公印 (last page only).
    private func drawAttestation(_ content: CertificateContent, on document: PDFDocument) throws {
        try document.text(content.attestation, in: MMRect(x: 60, y: 232, width: 130, height: 10),
                          style: TextStyle(fontSize: 11, minimumFontSize: 7, overflow: .shrink))
        try document.text(content.issuedOn, in: MMRect(x: 60, y: 244, width: 130, height: 7),
                          style: TextStyle(fontSize: 11))
        try document.text("\(content.officerTitle)　\(content.officerName)", in: MMRect(x: 60, y: 254, width: 100, height: 12),
                          style: TextStyle(fontSize: 12, minimumFontSize: 7, overflow: .shrink))
        let seal = MMRect(x: 164, y: 248, width: 22, height: 22)
        document.rectangle(seal, lineWidth: 0.8)
        try document.text(content.officialSealText, in: seal.inset(2),
                          style: TextStyle(fontSize: 10, minimumFontSize: 5, horizontal: .center, vertical: .middle,
                                           overflow: .wrap))
    }
}

extension MMRect {
    /// The rectangle shrunk by `margin` mm on every side.
    func inset(_ margin: Double) -> MMRect {
        MMRect(x: x + margin, y: y + margin, width: max(0, width - 2 * margin), height: max(0, height - 2 * margin))
    }
}
