import CounterCore
import FormPreprint
import Foundation

/// An answer as given, before its question's check: from the clerk's screen or an answers file.
public enum AnswerInput: Sendable, Equatable, Decodable {
    /// Text (a date is text too: YYYY-MM-DD or 和暦).
    case text(String)
    /// はい / いいえ.
    case yesNo(Bool)
    /// A number.
    case number(Int)
    /// Skipped by the clerk, with the reason's code from `skip-reasons.json` (only where the event allows it).
    case skipped(reason: String)

    private enum CodingKeys: String, CodingKey { case skipped }

    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: CodingKeys.self), let reason = try? keyed.decode(String.self, forKey: .skipped) {
            self = .skipped(reason: reason)
            return
        }
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .yesNo(value)
        } else if let value = try? container.decode(Int.self) {
            self = .number(value)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}

/// A checked answer.
public enum Answer: Sendable, Equatable {
    /// A date.
    case date(CalendarDate)
    /// Text or an address, as typed (never normalized).
    case text(String)
    /// はい / いいえ.
    case yesNo(Bool)
    /// A number.
    case count(Int)
    /// One of the options.
    case choice(String)
    /// Skipped, with the reason's code.
    case skipped(reason: String)
}

/// Why a one-stop plan cannot be made from the answers: named by the question's wording, never its value.
public enum OneStopError: UserFacingError, Equatable {
    /// No life event with that id.
    case unknownEvent
    /// The answers name a question the catalog does not have.
    case unknownQuestion(id: String)
    /// An answer for a question this event does not ask (or not with these answers).
    case notAsked(wording: String)
    /// A question that must be answered was not.
    case missing(wording: String)
    /// Skipped where the event does not allow it, or without a reason of the list.
    case cannotSkip(wording: String)
    /// The answer is not of the question's kind (a word for はい/いいえ …).
    case wrongKind(wording: String, expected: QuestionType)
    /// A date that is not a date.
    case invalidDate(wording: String)
    /// A date too far ahead of the request day.
    case dateTooLate(wording: String, days: Int)
    /// A date too far before the request day.
    case dateTooEarly(wording: String, days: Int)
    /// Text over its length, empty, or holding a control character.
    case invalidText(wording: String, maxLength: Int)
    /// An address outside the city where the event needs one in it (転居).
    case outsideCity(wording: String, city: String)
    /// A number outside its range.
    case outOfRange(wording: String, min: Int, max: Int)
    /// Not one of the options.
    case notAnOption(wording: String)
    /// The answers file could not be read.
    case unreadableAnswers

    public var userMessage: String {
        switch self {
        case .unknownEvent: return "その届出（ライフイベント）はありません。counter onestop events で確認してください。"
        case .unknownQuestion(let id): return "回答の「\(id)」は質問にありません。質問の id を確認してください。"
        case .notAsked(let wording): return "「\(wording)」は今回の届出では聞かない質問です。その回答を外してください。"
        case .missing(let wording): return "「\(wording)」の回答がありません。入力してください。"
        case .cannotSkip(let wording): return "「\(wording)」は省略できません（省略できる質問は理由を一覧から選んでください）。"
        case .wrongKind(let wording, let expected):
            let kinds: [QuestionType: String] = [.date: "日付", .text: "文字", .address: "住所", .yesNo: "はい・いいえ", .count: "数", .choice: "選択肢"]
            return "「\(wording)」は\(kinds[expected] ?? "")で答えてください。"
        case .invalidDate(let wording): return "「\(wording)」の日付が正しくありません。YYYY-MM-DD か和暦（令和8年12月1日）で入力してください。"
        case .dateTooLate(let wording, let days):
            return days == 0 ? "「\(wording)」に今日より後の日付は入力できません。" : "「\(wording)」は今日から\(days)日後までの日付にしてください。"
        case .dateTooEarly(let wording, let days):
            return days == 0 ? "「\(wording)」は今日の日付にしてください。" : "「\(wording)」は今日から\(days)日前までの日付にしてください。"
        case .invalidText(let wording, let maxLength): return "「\(wording)」は制御文字を含まない1〜\(maxLength)文字で入力してください。"
        case .outsideCity(let wording, let city): return "「\(wording)」は\(city)内の住所にしてください（市外への引っ越しは転出届です）。"
        case .outOfRange(let wording, let min, let max): return "「\(wording)」は\(min)〜\(max)で入力してください。"
        case .notAnOption(let wording): return "「\(wording)」は選択肢の中から選んでください。"
        case .unreadableAnswers: return "回答のファイルを読めません。JSON（質問の id と回答の組）で用意してください。"
        }
    }
}

extension OneStopError: EventErrorKind {
    /// `onestop.<case>`, stable for event records.
    public var eventErrorKind: String {
        switch self {
        case .unknownEvent: "onestop.unknownEvent"
        case .unknownQuestion: "onestop.unknownQuestion"
        case .notAsked: "onestop.notAsked"
        case .missing: "onestop.missing"
        case .cannotSkip: "onestop.cannotSkip"
        case .wrongKind: "onestop.wrongKind"
        case .invalidDate: "onestop.invalidDate"
        case .dateTooLate: "onestop.dateTooLate"
        case .dateTooEarly: "onestop.dateTooEarly"
        case .invalidText: "onestop.invalidText"
        case .outsideCity: "onestop.outsideCity"
        case .outOfRange: "onestop.outOfRange"
        case .notAnOption: "onestop.notAnOption"
        case .unreadableAnswers: "onestop.unreadableAnswers"
        }
    }
}

/// What a life event's answers lead to: the questions asked (and skipped), the procedures that apply and those that
/// do not, and the forms to print, each once.
public struct OneStopPlan: Sendable, Equatable {
    /// The event.
    public var event: LifeEvent
    /// The questions asked, in order, with their checked answers.
    public var answers: [(question: Question, answer: Answer)]
    /// The procedures that apply, in the event's order.
    public var procedures: [Procedure]
    /// The procedures considered that do not apply.
    public var notApplying: [Procedure]

    /// The answers as the forms print them, by question id: asked once, printed on every form with a field for them
    /// (はい/いいえ and skipped questions print nothing), with those the event gives (異動の種類).
    public var formAnswers: [String: FormAnswer] {
        var printed: [String: FormAnswer] = [:]
        for (question, answer) in answers {
            switch answer {
            case .date(let day): printed[question.id] = .date(day)
            case .text(let text), .choice(let text): printed[question.id] = .text(text)
            case .count(let count): printed[question.id] = .text(String(count))
            case .yesNo, .skipped: break
            }
        }
        for (id, value) in event.gives ?? [:] { printed[id] = .text(value) }
        return printed
    }

    /// The forms to print, in procedure order, each once (two procedures on one form print it once).
    public var forms: [String] { forms(dropping: []) }

    /// The forms of the procedures kept when the clerk drops `dropped`, in procedure order, each once.
    public func forms(dropping dropped: Set<String>) -> [String] {
        var seen: Set<String> = []
        return procedures.filter { !dropped.contains($0.id) }.flatMap(\.forms).filter { seen.insert($0).inserted }
    }

    public static func == (lhs: OneStopPlan, rhs: OneStopPlan) -> Bool {
        lhs.event == rhs.event && lhs.procedures == rhs.procedures && lhs.notApplying == rhs.notApplying
            && lhs.answers.map(\.question) == rhs.answers.map(\.question) && lhs.answers.map(\.answer) == rhs.answers.map(\.answer)
    }
}

/// Plans a life event: walks its questions in order (a question whose askIf fails is not asked), checks each answer
/// once against its check (the event's tightening included), and finds the procedures whose conditions hold.
public struct OneStopPlanner: Sendable {
    /// The events, questions and procedures.
    public let catalog: OneStopCatalog
    /// The era table (answers typed in 和暦).
    public let eras: EraTable
    /// 「大阪市」: where an address must lie for withinCity.
    public let city: String
    /// Each form's first day with a revision that prints answers (a form with no answer boxes in any revision is absent).
    public let answersPrintFrom: [String: CalendarDate]

    /// A planner over `catalog`.
    public init(catalog: OneStopCatalog, eras: EraTable, city: String, answersPrintFrom: [String: CalendarDate] = [:]) {
        self.catalog = catalog
        self.eras = eras
        self.city = city
        self.answersPrintFrom = answersPrintFrom
    }

    /// The forms of `plan` (less the procedures `dropped`) whose revision in force on `day` has no boxes for the
    /// answers, though a later one has: the citizen writes them by hand that day (the screen and the CLI say so).
    public func formsWithoutAnswerBoxes(_ plan: OneStopPlan, dropping dropped: Set<String> = [], on day: CalendarDate) -> [String] {
        plan.forms(dropping: dropped).filter { form in answersPrintFrom[form].map { day < $0 } ?? false }
    }

    /// The plan of `eventID` from `inputs` (question id → answer) on `today`. Throws the first problem: an unknown
    /// event or question, an answer for a question not asked, a missing answer, a skip not allowed, an answer that
    /// fails its check.
    public func plan(event eventID: String, inputs: [String: AnswerInput], today: CalendarDate) throws(OneStopError) -> OneStopPlan {
        guard let event = catalog.event(id: eventID) else { throw .unknownEvent }
        if let unknown = inputs.keys.sorted().first(where: { catalog.question(answerID: $0) == nil }) { throw .unknownQuestion(id: unknown) }
        var answers: [String: Answer] = [:]
        var asked: [(question: Question, answer: Answer)] = []
        // A repeated question's people depend on a count answered before it: the list grows as the answers come.
        var position = 0
        while case let list = expanded(event, answers: answers), position < list.count {
            let item = list[position]
            position += 1
            guard let question = question(for: item), Self.holds(item.askIf ?? [], answers) else { continue }
            guard let input = inputs[item.answerID] else { throw .missing(wording: question.wording) }
            let answer = try check(input, question: question, check: question.check?.tightened(by: item.check),
                                   skippable: item.skippable ?? false, today: today)
            answers[item.answerID] = answer
            asked.append((question, answer))
        }
        let askedIDs = Set(asked.map(\.question.id))
        if let extra = inputs.keys.sorted().first(where: { !askedIDs.contains($0) }), let question = catalog.question(answerID: extra) {
            let person = extra.split(separator: ".").dropFirst().first.map(String.init)
            throw .notAsked(wording: person.map { question.wording.replacingOccurrences(of: "{n}", with: $0) } ?? question.wording)
        }
        var applying: [Procedure] = [], notApplying: [Procedure] = []
        for item in event.procedures {
            guard let procedure = catalog.procedures[item.procedure] else { continue }
            if Self.holds((procedure.when ?? []) + item.when, answers) { applying.append(procedure) } else { notApplying.append(procedure) }
        }
        return OneStopPlan(event: event, answers: asked, procedures: applying, notApplying: notApplying)
    }

    /// The questions of `event` asked with `answers` so far, in order (a question whose askIf fails is left out; its
    /// conditions look only at earlier questions, so the list is right up to the first question not yet answered).
    /// A run of questions repeated for a count is asked person by person: 2人目's questions, then 3人目's.
    public func questionsToAsk(_ event: LifeEvent, answers: [String: Answer]) -> [EventQuestion] {
        expanded(event, answers: answers).filter { catalog.questions[$0.question] != nil && Self.holds($0.askIf ?? [], answers) }
    }

    /// The question `item` asks: a repeated one goes by its answer id, its wording naming the person (`{n}` → 2 …).
    public func question(for item: EventQuestion) -> Question? {
        guard var question = catalog.questions[item.question] else { return nil }
        if let person = item.person {
            question.id = item.answerID
            question.wording = question.wording.replacingOccurrences(of: "{n}", with: String(person))
        }
        return question
    }

    /// The event's questions with each run of repeated questions laid out once per person counted so far (none while
    /// the count is unanswered or skipped), person by person, up to the rule's most.
    func expanded(_ event: LifeEvent, answers: [String: Answer]) -> [EventQuestion] {
        var list: [EventQuestion] = []
        var index = event.questions.startIndex
        while index < event.questions.endIndex {
            let item = event.questions[index]
            guard let rule = item.repeatFor else {
                list.append(item)
                index += 1
                continue
            }
            let run = event.questions[index...].prefix { $0.repeatFor == rule }
            index += run.count
            guard case .count(let people)? = answers[rule.count], people > 0 else { continue }
            for person in 2..<(2 + min(people, rule.max)) {
                list += run.map { var one = $0; one.person = person; return one }
            }
        }
        return list
    }

    /// Checks one answer to `item` of a life event (the clerk's screen checks each answer where it is typed).
    public func answer(_ input: AnswerInput, to item: EventQuestion, today: CalendarDate) throws(OneStopError) -> Answer {
        guard let question = question(for: item) else { throw .unknownQuestion(id: item.question) }
        return try check(input, question: question, check: question.check?.tightened(by: item.check),
                         skippable: item.skippable ?? false, today: today)
    }

    /// True when every condition holds for `answers` (a question not asked, or skipped, holds no value).
    static func holds(_ conditions: [AnswerCondition], _ answers: [String: Answer]) -> Bool {
        conditions.allSatisfy { condition in
            let answer = answers[condition.question]
            if condition.answered == true {
                guard let answer else { return false }
                if case .skipped = answer { return false }
                return true
            }
            switch (answer, condition.equals) {
            case (.yesNo(let value)?, .bool(let expected)?): return value == expected
            case (.count(let value)?, .number(let expected)?): return value == expected
            case (.choice(let value)?, .text(let expected)?): return value == expected
            default: return false
            }
        }
    }

    /// Checks one answer against its question's kind and check.
    func check(_ input: AnswerInput, question: Question, check: QuestionCheck?, skippable: Bool, today: CalendarDate)
        throws(OneStopError) -> Answer {
        let wording = question.wording
        if case .skipped(let reason) = input {
            guard skippable, catalog.skipReasons.contains(where: { $0.code == reason }) else { throw .cannotSkip(wording: wording) }
            return .skipped(reason: reason)
        }
        switch (question.type, input) {
        case (.yesNo, .yesNo(let value)): return .yesNo(value)
        case (.count, .number(let value)):
            let min = check?.min ?? 0, max = check?.max ?? 99
            guard (min...max).contains(value) else { throw .outOfRange(wording: wording, min: min, max: max) }
            return .count(value)
        case (.choice, .text(let value)):
            guard check?.options?.contains(value) == true else { throw .notAnOption(wording: wording) }
            return .choice(value)
        case (.date, .text(let text)):
            guard let date = CalendarDate(iso: text) ?? eras.date(fromJapanese: text), date.isValid else {
                throw .invalidDate(wording: wording)
            }
            if let ahead = check?.maxDaysAhead, date.daysSince(today) > ahead { throw .dateTooLate(wording: wording, days: ahead) }
            if let back = check?.maxDaysBack, today.daysSince(date) > back { throw .dateTooEarly(wording: wording, days: back) }
            return .date(date)
        case (.text, .text(let text)), (.address, .text(let text)):
            let maxLength = check?.maxLength ?? 200
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty, text.count <= maxLength, TextSafety.forbidden(in: text) == nil else {
                throw .invalidText(wording: wording, maxLength: maxLength)
            }
            if question.type == .address, check?.withinCity == true,
               !text.hasPrefix(city) || text.dropFirst(city.count).trimmingCharacters(in: .whitespaces).isEmpty {
                throw .outsideCity(wording: wording, city: city)
            }
            return .text(text)
        default:
            throw .wrongKind(wording: wording, expected: question.type)
        }
    }
}

extension OneStopPlanner {
    /// The planner of the installation's seeds: `procedures/`, checked against the forms of `forms/` (`forms`, when
    /// the caller has loaded them already), the eras and the city of `offices.json`.
    public static func make(seeds: SeedDirectory, forms loaded: FormCatalog? = nil) throws -> OneStopPlanner {
        let forms = try loaded ?? FormCatalog(seeds: seeds)
        let catalog = try OneStopCatalog.load(from: seeds, layouts: forms.layouts)
        var answersFrom: [String: CalendarDate] = [:]
        for layout in forms.layouts where layout.fields.contains(where: \.source.isAnswer) {
            answersFrom[layout.id] = min(answersFrom[layout.id] ?? layout.validFrom, layout.validFrom)
        }
        return OneStopPlanner(catalog: catalog, eras: forms.eras, city: try OfficeDirectory(seeds: seeds).city, answersPrintFrom: answersFrom)
    }
}
