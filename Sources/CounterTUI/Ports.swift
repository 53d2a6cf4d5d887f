import CounterCore
import FormPreprint

/// The card reader as the UI sees it: ``CardReaderPort`` on PC/SC, or on an in-process card model in tests.
///
/// Errors thrown are shown with `userMessage(for:)`; those adopting ``CardFailure`` also tell the card
/// screens the PIN tries they know of.
public protocol CardPort: Sendable {
    /// Current reader and card state; waits up to `timeout` for a change, then returns the state.
    /// When the readers cannot be watched (pcscd down …) the status says why in ``CardSlotStatus/problem``.
    func waitForStatus(timeout: Duration) async -> CardSlotStatus
    /// Remaining tries of the 券面事項入力補助用 PIN, at least 1; a blocked PIN throws the card's error
    /// for it (a ``CardFailure`` reporting 0 tries).
    func pinTriesLeft() async throws -> Int
    /// Verifies the PIN and reads the four fields (never the individual number). Each call is one card
    /// session that powers the card off when it ends.
    func readBasicInfo(pin: String) async throws -> BasicInfo
}

/// What a card error tells the card screens beyond its message. The card adapter's errors adopt it.
public protocol CardFailure: UserFacingError {
    /// The PIN tries left as the error reports them (a wrong PIN: its count, a blocked PIN: 0); nil when
    /// the error says nothing about the PIN.
    var reportedPINTriesLeft: Int? { get }
    /// True when the card-reading service itself is not running, so no reader can be seen.
    var isServiceDown: Bool { get }
}

/// The PIN tries left that `error` reports, if it is a ``CardFailure`` that says.
func pinTriesReported(by error: any Error) -> Int? {
    (error as? any CardFailure)?.reportedPINTriesLeft
}

/// Reader and card presence for the status line and the card screen.
public struct CardSlotStatus: Sendable, Equatable {
    /// The reader in use, or nil when no reader is connected.
    public var readerName: String?
    /// True when a card sits on the reader.
    public var cardPresent: Bool
    /// Why the readers cannot be watched at all (pcscd not running, …); nil while they can.
    public var problem: (any UserFacingError)?

    /// Creates a status.
    public init(readerName: String?, cardPresent: Bool, problem: (any UserFacingError)? = nil) {
        self.readerName = readerName
        self.cardPresent = cardPresent
        self.problem = problem
    }

    /// Equal when the same reader, card presence and problem (by its message) would be shown.
    public static func == (lhs: CardSlotStatus, rhs: CardSlotStatus) -> Bool {
        lhs.readerName == rhs.readerName && lhs.cardPresent == rhs.cardPresent
            && lhs.problem?.userMessage == rhs.problem?.userMessage
    }
}

/// The form printer as the UI sees it. The lead implements it with FormPreprint; tests use fakes.
public protocol PrintPort: Sendable {
    /// The forms the clerk can choose, in menu order.
    var forms: [FormChoice] { get }
    /// The print mode the form-choice screen starts in.
    var defaultMode: PreprintMode { get }
    /// The printer's state for the status line.
    func printerStatus() async -> PrinterState
    /// Prints `copies` of one form with the four fields; returns a short receipt (job id or file path).
    func print(info: BasicInfo, formID: String, copies: Int, mode: PreprintMode) async throws -> String
}

/// A form that can be preprinted.
public struct FormChoice: Sendable, Equatable {
    /// Stable form id (as in `seeds/forms`).
    public var id: String
    /// Japanese title shown in the menu.
    public var title: String

    /// Creates a choice.
    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }
}

/// The printer's state.
public struct PrinterState: Sendable, Equatable {
    /// Queue or printer name.
    public var name: String
    /// True when jobs can be sent.
    public var ready: Bool
    /// A short Japanese note when not ready (用紙切れ, 停止中 ...).
    public var message: String?

    /// Creates a state.
    public init(name: String, ready: Bool, message: String? = nil) {
        self.name = name
        self.ready = ready
        self.message = message
    }
}

extension PrintPort {
    /// Full forms on plain paper unless the port is configured otherwise: what a PDF queue and most
    /// counters use.
    public var defaultMode: PreprintMode { .full }
}

extension PreprintMode {
    /// Japanese label shown on the form-choice screen.
    public var label: String {
        switch self {
        case .overlay: return "重ね印刷（印刷済み用紙）"
        case .full: return "全面印刷（白紙）"
        }
    }
}
