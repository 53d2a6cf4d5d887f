import Foundation
import Testing
@testable import CounterCore

@Suite struct JapaneseDateTests {
    let table = try! EraTable(seeds: SeedDirectory(url: URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds")))

    @Test(arguments: [
        ("2019-05-01", "令和元年5月1日"),
        ("2019-04-30", "平成31年4月30日"),
        ("1989-01-08", "平成元年1月8日"),
        ("1989-01-07", "昭和64年1月7日"),
        ("1980-02-17", "昭和55年2月17日"),
        ("1926-12-25", "昭和元年12月25日"),
        ("1926-12-24", "大正15年12月24日"),
        ("2026-11-21", "令和8年11月21日"),
    ])
    func formatsEraBoundaries(iso: String, expected: String) throws {
        let date = try #require(CalendarDate(iso: iso))
        #expect(table.japaneseDate(for: date)?.formatted == expected)
    }

    @Test func beforeFirstEraHasNoJapaneseDate() {
        #expect(table.japaneseDate(for: CalendarDate(year: 1800, month: 1, day: 1)) == nil)
    }

    @Test func rejectsErasOutOfOrder() {
        let later = Era(id: "b", name: "後", abbreviation: "後", letter: "B", start: CalendarDate(year: 2000, month: 1, day: 1))
        let earlier = Era(id: "a", name: "前", abbreviation: "前", letter: "A", start: CalendarDate(year: 1990, month: 1, day: 1))
        #expect(throws: SeedError.self) { try EraTable(eras: [later, earlier]) }
    }

    @Test func malformedSeedNamesFileEntryAndField() {
        let json = Data(#"{"eras":[{"id":"x","name":"X","abbreviation":"X","letter":"X","start":"1999-13-01"}]}"#.utf8)
        struct File: Decodable { var eras: [Era] }
        do {
            _ = try SeedDirectory.decode(File.self, from: json, named: "eras.json")
            Issue.record("expected a SeedError")
        } catch let error as SeedError {
            #expect(error.file == "eras.json")
            #expect(error.entry == "eras[0]")
            #expect(error.field == "start")
            #expect(error.userMessage.contains("eras.json"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

@Suite struct CalendarDateTests {
    @Test func parsesCardFormat() {
        #expect(CalendarDate(yyyymmdd: "19800217") == CalendarDate(year: 1980, month: 2, day: 17))
        #expect(CalendarDate(yyyymmdd: "20000229")?.iso == "2000-02-29")
    }

    @Test(arguments: ["19000229", "2023021", "2023-02-1", "abcdefgh", "20231301", "20230100", ""])
    func rejectsMalformedOrImpossible(text: String) {
        #expect(CalendarDate(yyyymmdd: text) == nil)
    }
}

@Suite struct BasicInfoTests {
    @Test func splitsNameOnIdeographicSpaceWithoutNormalizing() {
        // 﨑 U+FA11 and 葛 + IVS U+E0100 must survive as given.
        let info = BasicInfo(name: "髙橋\u{3000}﨑子", address: "大阪市", birthDate: CalendarDate(year: 1990, month: 1, day: 1), sex: .female)
        #expect(info.familyName == "髙橋")
        #expect(info.givenName.unicodeScalars.first?.value == 0xFA11)
        let ivs = BasicInfo(name: "葛\u{E0100}城\u{3000}花子", address: "", birthDate: info.birthDate, sex: .female)
        #expect(Array(ivs.familyName.unicodeScalars).map(\.value) == [0x845B, 0xE0100, 0x57CE])
    }

    @Test func sexCodesRoundTripAndUnknownPassesThrough() {
        #expect(Sex(code: "1").label == "男")
        #expect(Sex(code: "2").label == "女")
        #expect(Sex(code: "9").label == "適用不能")
        #expect(Sex(code: "3") == .unknown("3"))
        #expect(Sex(code: "3").code == "3")
    }

    @Test func wipeClearsPersonalData() {
        var info = BasicInfo(name: "山田　太郎", address: "大阪市北区", birthDate: CalendarDate(year: 1980, month: 2, day: 17), sex: .male)
        info.wipe()
        #expect(info.name.isEmpty && info.address.isEmpty)
    }

    @Test("和暦 as a clerk types it: letters, era names, 元年, full-width digits; only dates inside their era",
          arguments: [("S60.4.12", "1985-04-12"), ("s60/4/12", "1985-04-12"), ("昭和60年4月12日", "1985-04-12"),
                      ("R1.5.1", "2019-05-01"), ("令和元年5月1日", "2019-05-01"), ("H1.1.8", "1989-01-08"),
                      ("Ｓ６０．４．１２", "1985-04-12"), ("昭和元年12月25日", "1926-12-25"), ("S60年4月12日", "1985-04-12")])
    func japaneseInput(text: String, iso: String) throws {
        let eras = try EraTable(seeds: SeedDirectory(url: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("seeds")))
        #expect(eras.date(fromJapanese: text)?.iso == iso)
        #expect(try BasicInfoInput.birthDate(text, today: CalendarDate(year: 2026, month: 11, day: 21), eras: eras).iso == iso)
    }

    @Test("和暦 outside its era, impossible dates and other text are refused",
          arguments: ["H1.1.7", "S64.1.8", "R1.4.30", "S60.2.30", "X60.4.12", "昭和60年4月", "S0.1.1", "60.4.12", "昭和"])
    func japaneseInputRefused(text: String) throws {
        let eras = try EraTable(seeds: SeedDirectory(url: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("seeds")))
        #expect(eras.date(fromJapanese: text) == nil)
        #expect(throws: InputError.invalidBirthDate) {
            try BasicInfoInput.birthDate(text, today: CalendarDate(year: 2026, month: 11, day: 21), eras: eras)
        }
    }
}
