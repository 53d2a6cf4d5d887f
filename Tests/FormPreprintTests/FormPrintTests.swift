import CounterCore
import DocumentPrint
import CounterTestSupport
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
        let pdf = try Fixtures.service.render(formID: formID, fill: FormFill(info: info, today: Fixtures.today), mode: .overlay)
        let words = try Poppler.words(pdf)
        func inside(_ word: Poppler.Word, _ box: MMRect) -> Bool {
            word.xMin >= box.x - 1 && word.xMax <= box.maxX + 1 && word.yMin >= box.y - 1 && word.yMax <= box.maxY + 1
        }
        for word in words {
            #expect(form.fields.contains { inside(word, $0.box) }, "「\(word.text)」 is outside every field box of \(formID)")
        }
        for field in form.fields {
            guard case .text(let expected) = try FieldValue.of(field, fill: FormFill(info: info, today: Fixtures.today), eras: Fixtures.eras, form: form.title)
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
        let pdf = try Fixtures.service.render(formID: formID, fill: FormFill(info: Fixtures.takahashi, today: Fixtures.today), mode: .full)
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
        let plain = try Poppler.words(try renderer.render(form, fill: FormFill(info: Fixtures.takahashi, today: Fixtures.today), mode: .overlay))
        let shifted = try Poppler.words(try renderer.render(form, fill: FormFill(info: Fixtures.takahashi, today: Fixtures.today), mode: .overlay,
                                                            calibration: PrinterCalibration(x: 2, y: -1.5)))
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
            try Fixtures.service.render(formID: "juminhyo-koufu", fill: FormFill(info: info, today: Fixtures.today), mode: .full)
        }
        #expect(PreprintError.fieldDoesNotFit(form: "住民票の写し等交付申請書", field: "住所").userMessage
                == "「住民票の写し等交付申請書」は印刷していません。欄「住所」の文字が枠に収まりません。確認画面でこの欄を直して（短くして）もう一度印刷するか、この帳票は手書きで記入してください。")
    }

    @Test("a character the fonts lack is a missing-glyph error naming the form, the field and the code point")
    func missingGlyph() throws {
        var info = Fixtures.takahashi
        info.name = "山田\u{3000}\u{1F600}"
        #expect(throws: PreprintError.missingGlyphs(form: "印鑑登録申請書", field: "氏名", characters: ["\u{1F600}"])) {
            try Fixtures.service.render(formID: "inkan-touroku", fill: FormFill(info: info, today: Fixtures.today), mode: .overlay)
        }
        #expect(PreprintError.missingGlyphs(form: "印鑑登録申請書", field: "氏名", characters: ["\u{1F600}"]).userMessage
                == "「印鑑登録申請書」は印刷していません。欄「氏名」に帳票用フォントにない文字があります（U+1F600）。この帳票は手書きで記入してください。")
    }

    @Test("a date before the era table cannot be printed in 和暦")
    func dateBeforeEras() throws {
        var info = Fixtures.takahashi
        info.birthDate = CalendarDate(year: 1860, month: 1, day: 1)
        #expect(throws: PreprintError.dateBeforeEras(form: "税証明書交付申請書", field: "生年月日")) {
            try Fixtures.service.render(formID: "zei-shoumei", fill: FormFill(info: info, today: Fixtures.today), mode: .overlay)
        }
    }

    /// People whose birth dates and sexes reach every kind of circle: 昭 女, 昭(元年) 男, 令 with no sex circle, 明 男.
    static let circlePeople: [BasicInfo] = Fixtures.people + [
        BasicInfo(name: "山田\u{3000}花", address: "大阪府大阪市北区", birthDate: CalendarDate(year: 2019, month: 5, day: 1), sex: .notApplicable),
        BasicInfo(name: "山田\u{3000}一", address: "大阪府大阪市北区", birthDate: CalendarDate(year: 1912, month: 7, day: 29), sex: .male),
    ]

    @Test("the era and the sex are circled around the right printed choice, and no other", arguments: formIDs)
    func circles(formID: String) throws {
        let form = try Fixtures.catalog.form(id: formID, on: Fixtures.today)
        for (index, info) in Self.circlePeople.enumerated() {
            try Self.expectCircles(form, fill: FormFill(info: info, today: Fixtures.today), person: "person \(index)")
        }
    }

    /// Renders `form` in overlay mode and checks, by image, that each choice field (or only those of `formats`)
    /// circles the printed choice `fill` gives and no other; returns the values circled, by field id.
    @discardableResult
    static func expectCircles(_ form: FormLayout, fill: FormFill, person: String, formats: Set<FieldFormat> = [.eraCircle, .sexCircle],
                              sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: String] {
        let image = try Poppler.grayImage(try FormRenderer(eras: Fixtures.eras).render(form, fill: fill, mode: .overlay))
        var circled: [String: String] = [:]
        for field in form.fields where field.format.isChoice && formats.contains(field.format) {
            guard case .choice(let chosen) = try FieldValue.of(field, fill: fill, eras: Fixtures.eras, form: form.title) else { continue }
            for option in field.options ?? [] {
                let box = option.box
                // The ellipse inscribed in the option's box passes through the middles of its four sides.
                let sides = [(box.x, box.y + box.height / 2), (box.maxX, box.y + box.height / 2),
                             (box.x + box.width / 2, box.y), (box.x + box.width / 2, box.maxY)]
                let inked = sides.map { image.isInked(x: $0.0, y: $0.1) }
                if option.value == chosen {
                    #expect(inked == [true, true, true, true], "\(person): \(field.id) \(option.value) of \(form.id) not circled",
                            sourceLocation: sourceLocation)
                    if inked == [true, true, true, true] { circled[field.id] = option.value }
                } else {
                    #expect(inked == [false, false, false, false], "\(person): \(field.id) \(option.value) of \(form.id) circled",
                            sourceLocation: sourceLocation)
                }
            }
        }
        return circled
    }

    @Test("a value whose choice the form does not print is an error, never a form with nothing circled")
    func choiceMissing() throws {
        let field = #"{"id": "era", "label": "元号", "source": "birthDate", "format": "eraCircle", "box": {"x": 20, "y": 40, "width": 30, "height": 8}, "fontSize": 10, "options": [{"value": "昭", "box": {"x": 20, "y": 40, "width": 6, "height": 6}}, {"value": "平", "box": {"x": 30, "y": 40, "width": 6, "height": 6}}]}"#
        let layout = try JSONDecoder().decode(FormLayout.self, from: Data(FormValidationTests.layout(field: field).utf8))
        let renderer = FormRenderer(eras: Fixtures.eras)
        var info = Fixtures.takahashi
        #expect(try renderer.render(layout, fill: FormFill(info: info, today: Fixtures.today), mode: .full).count > 0)
        info.birthDate = CalendarDate(year: 2020, month: 1, day: 1)  // 令和: not printed on this form
        #expect(throws: PreprintError.choiceMissing(form: "試験用帳票", field: "元号")) {
            try renderer.render(layout, fill: FormFill(info: info, today: Fixtures.today), mode: .full)
        }
        #expect(PreprintError.choiceMissing(form: "試験用帳票", field: "元号").userMessage
                == "「試験用帳票」は印刷していません。欄「元号」に丸を付ける選択肢が帳票の設定にありません。この帳票は手書きで記入し、帳票の設定ファイルの修正を管理者に依頼してください。")
    }

    @Test("every other preprint error says the form was not printed and what to do", arguments: [
        (PreprintError.dateBeforeEras(form: "税証明書交付申請書", field: "生年月日"),
         "「税証明書交付申請書」は印刷していません。欄「生年月日」の日付は元号表より前で、和暦にできません。この帳票は手書きで記入してください。"),
        (.backgroundDoesNotFit(form: "甲", item: 3),
         "「甲」は印刷していません。帳票の設定（background[3]）の文字が枠に収まりません。帳票の設定ファイルの修正を管理者に依頼してください。"),
        (.renderFailed(form: "甲", .cairo("x")), "「甲」は印刷していません。PDF を作成できませんでした（x）。管理者に連絡してください。"),
        (.printFailed(form: "甲", .queueNotFound("q")), "「甲」: プリンタ「q」が見つかりません。設定のプリンタ名を確認してください。"),
        (.unknownForm("x"), "帳票「x」は登録されていないか、まだ使えません。帳票の一覧（counter forms list）で確認してください。"),
    ])
    func messages(error: PreprintError, message: String) {
        #expect(error.userMessage == message)
    }
}
