import CounterCore
import FormPreprint
import Foundation

/// The kind of answer a question takes.
public enum QuestionType: String, Sendable, Codable, CaseIterable {
    /// A date (typed as YYYY-MM-DD or 和暦).
    case date
    /// A line of text (a name).
    case text
    /// An address (its text is kept as typed, never normalized).
    case address
    /// はい / いいえ.
    case yesNo
    /// A whole number.
    case count
    /// One of the check's options.
    case choice

    /// Decodes the case named in a seed file; another name is refused listing the names allowed.
    public init(from decoder: any Decoder) throws {
        try self.init(namedCaseFrom: decoder)
    }
}

/// What an answer must satisfy; the event may tighten its question's check.
public struct QuestionCheck: Sendable, Equatable, Decodable {
    /// Text and address: at most this many characters.
    public var maxLength: Int?
    /// Address: it must be in the city (start with the city's name).
    public var withinCity: Bool?
    /// Date: at most this many days after the request day.
    public var maxDaysAhead: Int?
    /// Date: at most this many days before the request day.
    public var maxDaysBack: Int?
    /// Count: the least and the most.
    public var min: Int?, max: Int?
    /// Choice: the options.
    public var options: [String]?

    /// The question's own check with the event's values laid over it.
    func tightened(by other: QuestionCheck?) -> QuestionCheck {
        guard let other else { return self }
        return QuestionCheck(maxLength: other.maxLength ?? maxLength, withinCity: other.withinCity ?? withinCity,
                             maxDaysAhead: other.maxDaysAhead ?? maxDaysAhead, maxDaysBack: other.maxDaysBack ?? maxDaysBack,
                             min: other.min ?? min, max: other.max ?? max, options: other.options ?? options)
    }
}

/// One question of the one-stop counter: asked at most once per case, its answer printed on every form that needs it.
public struct Question: Sendable, Equatable, Decodable {
    /// The id (an answers file's key; events record it, never the value).
    public var id: String
    /// The kind of answer.
    public var type: QuestionType
    /// The question as the clerk reads it out.
    public var wording: String
    /// What its answer must satisfy.
    public var check: QuestionCheck?

    /// A question.
    public init(id: String, type: QuestionType, wording: String, check: QuestionCheck?) {
        self.id = id
        self.type = type
        self.wording = wording
        self.check = check
    }
}

/// An answer a condition looks at: equal to a value, or given at all (not skipped).
public struct AnswerCondition: Sendable, Equatable, Decodable {
    /// The question.
    public var question: String
    /// The value it must have: `true`/`false` for yesNo, an option for choice, a number for count.
    public var equals: ConditionValue?
    /// `true`: the question must have been answered (not skipped, not left unasked).
    public var answered: Bool?
}

/// A value a condition compares with.
public enum ConditionValue: Sendable, Equatable, Decodable {
    case bool(Bool)
    case number(Int)
    case text(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .number(value)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}

/// Where a procedure is done.
public enum ProcedurePlace: String, Sendable, Codable, CaseIterable {
    /// At this counter: its forms print here.
    case here
    /// At another counter of this office (named in `place`).
    case counter
    /// At another office (named in `place`).
    case office

    /// Decodes the case named in a seed file; another name is refused listing the names allowed.
    public init(from decoder: any Decoder) throws {
        try self.init(namedCaseFrom: decoder)
    }
}

/// A procedure a life event may need, with its forms and when it applies.
public struct Procedure: Sendable, Equatable, Decodable {
    /// The id.
    public var id: String
    /// Its name, as the 手続き案内票 prints it.
    public var title: String
    /// The forms of `seeds/forms/` printed for it (none: the citizen is guided to where it is done).
    public var forms: [String]
    /// Where it is done.
    public var `where`: ProcedurePlace
    /// The counter or office, when not here.
    public var place: String?
    /// The answers it needs (all must hold); empty: always.
    public var when: [AnswerCondition]?
    /// What the citizen brings.
    public var bring: [String]?
    /// What the 手続き案内票 says about it.
    public var note: String?
}

/// A question as an event asks it.
public struct EventQuestion: Sendable, Equatable, Decodable {
    /// The question.
    public var question: String
    /// Asked only when these answers hold (each names a question asked before it).
    public var askIf: [AnswerCondition]?
    /// The clerk may skip it, with a reason.
    public var skippable: Bool?
    /// Tightens the question's own check for this event.
    public var check: QuestionCheck?
    /// Asked once per person of a count answered before it (the other people moving): its answers are numbered
    /// from 2, the citizen being the first (`memberName.2`, `memberName.3` …, a form's rows 2, 3 …).
    public var repeatFor: RepeatRule?
    /// Which person this is (2, 3 …), set by the planner for a repeated question; nil for a question asked once.
    public var person: Int?

    /// The id its answer goes by: the question's, or `<question>.<person>` for a repeated one.
    public var answerID: String { person.map { "\(question).\($0)" } ?? question }

    private enum CodingKeys: String, CodingKey { case question, askIf, skippable, check, repeatFor }
}

/// How a question repeats for the people counted by an earlier answer.
public struct RepeatRule: Sendable, Equatable, Decodable {
    /// The count question (asked before) that says how many people.
    public var count: String
    /// Asked for at most this many of them (the rows the forms have).
    public var max: Int
}

/// A procedure as an event considers it: the procedure, and answers this event adds to its own conditions.
public struct EventProcedure: Sendable, Equatable, Decodable {
    /// The procedure.
    public var procedure: String
    /// Answers that must also hold for this event.
    public var when: [AnswerCondition]

    private enum CodingKeys: String, CodingKey { case procedure, when }

    public init(from decoder: any Decoder) throws {
        if let id = try? decoder.singleValueContainer().decode(String.self) {
            procedure = id
            when = []
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        procedure = try container.decode(String.self, forKey: .procedure)
        when = try container.decodeIfPresent([AnswerCondition].self, forKey: .when) ?? []
    }
}

/// Why a question was skipped: a code from `skip-reasons.json`, recorded with the case (never free text).
public struct SkipReason: Sendable, Equatable, Decodable {
    /// The code recorded.
    public var code: String
    /// What the clerk reads.
    public var label: String
}

/// A life event (転入, 出生 …): its questions in order, and the procedures it may need.
public struct LifeEvent: Sendable, Equatable, Decodable {
    /// The id (`counter onestop --event`).
    public var id: String
    /// Its name on the clerk's screen.
    public var title: String
    /// Answers the event itself gives, never asked (異動の種類 of a 転入: 転入), printed like any answer.
    public var gives: [String: String]?
    /// The questions, in the order asked.
    public var questions: [EventQuestion]
    /// The procedures considered, in order.
    public var procedures: [EventProcedure]
}

/// The one-stop counter's life events, questions and procedures from `seeds/procedures/`, checked on load: every
/// reference resolves, a condition looks only at a question asked before it (no cycle, nothing unreachable), every
/// procedure of an event can apply, every form exists, and each check suits its question's type. Errors are
/// ``SeedError``s naming the file, the entry and the field.
public struct OneStopCatalog: Sendable {
    /// The questions by id.
    public let questions: [String: Question]
    /// The procedures by id.
    public let procedures: [String: Procedure]
    /// The life events, in file order.
    public let events: [LifeEvent]
    /// Why a question may be skipped, in file order.
    public let skipReasons: [SkipReason]

    /// The folder inside the seeds folder.
    public static let folder = "procedures"

    private struct QuestionsFile: Decodable { var questions: [Question] }
    private struct ProceduresFile: Decodable { var procedures: [Procedure] }
    private struct EventsFile: Decodable { var events: [LifeEvent] }
    private struct SkipReasonsFile: Decodable { var reasons: [SkipReason] }

    /// A form field filled by an answer: which form, the field's label, the questions it names, whether it prints a date.
    public struct AnswerField: Sendable, Equatable {
        public var form: String, label: String, answers: [String], isDate: Bool
        /// The words a textCircle field circles (nil for a field that prints its answer).
        public var circles: [String]?

        /// Describes one field.
        public init(form: String, label: String, answers: [String], isDate: Bool, circles: [String]? = nil) {
            self.form = form
            self.label = label
            self.answers = answers
            self.isDate = isDate
            self.circles = circles
        }
    }

    /// The answer fields of `layouts` (the forms of `seeds/forms/`).
    public static func answerFields(of layouts: [FormLayout]) -> [AnswerField] {
        layouts.flatMap { layout in
            layout.fields.filter(\.source.isAnswer).map {
                AnswerField(form: layout.id, label: $0.label, answers: $0.answers ?? [], isDate: $0.source == .answerDate,
                            circles: $0.format == .textCircle ? $0.options?.map(\.value) : nil)
            }
        }
    }

    /// Loads and checks the three files against the forms of `seeds/forms/` (`layouts`).
    public static func load(from seeds: SeedDirectory, layouts: [FormLayout]) throws -> OneStopCatalog {
        try load(from: seeds, formIDs: Set(layouts.map(\.id)), answerFields: answerFields(of: layouts))
    }

    /// Loads and checks the three files; `formIDs` are the forms `seeds/forms/` holds, `answerFields` their fields
    /// filled by an answer.
    public static func load(from seeds: SeedDirectory, formIDs: Set<String>, answerFields: [AnswerField] = []) throws -> OneStopCatalog {
        let questionsURL = seeds.file("\(folder)/questions.json"), proceduresURL = seeds.file("\(folder)/procedures.json")
        let eventsURL = seeds.file("\(folder)/events.json")
        let questions = try SeedDirectory.decode(QuestionsFile.self, from: questionsURL).questions
        let procedures = try SeedDirectory.decode(ProceduresFile.self, from: proceduresURL).procedures
        let events = try SeedDirectory.decode(EventsFile.self, from: eventsURL).events
        let reasonsURL = seeds.file("\(folder)/skip-reasons.json")
        let reasons = try SeedDirectory.decode(SkipReasonsFile.self, from: reasonsURL).reasons
        for (index, reason) in reasons.enumerated() where !RecordIdentifier.isValid(reason.code) || reason.label.isEmpty
            || reasons.filter({ $0.code == reason.code }).count > 1 {
            throw SeedError(file: reasonsURL.path, entry: "reasons[\(index)]", field: "code", problem: "重複しない半角英数字の code と label を指定してください")
        }
        return try OneStopCatalog(questions: questions, procedures: procedures, events: events, formIDs: formIDs,
                                  answerFields: answerFields, skipReasons: reasons,
                                  files: (questionsURL.path, proceduresURL.path, eventsURL.path))
    }

    /// A catalog of checked parts (tests build small ones); `files` name the files in errors.
    public init(questions: [Question], procedures: [Procedure], events: [LifeEvent], formIDs: Set<String>,
                answerFields: [AnswerField] = [], skipReasons: [SkipReason] = [],
                files: (questions: String, procedures: String, events: String) = ("questions.json", "procedures.json", "events.json"))
        throws {
        var byID: [String: Question] = [:]
        for (index, question) in questions.enumerated() {
            let entry = "questions[\(index)]"
            guard RecordIdentifier.isValid(question.id), !question.id.contains(".") else {
                throw SeedError(file: files.questions, entry: entry, field: "id", problem: "「.」を含まない半角英数字の id にしてください")
            }
            guard byID[question.id] == nil else {
                throw SeedError(file: files.questions, entry: question.id, field: "id", problem: "同じ id の質問がほかにあります")
            }
            guard !question.wording.isEmpty, question.wording.count <= 200, TextSafety.forbidden(in: question.wording) == nil else {
                throw SeedError(file: files.questions, entry: question.id, field: "wording", problem: "制御文字を含まない1〜200文字にしてください")
            }
            try Self.checkFits(question.check, type: question.type, file: files.questions, entry: question.id)
            byID[question.id] = question
        }
        var proceduresByID: [String: Procedure] = [:]
        for (index, procedure) in procedures.enumerated() {
            guard RecordIdentifier.isValid(procedure.id), proceduresByID[procedure.id] == nil else {
                throw SeedError(file: files.procedures, entry: "procedures[\(index)]", field: "id", problem: "重複しない半角英数字の id にしてください")
            }
            for form in procedure.forms where !formIDs.contains(form) {
                throw SeedError(file: files.procedures, entry: procedure.id, field: "forms", problem: "seeds/forms/ にない帳票 \(form) です")
            }
            if procedure.where != .here, procedure.place?.isEmpty ?? true {
                throw SeedError(file: files.procedures, entry: procedure.id, field: "place", problem: "ここ以外で行う手続きは場所を指定してください")
            }
            for condition in procedure.when ?? [] {
                try Self.checkCondition(condition, questions: byID, file: files.procedures, entry: procedure.id, field: "when")
            }
            proceduresByID[procedure.id] = procedure
        }
        var eventIDs: Set<String> = []
        for (index, event) in events.enumerated() {
            guard RecordIdentifier.isValid(event.id), eventIDs.insert(event.id).inserted else {
                throw SeedError(file: files.events, entry: "events[\(index)]", field: "id", problem: "重複しない半角英数字の id にしてください")
            }
            var asked: [String] = []
            for (position, item) in event.questions.enumerated() {
                let entry = "\(event.id).questions[\(position)]"
                guard let question = byID[item.question] else {
                    throw SeedError(file: files.events, entry: entry, field: "question", problem: "questions.json にない質問です")
                }
                guard !asked.contains(item.question) else {
                    throw SeedError(file: files.events, entry: entry, field: "question", problem: "同じ質問は1件に1度だけ聞きます")
                }
                for condition in item.askIf ?? [] {
                    // Only a question asked before this one: no cycle, and nothing waits on a later answer.
                    guard asked.contains(condition.question) else {
                        throw SeedError(file: files.events, entry: entry, field: "askIf",
                                        problem: "前に聞く質問の答えだけを条件にしてください（循環または到達できない質問）")
                    }
                    try Self.checkCondition(condition, questions: byID, file: files.events, entry: entry, field: "askIf")
                }
                try Self.checkFits(question.check?.tightened(by: item.check), type: question.type, file: files.events, entry: entry)
                if let rule = item.repeatFor {
                    guard asked.contains(rule.count), byID[rule.count]?.type == .count else {
                        throw SeedError(file: files.events, entry: entry, field: "repeatFor.count", problem: "前に聞く人数（count）の質問にしてください")
                    }
                    guard (1...9).contains(rule.max) else {
                        throw SeedError(file: files.events, entry: entry, field: "repeatFor.max", problem: "1〜9 にしてください")
                    }
                    guard question.wording.contains("{n}") else {
                        throw SeedError(file: files.events, entry: entry, field: "repeatFor",
                                        problem: "繰り返す質問の文言に何人目かを示す {n} を入れてください（questions.json）")
                    }
                }
                asked.append(item.question)
            }
            for (id, value) in (event.gives ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let question = byID[id], question.type == .choice, question.check?.options?.contains(value) == true,
                      !asked.contains(id) else {
                    throw SeedError(file: files.events, entry: "\(event.id).gives", field: id,
                                    problem: "聞かない選択肢の質問と、その選択肢の1つにしてください")
                }
            }
            for (position, item) in event.procedures.enumerated() {
                let entry = "\(event.id).procedures[\(position)]"
                guard let procedure = proceduresByID[item.procedure] else {
                    throw SeedError(file: files.events, entry: entry, field: "procedure", problem: "procedures.json にない手続きです")
                }
                // Every condition must look at a question this event asks, or the procedure could never apply.
                for condition in (procedure.when ?? []) + item.when where !asked.contains(condition.question) {
                    throw SeedError(file: files.events, entry: entry, field: "when",
                                    problem: "この届出で聞かない質問（\(condition.question)）が条件です。手続きが選ばれることがありません")
                }
                for condition in item.when {
                    try Self.checkCondition(condition, questions: byID, file: files.events, entry: entry, field: "when")
                }
            }
        }
        // A form field filled by an answer must name questions that exist, of a kind it can print: no field waits for
        // an answer nothing asks.
        for field in answerFields {
            for id in field.answers {
                guard let question = Self.question(answerID: id, in: byID) else {
                    throw SeedError(file: "forms/\(field.form)", entry: field.label, field: "answers",
                                    problem: "質問（\(id)）が questions.json にありません。この欄を埋める回答がありません")
                }
                guard (question.type == .date) == field.isDate, question.type != .yesNo else {
                    throw SeedError(file: "forms/\(field.form)", entry: field.label, field: "answers",
                                    problem: "質問（\(id)）の答えの型（\(question.type.rawValue)）はこの欄に印字できません")
                }
                // A circled answer must find its words on the form, whichever option it is.
                if let circles = field.circles {
                    let missing = question.type == .choice ? (question.check?.options ?? []).filter { !circles.contains($0) } : ["*"]
                    guard missing.isEmpty else {
                        throw SeedError(file: "forms/\(field.form)", entry: field.label, field: "options",
                                        problem: "質問（\(id)）の選択肢のすべてを丸で囲めるようにしてください")
                    }
                }
            }
        }
        self.questions = byID
        self.procedures = proceduresByID
        self.events = events
        self.skipReasons = skipReasons
    }

    /// The event with `id`, if any.
    public func event(id: String) -> LifeEvent? { events.first { $0.id == id } }

    /// The question an answer id names: `moveDate`, or `memberName.2` (a repeated question's second person).
    public func question(answerID id: String) -> Question? { Self.question(answerID: id, in: questions) }

    private static func question(answerID id: String, in questions: [String: Question]) -> Question? {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return parts.count == 1 ? questions[id] : nil }
        guard let person = Int(parts[1]), (2...10).contains(person), String(person) == parts[1] else { return nil }
        return questions[String(parts[0])]
    }

    /// A condition names a known question and a value of its type.
    private static func checkCondition(_ condition: AnswerCondition, questions: [String: Question], file: String, entry: String,
                                       field: String) throws {
        guard let question = questions[condition.question] else {
            throw SeedError(file: file, entry: entry, field: field, problem: "questions.json にない質問（\(condition.question)）です")
        }
        guard (condition.equals == nil) != (condition.answered == nil) else {
            throw SeedError(file: file, entry: entry, field: field, problem: "equals か answered のどちらか一方を指定してください")
        }
        switch (question.type, condition.equals) {
        case (_, nil), (.yesNo, .bool?), (.count, .number?): break
        case (.choice, .text(let option)?) where question.check?.options?.contains(option) == true: break
        default:
            throw SeedError(file: file, entry: entry, field: field, problem: "質問（\(condition.question)）の答えの型に合う値にしてください")
        }
    }

    /// A check holds only the limits its question's type uses, within bounds.
    private static func checkFits(_ check: QuestionCheck?, type: QuestionType, file: String, entry: String) throws {
        guard let check else {
            if type == .choice { throw SeedError(file: file, entry: entry, field: "check", problem: "選択肢（options）を指定してください") }
            return
        }
        let used: [(present: Bool, allowed: Set<QuestionType>, name: String)] = [
            (check.maxLength != nil, [.text, .address], "maxLength"), (check.withinCity != nil, [.address], "withinCity"),
            (check.maxDaysAhead != nil, [.date], "maxDaysAhead"), (check.maxDaysBack != nil, [.date], "maxDaysBack"),
            (check.min != nil || check.max != nil, [.count], "min/max"), (check.options != nil, [.choice], "options"),
        ]
        for limit in used where limit.present && !limit.allowed.contains(type) {
            throw SeedError(file: file, entry: entry, field: "check.\(limit.name)", problem: "この型（\(type.rawValue)）の質問には使えません")
        }
        if let length = check.maxLength, !(1...400).contains(length) {
            throw SeedError(file: file, entry: entry, field: "check.maxLength", problem: "1〜400 にしてください")
        }
        for days in [check.maxDaysAhead, check.maxDaysBack].compactMap({ $0 }) where !(0...3650).contains(days) {
            throw SeedError(file: file, entry: entry, field: "check", problem: "日数は 0〜3650 にしてください")
        }
        if let min = check.min, let max = check.max, !(0...min).contains(0) || min > max || max > 99 {
            throw SeedError(file: file, entry: entry, field: "check.min", problem: "0 ≦ min ≦ max ≦ 99 にしてください")
        }
        if type == .choice, (check.options ?? []).isEmpty {
            throw SeedError(file: file, entry: entry, field: "check.options", problem: "選択肢（options）を1つ以上指定してください")
        }
    }
}
