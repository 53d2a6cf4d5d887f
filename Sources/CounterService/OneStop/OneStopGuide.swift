import CounterCore
import DocumentPrint
import Foundation

/// The 手続き案内票 handed to the citizen after a one-stop case: what was done at this counter, what remains and
/// where (another counter, another office), what to bring. It names the life event and the office, never the
/// citizen: it may be left on a bench.
public struct OneStopGuide: Sendable {
    /// The plan, with the procedures the clerk dropped.
    public let plan: OneStopPlan
    /// The procedures taken out of the plan.
    public let dropped: Set<String>
    /// The office, for its name.
    public let office: Office?
    /// The day.
    public let day: CalendarDate

    /// A guide for `plan` on `day` at `office`.
    public init(plan: OneStopPlan, dropped: Set<String>, office: Office?, day: CalendarDate) {
        self.plan = plan
        self.dropped = dropped
        self.office = office
        self.day = day
    }

    /// The procedures kept, done here first, then those elsewhere.
    public var procedures: [Procedure] {
        let kept = plan.procedures.filter { !dropped.contains($0.id) }
        return kept.filter { $0.where == .here } + kept.filter { $0.where != .here }
    }

    /// Where a procedure is done, as the guide says it.
    public static func placeText(_ procedure: Procedure) -> String {
        procedure.where == .here ? "この窓口" : procedure.place ?? ""
    }

    /// The guide as a one-page (or longer) A4 PDF.
    public func render() throws -> Data {
        let document = try PDFDocument(paper: Paper(size: .a4))
        _ = try document.text("手続き案内票", in: MMRect(x: 20, y: 15, width: 170, height: 10),
                              style: TextStyle(fontSize: 18, horizontal: .center))
        _ = try document.text("\(plan.event.title)　\(day.year)年\(day.month)月\(day.day)日　\(office?.name ?? "")",
                              in: MMRect(x: 20, y: 28, width: 170, height: 7), style: TextStyle(fontSize: 11, minimumFontSize: 8))
        var top = 40.0
        for (index, procedure) in procedures.enumerated() {
            let height = 24.0
            if top + height > 280 {
                document.newPage()
                top = 20
            }
            document.rectangle(MMRect(x: 20, y: top, width: 170, height: height), lineWidth: 0.25)
            _ = try document.text("\(index + 1)　\(procedure.title)", in: MMRect(x: 23, y: top + 1.5, width: 110, height: 6),
                                  style: TextStyle(fontSize: 12, minimumFontSize: 8))
            _ = try document.text(Self.placeText(procedure), in: MMRect(x: 135, y: top + 1.5, width: 52, height: 6),
                                  style: TextStyle(fontSize: 10.5, minimumFontSize: 7))
            let bring = (procedure.bring ?? []).joined(separator: "、")
            _ = try document.text(bring.isEmpty ? "持ち物：なし" : "持ち物：\(bring)", in: MMRect(x: 23, y: top + 9, width: 164, height: 6.5),
                                  style: TextStyle(fontSize: 9.5, minimumFontSize: 6, vertical: .top, overflow: .wrap))
            if let note = procedure.note {
                _ = try document.text(note, in: MMRect(x: 23, y: top + 16, width: 164, height: 6.5),
                                      style: TextStyle(fontSize: 9, minimumFontSize: 6, vertical: .top, overflow: .wrap))
            }
            top += height + 3
        }
        return try document.finish()
    }
}
