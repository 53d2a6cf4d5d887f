import CashlessLedger
import CounterCore
import DocumentPrint
import Foundation

/// The kiosk's receipt (利用控え) of one paid issuance: what the citizen chose and paid, never their name,
/// address or any number of theirs.
public struct KioskReceipt: Sendable, Equatable {
    /// The language the citizen used.
    public var language: String
    /// The certificate kind's id (its name comes from the catalog, in the language).
    public var kindID: String
    /// Copies.
    public var copies: Int
    /// The fee paid.
    public var total: Yen
    /// The brand's display name (PayPay, Visa …).
    public var brand: String
    /// The payment terminal's slip (approval) number.
    public var slip: String
    /// When the payment was recorded.
    public var time: Date
    /// The copies' 発行番号 (「20261201 大阪市北区 K01 プリンタ001 003」), one per copy.
    public var numbers: [String]

    /// The lines of the receipt in its language: (label, value), for the screen and the print.
    public func lines(_ catalog: KioskCatalog) -> [(label: String, value: String)] {
        let text = { (key: String, values: [String: String]) in catalog.text(key, in: language, values) }
        return [
            (text("receipt.kind", [:]), text("kind.\(kindID)", [:])),
            (text("receipt.copies", [:]), text("copies.unit", ["n": "\(copies)"])),
            (text("receipt.fee", [:]), text("receipt.yen", ["amount": total.grouped])),
            (text("receipt.brand", [:]), brand),
            (text("receipt.slip", [:]), slip),
            (text("receipt.time", [:]), Self.timeText(time)),
        ] + numbers.enumerated().map { index, number in (index == 0 ? text("receipt.numbers", [:]) : "", number) }
    }

    /// 「2026-12-01 17:20」 in Japan time, the same in every language.
    public static func timeText(_ time: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: time)
        return String(format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0)
    }
}

/// Lays a ``KioskReceipt`` out on A4 in the citizen's language, with the convenience-store note, in fonts
/// that cover the kiosk's languages (IPAex for Japanese, WenQuanYi Zen Hei for Chinese, Nanum for Korean,
/// DejaVu for Vietnamese). A character none of them has stops the rendering.
public struct KioskReceiptRenderer {
    /// The words.
    public let catalog: KioskCatalog

    /// The receipt fonts, in order of preference.
    public static let families = ["IPAexGothic", "WenQuanYi Zen Hei", "NanumGothic", "DejaVu Sans"]

    private static let fonts = Result { () throws(DocumentPrintError) in try FontSet(families: families) }

    /// A renderer with `catalog`'s words.
    public init(catalog: KioskCatalog) {
        self.catalog = catalog
    }

    /// The receipt as a one-page A4 PDF.
    public func render(_ receipt: KioskReceipt) throws -> Data {
        let document = try PDFDocument(paper: Paper(size: .a4), fonts: try Self.fonts.get())
        let language = receipt.language
        var top = 20.0
        _ = try document.text(catalog.text("receipt.title", in: language), in: MMRect(x: 20, y: top, width: 170, height: 12),
                              style: TextStyle(fontSize: 20, horizontal: .center))
        top += 18
        for line in receipt.lines(catalog) {
            _ = try document.text(line.label, in: MMRect(x: 25, y: top, width: 50, height: 8), style: TextStyle(fontSize: 11, minimumFontSize: 7))
            _ = try document.text(line.value, in: MMRect(x: 78, y: top, width: 110, height: 8), style: TextStyle(fontSize: 11, minimumFontSize: 7))
            document.line(from: MMPoint(x: 25, y: top + 8.5), to: MMPoint(x: 188, y: top + 8.5), width: 0.15)
            top += 10
        }
        top += 6
        let schedule = catalog.schedule
        let note = catalog.text("konbini.note", in: language, ["hours": schedule.konbiniHours[language] ?? "",
                                                              "fee": schedule.konbiniFee[language] ?? ""])
        _ = try document.text(note, in: MMRect(x: 25, y: top, width: 163, height: 20),
                              style: TextStyle(fontSize: 10.5, minimumFontSize: 7, vertical: .top, overflow: .wrap))
        return try document.finish()
    }
}
