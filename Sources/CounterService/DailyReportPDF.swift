import CashlessLedger
import DocumentPrint
import Foundation

/// The 日計表 on one A4 page through DocumentPrint: the rows of ``DailyReportFormat/sections(of:)``, with the
/// chain head printed so paper anchors the ledger, and a line for the supervisor's seal.
public enum DailyReportPDF {
    /// The PDF bytes. Rows that do not fit the page are counted in a closing line (the CSV holds them all).
    public static func render(_ report: DailyReport) throws -> Data {
        let document = try PDFDocument(paper: Paper(size: .a4))
        let left = 15.0, width = 180.0, rowHeight = 5.0, bottom = 280.0
        var y = 15.0
        try document.text("日計表（収納）", in: MMRect(x: left, y: y, width: width, height: 9),
                          style: TextStyle(fontSize: 16, horizontal: .center))
        y += 12
        var omitted = 0
        for section in DailyReportFormat.sections(of: report) {
            guard y + 2 * rowHeight <= bottom else { omitted += section.rows.count; continue }
            try document.text("【\(section.title)】", in: MMRect(x: left, y: y, width: width, height: rowHeight),
                              style: TextStyle(fontSize: 10))
            y += rowHeight + 0.5
            for row in section.rows {
                guard y + rowHeight <= bottom else { omitted += 1; continue }
                let cell = width / Double(max(row.count, 1))
                for (index, field) in row.enumerated() where !field.isEmpty {
                    try document.cutText(paperText(field), in: MMRect(x: left + Double(index) * cell, y: y, width: cell - 1, height: rowHeight),
                                         style: TextStyle(fontSize: 8, minimumFontSize: 4, horizontal: index == 0 ? .left : .right))
                }
                document.line(from: MMPoint(x: left, y: y + rowHeight), to: MMPoint(x: left + width, y: y + rowHeight), width: 0.1)
                y += rowHeight
            }
            y += 3
        }
        if omitted > 0 {
            try document.text("この用紙に入らない行が\(omitted)行あります。CSV（counter ledger report --format csv）で確認してください。",
                              in: MMRect(x: left, y: bottom, width: width, height: rowHeight), style: TextStyle(fontSize: 8, minimumFontSize: 5))
        }
        document.rectangle(MMRect(x: left + width - 30, y: 282, width: 30, height: 12), lineWidth: 0.3)
        try document.text("係長印", in: MMRect(x: left + width - 62, y: 285, width: 30, height: 6),
                          style: TextStyle(fontSize: 9, horizontal: .right))
        return try document.finish()
    }

    /// An id is printed as its first 8 characters on paper (the case number's rule); the CSV holds it whole.
    private static func paperText(_ field: String) -> String {
        UUID(uuidString: field) == nil ? field : String(field.prefix(8))
    }
}
