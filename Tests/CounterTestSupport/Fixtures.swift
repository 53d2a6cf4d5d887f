import CounterCore
import DocumentPrint
import Foundation
import FormPreprint

/// Shared test data: the repository's seeds, demo people, a fixed request day.
public enum Fixtures {
    /// `<repo>/seeds`, found from this file's path.
    public static let seeds: SeedDirectory = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("seeds/eras.json").path) {
                return SeedDirectory(url: url.appendingPathComponent("seeds"))
            }
        }
        fatalError("seeds/ not found above \(#filePath)")
    }()

    /// The repository root.
    public static var repository: URL { seeds.url.deletingLastPathComponent() }

    public static let eras: EraTable = try! EraTable(seeds: seeds)
    public static let catalog: FormCatalog = try! FormCatalog(seeds: seeds)
    public static let service = PreprintService(catalog: catalog)
    public static let today = CalendarDate(year: 2026, month: 11, day: 21)

    /// 髙橋　﨑子 (U+9AD9 U+6A4B U+3000 U+FA11 U+5B50), with 方書 after an ideographic space.
    public static let takahashi = BasicInfo(name: "\u{9AD9}\u{6A4B}\u{3000}\u{FA11}\u{5B50}",
                                     address: "大阪府大阪市北区中之島1丁目3番20号\u{3000}中之島ハイツ101号室",
                                     birthDate: CalendarDate(year: 1980, month: 2, day: 17), sex: .female)
    /// A name with the ideographic variation sequence 葛 U+E0100, born on 昭和元年12月25日.
    public static let katsuragi = BasicInfo(name: "\u{845B}\u{E0100}城\u{3000}一郎",
                                     address: "大阪府大阪市中央区大手前2丁目A番1号",
                                     birthDate: CalendarDate(year: 1926, month: 12, day: 25), sex: .male)

    public static let people = [takahashi, katsuragi]

    /// What pdftotext gives back for `text`: every scalar, variation selectors included, except the
    /// spaces (pdftotext turns them into word breaks).
    public static func readBack(_ text: String) -> [UInt32] {
        text.unicodeScalars.map(\.value).filter { $0 != 0x3000 && $0 != 0x20 }
    }

    /// A fresh empty folder under the temporary directory.
    public static func temporaryFolder(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// One valid field of a layout file (JSON).
    public static let validFieldJSON = #"{"id": "name", "label": "氏名", "source": "name", "format": "text", "box": {"x": 20, "y": 40, "width": 100, "height": 10}, "fontSize": 14}"#
    /// The background of ``layoutJSON(field:background:paper:id:)`` unless given.
    public static let defaultBackgroundJSON = #"{"kind": "rect", "box": {"x": 10, "y": 10, "width": 50, "height": 20}}"#
    /// The paper of ``layoutJSON(field:background:paper:id:)`` unless given.
    public static let defaultPaperJSON = #"{"size": "B5", "orientation": "portrait"}"#

    /// A small valid layout file (JSON); `field`, `background` and `paper` replace the defaults.
    public static func layoutJSON(field: String = validFieldJSON, background: String = defaultBackgroundJSON,
                                  paper: String = defaultPaperJSON, id: String = "test-form") -> String {
        """
        {"id": "\(id)", "revision": 1, "validFrom": "2024-04-01", "title": "試験用帳票", "paper": \(paper),
         "background": [\(background)], "fields": [\(field)]}
        """
    }
}
