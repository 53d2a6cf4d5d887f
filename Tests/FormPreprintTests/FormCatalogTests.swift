import CounterCore
import CounterTestSupport
import Foundation
import Testing
@testable import FormPreprint

@Suite("Form catalog")
struct FormCatalogTests {
    private func seeds(with files: [String: String]) throws -> SeedDirectory {
        let folder = Fixtures.temporaryFolder("seeds")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("forms"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.seeds.file("eras.json"), to: folder.appendingPathComponent("eras.json"))
        for (name, json) in files { try Data(json.utf8).write(to: folder.appendingPathComponent("forms/\(name)")) }
        return SeedDirectory(url: folder)
    }

    private func revision(_ number: Int, from date: String, title: String) -> String {
        FormValidationTests.layout().replacingOccurrences(of: #""revision": 1"#, with: #""revision": \#(number)"#)
            .replacingOccurrences(of: "2024-04-01", with: date).replacingOccurrences(of: "試験用帳票", with: title)
    }

    @Test("the newest revision in force on the day is chosen")
    func revisions() throws {
        let seeds = try seeds(with: ["test-form.r1.json": revision(1, from: "2020-01-01", title: "旧様式"),
                                     "test-form.r2.json": revision(2, from: "2026-04-01", title: "新様式")])
        defer { try? FileManager.default.removeItem(at: seeds.url) }
        let catalog = try FormCatalog(seeds: seeds)
        #expect(catalog.layouts.count == 2)
        #expect(try catalog.form(id: "test-form", on: CalendarDate(year: 2026, month: 3, day: 31)).title == "旧様式")
        #expect(try catalog.form(id: "test-form", on: CalendarDate(year: 2026, month: 4, day: 1)).title == "新様式")
        #expect(throws: PreprintError.unknownForm("test-form")) { try catalog.form(id: "test-form", on: CalendarDate(year: 2019, month: 1, day: 1)) }
        #expect(throws: PreprintError.unknownForm("nothing")) { try catalog.form(id: "nothing", on: Fixtures.today) }
    }

    @Test("two files claiming the same id and revision are both refused; layouts given twice are an error")
    func duplicateRevision() throws {
        let seeds = try seeds(with: ["a.json": revision(1, from: "2020-01-01", title: "甲"), "b.json": revision(1, from: "2021-01-01", title: "乙"),
                                     "c.json": revision(2, from: "2022-01-01", title: "丙")])
        defer { try? FileManager.default.removeItem(at: seeds.url) }
        let catalog = try FormCatalog(seeds: seeds)
        #expect(catalog.layouts.map(\.title) == ["丙"])
        #expect(catalog.refused.map { URL(fileURLWithPath: $0.file).lastPathComponent } == ["a.json", "b.json"])
        #expect(catalog.refused.allSatisfy { $0.entry == "test-form" && $0.field == "revision" })
        let layout = try #require(catalog.layouts.first)
        #expect(throws: SeedError.self) { try FormCatalog(layouts: [layout, layout], eras: Fixtures.eras) }
    }

    @Test("bad files are refused one by one, each named, and the valid forms stay usable")
    func badFiles() throws {
        let unknownSource = revision(1, from: "2020-01-01", title: "乙").replacingOccurrences(of: #""source": "name""#, with: #""source": "phone""#)
            .replacingOccurrences(of: #""id": "test-form""#, with: #""id": "other-form""#)
        let seeds = try seeds(with: ["good.json": revision(1, from: "2020-01-01", title: "甲"), "bad.json": "[1, 2", "worse.json": unknownSource])
        defer { try? FileManager.default.removeItem(at: seeds.url) }
        let catalog = try FormCatalog(seeds: seeds)
        #expect(catalog.forms(on: Fixtures.today).map(\.title) == ["甲"])
        #expect(catalog.refused.map { URL(fileURLWithPath: $0.file).lastPathComponent } == ["bad.json", "worse.json"])
        #expect(catalog.refused.last?.field == "source")
    }

    @Test("the repository's forms all load")
    func repositoryForms() {
        #expect(Fixtures.catalog.refused.isEmpty)
    }
}
