import CounterCore
import Foundation
import FormPreprint
import MyNumberReader

/// The case use cases for every channel: begin a case, capture and correct the four fields, read
/// the card, print forms, end. Every event of a case is recorded here, once, whichever shell (the
/// counter UI, the kiosk, the CLI) drives it.
public struct CaseService: Sendable {
    /// This terminal's id, written into every event.
    public let terminalID: String
    /// Where the cases of this service run.
    public let channel: CaseChannel
    /// "Now" for events, durations and today's date.
    public let clock: any Clock
    /// The durable event queue.
    public let events: EventQueue
    /// Where forms print.
    public let printing: any FormPrinting
    /// The card reader (card-info application).
    public let card: CardInfoReader
    /// The era table for dates typed in 和暦, if any.
    public let eras: EraTable?
    /// The office this terminal stands in (its ward prints on the forms); nil when not configured.
    public let office: Office?
    /// Orders each case's forms by this terminal's use; catalog order when nil.
    public let usage: FormUsage?
    /// Makes each new case's id (random; a fixed sequence in tests, so screens that show the number are stable).
    let caseIDs: @Sendable () -> UUID

    /// Creates the service.
    public init(terminalID: String, channel: CaseChannel, clock: any Clock, events: EventQueue,
                printing: any FormPrinting, card: CardInfoReader, eras: EraTable? = nil, office: Office? = nil,
                usage: FormUsage? = nil, caseIDs: @escaping @Sendable () -> UUID = { UUID() }) {
        self.office = office
        self.usage = usage
        self.caseIDs = caseIDs
        self.terminalID = terminalID
        self.channel = channel
        self.clock = clock
        self.events = events
        self.printing = printing
        self.card = card
        self.eras = eras
    }

    /// Opens a case run by `actor` and records its start. The forms in force on `formDate` (today in
    /// Japan unless given, as `counter preprint --date` does) are resolved now, once for the whole case
    /// (most-used first with ``usage``), and printed with that date.
    public func begin(actor: EventActor, style: CaseStyle = .preprinted, formDate: CalendarDate? = nil) -> OpenCase {
        let scope = CaseScope(service: self, actor: actor, caseID: caseIDs())
        let day = formDate ?? clock.today()
        let catalog = printing.forms(on: day)
        let forms = usage?.ordered(catalog, terminalID: terminalID, today: clock.today()) ?? catalog
        let open = OpenCase(scope: scope, style: style, startedAt: clock.now(), formDate: day, forms: forms)
        scope.record(.caseStarted(style: style))
        return open
    }
}

/// What an event of one case needs: the service, the actor and the case id. Sendable, so work that
/// outlives the screen that started it (a print job) still records into its own case.
public struct CaseScope: Sendable {
    let service: CaseService
    /// Who runs the case.
    public let actor: EventActor
    /// The case id.
    public let caseID: UUID

    /// Records one event of this case.
    func record(_ kind: CaseEventKind, id: UUID = UUID()) {
        service.events.record(event(kind, id: id))
    }

    /// An event of this case, now.
    func event(_ kind: CaseEventKind, id: UUID = UUID()) -> CaseEvent {
        CaseEvent(id: id, terminalID: service.terminalID, actor: actor, channel: service.channel, caseID: caseID,
                  timestamp: service.clock.now(), kind: kind)
    }
}

/// One citizen's visit while it is open: the four fields once captured, how they were obtained, the
/// fields corrected, and the forms it may print. Owned by one thread (the UI's, or the CLI's); the work
/// it hands out (``cardReading()``, ``printJob(_:copies:mode:)``) is Sendable and runs anywhere.
public final class OpenCase {
    /// The case's id and actor.
    public let scope: CaseScope
    /// Preprinted, or handwritten (the baseline of the time-saved KPI).
    public let style: CaseStyle
    /// When the case began.
    public let startedAt: Date
    /// The date the forms carry (today when the case began, unless the CLI named another).
    public let formDate: CalendarDate
    /// The forms in force on ``formDate``, in menu order.
    public let forms: [FormChoice]
    /// The four fields; nil until captured, wiped at the end of the case.
    public private(set) var info: BasicInfo?
    /// Where the fields came from.
    public private(set) var source: InfoSource?
    /// Fields corrected, in the order first corrected.
    public private(set) var corrected: [BasicInfoField] = []
    /// フリガナ as the clerk typed it (the card does not hold it); empty until given.
    public private(set) var furigana = ""
    /// True once ``end()`` ran.
    public private(set) var isEnded = false
    /// Copies printed so far in this case, by form id (for the form choice's 印刷済).
    public private(set) var printedCopies: [String: Int] = [:]
    /// The one-stop answers the case's forms print (asked once, printed on every form that has a field for them).
    public private(set) var answers: [String: FormAnswer] = [:]

    init(scope: CaseScope, style: CaseStyle, startedAt: Date, formDate: CalendarDate, forms: [FormChoice]) {
        self.scope = scope
        self.style = style
        self.startedAt = startedAt
        self.formDate = formDate
        self.forms = forms
    }

    /// The case id.
    public var id: UUID { scope.caseID }

    /// The case's number as the clerk sees and quotes it: the first 8 hex digits of its id, e.g.
    /// 「3F2A-9C1B」 (the events carry the whole id, which starts with these digits).
    public var displayNumber: String { id.shortNumber }

    /// Today's date in Japan (no birth date may be later).
    public var today: CalendarDate { scope.service.clock.today() }

    /// Takes the four fields from `source` after the one shared input check, and records the capture.
    /// Throws the first field's ``InputError``; nothing is kept then.
    public func capture(_ candidate: BasicInfo, from source: InfoSource) throws(InputError) {
        let checked = try BasicInfoInput.validate(candidate, today: today)
        info = checked
        self.source = source
        scope.record(.infoCaptured(source: source))
    }

    /// Replaces one field with the text the clerk typed, checked as on manual entry. Returns true when
    /// the value changed (compared scalar for scalar: a changed variation selector is a correction),
    /// which is recorded by the field's name, never its value.
    /// フリガナ typed for the first time is recorded as added, later changes as corrected.
    @discardableResult
    public func correct(_ field: BasicInfoField, to text: String) throws(InputError) -> Bool {
        guard var updated = info else { return false }
        if field == .furigana { return try enterFurigana(text) }
        switch field {
        case .name: updated.name = try BasicInfoInput.name(text)
        case .address: updated.address = try BasicInfoInput.address(text)
        case .birthDate: updated.birthDate = try BasicInfoInput.birthDate(text, today: today, eras: scope.service.eras)
        case .sex: updated.sex = try BasicInfoInput.sex(text)
        case .furigana: break
        }
        guard let before = info else { return false }
        let changed = !updated.name.unicodeScalars.elementsEqual(before.name.unicodeScalars)
            || !updated.address.unicodeScalars.elementsEqual(before.address.unicodeScalars)
            || updated.birthDate != before.birthDate || updated.sex != before.sex
        guard changed else { return false }
        info = updated
        if !corrected.contains(field) { corrected.append(field) }
        scope.record(.infoCorrected(fields: [field]))
        return true
    }

    private func enterFurigana(_ text: String) throws(InputError) -> Bool {
        let checked = try BasicInfoInput.furigana(text)
        guard !checked.unicodeScalars.elementsEqual(furigana.unicodeScalars) else { return false }
        let first = furigana.isEmpty
        furigana = checked
        if first {
            scope.record(.infoAdded(fields: [.furigana]))
        } else {
            if !corrected.contains(.furigana) { corrected.append(.furigana) }
            scope.record(.infoCorrected(fields: [.furigana]))
        }
        return true
    }

    /// The card flow of this case, recording each card error into it.
    public func cardReading() -> CaseCardReading {
        CaseCardReading(scope: scope, reader: scope.service.card)
    }

    /// One print job of this case with the four fields as they are now; nil before they are captured.
    public func printJob(_ form: FormChoice, copies: Int, mode: PreprintMode) -> PrintJob? {
        guard let info else { return nil }
        let fill = FormFill(info: info, furigana: furigana, today: formDate, office: scope.service.office, answers: answers)
        return PrintJob(scope: scope, form: form, copies: copies, mode: mode, fill: fill, printing: scope.service.printing)
    }

    /// What `form` will print for this case now, field by field (nil before the fields are captured).
    public func preview(_ form: FormChoice) throws -> FormPreview? {
        guard let info else { return nil }
        return try scope.service.printing.preview(form, fill: FormFill(info: info, furigana: furigana, today: formDate,
                                                                       office: scope.service.office, answers: answers))
    }

    /// Notes a job that printed (its event was recorded by the job itself).
    public func notePrinted(_ receipt: JobReceipt) {
        printedCopies[receipt.form.id, default: 0] += receipt.copies
    }

    /// Takes a one-stop plan into the case: its life event, each question answered or skipped (by id and the skip
    /// reason's code, never the value),
    /// each procedure kept or dropped (`dropped`: the procedures the clerk took out of the plan), and the answers the
    /// forms print. Returns the forms of the procedures kept, each once, in plan order.
    public func takePlan(_ plan: OneStopPlan, dropped: Set<String> = []) -> [FormChoice] {
        scope.record(.lifeEventChosen(eventID: plan.event.id))
        for (question, answer) in plan.answers {
            var reason: String?
            if case .skipped(let code) = answer { reason = code }
            scope.record(.questionAnswered(questionID: question.id, skipReason: reason))
        }
        for procedure in plan.procedures { scope.record(.procedureChosen(procedureID: procedure.id, kept: !dropped.contains(procedure.id))) }
        answers = plan.formAnswers
        return plan.forms(dropping: dropped).compactMap { id in forms.first { $0.id == id } }
    }

    /// Records the end of the case with its duration and wipes its personal data. Runs once.
    public func end() {
        guard !isEnded else { return }
        isEnded = true
        let milliseconds = Int((scope.service.clock.now().timeIntervalSince(startedAt) * 1000).rounded())
        scope.record(.caseEnded(durationMilliseconds: max(0, milliseconds)))
        info?.wipe()
        info = nil
        furigana = ""
        answers = [:]
        corrected = []
    }
}

/// Reading the card for one case: tries left before the PIN (no try spent), then the PIN and the four
/// fields. Every failure is recorded as a card error of the case, by its stable kind.
public struct CaseCardReading: Sendable {
    let scope: CaseScope
    let reader: CardInfoReader

    /// The 券面事項入力補助用 PIN tries left (at least 1), or the card's error (a blocked PIN included).
    public func pinTriesLeft() async throws -> Int {
        do {
            return try await reader.pinTriesLeft()
        } catch {
            scope.record(.cardError(kind: errorKind(of: error)))
            throw error
        }
    }

    /// Verifies the PIN and reads the four fields. The caller captures them into the case
    /// (``OpenCase/capture(_:from:)``) on its own thread.
    public func readBasicInfo(pin: CardPIN) async throws -> BasicInfo {
        do {
            return try await reader.readBasicInfo(pin: pin)
        } catch {
            scope.record(.cardError(kind: errorKind(of: error)))
            throw error
        }
    }

    /// The tries left after a failed read that did not say, asked from the card (one more session);
    /// nil when the card cannot tell. Records nothing: the failure was recorded already.
    public func triesLeftAfterFailure() async -> Int? {
        do {
            return try await reader.pinTriesLeft()
        } catch {
            return pinTriesReported(by: error)
        }
    }
}

/// One form to print for a case. Its outcome is recorded into the case when it arrives, even after
/// the screen that started it is gone.
public struct PrintJob: Sendable {
    let scope: CaseScope
    /// The case the job belongs to.
    public var caseID: UUID { scope.caseID }
    /// The form.
    public let form: FormChoice
    /// Copies.
    public let copies: Int
    /// Overlay or full.
    public let mode: PreprintMode
    let fill: FormFill
    let printing: any FormPrinting

    /// Prints the job and records its outcome (the error's stable kind on failure). Before the job
    /// goes to the printer, the journal notes it, so a process killed while the print system has the
    /// job still leaves its event (outcome `print.interrupted`).
    public func run() async throws -> JobReceipt {
        let eventID = UUID()
        let interrupted = scope.event(.formPrinted(formID: form.id, revision: form.revision, copies: copies,
                                                   outcome: .failed(errorKind: "print.interrupted")), id: eventID)
        scope.service.events.printStarting(eventID: eventID, template: interrupted)
        do {
            guard PreprintRequest.copyRange.contains(copies) else { throw PreprintError.invalidCopies }
            let receipt = try await printing.print(form, fill: fill, copies: copies, mode: mode)
            scope.record(.formPrinted(formID: form.id, revision: form.revision, copies: copies, outcome: .ok), id: eventID)
            return receipt
        } catch {
            scope.record(.formPrinted(formID: form.id, revision: form.revision, copies: copies,
                                      outcome: .failed(errorKind: errorKind(of: error))), id: eventID)
            throw error
        }
    }
}
