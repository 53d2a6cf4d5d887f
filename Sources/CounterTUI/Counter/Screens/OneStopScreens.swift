import CounterCore
import CounterService
import Foundation

/// ワンストップ - 届出の選択: the citizen's life event, after the four fields are confirmed.
final class OneStopEventScreen: Screen {
    private let planner: OneStopPlanner

    init(planner: OneStopPlanner) {
        self.planner = planner
    }

    var title: String { "ワンストップ - 届出の選択" }
    var keyHints: [KeyHint] { [KeyHint("1-\(planner.catalog.events.count)", "届出を選ぶ"), KeyHint("ESC", "確認画面へ戻る")] }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("届出（ライフイベント）の番号を押してください。必要な手続きの質問を1回ずつ聞きます。")
        canvas.blank()
        for (index, event) in planner.catalog.events.enumerated() { canvas.line("\(index + 1)  \(event.title)") }
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .text(let key):
            guard let number = key.wholeNumberValue, (1...planner.catalog.events.count).contains(number) else { return }
            let flow = OneStopFlow(planner: planner, event: planner.catalog.events[number - 1], today: app.services.today)
            flow.showNext(app, back: { [self] app in app.show(self) })
        case .back: app.show(ConfirmScreen())
        default: break
        }
    }
}

/// One life event's questions as the clerk walks them: the answers so far (each checked where typed), which question
/// comes next, and the plan once every question asked is answered. Owned by the UI thread.
final class OneStopFlow {
    let planner: OneStopPlanner
    let event: LifeEvent
    let today: CalendarDate
    /// The answers as typed, by question id.
    private(set) var inputs: [String: AnswerInput] = [:]
    /// The checked answers, by question id.
    private(set) var answers: [String: Answer] = [:]
    /// Set while the clerk corrects one answer from the plan: after it, back to the plan.
    var correcting = false

    init(planner: OneStopPlanner, event: LifeEvent, today: CalendarDate) {
        self.planner = planner
        self.event = event
        self.today = today
    }

    /// The questions asked with the answers so far.
    var asked: [EventQuestion] { planner.questionsToAsk(event, answers: answers) }

    /// Keeps `answer` (typed as `input`) for `item`, and forgets answers to questions no longer asked.
    func keep(_ input: AnswerInput, _ answer: Answer, for item: EventQuestion) {
        inputs[item.answerID] = input
        answers[item.answerID] = answer
        let stillAsked = Set(asked.map(\.answerID))
        for id in answers.keys where !stillAsked.contains(id) {
            answers[id] = nil
            inputs[id] = nil
        }
    }

    /// Shows the next question not answered, or the plan once all are. After a correction the plan comes back at
    /// once, unless the corrected answer made a new question asked: then that question.
    func showNext(_ app: AppContext, back: @escaping (AppContext) -> Void) {
        let list = asked
        let unanswered = list.firstIndex { answers[$0.answerID] == nil }
        if let index = unanswered, !correcting || (try? planner.plan(event: event.id, inputs: inputs, today: today)) == nil {
            app.show(OneStopQuestionScreen(flow: self, item: list[index], position: index, count: list.count, back: back))
            return
        }
        correcting = false
        do {
            app.show(OneStopPlanScreen(flow: self, plan: try planner.plan(event: event.id, inputs: inputs, today: today)))
        } catch {
            app.showError(error)
        }
    }
}

/// ワンストップ - 質問: one question, its answer checked where it is typed (はい/いいえ, a choice, a number, a date in
/// 西暦 or 和暦, a text); F4 skips it with a reason where the event allows it.
final class OneStopQuestionScreen: Screen {
    private let flow: OneStopFlow
    private let item: EventQuestion
    private let question: CounterService.Question
    private let position: Int, count: Int
    private let back: (AppContext) -> Void
    private var field: TextField
    private var skipping = false

    init(flow: OneStopFlow, item: EventQuestion, position: Int, count: Int, back: @escaping (AppContext) -> Void) {
        self.flow = flow
        self.item = item
        self.question = flow.planner.question(for: item)
            ?? CounterService.Question(id: item.answerID, type: .text, wording: item.question, check: nil)
        self.position = position
        self.count = count
        self.back = back
        var initial = ""
        switch flow.inputs[item.answerID] {
        case .text(let text)?: initial = text
        case .number(let number)?: initial = String(number)
        default: break
        }
        field = TextField("回答", value: initial, kind: question.type == .count ? .digits : .text, maxLength: question.check?.maxLength ?? 120)
    }

    var title: String { "ワンストップ - \(flow.event.title)（\(position + 1)/\(count)）" }
    var keyHints: [KeyHint] {
        if skipping { return [KeyHint("1-\(flow.planner.catalog.skipReasons.count)", "理由を選んで省略"), KeyHint("ESC", "質問へ戻る")] }
        var hints: [KeyHint] = []
        switch question.type {
        case .yesNo: hints.append(KeyHint("1/2", "はい/いいえ"))
        case .choice: hints.append(KeyHint("1-\(question.check?.options?.count ?? 0)", "選ぶ"))
        default: hints.append(KeyHint("Enter", "次へ"))
        }
        if item.skippable == true { hints.append(KeyHint("F4", "省略")) }
        hints.append(KeyHint("ESC", "前へ戻る"))
        return hints
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.paragraph(question.wording, maxLines: 2, style: .bold)
        canvas.blank()
        if skipping {
            canvas.line("この質問を省略します。理由の番号を押してください（記録には質問の名前と理由の区分だけを残します）。")
            for (index, reason) in flow.planner.catalog.skipReasons.enumerated() { canvas.line("\(index + 1)  \(reason.label)") }
            return
        }
        switch question.type {
        case .yesNo:
            canvas.line("1  はい")
            canvas.line("2  いいえ")
        case .choice:
            for (index, option) in (question.check?.options ?? []).enumerated() { canvas.line("\(index + 1)  \(option)") }
        case .date:
            canvas.line("YYYYMMDD、YYYY-MM-DD、和暦（R8.11.28、令和8年11月28日）で入力できます。")
            canvas.input(field, focused: true)
        case .count:
            canvas.line("数字で入力してください（\(question.check?.min ?? 0)〜\(question.check?.max ?? 99)）。")
            canvas.input(field, focused: true)
        case .text, .address:
            canvas.input(field, focused: true)
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        if skipping {
            let reasons = flow.planner.catalog.skipReasons
            switch action {
            case .text(let key):
                if let number = key.wholeNumberValue, number >= 1, number <= reasons.count { take(.skipped(reason: reasons[number - 1].code), app) }
            case .back: skipping = false
            default: break
            }
            return
        }
        switch (question.type, action) {
        case (_, .back): back(app)
        case (_, .function(4)) where item.skippable == true: skipping = true
        case (.yesNo, .text("1")): take(.yesNo(true), app)
        case (.yesNo, .text("2")): take(.yesNo(false), app)
        case (.choice, .text(let key)):
            let options = question.check?.options ?? []
            if let number = key.wholeNumberValue, (1...max(1, options.count)).contains(number), number <= options.count {
                take(.text(options[number - 1]), app)
            }
        case (.count, .confirm):
            take(Int(field.value).map(AnswerInput.number) ?? .text(field.value), app)
        case (.date, .confirm):
            // Eight digits are a date too (20261128), as on the other screens.
            let text = field.value
            let iso = text.count == 8 && text.allSatisfy(\.isNumber) ? "\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.suffix(2))" : text
            take(.text(iso), app)
        case (.text, .confirm), (.address, .confirm): take(.text(field.value), app)
        case (.yesNo, _), (.choice, _): break
        default: _ = field.apply(action)
        }
    }

    private func take(_ input: AnswerInput, _ app: AppContext) {
        do {
            let answer = try flow.planner.answer(input, to: item, today: flow.today)
            flow.keep(input, answer, for: item)
            flow.showNext(app, back: { [self] app in app.show(self) })
        } catch {
            app.showError(error)
        }
    }
}

/// ワンストップ - 手続きの確認: the procedures the answers lead to, each kept or dropped by its number, with where it
/// is done; F2 corrects an answer (every form follows); Enter records the plan, prints the 手続き案内票 and goes on to
/// the forms (each form once, with its answers), where F5 previews and Enter prints them all.
final class OneStopPlanScreen: Screen {
    private let flow: OneStopFlow
    private let plan: OneStopPlan
    private var dropped: Set<String> = []
    private var choosingAnswer = false
    /// The number of the answer to correct, typed (more than nine questions: two digits, then Enter).
    private var answerNumber = TextField("番号", value: "", kind: .digits, maxLength: 2)

    init(flow: OneStopFlow, plan: OneStopPlan) {
        self.flow = flow
        self.plan = plan
    }

    var title: String { "ワンストップ - \(plan.event.title) - 手続きの確認" }
    var keyHints: [KeyHint] {
        if choosingAnswer { return [KeyHint("1-\(plan.answers.count)", "番号"), KeyHint("Enter", "訂正する"), KeyHint("ESC", "戻る")] }
        return [KeyHint("Enter", "案内票を印刷・帳票へ"), KeyHint("1-\(plan.procedures.count)", "する/しない"), KeyHint("F2", "回答の訂正"),
                KeyHint("ESC", "届出の選択へ")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        if choosingAnswer {
            canvas.line("訂正する質問の番号を入力して Enter を押してください。  番号: \(answerNumber.value)")
            for (index, entry) in plan.answers.enumerated() {
                canvas.line("\(index + 1)  \(entry.question.wording)", style: .normal)
            }
            return
        }
        canvas.line("この回答で必要な手続き（番号で する/しない を切り替え）:")
        for (index, procedure) in plan.procedures.enumerated() {
            let mark = dropped.contains(procedure.id) ? "[しない]" : "[する]  "
            let forms = procedure.forms.isEmpty ? "" : "  帳票 \(procedure.forms.count)"
            canvas.line("\(index + 1) \(mark) \(procedure.title)（\(OneStopGuide.placeText(procedure))）\(forms)")
        }
        let skipped = plan.answers.filter { if case .skipped = $0.answer { true } else { false } }
        if !skipped.isEmpty { canvas.line("省略した質問: \(skipped.count) 件") }
        canvas.blank()
        let forms = plan.forms(dropping: dropped).count
        canvas.line("印刷する帳票 \(forms) 種類（同じ帳票は1枚にまとめます）")
        let unanswered = flow.planner.formsWithoutAnswerBoxes(plan, dropping: dropped, on: flow.today)
        if !unanswered.isEmpty {
            canvas.line("注意: 今日の版の帳票 \(unanswered.count) 種類には回答の欄がありません。回答はご本人が手書きします。", style: .bold)
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        if choosingAnswer {
            switch action {
            case .confirm:
                guard let number = Int(answerNumber.value), (1...plan.answers.count).contains(number) else {
                    app.showError(OneStopScreenError.noSuchAnswer(count: plan.answers.count))
                    return
                }
                let question = plan.answers[number - 1].question
                let list = flow.asked
                guard let index = list.firstIndex(where: { $0.answerID == question.id }) else { return }
                flow.correcting = true
                choosingAnswer = false
                answerNumber = TextField("番号", value: "", kind: .digits, maxLength: 2)
                app.show(OneStopQuestionScreen(flow: flow, item: list[index], position: index, count: list.count,
                                               back: { [self] app in app.show(self) }))
            case .back:
                choosingAnswer = false
                answerNumber = TextField("番号", value: "", kind: .digits, maxLength: 2)
            default: _ = answerNumber.apply(action)
            }
            return
        }
        switch action {
        case .text(let key):
            guard let number = key.wholeNumberValue, (1...plan.procedures.count).contains(number) else { return }
            let id = plan.procedures[number - 1].id
            if dropped.contains(id) { dropped.remove(id) } else { dropped.insert(id) }
        case .function(2): choosingAnswer = true
        case .back: app.show(OneStopEventScreen(planner: flow.planner))
        case .confirm: proceed(app)
        default: break
        }
    }

    private func proceed(_ app: AppContext) {
        guard let session = app.currentCase else { return }
        let chosen = session.takePlan(plan, dropped: dropped)
        let guide = OneStopGuide(plan: plan, dropped: dropped, office: app.services.cases.office, day: app.services.today)
        let printing = app.services.printing
        app.run(from: self, deliverIfLeft: true, {
            _ = try await printing.printDocument(try guide.render(), title: "onestop-guide")
        }) { _, app, result in
            if case .failure(let error) = result { app.showError(error) } else { app.showNote("手続き案内票を印刷しました。") }
        }
        app.show(FormChoiceScreen(forms: session.forms, defaultMode: printing.defaultMode,
                                  chosen: Dictionary(uniqueKeysWithValues: chosen.map { ($0.id, 1) })))
    }
}

/// What the one-stop screens refuse.
enum OneStopScreenError: UserFacingError {
    /// The number typed to correct an answer is not one of the list.
    case noSuchAnswer(count: Int)

    var userMessage: String {
        switch self {
        case .noSuchAnswer(let count): return "訂正する質問の番号は 1〜\(count) で入力してください。"
        }
    }
}
