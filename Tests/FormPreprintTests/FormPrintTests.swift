import CounterCore
import DocumentPrint
import Foundation
import Testing
@testable import FormPreprint

@Suite("Every form prints the card data inside its boxes")
struct FormPrintTests {
    static let formIDs = Fixtures.catalog.forms(on: Fixtures.today).map(\.id)

    @Test("the catalog holds the eight Osaka forms")
    func catalogHoldsForms() {
        #expect(Set(Self.formIDs) == ["idou-todoke", "juminhyo-koufu", "inkan-touroku", "inkan-shoumei", "koseki-shoumei",
                                      "zei-shoumei", "kokuho-shikaku", "jidou-teate"])
    }

    @Test("overlay: every word lies in a field box (±1 mm) and each field reads back exactly",
          arguments: formIDs, [0, 1])
    func overlayWordsInBoxes(formID: String, person: Int) throws {
        let info = Fixtures.people[person]
        let form = try Fixtures.catalog.form(id: formID, on: Fixtures.today)
        let pdf = try Fixtures.service.render(formID: formID, info: info, today: Fixtures.today, mode: .overlay)
        let words = try Poppler.words(pdf)
        func inside(_ word: Poppler.Word, _ box: MMRect) -> Bool {
            word.xMin >= box.x - 1 && word.xMax <= box.maxX + 1 && word.yMin >= box.y - 1 && word.yMax <= box.maxY + 1
        }
        for word in words {
            #expect(form.fields.contains { inside(word, $0.box) }, "「\(word.text)」 is outside every field box of \(formID)")
        }
        for field in form.fields {
            guard case .text(let expected) = try FieldValue.of(field, info: info, today: Fixtures.today, eras: Fixtures.eras, form: form.title)
            else { continue }
            let box = field.box
            let mine = words.filter { word in
                let centre = MMPoint(x: (word.xMin + word.xMax) / 2, y: (word.yMin + word.yMax) / 2)
                return centre.x >= box.x && centre.x <= box.maxX && centre.y >= box.y && centre.y <= box.maxY
            }.sorted { ($0.yMin.rounded(), $0.xMin) < ($1.yMin.rounded(), $1.xMin) }
            let read = mine.flatMap { $0.text.unicodeScalars.map(\.value) }
            #expect(read == Fixtures.readBack(expected), "field \(field.id) of \(formID)")
        }
    }

    @Test("full: the blank form prints too, with the form font embedded", arguments: formIDs)
    func fullForm(formID: String) throws {
        let form = try Fixtures.catalog.form(id: formID, on: Fixtures.today)
        let pdf = try Fixtures.service.render(formID: formID, info: Fixtures.takahashi, today: Fixtures.today, mode: .full)
        let text = try Poppler.text(pdf)
        let compact = String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isWhitespace }))
        // pdftotext reads the centred title's parts (split at U+3000) as separate columns.
        for part in form.title.split(separator: "\u{3000}") {
            #expect(compact.contains(part), "title part \(part) of \(formID)")
        }
        #expect(compact.unicodeScalars.map(\.value).contains(0xFA11))
        for option in form.fields.flatMap({ $0.options ?? [] }) {
            #expect(text.contains(option.value), "printed choice \(option.value) of \(formID)")
        }
        let fonts = try Poppler.fonts(pdf)
        #expect(!fonts.isEmpty && fonts.allSatisfy { $0.embedded && $0.subset })
        let page = try Poppler.pageSize(pdf)
        #expect(abs(page.width - form.paper.width) < 0.2 && abs(page.height - form.paper.height) < 0.2)
    }

    @Test("the calibration shifts overlay fields by the given millimetres")
    func calibration() throws {
        let form = try Fixtures.catalog.form(id: "juminhyo-koufu", on: Fixtures.today)
        let renderer = FormRenderer(eras: Fixtures.eras)
        let plain = try Poppler.words(try renderer.render(form, info: Fixtures.takahashi, today: Fixtures.today, mode: .overlay))
        let shifted = try Poppler.words(try renderer.render(form, info: Fixtures.takahashi, today: Fixtures.today, mode: .overlay,
                                                            calibration: PrinterCalibration(offsetX: 2, offsetY: -1.5)))
        let before = try #require(plain.first { $0.text == "髙橋" })
        let after = try #require(shifted.first { $0.text == "髙橋" })
        #expect(abs(after.xMin - before.xMin - 2) < 0.05)
        #expect(abs(after.yMin - before.yMin + 1.5) < 0.05)
    }

    @Test("an address that cannot fit is an overflow error naming the form and the field, not the address")
    func overflow() throws {
        var info = Fixtures.takahashi
        info.address = String(repeating: "大阪府大阪市北区中之島一丁目三番二十号", count: 20)
        #expect(throws: PreprintError.fieldDoesNotFit(form: "住民票の写し等交付申請書", field: "住所")) {
            try Fixtures.service.render(formID: "juminhyo-koufu", info: info, today: Fixtures.today, mode: .full)
        }
        let message = PreprintError.fieldDoesNotFit(form: "住民票の写し等交付申請書", field: "住所").userMessage
        #expect(message.contains("住民票の写し等交付申請書") && message.contains("住所"))
    }

    @Test("a character the fonts lack is a missing-glyph error naming the form, the field and the code point")
    func missingGlyph() throws {
        var info = Fixtures.takahashi
        info.name = "山田\u{3000}\u{1F600}"
        #expect(throws: PreprintError.missingGlyphs(form: "印鑑登録申請書", field: "氏名", characters: ["\u{1F600}"])) {
            try Fixtures.service.render(formID: "inkan-touroku", info: info, today: Fixtures.today, mode: .overlay)
        }
        let message = PreprintError.missingGlyphs(form: "印鑑登録申請書", field: "氏名", characters: ["\u{1F600}"]).userMessage
        #expect(message.contains("U+1F600") && !message.contains("山田"))
    }

    @Test("a date before the era table cannot be printed in 和暦")
    func dateBeforeEras() throws {
        var info = Fixtures.takahashi
        info.birthDate = CalendarDate(year: 1860, month: 1, day: 1)
        #expect(throws: PreprintError.dateBeforeEras(form: "税証明書交付申請書", field: "生年月日")) {
            try Fixtures.service.render(formID: "zei-shoumei", info: info, today: Fixtures.today, mode: .overlay)
        }
    }
}
