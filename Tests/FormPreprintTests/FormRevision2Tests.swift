import CounterCore
import CounterTestSupport
import DocumentPrint
import Foundation
import Testing
@testable import FormPreprint

/// Revision 2 of the eight forms, in force from 2026-12-01: modelled on the real forms, using the whole sheet,
/// addressed to the ward head of the terminal's office (大阪市北区長), with フリガナ, the ward office and the ※区役所使用欄.
@Suite("Forms revision 2: the whole sheet, as a ward office uses it")
struct FormRevision2Tests {
    static let day = CalendarDate(year: 2026, month: 12, day: 1)
    static let dayBefore = CalendarDate(year: 2026, month: 11, day: 30)
    static let office = Office(id: "kita", type: .ward, name: "北区役所", ward: "北区")
    static let furigana = "タカハシ\u{3000}サキコ"
    static let formIDs = ["idou-todoke", "juminhyo-koufu", "inkan-touroku", "inkan-shoumei", "koseki-shoumei",
                          "zei-shoumei", "kokuho-shikaku", "jidou-teate"]
    static let furiganaSources: Set<FieldSource> = [.furigana, .furiganaFamily, .furiganaGiven]

    static func fill(_ info: BasicInfo = Fixtures.takahashi, furigana: String = furigana) -> FormFill {
        FormFill(info: info, furigana: furigana, today: day, office: office)
    }

    static func form(_ id: String) throws -> FormLayout { try Fixtures.catalog.form(id: id, on: day) }

    static func render(_ form: FormLayout, _ fill: FormFill = fill(), mode: PreprintMode) throws -> Data {
        try FormRenderer(eras: Fixtures.eras).render(form, fill: fill, mode: mode)
    }

    /// The text without white space (pdftotext splits labels at U+3000 and puts columns on separate lines).
    static func compactText(_ pdf: Data) throws -> String {
        String(String.UnicodeScalarView(try Poppler.text(pdf).unicodeScalars.filter { !$0.properties.isWhitespace }))
    }

    /// The words whose centre lies in `box`, in reading order.
    static func words(_ words: [Poppler.Word], in box: MMRect) -> [Poppler.Word] {
        words.filter { word in
            let x = (word.xMin + word.xMax) / 2, y = (word.yMin + word.yMax) / 2
            return x >= box.x && x <= box.maxX && y >= box.y && y <= box.maxY
        }.sorted { ($0.yMin.rounded(), $0.xMin) < ($1.yMin.rounded(), $1.xMin) }
    }

    /// Checks that `field` prints `fill`'s value inside its box (every word within 1 mm of it).
    static func expectPrintedInBox(_ field: FormField, of form: FormLayout, fill: FormFill, words all: [Poppler.Word],
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard case .text(let expected) = try FieldValue.of(field, fill: fill, eras: Fixtures.eras, form: form.title) else {
            Issue.record("\(field.id) of \(form.id) is not a text field", sourceLocation: sourceLocation)
            return
        }
        #expect(!expected.isEmpty, "\(field.id) of \(form.id) has nothing to print", sourceLocation: sourceLocation)
        let box = field.box
        let mine = words(all, in: box)
        #expect(mine.flatMap { $0.text.unicodeScalars.map(\.value) } == Fixtures.readBack(expected),
                "\(field.id) of \(form.id) does not read back 「\(expected)」", sourceLocation: sourceLocation)
        for word in mine {
            #expect(word.xMin >= box.x - 1 && word.xMax <= box.maxX + 1 && word.yMin >= box.y - 1 && word.yMax <= box.maxY + 1,
                    "「\(word.text)」 of \(field.id) of \(form.id) leaves its box", sourceLocation: sourceLocation)
        }
    }

    static func bottom(of item: BackgroundItem) -> Double {
        switch item {
        case .text(_, let box, _, _), .rect(let box, _), .ellipse(let box, _): return box.maxY
        case .line(let from, let to, _): return max(from.y, to.y)
        }
    }

    @Test("revision 2 is chosen from 2026-12-01 and revision 1 the day before", arguments: formIDs)
    func revisionByDay(formID: String) throws {
        #expect(try Fixtures.catalog.form(id: formID, on: Self.day).revision == 2)
        #expect(try Fixtures.catalog.form(id: formID, on: Self.dayBefore).revision == 1)
        #expect(try Fixtures.catalog.form(id: formID, on: Fixtures.today).revision == 1)
    }

    @Test("full: the form's paper, addressed to 大阪市 + the office's ward + 長, the ※区役所使用欄 with its labels, the whole sheet used",
          arguments: formIDs)
    func wholeSheet(formID: String) throws {
        let form = try Self.form(formID)
        let pdf = try Self.render(form, mode: .full)
        let page = try Poppler.pageSize(pdf)
        #expect(abs(page.width - form.paper.width) < 0.2 && abs(page.height - form.paper.height) < 0.2)
        let text = try Self.compactText(pdf)
        for label in ["※区役所使用欄", "受付区", "受付者", "確認書類", "受付番号", "マイナンバーカード", "運転免許証", "在留カード", "その他"] {
            #expect(text.contains(label), "「\(label)」 missing on \(formID)")
        }
        let lowest = try #require(form.background.map(Self.bottom(of:)).max())
        #expect(lowest > form.paper.height * 0.75, "\(formID) ends at \(lowest) mm of \(form.paper.height) mm")
        // The ward head, never the mayor: 「（…先）大阪市」, the ward from the office, 「長　様」.
        #expect(form.background.contains { if case .text(let printed, _, _, _) = $0 { printed.hasSuffix("先）大阪市") } else { false } })
        #expect(form.background.contains { if case .text(let printed, _, _, _) = $0 { printed == "長\u{3000}様" } else { false } })
        #expect(form.fields.contains { $0.id == "addresseeWard" && $0.source == .wardName })
        // (Where the ward prints, inside the gap, is checked by the ward-name test below.)
        for case .text(let printed, _, _, _) in form.background {
            #expect(!printed.contains("大阪市長"), "\(formID) is addressed to the mayor: 「\(printed)」")
        }
    }

    @Test("every form has フリガナ, printed inside its field's box", arguments: formIDs)
    func furiganaInBox(formID: String) throws {
        let form = try Self.form(formID)
        let fields = form.fields.filter { Self.furiganaSources.contains($0.source) }
        #expect(!fields.isEmpty, "\(formID) has no フリガナ field")
        let words = try Poppler.words(try Self.render(form, mode: .overlay))
        for field in fields {
            try Self.expectPrintedInBox(field, of: form, fill: Self.fill(), words: words)
        }
    }

    @Test("every form prints the ward of the terminal's office, and leaves it blank without an office", arguments: formIDs)
    func wardName(formID: String) throws {
        let form = try Self.form(formID)
        let fields = form.fields.filter { $0.source == .wardName || $0.source == .officeName }
        #expect(!fields.isEmpty, "\(formID) has no ward field")
        let words = try Poppler.words(try Self.render(form, mode: .overlay))
        for field in fields {
            try Self.expectPrintedInBox(field, of: form, fill: Self.fill(), words: words)
            #expect(Self.words(words, in: field.box).map(\.text).joined().contains(Self.office.ward))
        }
        var noOffice = Self.fill()
        noOffice.office = nil
        let blank = try Poppler.words(try Self.render(form, noOffice, mode: .overlay))
        #expect(fields.allSatisfy { Self.words(blank, in: $0.box).isEmpty })
    }

    @Test("long but valid data (a 20-character name, a 60-character address, long フリガナ) fits every box", arguments: formIDs)
    func longData(formID: String) throws {
        let info = BasicInfo(name: "長谷川部左衛門之助\u{3000}龍之介太郎右衛門丸子",
                             address: "大阪府大阪市東住吉区杭全一丁目二十三番四十五号\u{3000}グランドメゾン東住吉杭全パークサイドレジデンス弐番館東棟二十三階二三〇四号室",
                             birthDate: CalendarDate(year: 1930, month: 1, day: 5), sex: .male)
        #expect(info.name.count == 20 && info.address.count >= 60)
        let fill = Self.fill(info, furigana: "ハセガワベザエモンノスケ\u{3000}リュウノスケタロウウエモンマルコ")
        let form = try Self.form(formID)
        #expect(try Self.render(form, fill, mode: .full).count > 0)
        let words = try Poppler.words(try Self.render(form, fill, mode: .overlay))
        for field in form.fields where Self.furiganaSources.contains(field.source) || field.source == .name {
            try Self.expectPrintedInBox(field, of: form, fill: fill, words: words)
        }
    }

    @Test("住民異動届: 異動日, 新住所 and 旧住所, 世帯主, and four rows for the people moving, the first filled from the card")
    func idouTodoke() throws {
        let form = try Self.form("idou-todoke")
        let pdf = try Self.render(form, mode: .full)
        let text = try Self.compactText(pdf)
        for label in ["異動日", "転入", "転居", "転出", "新住所", "旧住所", "新世帯主", "旧世帯主", "異動する人", "続柄", "届出人署名"] {
            #expect(text.contains(label), "「\(label)」 missing")
        }
        // The card's address is the one registered now: 旧住所 (before a 転居 or 転出; the previous address at a 転入).
        #expect(form.fields.first { $0.source == .address }?.label == "旧住所")
        let words = try Poppler.words(pdf)
        let numbers = try (1...4).map { n in try #require(words.first { $0.text == "\(n)" && $0.xMax < 20 }, "row \(n)") }
        let middles = numbers.map { ($0.yMin + $0.yMax) / 2 }
        #expect(zip(middles, middles.dropFirst()).allSatisfy { $1 - $0 > 10 }, "rows are at least 10 mm high")
        // Rows 2–4 are blank for the citizen, with 男・女 to circle; row 1 holds the card's person.
        #expect(words.filter { $0.text == "男・女" }.count == 3)
        let sheet = try Poppler.words(try Self.render(form, mode: .overlay))
        for source in [FieldSource.name, .furigana, .birthDate, .sex] {
            let field = try #require(form.fields.first { $0.source == source }, "\(source)")
            #expect(abs(field.box.y + field.box.height / 2 - middles[0]) < 8, "\(field.id) is not in the first row")
        }
        for field in form.fields where field.source == .name || field.source == .furigana {
            try Self.expectPrintedInBox(field, of: form, fill: Self.fill(), words: sheet)
        }
    }

    @Test("印鑑登録申請書 and 税証明書交付申請書 circle the era of the birth date", arguments: ["inkan-touroku", "zei-shoumei"])
    func eraCircle(formID: String) throws {
        let form = try Self.form(formID)
        #expect(form.fields.contains { $0.format == .eraCircle && $0.source == .birthDate })
        for (index, info) in FormPrintTests.circlePeople.enumerated() {
            let circled = try FormPrintTests.expectCircles(form, fill: Self.fill(info), person: "person \(index)", formats: [.eraCircle])
            #expect(circled.values.sorted() == [try #require(Fixtures.eras.japaneseDate(for: info.birthDate)).era.abbreviation])
        }
    }
}
