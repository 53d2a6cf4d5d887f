import CounterCore
@testable import CounterService
import CounterTestSupport
import FormPreprint
import Foundation
import Testing

/// The one-stop counter's plan: each life event's hand-made scenarios with the procedures and forms they must give,
/// every answer check, and the seed checks (cycles, unreachable questions and procedures, unknown forms).
@Suite("One-stop plan")
struct OneStopTests {
    let planner: OneStopPlanner
    let today = CalendarDate(year: 2026, month: 12, day: 1)

    init() throws {
        planner = try OneStopPlanner.make(seeds: Fixtures.seeds)
    }

    /// A scenario: an event, its answers, the procedures and forms it must give.
    struct Scenario: Sendable, CustomTestStringConvertible {
        var event: String
        var answers: [String: AnswerInput]
        var procedures: [String]
        var forms: [String]
        var testDescription: String { "\(event): \(procedures.joined(separator: ", "))" }
    }

    static let scenarios: [Scenario] = [
        Scenario(event: "tennyu", answers: [
            "moveDate": .text("2026-11-28"), "newAddress": .text("大阪市北区中之島１丁目３－２０"), "householdHeadIsSelf": .yesNo(true), "movingMembers": .number(2),
            "memberName.2": .text("髙橋　一郎"), "memberBirthDate.2": .text("S52.4.3"), "memberRelationship.2": .text("夫"),
            "memberName.3": .text("髙橋　陽菜"), "memberBirthDate.3": .text("2019-06-15"), "memberRelationship.3": .text("子"),
            "joinsKokuho": .yesNo(true), "hasChildUnder18": .yesNo(true), "hasSchoolChild": .yesNo(false),
            "updateMyNumberCard": .yesNo(true), "registerSeal": .skipped(reason: "not-brought"),
        ], procedures: ["tennyu", "mynumber-card-address", "kokuho-join", "jidou-teate"],
        forms: ["idou-todoke", "kokuho-shikaku", "jidou-teate"]),
        Scenario(event: "tennyu", answers: [
            "moveDate": .text("令和8年11月30日"), "newAddress": .text("大阪市住吉区南住吉３丁目１５－５５"), "householdHeadIsSelf": .yesNo(false),
            "householdHead": .text("住吉　一郎"), "relationship": .text("妻"), "movingMembers": .number(0),
            "joinsKokuho": .yesNo(false), "hasChildUnder18": .yesNo(false), "updateMyNumberCard": .yesNo(false),
            "registerSeal": .yesNo(true),
        ], procedures: ["tennyu", "inkan-touroku"], forms: ["idou-todoke", "inkan-touroku"]),
        Scenario(event: "tenkyo", answers: [
            "moveDate": .text("2026-12-01"), "newAddress": .text("大阪市北区梅田３丁目１－３"), "householdHeadIsSelf": .yesNo(true),
            "movingMembers": .number(1), "memberName.2": .text("梅田　翔"), "memberBirthDate.2": .text("2015-04-02"),
            "memberRelationship.2": .text("子"), "hasSchoolChild": .yesNo(true), "updateMyNumberCard": .yesNo(true),
        ], procedures: ["tenkyo", "mynumber-card-address", "school"], forms: ["idou-todoke"]),
        Scenario(event: "tenshutsu", answers: [
            "moveDate": .text("2026-12-10"), "destinationAddress": .text("福岡県福岡市中央区天神１丁目８－１"), "movingMembers": .number(0),
            "leavesKokuho": .yesNo(true),
        ], procedures: ["tenshutsu", "kokuho-leave"], forms: ["idou-todoke", "kokuho-shikaku"]),
        Scenario(event: "shussei", answers: [
            "childName": .text("髙橋　陽菜"), "birthDateOfChild": .text("2026-11-25"), "joinsKokuho": .yesNo(true),
        ], procedures: ["shussei", "jidou-teate-birth", "kokuho-join"], forms: ["jidou-teate", "kokuho-shikaku"]),
        Scenario(event: "shibou", answers: [
            "dateOfDeath": .text("2026-11-29"), "deceasedHadKokuho": .yesNo(false), "deceasedHadSeal": .yesNo(true),
        ], procedures: ["shibou", "inkan-haishi-death"], forms: []),
        Scenario(event: "konin", answers: [
            "marriageDate": .text("2026-12-01"), "changesName": .yesNo(true), "moveDate": .text("2026-11-30"),
            "newAddress": .text("大阪市中央区大手前１丁目"),
        ], procedures: ["konin", "juminhyo-after-marriage", "pension", "tenkyo"], forms: ["juminhyo-koufu", "idou-todoke"]),
        Scenario(event: "konin", answers: [
            "marriageDate": .text("2026-12-01"), "changesName": .yesNo(false), "moveDate": .skipped(reason: "not-wanted"),
        ], procedures: ["konin"], forms: []),
        Scenario(event: "kokuho", answers: [
            "kokuhoDate": .text("2026-11-01"), "joinsKokuho": .yesNo(false), "leavesKokuho": .yesNo(true),
        ], procedures: ["kokuho-leave"], forms: ["kokuho-shikaku"]),
        Scenario(event: "inkan", answers: ["registerSeal": .yesNo(true)], procedures: ["inkan-touroku"], forms: ["inkan-touroku"]),
    ]

    @Test("each life event's scenario gives exactly its procedures and forms (a form two procedures share prints once)",
          arguments: scenarios)
    func scenario(_ scenario: Scenario) throws {
        let plan = try planner.plan(event: scenario.event, inputs: scenario.answers, today: today)
        #expect(plan.procedures.map(\.id) == scenario.procedures)
        #expect(plan.forms == scenario.forms)
        let considered = Set(try #require(planner.catalog.event(id: scenario.event)).procedures.map(\.procedure))
        #expect(Set(plan.procedures.map(\.id)).union(plan.notApplying.map(\.id)) == considered)
    }

    @Test("the shipped catalog: the issue's eight life events, every procedure reachable from some event")
    func shipped() throws {
        let events = planner.catalog.events.map(\.id)
        #expect(events == ["tennyu", "tenkyo", "tenshutsu", "shussei", "shibou", "konin", "kokuho", "inkan"])
        let used = Set(planner.catalog.events.flatMap { $0.procedures.map(\.procedure) })
        #expect(used == Set(planner.catalog.procedures.keys))
    }

    @Test("answers that fail their check are refused, naming the question, never the value")
    func refusals() throws {
        var tennyu = Self.scenarios[0].answers
        func refuses(_ change: (inout [String: AnswerInput]) -> Void, event: String = "tennyu", _ expected: OneStopError) {
            var answers = tennyu
            change(&answers)
            #expect(throws: expected) { try planner.plan(event: event, inputs: answers, today: today) }
        }
        let moveDate = try #require(planner.catalog.questions["moveDate"]).wording
        refuses({ $0["moveDate"] = .text("2026-12-02") }, .dateTooLate(wording: moveDate, days: 0))
        refuses({ $0["moveDate"] = .text("2024-11-30") }, .dateTooEarly(wording: moveDate, days: 365))
        refuses({ $0["moveDate"] = .text("2026-02-30") }, .invalidDate(wording: moveDate))
        refuses({ $0["moveDate"] = .yesNo(true) }, .wrongKind(wording: moveDate, expected: .date))
        let newAddress = try #require(planner.catalog.questions["newAddress"]).wording
        refuses({ $0["newAddress"] = .text("京都府京都市左京区") }, .outsideCity(wording: newAddress, city: "大阪市"))
        refuses({ $0["newAddress"] = .text("大阪市　") }, .outsideCity(wording: newAddress, city: "大阪市"))
        refuses({ $0["newAddress"] = .text("大阪市北区\u{1B}[2J") }, .invalidText(wording: newAddress, maxLength: 120))
        refuses({ $0["newAddress"] = nil }, .missing(wording: newAddress))
        refuses({ $0["householdHead"] = .text("誰か") },
                .notAsked(wording: try! #require(planner.catalog.questions["householdHead"]).wording))
        refuses({ $0["colourOfCar"] = .text("赤") }, .unknownQuestion(id: "colourOfCar"))
        let members = try #require(planner.catalog.questions["movingMembers"]).wording
        refuses({ $0["movingMembers"] = .number(10) }, .outOfRange(wording: members, min: 0, max: 9))
        refuses({ $0["joinsKokuho"] = .skipped(reason: "unknown") },
                .cannotSkip(wording: try! #require(planner.catalog.questions["joinsKokuho"]).wording))
        refuses({ $0["registerSeal"] = .skipped(reason: "no-such-reason") },
                .cannotSkip(wording: try! #require(planner.catalog.questions["registerSeal"]).wording))
        tennyu["householdHeadIsSelf"] = .yesNo(false)
        tennyu["householdHead"] = .text("住吉　一郎")
        refuses({ $0["relationship"] = .text("いとこ") },
                .notAnOption(wording: try! #require(planner.catalog.questions["relationship"]).wording))
        // 転出 may be filed up to 14 days ahead.
        var tenshutsu = Self.scenarios[3].answers
        tenshutsu["moveDate"] = .text("2026-12-16")
        #expect(throws: OneStopError.dateTooLate(wording: moveDate, days: 14)) {
            try planner.plan(event: "tenshutsu", inputs: tenshutsu, today: today)
        }
        #expect(throws: OneStopError.unknownEvent) { try planner.plan(event: "divorce", inputs: [:], today: today) }
        #expect(!OneStopError.outsideCity(wording: newAddress, city: "大阪市").userMessage.contains("京都"))
    }

    @Test("the other people moving: asked person by person from 2人目, at most three (the form's rows), each answer by <id>.<n>; 異動の種類 given by the event, never asked")
    func peopleMoving() throws {
        let event = try #require(planner.catalog.event(id: "tennyu"))
        var answers: [String: Answer] = ["moveDate": .date(today), "newAddress": .text("大阪市北区"), "householdHeadIsSelf": .yesNo(true)]
        #expect(!planner.questionsToAsk(event, answers: answers).contains { $0.question == "memberName" })
        answers["movingMembers"] = .count(2)
        let asked = planner.questionsToAsk(event, answers: answers).map(\.answerID)
        let start = try #require(asked.firstIndex(of: "movingMembers"))
        #expect(Array(asked[(start + 1)...(start + 6)]) == ["memberName.2", "memberBirthDate.2", "memberRelationship.2",
                                                            "memberName.3", "memberBirthDate.3", "memberRelationship.3"])
        let third = try #require(planner.questionsToAsk(event, answers: answers).first { $0.answerID == "memberName.3" })
        #expect(planner.question(for: third)?.wording == "一緒に異動する3人目の氏名を入力してください（住民票のとおり）。")
        answers["movingMembers"] = .count(5)
        #expect(planner.questionsToAsk(event, answers: answers).filter { $0.question == "memberName" }.map(\.answerID)
                    == ["memberName.2", "memberName.3", "memberName.4"])

        var inputs = Self.scenarios[0].answers
        let plan = try planner.plan(event: "tennyu", inputs: inputs, today: today)
        #expect(plan.formAnswers["memberName.3"] == .text("髙橋　陽菜"))
        #expect(plan.formAnswers["memberBirthDate.2"] == .date(CalendarDate(year: 1977, month: 4, day: 3)))
        #expect(plan.formAnswers["moveKind"] == .text("転入"))
        #expect(!plan.answers.contains { $0.question.id == "moveKind" })
        #expect(try planner.plan(event: "tenshutsu", inputs: Self.scenarios[3].answers, today: today).formAnswers["moveKind"] == .text("転出"))
        // A person beyond the count, a missing one, a wrong 続柄, a birth date ahead: refused, naming the person.
        inputs["memberName.4"] = .text("髙橋　次郎")
        #expect(throws: OneStopError.notAsked(wording: "一緒に異動する4人目の氏名を入力してください（住民票のとおり）。")) {
            try planner.plan(event: "tennyu", inputs: inputs, today: today)
        }
        inputs["memberName.4"] = nil
        inputs["memberName.3"] = nil
        #expect(throws: OneStopError.missing(wording: "一緒に異動する3人目の氏名を入力してください（住民票のとおり）。")) {
            try planner.plan(event: "tennyu", inputs: inputs, today: today)
        }
        inputs["memberName.3"] = .text("髙橋　陽菜")
        inputs["memberRelationship.2"] = .text("いとこ")
        #expect(throws: OneStopError.notAnOption(wording: "2人目の世帯主との続柄を選んでください。")) {
            try planner.plan(event: "tennyu", inputs: inputs, today: today)
        }
        inputs["memberRelationship.2"] = .text("夫")
        inputs["memberBirthDate.3"] = .text("2026-12-02")
        #expect(throws: OneStopError.dateTooLate(wording: "3人目の生年月日はいつですか。", days: 0)) {
            try planner.plan(event: "tennyu", inputs: inputs, today: today)
        }
        for bad in ["memberName.1", "memberName.x", "memberName.02", "moveDate.2.1"] {
            #expect(throws: OneStopError.unknownQuestion(id: bad)) { try planner.plan(event: "tennyu", inputs: [bad: .text("a")], today: today) }
        }
    }

    @Test("異動の種類 is circled from the event (転入, 転居, 転出), its words never printed over the form's own; an unknown kind is refused")
    func moveKindCircle() throws {
        let day = CalendarDate(year: 2026, month: 12, day: 2)
        let layout = try Fixtures.catalog.form(id: "idou-todoke", on: day)
        let field = try #require(layout.fields.first { $0.id == "moveKind" })
        for (event, answers, kind) in [("tennyu", Self.scenarios[0].answers, "転入"), ("tenkyo", Self.scenarios[2].answers, "転居"),
                                       ("tenshutsu", Self.scenarios[3].answers, "転出")] {
            let plan = try planner.plan(event: event, inputs: answers, today: today)
            let fill = FormFill(info: Fixtures.takahashi, today: day, answers: plan.formAnswers)
            let preview = try Fixtures.service.preview(layout, fill: fill)
            let item = try #require(preview.items.first { $0.label == "異動の種類" })
            #expect(item.text == "○\(kind)", "\(event)")
            #expect(item.box == field.options?.first { $0.value == kind }?.box, "\(event): the circle around its own words")
            let circled = try Poppler.text(Fixtures.service.render(formID: "idou-todoke", fill: fill, mode: .full))
            var none = fill
            none.answers["moveKind"] = nil
            let blank = try Poppler.text(Fixtures.service.render(formID: "idou-todoke", fill: none, mode: .full))
            #expect(circled.components(separatedBy: kind).count == blank.components(separatedBy: kind).count,
                    "\(event): 「\(kind)」 printed only by the form's background")
        }
        let unknown = FormFill(info: Fixtures.takahashi, today: day, answers: ["moveKind": .text("転勤")])
        #expect(throws: PreprintError.self) { try Fixtures.service.render(formID: "idou-todoke", fill: unknown, mode: .full) }
    }

    @Test("before the forms' r3 revisions (2026-12-02) the plan names the forms whose boxes for the answers do not exist yet")
    func formsWithoutAnswerBoxes() throws {
        let plan = try planner.plan(event: "tennyu", inputs: Self.scenarios[0].answers, today: today)
        #expect(planner.formsWithoutAnswerBoxes(plan, on: CalendarDate(year: 2026, month: 12, day: 1)) == ["idou-todoke", "kokuho-shikaku", "jidou-teate"])
        #expect(planner.formsWithoutAnswerBoxes(plan, dropping: ["jidou-teate"], on: CalendarDate(year: 2026, month: 12, day: 1))
                    == ["idou-todoke", "kokuho-shikaku"])
        #expect(planner.formsWithoutAnswerBoxes(plan, on: CalendarDate(year: 2026, month: 12, day: 2)).isEmpty)
    }

    @Test("an answers file: values, はい/いいえ, numbers and a skip with its reason")
    func answersFile() throws {
        let json = #"{"moveDate": "2026-11-28", "joinsKokuho": true, "movingMembers": 2, "registerSeal": {"skipped": "not-brought"}}"#
        let decoded = try JSONDecoder().decode([String: AnswerInput].self, from: Data(json.utf8))
        #expect(decoded == ["moveDate": .text("2026-11-28"), "joinsKokuho": .yesNo(true), "movingMembers": .number(2),
                            "registerSeal": .skipped(reason: "not-brought")])
    }

    // MARK: - Seed checks

    static let question = Question(id: "a", type: .yesNo, wording: "Aですか。", check: nil)

    private func catalog(questions: [Question] = [OneStopTests.question], procedures: [Procedure], events: [LifeEvent],
                         forms: Set<String> = ["idou-todoke"]) throws -> OneStopCatalog {
        try OneStopCatalog(questions: questions, procedures: procedures, events: events, formIDs: forms)
    }

    private func event(_ questions: [EventQuestion], procedures: [String] = ["p"]) throws -> LifeEvent {
        let procedureList = try procedures.map { try JSONDecoder().decode(EventProcedure.self, from: Data("\"\($0)\"".utf8)) }
        return LifeEvent(id: "e", title: "E", questions: questions, procedures: procedureList)
    }

    private func seedError(_ build: () throws -> OneStopCatalog) -> SeedError? {
        do {
            _ = try build()
            return nil
        } catch let error as SeedError {
            return error
        } catch {
            return nil
        }
    }

    @Test("seed checks: a condition on a later question (a cycle), a procedure that can never apply, an unknown form, a wrong value")
    func seedChecks() throws {
        let p = Procedure(id: "p", title: "P", forms: ["idou-todoke"], where: .here, place: nil, when: nil, bring: nil, note: nil)
        let b = Question(id: "b", type: .yesNo, wording: "Bですか。", check: nil)
        let askA = EventQuestion(question: "a", askIf: nil, skippable: nil, check: nil)
        // b asked only if a, and a only if b: the second names a question not asked before it.
        let cycle = try event([EventQuestion(question: "b", askIf: [AnswerCondition(question: "a", equals: .bool(true), answered: nil)],
                                             skippable: nil, check: nil), askA])
        #expect(seedError { try catalog(questions: [Self.question, b], procedures: [p], events: [cycle]) }?.field == "askIf")
        var never = p
        never.when = [AnswerCondition(question: "b", equals: .bool(true), answered: nil)]
        let error = seedError { try catalog(questions: [Self.question, b], procedures: [never], events: [try event([askA])]) }
        #expect(error?.field == "when")
        var unknownForm = p
        unknownForm.forms = ["no-such-form"]
        #expect(seedError { try catalog(procedures: [unknownForm], events: [try event([askA])]) }?.field == "forms")
        var wrongValue = p
        wrongValue.when = [AnswerCondition(question: "a", equals: .number(3), answered: nil)]
        #expect(seedError { try catalog(procedures: [wrongValue], events: [try event([askA])]) }?.field == "when")
        let misfit = Question(id: "d", type: .date, wording: "いつですか。", check: QuestionCheck(maxLength: 10))
        #expect(seedError { try catalog(questions: [misfit], procedures: [p], events: [try event([])]) }?.field == "check.maxLength")
        let duplicate = try event([askA, askA])
        #expect(seedError { try catalog(procedures: [p], events: [duplicate]) }?.field == "question")
        #expect(seedError { try catalog(procedures: [p], events: [try event([askA], procedures: ["q"])]) }?.field == "procedure")
        #expect(seedError { try catalog(procedures: [p], events: [try event([askA])]) } == nil)

        // A question repeated per person needs an earlier count and {n} in its wording; an event gives only an option.
        let count = Question(id: "n", type: .count, wording: "何人ですか。", check: nil)
        let name = Question(id: "who", type: .text, wording: "{n}人目の氏名", check: nil)
        let perPerson = EventQuestion(question: "who", repeatFor: RepeatRule(count: "n", max: 3))
        let askCount = EventQuestion(question: "n")
        #expect(seedError { try catalog(questions: [count, name], procedures: [p], events: [try event([askCount, perPerson])]) } == nil)
        #expect(seedError { try catalog(questions: [count, name], procedures: [p], events: [try event([perPerson, askCount])]) }?.field
                    == "repeatFor.count")
        var tooMany = perPerson
        tooMany.repeatFor?.max = 12
        #expect(seedError { try catalog(questions: [count, name], procedures: [p], events: [try event([askCount, tooMany])]) }?.field
                    == "repeatFor.max")
        let unnumbered = Question(id: "who", type: .text, wording: "氏名", check: nil)
        #expect(seedError { try catalog(questions: [count, unnumbered], procedures: [p], events: [try event([askCount, perPerson])]) }?
                    .field == "repeatFor")
        let dotted = Question(id: "a.2", type: .yesNo, wording: "A", check: nil)
        #expect(seedError { try catalog(questions: [dotted], procedures: [p], events: [try event([])]) }?.field == "id")
        let kind = Question(id: "kind", type: .choice, wording: "種類", check: QuestionCheck(options: ["転入", "転居"]))
        var gives = try event([askA])
        gives.gives = ["kind": "転入"]
        #expect(seedError { try catalog(questions: [Self.question, kind], procedures: [p], events: [gives]) } == nil)
        gives.gives = ["kind": "転出"]
        #expect(seedError { try catalog(questions: [Self.question, kind], procedures: [p], events: [gives]) }?.field == "kind")
        gives.gives = ["a": "はい"]
        #expect(seedError { try catalog(questions: [Self.question, kind], procedures: [p], events: [gives]) }?.field == "a")
    }

    @Test("a form's answer field without its questions, with a fallback of another kind, or a part on a date is refused, naming the field")
    func answerFieldChecks() throws {
        let folder = Fixtures.temporaryFolder("onestop-forms")
        let forms = folder.appendingPathComponent("forms")
        try FileManager.default.createDirectory(at: forms, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.seeds.file("eras.json"), to: folder.appendingPathComponent("eras.json"))
        let original = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.seeds.file("forms/idou-todoke.r3.json")))
            as? [String: Any] ?? [:]
        func refusal(_ change: (inout [String: Any]) -> Void) throws -> SeedError? {
            var layout = original
            var fields = layout["fields"] as? [[String: Any]] ?? []
            var field = fields.first { $0["id"] as? String == "moveDay" } ?? [:]
            change(&field)
            fields = fields.map { $0["id"] as? String == "moveDay" ? field : $0 }
            layout["fields"] = fields
            try JSONSerialization.data(withJSONObject: layout).write(to: forms.appendingPathComponent("idou-todoke.r3.json"))
            return try FormCatalog(seeds: SeedDirectory(url: folder)).refused.first
        }
        #expect(try refusal { $0["answers"] = nil }?.field == "answers")
        #expect(try refusal { $0["fallback"] = "address" }?.field == "fallback")
        #expect(try refusal { $0["part"] = "main" }?.field == "part")
        #expect(try refusal { $0["fallback"] = "today" } == nil, "a date field may fall back to the request day")
        // A field naming a question no one asks is refused when the one-stop catalog loads against the forms.
        let layouts = try FormCatalog(seeds: Fixtures.seeds).layouts
        var fields = OneStopCatalog.answerFields(of: layouts)
        fields.append(OneStopCatalog.AnswerField(form: "idou-todoke", label: "転居先の電話", answers: ["phoneNumber"], isDate: false))
        #expect(throws: SeedError.self) {
            try OneStopCatalog.load(from: Fixtures.seeds, formIDs: Set(layouts.map(\.id)), answerFields: fields)
        }
        fields[fields.count - 1] = OneStopCatalog.AnswerField(form: "idou-todoke", label: "日付の欄", answers: ["newAddress"], isDate: true)
        #expect(throws: SeedError.self) {
            try OneStopCatalog.load(from: Fixtures.seeds, formIDs: Set(layouts.map(\.id)), answerFields: fields)
        }
        // A circled answer must find every option of its question on the form (else one would print uncircled).
        fields[fields.count - 1] = OneStopCatalog.AnswerField(form: "idou-todoke", label: "異動の種類", answers: ["moveKind"],
                                                             isDate: false, circles: ["転入", "転居"])
        #expect(throws: SeedError.self) {
            try OneStopCatalog.load(from: Fixtures.seeds, formIDs: Set(layouts.map(\.id)), answerFields: fields)
        }
        fields[fields.count - 1].circles = ["転入", "転居", "転出", "世帯変更"]
        _ = try OneStopCatalog.load(from: Fixtures.seeds, formIDs: Set(layouts.map(\.id)), answerFields: fields)
        // A person's answer beyond the ids a repeat can take is a question no one asks.
        fields[fields.count - 1] = OneStopCatalog.AnswerField(form: "idou-todoke", label: "11人目", answers: ["memberName.11"], isDate: false)
        #expect(throws: SeedError.self) {
            try OneStopCatalog.load(from: Fixtures.seeds, formIDs: Set(layouts.map(\.id)), answerFields: fields)
        }
    }
}
