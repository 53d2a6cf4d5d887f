import ArgumentParser
import CounterCore
import CounterService
import Foundation

/// `counter onestop …`: the one-stop counter (書かないワンストップ窓口) from the command line: a life event's
/// procedures and forms from its answers (`docs/onestop.md`).
struct OneStopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onestop",
        abstract: "ワンストップ窓口：届出（ライフイベント）の質問への回答から、必要な手続きと帳票を決めます。",
        subcommands: [OneStopEventsCommand.self, OneStopPlanCommand.self, OneStopPrintCommand.self])
}

/// `counter onestop events`: the life events and their questions.
struct OneStopEventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", abstract: "届出（ライフイベント）と、その質問の一覧を表示します。")

    @Flag(help: "JSON で出力します")
    var json = false

    func run() throws {
        let planner = try OneStopPlanner.make(seeds: try SeedDirectory.locate())
        let events = planner.catalog.events.map { event in
            EventJSON(id: event.id, title: event.title, questions: event.questions.compactMap { item in
                planner.catalog.questions[item.question].map {
                    QuestionJSON(id: $0.id, type: $0.type.rawValue, wording: $0.wording, skippable: item.skippable ?? false,
                                 conditional: !(item.askIf ?? []).isEmpty, perPerson: item.repeatFor.map { PerPersonJSON(count: $0.count, max: $0.max) })
                }
            }, procedures: event.procedures.map(\.procedure))
        }
        if json { return try printJSON(events) }
        for event in events {
            printOut("\(event.id)\t\(event.title)")
            for question in event.questions {
                let perPerson = question.perPerson.map { "（\($0.count) の人数だけ、2人目から最大\($0.max)人。回答は \(question.id).2 …）" } ?? ""
                printOut("  \(question.id)\t\(question.wording)\(question.skippable ? "（省略可）" : "")\(question.conditional ? "（条件により）" : "")\(perPerson)")
            }
        }
    }

    struct EventJSON: Encodable { var id, title: String; var questions: [QuestionJSON]; var procedures: [String] }
    struct QuestionJSON: Encodable {
        var id, type, wording: String
        var skippable, conditional: Bool
        /// Set for a question asked once per person (answers `<id>.2`, `<id>.3` …).
        var perPerson: PerPersonJSON?
    }
    /// The count question that says how many people, and the most asked for.
    struct PerPersonJSON: Encodable { var count: String; var max: Int }
}

/// `counter onestop plan --event EVENT --answers FILE.json`: which procedures and forms follow, printing nothing.
struct OneStopPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "回答から、必要な手続きと印刷する帳票を表示します（印刷はしません）。",
        discussion: """
            回答のファイルは JSON で、質問の id と回答の組です（例: {"moveDate": "2026-12-01", "joinsKokuho": true, \
            "movingMembers": 1, "memberName.2": "住吉　花子", "registerSeal": {"skipped": "not-brought"}}）。人ごとの質問は id.2（2人目）、id.3 … です。日付は YYYY-MM-DD か和暦で書きます。省略は seeds/procedures/skip-reasons.json \
            の理由コードで書きます。
            """)

    @Option(help: "届出（ライフイベント）の id（counter onestop events で確認）")
    var event: String

    @Option(help: "回答の JSON ファイル（1 MiB まで）")
    var answers: String

    @Option(help: "届出日 YYYY-MM-DD（既定: 今日）")
    var date: String?

    @Flag(help: "JSON で出力します")
    var json = false

    func validate() throws {
        if let date, CalendarDate(iso: date)?.isValid != true {
            throw ValidationError("--date は YYYY-MM-DD の実在する日付で指定してください")
        }
    }

    func run() throws {
        let plan = try OneStopPlanCommand.plan(event: event, answersFile: answers, today: date.flatMap(CalendarDate.init(iso:)))
        let output = PlanJSON(plan)
        if json { return try printJSON(output) }
        printOut("\(plan.event.title)")
        for procedure in output.procedures {
            let place = procedure.place.map { "（\($0)）" } ?? ""
            printOut("  ✔ \(procedure.title)\(place)\(procedure.forms.isEmpty ? "" : "  帳票: \(procedure.forms.joined(separator: ", "))")")
        }
        for procedure in plan.notApplying { printOut("  – \(procedure.title)（対象外）") }
        printOut("印刷する帳票: \(output.forms.isEmpty ? "なし" : output.forms.joined(separator: ", "))")
    }

    /// The plan of `event` from the answers in `answersFile` on `today` (today in Japan when nil); a refusal is
    /// printed in Japanese and exits 1.
    static func plan(event: String, answersFile: String, today: CalendarDate?) throws -> OneStopPlan {
        try plan(event: event, answersFile: answersFile, today: today, planner: try OneStopPlanner.make(seeds: try SeedDirectory.locate()))
    }

    /// The plan of `event` from the answers file, with `planner`.
    static func plan(event: String, answersFile: String, today: CalendarDate?, planner: OneStopPlanner) throws -> OneStopPlan {
        let inputs: [String: AnswerInput]
        do {
            let data = try BoundedFile.read(URL(fileURLWithPath: answersFile), maximumBytes: 1 << 20)
            inputs = try JSONDecoder().decode([String: AnswerInput].self, from: data)
        } catch {
            printError(OneStopError.unreadableAnswers.userMessage)
            throw ExitCode(1)
        }
        do {
            return try planner.plan(event: event, inputs: inputs, today: today ?? SystemClock().today())
        } catch {
            printError(error.userMessage)
            throw ExitCode(1)
        }
    }

    /// The plan as scripts read it: question ids and whether each was answered or skipped, never the values.
    struct PlanJSON: Encodable {
        struct ProcedureJSON: Encodable { var id, title, where_: String; var place: String?; var forms: [String]; var bring: [String]
            enum CodingKeys: String, CodingKey { case id, title, where_ = "where", place, forms, bring }
        }
        var event: String
        var asked: [String]
        var skipped: [String]
        var procedures: [ProcedureJSON]
        var notApplying: [String]
        var forms: [String]

        init(_ plan: OneStopPlan) {
            event = plan.event.id
            asked = plan.answers.map(\.question.id)
            skipped = plan.answers.filter { if case .skipped = $0.answer { true } else { false } }.map(\.question.id)
            procedures = plan.procedures.map {
                ProcedureJSON(id: $0.id, title: $0.title, where_: $0.where.rawValue, place: $0.place, forms: $0.forms, bring: $0.bring ?? [])
            }
            notApplying = plan.notApplying.map(\.id)
            forms = plan.forms
        }
    }
}

/// `counter onestop print`: the forms of a life event's plan, each filled with the four fields and every answer it
/// has a field for (asked once, printed everywhere), as one case whose events name the life event, the questions
/// answered and the procedures kept or dropped.
struct OneStopPrintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "回答から決まった手続きの帳票を、基本4情報と回答を印字してまとめて印刷します。")

    @Option(help: "届出（ライフイベント）の id（counter onestop events で確認）")
    var event: String

    @Option(help: "回答の JSON ファイル（1 MiB まで）")
    var answers: String

    @Option(name: .customLong("drop"), help: "印刷しない手続きの id（複数可）")
    var dropped: [String] = []

    @OptionGroup var inputs: PreprintCase

    func run() async throws {
        let date = try inputs.date.map { try CLIDate.parse($0) }
        // The answers are checked before the card is read: a typo must not cost the citizen a PIN entry.
        let planner = try OneStopPlanner.make(seeds: try SeedDirectory.locate())
        let plan = try OneStopPlanCommand.plan(event: event, answersFile: answers, today: date, planner: planner)
        for form in planner.formsWithoutAnswerBoxes(plan, dropping: Set(dropped), on: date ?? SystemClock().today()) {
            printError("注意: 帳票 \(form) のこの日の版には回答の欄がありません。回答はご本人が手書きします（回答を印字する版は \(planner.answersPrintFrom[form]?.iso ?? "") から）。")
        }
        if let unknown = dropped.first(where: { id in !plan.procedures.contains { $0.id == id } }) {
            printError("--drop の「\(unknown)」は、この回答で必要になる手続きではありません（counter onestop plan で確認）。")
            throw ExitCode(64)
        }
        let inputs = inputs, dropped = Set(dropped)
        try await inputs.run { session, card in
            let forms = session.takePlan(plan, dropped: dropped)
            try await inputs.capture(into: session, card: card)
            let failed = await inputs.print(forms, copies: 1, in: session)
            // The 手続き案内票 as text: what was done here, what remains and where, what to bring.
            let guide = OneStopGuide(plan: plan, dropped: dropped, office: nil, day: session.formDate)
            for procedure in guide.procedures {
                let place = OneStopGuide.placeText(procedure)
                let bring = (procedure.bring ?? []).isEmpty ? "" : "（持ち物: \((procedure.bring ?? []).joined(separator: "、"))）"
                printOut("案内\t\(procedure.title)\t\(place)\(bring)")
            }
            return failed
        }
    }
}
