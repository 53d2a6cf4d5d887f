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
        subcommands: [OneStopEventsCommand.self, OneStopPlanCommand.self])
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
                                 conditional: !(item.askIf ?? []).isEmpty)
                }
            }, procedures: event.procedures.map(\.procedure))
        }
        if json { return try printJSON(events) }
        for event in events {
            printOut("\(event.id)\t\(event.title)")
            for question in event.questions {
                printOut("  \(question.id)\t\(question.wording)\(question.skippable ? "（省略可）" : "")\(question.conditional ? "（条件により）" : "")")
            }
        }
    }

    struct EventJSON: Encodable { var id, title: String; var questions: [QuestionJSON]; var procedures: [String] }
    struct QuestionJSON: Encodable { var id, type, wording: String; var skippable, conditional: Bool }
}

/// `counter onestop plan --event EVENT --answers FILE.json`: which procedures and forms follow, printing nothing.
struct OneStopPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "回答から、必要な手続きと印刷する帳票を表示します（印刷はしません）。",
        discussion: """
            回答のファイルは JSON で、質問の id と回答の組です（例: {"moveDate": "2026-12-01", "joinsKokuho": true, \
            "movingMembers": 2, "registerSeal": {"skipped": "印鑑を持参していない"}}）。日付は YYYY-MM-DD か和暦で書きます。
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
        let planner = try OneStopPlanner.make(seeds: try SeedDirectory.locate())
        let inputs: [String: AnswerInput]
        do {
            let data = try BoundedFile.read(URL(fileURLWithPath: answers), maximumBytes: 1 << 20)
            inputs = try JSONDecoder().decode([String: AnswerInput].self, from: data)
        } catch {
            printError(OneStopError.unreadableAnswers.userMessage)
            throw ExitCode(1)
        }
        let today = date.flatMap(CalendarDate.init(iso:)) ?? SystemClock().today()
        let plan: OneStopPlan
        do {
            plan = try planner.plan(event: event, inputs: inputs, today: today)
        } catch {
            printError(error.userMessage)
            throw ExitCode(1)
        }
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
