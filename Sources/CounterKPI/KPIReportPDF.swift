import DocumentPrint
import Foundation

/// The report on A4 for a supervisor to print: the three KPIs as bars against their target lines, the trend (bars per
/// day or month with the cashless target), then every section's table. Drawn with Cairo through DocumentPrint.
public enum KPIReportPDF {
    static let left = 15.0, width = 180.0, bottom = 282.0

    /// The PDF bytes.
    public static func render(_ report: KPIReport) throws -> Data {
        let document = try PDFDocument(paper: Paper(size: .a4))
        try document.cutText(KPIReportFormat.title(report), in: MMRect(x: left, y: 12, width: width, height: 8),
                          style: TextStyle(fontSize: 12, minimumFontSize: 7, horizontal: .center))
        var y = 26.0
        let cashless = report.cashless.last
        let kpis: [(String, Double?, Double?)] = [
            ("キャッシュレス利用率（件数）", cashless?.byCount.percent, cashless?.byCount.target),
            ("キオスク＋コンビニ交付の割合", report.kioskShare.percent, report.kioskShare.target),
            ("短縮時間（計画の方法）／目標（按分）", report.timeSaved.proratedTargetHours.flatMap { $0 > 0 ? report.timeSaved.planHours / $0 * 100 : nil }, 100),
        ]
        for (label, value, target) in kpis {
            try bar(label: label, percent: value, target: target, y: y, on: document)
            y += 14
        }
        if !report.trend.isEmpty {
            y += 4
            try trend(report, y: y, height: 60, on: document)
            y += 72
        }
        for section in KPIReportFormat.sections(of: report) {
            y = try table(section, y: y, on: document)
        }
        return try document.finish()
    }

    /// One KPI as a bar out of 100 %, with its target as a vertical line and the value (目標未達 when below).
    private static func bar(label: String, percent: Double?, target: Double?, y: Double, on document: PDFDocument) throws {
        try document.cutText(label, in: MMRect(x: left, y: y, width: 60, height: 6), style: TextStyle(fontSize: 9, minimumFontSize: 6))
        let frame = MMRect(x: left + 62, y: y, width: 70, height: 6)
        document.rectangle(frame, lineWidth: 0.2)
        if let percent {
            document.rectangle(MMRect(x: frame.x, y: y, width: frame.width * min(percent, 100) / 100, height: 6), lineWidth: 0.1,
                               fillGray: percent < (target ?? 0) ? 0.35 : 0.7)
        }
        if let target {
            let x = frame.x + frame.width * min(target, 100) / 100
            document.line(from: MMPoint(x: x, y: y - 1.5), to: MMPoint(x: x, y: y + 7.5), width: 0.6)
        }
        let verdict = percent.map { value in target.map { value < $0 ? "（目標未達）" : "" } ?? "" } ?? ""
        try document.cutText("\(KPIReportFormat.percent(percent))／目標 \(KPIReportFormat.percent(target))\(verdict)",
                          in: MMRect(x: left + 134, y: y, width: 46, height: 6), style: TextStyle(fontSize: 7, minimumFontSize: 5))
    }

    /// Bars of cashless usage per day or month, with the fiscal year's cashless target as a line.
    private static func trend(_ report: KPIReport, y: Double, height: Double, on document: PDFDocument) throws {
        try document.cutText("推移: キャッシュレス利用率（\(report.period == "fy" ? "月" : "日")別、線は目標）",
                          in: MMRect(x: left, y: y, width: width, height: 5), style: TextStyle(fontSize: 9))
        let frame = MMRect(x: left + 10, y: y + 7, width: width - 10, height: height - 12)
        document.rectangle(frame, lineWidth: 0.2)
        for mark in [0.0, 50, 100] {
            try document.cutText("\(Int(mark))%", in: MMRect(x: left, y: frame.y + frame.height * (1 - mark / 100) - 2, width: 9, height: 4),
                              style: TextStyle(fontSize: 6, horizontal: .right))
        }
        let slot = frame.width / Double(max(report.trend.count, 1))
        for (index, point) in report.trend.enumerated() {
            let value = point.cashlessPercent ?? 0
            let barHeight = frame.height * min(value, 100) / 100
            document.rectangle(MMRect(x: frame.x + Double(index) * slot + slot * 0.15, y: frame.y + frame.height - barHeight,
                                      width: slot * 0.7, height: barHeight), lineWidth: 0.1, fillGray: 0.6)
            if report.trend.count <= 12 || index % 5 == 0 {
                let label = report.period == "fy" ? String(point.label.suffix(2)) + "月" : String(point.label.suffix(2))
                try document.cutText(label, in: MMRect(x: frame.x + Double(index) * slot, y: frame.y + frame.height + 0.5, width: max(slot, 6), height: 4),
                                  style: TextStyle(fontSize: 6, minimumFontSize: 4, horizontal: .center))
            }
        }
        if let target = report.cashless.last?.byCount.target {
            let lineY = frame.y + frame.height * (1 - min(target, 100) / 100)
            document.line(from: MMPoint(x: frame.x, y: lineY), to: MMPoint(x: frame.x + frame.width, y: lineY), width: 0.6)
        }
    }

    /// One section's table; a new page when it would not fit.
    private static func table(_ section: KPIReportFormat.Section, y start: Double, on document: PDFDocument) throws -> Double {
        let rowHeight = 4.6
        var y = start
        if y + 3 * rowHeight > bottom {
            document.newPage()
            y = 15
        }
        try document.cutText("【\(section.title)】", in: MMRect(x: left, y: y, width: width, height: rowHeight), style: TextStyle(fontSize: 9))
        y += rowHeight + 0.5
        for row in [section.header] + section.rows {
            if y + rowHeight > bottom {
                document.newPage()
                y = 15
            }
            let cell = width / Double(max(row.count, 1))
            for (index, field) in row.enumerated() where !field.isEmpty {
                try document.cutText(field, in: MMRect(x: left + Double(index) * cell, y: y, width: cell - 1, height: rowHeight),
                                  style: TextStyle(fontSize: 7, minimumFontSize: 4, horizontal: index == 0 ? .left : .right))
            }
            document.line(from: MMPoint(x: left, y: y + rowHeight), to: MMPoint(x: left + width, y: y + rowHeight), width: 0.1)
            y += rowHeight
        }
        return y + 3
    }
}
