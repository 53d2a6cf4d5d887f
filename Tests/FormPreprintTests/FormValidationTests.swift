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
        #expect(error.problem == FieldSource.allowedNames && error.problem.contains("familyName"))
        #expect(!error.userMessage.contains("phone"))
    }

    @Test("an unknown format names the field")
    func unknownFormat() throws {
        let error = try failure(Self.layout(field: Self.validField.replacingOccurrences(of: #""format": "text""#, with: #""format": "kanji""#)))
        #expect(error.field == "format" && error.problem.contains("wareki, warekiWithoutEra"))
        #expect(!error.userMessage.contains("kanji"))
    }

    @Test("a format that does not fit the source is rejected")
    func formatForSource() throws {
        let error = try failure(Self.layout(field: Self.validField.replacingOccurrences(of: #""format": "text""#, with: #""format": "wareki""#)))
        #expect(error.entry == "fields[name]" && error.field == "format")
    }

    @Test("malformed JSON names the file")
    func malformed() throws {
        let error = try failure("{\"id\": \"test-form\", ")
        #expect(error.problem == "JSON として読めません。括弧・カンマ・引用符の対応を確認してください")
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
        #expect(error.problem == "明・大・昭・平・令 のいずれかにしてください")
    }

    @Test("a choice format without options is rejected")
    func choiceWithoutOptions() throws {
        let field = #"{"id": "sex", "label": "性別", "source": "sex", "format": "sexCircle", "box": {"x": 20, "y": 40, "width": 30, "height": 8}, "fontSize": 10}"#
        let error = try failure(Self.layout(field: field))
        #expect(error.field == "options")
    }

    @Test("an unknown paper size or background kind is rejected")
    func unknownPaperAndKind() throws {
        let paper = try failure(Self.layout(paper: #"{"size": "Letter", "orientation": "portrait"}"#))
        #expect(paper.entry == nil && paper.field == "paper.size" && paper.problem == "A4, A3, B4, B5 のいずれかにしてください")
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

    /// Layouts that do not decode, the entry and field each names, and the problem it gives.
    static let decodingFailures: [(json: String, entry: String?, field: String?, problem: String)] = [
        (layout(paper: #"{"size": "A9", "orientation": "portrait"}"#), nil, "paper.size", "A4, A3, B4, B5 のいずれかにしてください"),
        (layout(paper: #"{"size": "A4", "orientation": "diagonal"}"#), nil, "paper.orientation", "portrait, landscape のいずれかにしてください"),
        (layout(field: validField.replacingOccurrences(of: #""x": 20"#, with: #""x": "20mm""#)), "fields[0]", "box.x", "値の種類が違います。数値にしてください"),
        (layout(field: validField.replacingOccurrences(of: #""y": 40, "#, with: "")), "fields[0]", "box.y", "必須の項目がありません。追加してください"),
        (layout(field: validField.replacingOccurrences(of: #""fontSize": 14"#, with: #""fontSize": null"#)), "fields[0]", "fontSize", "値がありません。数値を指定してください"),
        (layout(field: validField.replacingOccurrences(of: #""fontSize": 14"#, with: #""fontSize": 14, "align": "justify""#)), "fields[0]", "align", "left, center, right のいずれかにしてください"),
        (layout(field: validField.replacingOccurrences(of: #""fontSize": 14"#, with: #""fontSize": 14, "overflow": "clip""#)), "fields[0]", "overflow", "shrink, wrap, error のいずれかにしてください"),
        (layout(field: validField.replacingOccurrences(of: #""fontSize": 14"#, with: #""fontSize": 14, "valign": "bottom""#)), "fields[0]", "valign", "top, middle のいずれかにしてください"),
        (layout(field: validField + ", 7"), "fields[1]", nil, "値の種類が違います。オブジェクト（{…}）にしてください"),
        (layout(background: #"{"kind": "star"}"#), "background[0]", "kind", "text, line, rect, ellipse のいずれかにしてください"),
        (layout().replacingOccurrences(of: #""revision": 1"#, with: #""revision": "1""#), nil, "revision", "値の種類が違います。整数にしてください"),
        (layout().replacingOccurrences(of: #""revision": 1"#, with: #""revision": 1e999"#), nil, nil, "JSON として読めません。括弧・カンマ・引用符の対応を確認してください"),
        (layout().replacingOccurrences(of: #""2024-04-01""#, with: #""2024-02-30""#), nil, "validFrom", "日付は YYYY-MM-DD の実在する日付で指定してください"),
        (#"{"id": "#, nil, nil, "JSON として読めません。括弧・カンマ・引用符の対応を確認してください"),
    ]

    @Test("every decoding error is Japanese, naming the entry and the field path, never the value or a Swift type",
          arguments: decodingFailures)
    func decodingErrors(json: String, entry: String?, field: String?, problem: String) throws {
        let error = try failure(json)
        #expect(error.entry == entry && error.field == field && error.problem == problem)
        for english in ["A9", "diagonal", "20mm", "justify", "clip", "bottom", "star", "2024-02-30", "Cannot", "Expected", "Double",
                        "String", "PaperSize", "Index", "CodingKeys", "keyNotFound", "debugDescription"] {
            // The temporary file's name is random: only the rest of the message is looked at.
            let message = error.userMessage.replacingOccurrences(of: error.file, with: "")
            #expect(!message.contains(english), "\(english) in \(message)")
        }
    }
}
