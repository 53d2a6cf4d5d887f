import Foundation

/// One thing that happened during a case, as recorded for the KPIs.
///
/// Events carry ids, kinds, counts and durations only: never a name, an address, a birth date,
/// a PIN or the individual number. Every event has a globally unique id and names its terminal,
/// so the events of many terminals can later be merged without renumbering.
public struct CaseEvent: Sendable, Equatable, Codable {
    /// Globally unique id of this event.
    public var id: UUID
    /// The terminal (counter PC or kiosk) that recorded the event.
    public var terminalID: String
    /// Who ran the case: a clerk, or a kiosk terminal serving a citizen alone.
    public var actor: EventActor
    /// Where the case ran: the counter UI, the kiosk, or the command line.
    public var channel: CaseChannel
    /// The case (one citizen's visit) the event belongs to.
    public var caseID: UUID
    /// When the event happened.
    public var timestamp: Date
    /// What happened.
    public var kind: CaseEventKind

    /// Creates an event; `id` defaults to a fresh UUID.
    public init(id: UUID = UUID(), terminalID: String, actor: EventActor, channel: CaseChannel, caseID: UUID,
                timestamp: Date, kind: CaseEventKind) {
        self.id = id
        self.terminalID = terminalID
        self.actor = actor
        self.channel = channel
        self.caseID = caseID
        self.timestamp = timestamp
        self.kind = kind
    }
}

/// Who ran a case.
public enum EventActor: Sendable, Equatable, Hashable, Codable {
    /// A clerk, by 職員ID.
    case clerk(id: String)
    /// A kiosk terminal, by terminal id (the citizen serves themselves; no clerk is involved).
    case kiosk(terminalID: String)

    /// The stored kind: `clerk` or `kiosk`.
    public var kindName: String {
        switch self {
        case .clerk: return "clerk"
        case .kiosk: return "kiosk"
        }
    }

    /// The clerk id or the kiosk's terminal id.
    public var id: String {
        switch self {
        case .clerk(let id): return id
        case .kiosk(let terminalID): return terminalID
        }
    }

    /// Rebuilds an actor from its stored kind and id; nil for an unknown kind.
    public init?(kindName: String, id: String) {
        switch kindName {
        case "clerk": self = .clerk(id: id)
        case "kiosk": self = .kiosk(terminalID: id)
        default: return nil
        }
    }
}

/// Where a case ran.
public enum CaseChannel: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// The counter UI (`counter tui`), a clerk with the citizen.
    case counter
    /// The self-service kiosk (`counter kiosk`).
    case kiosk
    /// The command line (`counter preprint` …).
    case cli
}

/// What kind of case it is: forms preprinted or written by hand (the time-saved KPI compares the two), a fee
/// taken without forms, or a certificate issued.
public enum CaseStyle: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// 書かない窓口: the four fields were printed onto the forms.
    case preprinted
    /// The citizen wrote the forms by hand (the baseline for the time-saved KPI).
    case handwritten
    /// 手数料の収納 only (閲覧, 再交付 …): no form, a payment; in neither side of the time-saved KPI.
    case fee
    /// 証明書の交付 (住民票の写し, 印鑑登録証明書 …).
    case certificate
}

/// The kinds of case events.
public enum CaseEventKind: Sendable, Equatable, Codable {
    /// A case began, of the given style.
    case caseStarted(style: CaseStyle)
    /// A case ended after the given duration.
    case caseEnded(durationMilliseconds: Int)
    /// A case was left open by a process that ended without closing it (crash, power loss); recorded
    /// when its journal was replayed.
    case caseAbandoned
    /// The four fields were captured from the given source.
    case infoCaptured(source: InfoSource)
    /// The clerk corrected these fields by hand (the values are never recorded).
    case infoCorrected(fields: [BasicInfoField])
    /// The clerk typed fields the card does not hold (フリガナ) for the first time (values never recorded).
    case infoAdded(fields: [BasicInfoField])
    /// A form print job finished with the given outcome; `revision` is the layout's revision number.
    case formPrinted(formID: String, revision: Int?, copies: Int, outcome: PrintOutcome)
    /// Reading the card failed with an error of the given kind.
    case cardError(kind: String)
    /// A fee was paid and recorded in the ledger, by `method`, `durationMilliseconds` after the payment
    /// step opened (the KPIs compare cash and cashless payment time). The amount stays in the ledger.
    case paymentTaken(method: PaymentMethod, durationMilliseconds: Int)
    /// The one-stop counter: the clerk chose the citizen's life event (its id; the KPIs time each life event).
    case lifeEventChosen(eventID: String)
    /// The one-stop counter: a question of the life event was answered, or skipped with the reason's code (its id,
    /// never the answer).
    case questionAnswered(questionID: String, skipReason: String?)
    /// The one-stop counter: a procedure that followed from the answers was kept or dropped by the clerk.
    case procedureChosen(procedureID: String, kept: Bool)

    /// The stable name of each kind, as stored and as every query counts it.
    public enum Name: String, Sendable, Equatable, Hashable, CaseIterable {
        case caseStarted, caseEnded, caseAbandoned, infoCaptured, infoCorrected, infoAdded, formPrinted, cardError,
            paymentTaken, lifeEventChosen, questionAnswered, procedureChosen
    }

    /// This kind's stable name.
    public var name: Name {
        switch self {
        case .caseStarted: return .caseStarted
        case .caseEnded: return .caseEnded
        case .caseAbandoned: return .caseAbandoned
        case .infoCaptured: return .infoCaptured
        case .infoCorrected: return .infoCorrected
        case .infoAdded: return .infoAdded
        case .formPrinted: return .formPrinted
        case .cardError: return .cardError
        case .paymentTaken: return .paymentTaken
        case .lifeEventChosen: return .lifeEventChosen
        case .questionAnswered: return .questionAnswered
        case .procedureChosen: return .procedureChosen
        }
    }
}

/// Where the four fields of a case came from.
public enum InfoSource: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// Read from the card's chip.
    case card
    /// Typed in by the clerk (no card, or the card could not be read).
    case manual
    /// Given in a file on the command line (`--info-json`).
    case file
}

/// One field of the person in a case, named without its value: the card's four basic fields and the
/// clerk-typed フリガナ.
public enum BasicInfoField: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// 氏名.
    case name
    /// 住所.
    case address
    /// 生年月日.
    case birthDate
    /// 性別.
    case sex
    /// フリガナ: typed by the clerk (the card does not hold it), optional.
    case furigana

    /// The Japanese label: 氏名, 住所, 生年月日, 性別, フリガナ.
    public var label: String {
        switch self {
        case .name: return "氏名"
        case .address: return "住所"
        case .birthDate: return "生年月日"
        case .sex: return "性別"
        case .furigana: return "フリガナ"
        }
    }
}

/// How a print job ended.
public enum PrintOutcome: Sendable, Equatable, Codable {
    /// The print system accepted the job.
    case ok
    /// The job failed with an error of the given kind (see ``errorKind(of:)``).
    case failed(errorKind: String)
}

/// An error that names its own kind for event records (a short, stable, data-free identifier).
///
/// Every error enum of the project adopts it in a file `<Type>+EventKind.swift` beside the enum, with
/// kinds `<area>.<case>` such as `card.wrongPIN` or `print.queueStopped`: stored events are counted by
/// these strings, so a kind never changes once released and never contains the error's values.
public protocol EventErrorKind: Error {
    /// A short identifier such as `card.wrongPIN`; never contains personal data.
    var eventErrorKind: String { get }
}

/// A short, data-free name for an error, for event records: the error's ``EventErrorKind``, or
/// `other.<type name>` for an error that does not name its kind (never its case or values).
public func errorKind(of error: any Error) -> String {
    if let named = error as? any EventErrorKind { return named.eventErrorKind }
    return "other.\(type(of: error))"
}

/// The method a payment is made with: no split payment and no mix of cash and cashless.
public enum PaymentMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// 現金.
    case cash
    /// キャッシュレス (a brand and the payment terminal's slip number).
    case cashless

    /// 現金 or キャッシュレス.
    public var label: String { self == .cash ? "現金" : "キャッシュレス" }
}

extension UUID {
    /// The record's number as a clerk reads and quotes it: the first 8 hex digits, 「3F2A-9C1B」 (the stored id
    /// starts with them, so `… WHERE id LIKE '3f2a9c1b%'` finds it). Cases and payments show the same form.
    public var shortNumber: String {
        let hex = uuidString.replacingOccurrences(of: "-", with: "").prefix(8)
        return "\(hex.prefix(4))-\(hex.suffix(4))"
    }
}
