import CounterCore
import FormPreprint

/// The card reader as the UI sees it. The lead implements it with MyNumberReader; tests use fakes.
///
/// Errors thrown are shown with `userMessage(for:)`; whether a failed PIN may be retried is
/// decided by asking ``pinTriesLeft()`` again.
public protocol CardPort: Sendable {
    /// Current reader and card state; waits up to `timeout` for a change, then returns the state.
    func waitForStatus(timeout: Duration) async -> CardSlotStatus
    /// Remaining tries of the 券面事項入力補助用 PIN (0 = locked).
    func pinTriesLeft() async throws -> Int
    /// Verifies the PIN and reads the four fields (never the individual number).
    func readBasicInfo(pin: String) async throws -> BasicInfo
    /// Ends the card session (powers the card off).
    func endSession() async
}

/// Reader and card presence for the status line and the card screen.
public struct CardSlotStatus: Sendable, Equatable {
    /// The reader in use, or nil when no reader is connected.
    public var readerName: String?
    /// True when a card sits on the reader.
    public var cardPresent: Bool

    /// Creates a status.
    public init(readerName: String?, cardPresent: Bool) {
        self.readerName = readerName
        self.cardPresent = cardPresent
    }
}

/// The form printer as the UI sees it. The lead implements it with FormPreprint; tests use fakes.
public protocol PrintPort: Sendable {
    /// The forms the clerk can choose, in menu order.
    var forms: [FormChoice] { get }
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

extension PreprintMode {
    /// Japanese label shown on the form-choice screen.
    public var label: String {
        switch self {
        case .overlay: return "重ね印刷（印刷済み用紙）"
        case .full: return "全面印刷（白紙）"
        }
    }
}
