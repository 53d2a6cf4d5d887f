import CounterTestSupport
import CounterCore
import DocumentPrint
import Testing
@testable import FormPreprint

@Suite("Field values")
struct FieldValueTests {
    private func field(_ source: FieldSource, _ format: FieldFormat) -> FormField {
        FormField(id: "f", label: "欄", source: source, format: format, box: MMRect(x: 0, y: 0, width: 10, height: 10), fontSize: 10)
    }

    private func value(_ source: FieldSource, _ format: FieldFormat, _ info: BasicInfo = Fixtures.takahashi) throws -> FieldValue {
        try FieldValue.of(field(source, format), fill: FormFill(info: info, today: Fixtures.today), eras: Fixtures.eras, form: "帳票")
    }

    private func born(_ year: Int, _ month: Int, _ day: Int, sex: Sex = .male) -> BasicInfo {
        var info = Fixtures.takahashi
        info.birthDate = CalendarDate(year: year, month: month, day: day)
        info.sex = sex
        return info
    }

    @Test("フリガナ (whole, 氏, 名) and the office's ward and name print as given; blank when not given")
    func furiganaAndOffice() throws {
        let office = Office(id: "kita", type: .ward, name: "北区役所", ward: "北区")
        let fill = FormFill(info: Fixtures.takahashi, furigana: "タカハシ\u{3000}サキコ", today: Fixtures.today, office: office)
        func of(_ source: FieldSource, _ fill: FormFill) throws -> FieldValue {
            try FieldValue.of(field(source, .text), fill: fill, eras: Fixtures.eras, form: "帳票")
        }
        #expect(try of(.furigana, fill) == .text("タカハシ\u{3000}サキコ"))
        #expect(try of(.furiganaFamily, fill) == .text("タカハシ"))
        #expect(try of(.furiganaGiven, fill) == .text("サキコ"))
        #expect(try of(.wardName, fill) == .text("北区"))
        #expect(try of(.officeName, fill) == .text("北区役所"))
        let bare = FormFill(info: Fixtures.takahashi, today: Fixtures.today)
        for source in [FieldSource.furigana, .furiganaFamily, .furiganaGiven, .wardName, .officeName] {
            #expect(try of(source, bare) == .text(""))
        }
    }

    @Test("names and addresses are passed through scalar for scalar")
    func text() throws {
        #expect(try value(.name, .text) == .text("\u{9AD9}\u{6A4B}\u{3000}\u{FA11}\u{5B50}"))
        #expect(try value(.familyName, .text) == .text("\u{9AD9}\u{6A4B}"))
        #expect(try value(.givenName, .text) == .text("\u{FA11}\u{5B50}"))
        guard case .text(let name) = try value(.name, .text, Fixtures.katsuragi) else { Issue.record("not text"); return }
        #expect(name.unicodeScalars.map(\.value).prefix(2) == [0x845B, 0xE0100])
    }

    @Test("方書 is split at the first space; without a space it is empty")
    func building() throws {
        #expect(try value(.addressMain, .text) == .text("大阪府大阪市北区中之島1丁目3番20号"))
        #expect(try value(.addressBuilding, .text) == .text("中之島ハイツ101号室"))
        #expect(try value(.addressBuilding, .text, Fixtures.katsuragi) == .text(""))
        #expect(try value(.addressMain, .text, Fixtures.katsuragi) == .text("大阪府大阪市中央区大手前2丁目A番1号"))
    }

    @Test("和暦 prints 元年 for the first year of an era")
    func gannen() throws {
        let info = born(2019, 5, 1)
        #expect(try value(.birthDate, .wareki, info) == .text("令和元年5月1日"))
        #expect(try value(.birthDate, .warekiWithoutEra, info) == .text("元年5月1日"))
        #expect(try value(.birthDate, .eraYear, info) == .text("元"))
        #expect(try value(.birthDate, .eraCircle, info) == .choice("令"))
        #expect(try value(.birthDate, .eraName, born(2019, 4, 30)) == .text("平成"))
        #expect(try value(.birthDate, .eraYear, born(1989, 1, 7)) == .text("64"))
    }

    @Test("西暦 and digit parts")
    func gregorian() throws {
        #expect(try value(.birthDate, .seireki) == .text("1980年2月17日"))
        #expect(try value(.birthDate, .year) == .text("1980"))
        #expect(try value(.birthDate, .month) == .text("2"))
        #expect(try value(.today, .day) == .text("21"))
    }

    @Test("性別 as text or as the choice to circle; no circle for 適用不能")
    func sex() throws {
        #expect(try value(.sex, .text) == .text("女"))
        #expect(try value(.sex, .sexCircle) == .choice("女"))
        #expect(try value(.sex, .sexCircle, born(1980, 1, 1, sex: .male)) == .choice("男"))
        #expect(try value(.sex, .sexCircle, born(1980, 1, 1, sex: .notApplicable)) == .choice(nil))
    }

    @Test("元 in digit cells is drawn across the cells; more digits than cells is an overflow")
    func cells() throws {
        let form = try Fixtures.catalog.form(id: "juminhyo-koufu", on: Fixtures.today)
        let renderer = FormRenderer(eras: Fixtures.eras)
        let pdf = try renderer.render(form, fill: FormFill(info: born(2019, 5, 1), today: Fixtures.today), mode: .overlay)
        let yearBox = try #require(form.fields.first { $0.id == "birthYear" }).box
        let gan = try #require(try Poppler.words(pdf).first { $0.text == "元" })
        #expect(gan.xMin >= yearBox.x && gan.xMax <= yearBox.maxX)
        var narrow = form
        let index = try #require(narrow.fields.firstIndex { $0.id == "birthYear" })
        narrow.fields[index].format = .year  // four digits into two cells
        #expect(throws: PreprintError.fieldDoesNotFit(form: form.title, field: narrow.fields[index].label)) {
            try renderer.render(narrow, fill: FormFill(info: born(1980, 2, 17), today: Fixtures.today), mode: .overlay)
        }
    }
}
