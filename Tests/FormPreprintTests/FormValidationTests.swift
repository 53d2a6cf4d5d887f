import CounterCore
import CounterTestSupport
import Foundation
import Testing
@testable import FormPreprint

@Suite("Layout files are validated on load")
struct FormValidationTests {
    static let validField = Fixtures.validFieldJSON

    static func layout(field: String = validField, background: String = Fixtures.defaultBackgroundJSON,
                       paper: String = Fixtures.defaultPaperJSON, id: String = "test-form") -> String {
        Fixtures.layoutJSON(field: field, background: background, paper: paper, id: id)
    }

    private func load(_ json: String) throws -> FormLayout {
        let folder = Fixtures.temporaryFolder("layout")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("test-form.r1.json")
        try Data(json.utf8).write(to: file)
        return try FormCatalog.loadLayout(file: file, eras: Fixtures.eras)
    }

    /// Loads `json`, expecting a SeedError; returns it.
    private func failure(_ json: String) throws -> SeedError {
        do {
            _ = try load(json)
        } catch let error as SeedError {
            #expect(error.file.hasSuffix("test-form.r1.json"))
            return error
        }
        Issue.record("the layout was accepted")
        return SeedError(file: "", problem: "")
    }

    @Test("a valid layout loads")
    func valid() throws {
        let layout = try load(Self.layout())
        #expect(layout.id == "test-form" && layout.paper.width == 182 && layout.fields.count == 1)
    }

    @Test("a field box off the paper names the file, the field and the box")
    func boxOffPaper() throws {
        let field = Self.validField.replacingOccurrences(of: #""width": 100"#, with: #""width": 170"#)  // 20 + 170 > 182
        let error = try failure(Self.layout(field: field))
        #expect(error.entry == "fields[name]" && error.field == "box")
        #expect(error.userMessage.contains("test-form.r1.json") && error.userMessage.contains("はみ出し"))
    }

    @Test("a background item off the paper is rejected")
    func backgroundOffPaper() throws {
        let error = try failure(Self.layout(background: #"{"kind": "line", "from": {"x": 10, "y": 10}, "to": {"x": 300, "y": 10}}"#))
        #expect(error.entry == "background[0]" && error.field == "to")
    }

    @Test("an unknown source names the field")
    func unknownSource() throws {
        let error = try failure(Self.layout(field: Self.validField.replacingOccurrences(of: #""source": "name""#, with: #""source": "phone""#)))
        #expect(error.entry == "fields[0]" && error.field == "source")
        #expect(error.problem.contains("phone"))
    }

    @Test("an unknown format names the field")
    func unknownFormat() throws {
        let error = try failure(Self.layout(field: Self.validField.replacingOccurrences(of: #""format": "text""#, with: #""format": "kanji""#)))
        #expect(error.field == "format" && error.problem.contains("kanji"))
    }

    @Test("a format that does not fit the source is rejected")
    func formatForSource() throws {
        let error = try failure(Self.layout(field: Self.validField.replacingOccurrences(of: #""format": "text""#, with: #""format": "wareki""#)))
        #expect(error.entry == "fields[name]" && error.field == "format")
    }

    @Test("malformed JSON names the file")
    func malformed() throws {
        let error = try failure("{\"id\": \"test-form\", ")
        #expect(error.problem == "JSON として読めません")
    }

    @Test("a missing required key is named")
    func missingKey() throws {
        let error = try failure(Self.layout(field: Self.validField.replacingOccurrences(of: #", "fontSize": 14"#, with: "")))
        #expect(error.field == "fontSize")
    }

    @Test("insane sizes are rejected", arguments: [
        (#""fontSize": 14"#, #""fontSize": 200"#, "fontSize"),
        (#""fontSize": 14"#, #""fontSize": 14, "minFontSize": 20"#, "minFontSize"),
        (#""height": 10"#, #""height": 0"#, "box"),
        (#""fontSize": 14"#, #""fontSize": 14, "cells": 2"#, "cells"),
    ])
    func sizes(find: String, replace: String, field: String) throws {
        let error = try failure(Self.layout(field: Self.validField.replacingOccurrences(of: find, with: replace)))
        #expect(error.entry == "fields[name]" && error.field == field)
    }

    @Test("era choices must be eras of the table")
    func eraChoices() throws {
        let field = #"{"id": "era", "label": "元号", "source": "birthDate", "format": "eraCircle", "box": {"x": 20, "y": 40, "width": 30, "height": 8}, "fontSize": 10, "options": [{"value": "昭", "box": {"x": 20, "y": 40, "width": 6, "height": 6}}, {"value": "X", "box": {"x": 30, "y": 40, "width": 6, "height": 6}}]}"#
        let error = try failure(Self.layout(field: field))
        #expect(error.entry == "fields[era]" && error.field == "options[1].value")
    }

    @Test("a choice format without options is rejected")
    func choiceWithoutOptions() throws {
        let field = #"{"id": "sex", "label": "性別", "source": "sex", "format": "sexCircle", "box": {"x": 20, "y": 40, "width": 30, "height": 8}, "fontSize": 10}"#
        let error = try failure(Self.layout(field: field))
        #expect(error.field == "options")
    }

    @Test("an unknown paper size or background kind is rejected")
    func unknownPaperAndKind() throws {
        #expect(try failure(Self.layout(paper: #"{"size": "Letter", "orientation": "portrait"}"#)).field == "size")
        let error = try failure(Self.layout(background: #"{"kind": "star", "box": {"x": 1, "y": 1, "width": 5, "height": 5}}"#))
        #expect(error.entry == "background[0]" && error.field == "kind")
    }

    @Test("ids must be file-name safe and unique")
    func ids() throws {
        #expect(try failure(Self.layout(id: "住民票")).field == "id")
        let duplicate = try failure(Self.layout(field: Self.validField + ", " + Self.validField))
        #expect(duplicate.entry == "fields[name]" && duplicate.field == "id")
    }

    @Test("an era circle must offer every era of the table, a sex circle both 男 and 女")
    func choicesCoverEveryValue() throws {
        let era = #"{"id": "era", "label": "元号", "source": "birthDate", "format": "eraCircle", "box": {"x": 20, "y": 40, "width": 40, "height": 8}, "fontSize": 10, "options": [{"value": "明", "box": {"x": 20, "y": 40, "width": 6, "height": 6}}, {"value": "大", "box": {"x": 27, "y": 40, "width": 6, "height": 6}}, {"value": "昭", "box": {"x": 34, "y": 40, "width": 6, "height": 6}}, {"value": "平", "box": {"x": 41, "y": 40, "width": 6, "height": 6}}]}"#
        let eraError = try failure(Self.layout(field: era))
        #expect(eraError.entry == "fields[era]" && eraError.field == "options")
        #expect(eraError.problem == "選択肢「令」がありません（明・大・昭・平・令 のすべてが必要です）")
        let complete = era.replacingOccurrences(of: #"]}"#, with: #", {"value": "令", "box": {"x": 48, "y": 40, "width": 6, "height": 6}}]}"#)
        #expect(try load(Self.layout(field: complete)).fields.first?.options?.count == 5)
        let sex = #"{"id": "sex", "label": "性別", "source": "sex", "format": "sexCircle", "box": {"x": 20, "y": 40, "width": 30, "height": 8}, "fontSize": 10, "options": [{"value": "男", "box": {"x": 20, "y": 40, "width": 6, "height": 6}}]}"#
        let sexError = try failure(Self.layout(field: sex))
        #expect(sexError.field == "options" && sexError.problem == "選択肢「女」がありません（男・女 のすべてが必要です）")
    }
}
