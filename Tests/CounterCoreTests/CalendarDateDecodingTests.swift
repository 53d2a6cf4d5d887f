import Foundation
import Testing
@testable import CounterCore

@Suite struct CalendarDateDecodingTests {
    private struct Person: Decodable { var birthDate: CalendarDate }

    @Test func isoTextDecodes() throws {
        let person = try SeedDirectory.decode(Person.self, from: Data(#"{"birthDate":"1985-04-12"}"#.utf8), named: "people.json")
        #expect(person.birthDate == CalendarDate(year: 1985, month: 4, day: 12))
    }

    @Test(arguments: ["1990-02-30", "19900215", "1990-2-15", "平成2年2月15日"])
    func badDateNamesTheFieldButNeverTheValue(text: String) throws {
        let json = Data(#"{"birthDate":"\#(text)"}"#.utf8)
        let error = try #require(throws: SeedError.self) {
            try SeedDirectory.decode(Person.self, from: json, named: "people.json")
        }
        #expect(error.field == "birthDate")
        #expect(error.problem == "日付は YYYY-MM-DD の実在する日付で指定してください")
        #expect(!error.userMessage.contains(text))
        #expect(!error.userMessage.contains("1990"))
    }

    @Test func yyyymmddRejectsImpossibleDates() {
        #expect(CalendarDate(yyyymmdd: "20240229") == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(CalendarDate(yyyymmdd: "20230229") == nil)
        #expect(CalendarDate(yyyymmdd: "2023013") == nil)
        #expect(CalendarDate(yyyymmdd: "2023-1-1") == nil)
    }
}
