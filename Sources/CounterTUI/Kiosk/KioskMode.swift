import CertificateIssue
import CounterCore
import CounterService
import Foundation
import MyNumberReader

/// What a kiosk screen lets happen around it.
enum KioskPhase {
    /// Waiting for a citizen (the start, closed or stopped screen): no idle timeout.
    case waiting
    /// A session before the card has proved its holder: the card leaving wipes the session.
    case beforeAuthentication
    /// A session: the idle timeout returns to the start and wipes it.
    case session
    /// Paying or printing: nothing times out while the devices work.
    case busy
}

/// A screen of the kiosk mode.
protocol KioskScreen: Screen where Mode == KioskMode {
    /// What the screen lets happen around it.
    var phase: KioskPhase { get }
}

/// The kiosk UI (issue 11): one citizen's session at a time, in the language they chose, over the application
/// layer's ``KioskDesk``. No key leaves it: function keys are ignored, Ctrl-C/Ctrl-Z/Ctrl-\ arrive as ignored
/// characters (the terminal is in raw mode), and only the staff key sequence plus a 係長's or an
/// administrator's password opens the staff menu.
final class KioskMode: UIMode {
    /// The application layer.
    let kiosk: KioskDesk
    /// Staff approval (the staff menu).
    let clerks: ClerkSessions
    /// Seconds without a key before a session is wiped.
    let idleSeconds: Int
    /// The language shown.
    var language: String
    /// The open session, if any.
    var session: KioskSession?
    /// Who the card proved, once it has.
    var identity: KioskIdentity?
    /// Reader and card as last reported.
    fileprivate(set) var cardStatus = CardSlotStatus(readerName: nil, cardPresent: false)
    /// When a key was last pressed.
    fileprivate var lastActivity: Date
    /// Why staff must reopen the kiosk (a person mismatch, an outdated revocation list); nil while it serves.
    var stoppedReason: String?
    /// The last keys of a possible staff sequence, with when they came.
    fileprivate var staffKeys: [(key: Character, at: Date)] = []
    /// True once the idle warning is on the message line.
    fileprivate var warnedIdle = false

    init(kiosk: KioskDesk, clerks: ClerkSessions, idleSeconds: Int) {
        self.kiosk = kiosk
        self.clerks = clerks
        self.idleSeconds = idleSeconds
        language = kiosk.catalog.languages[0].tag
        lastActivity = kiosk.desk.clock.now()
    }

    /// The text of `key` in the language shown.
    func text(_ key: String, _ values: [String: String] = [:]) -> String {
        kiosk.catalog.text(key, in: language, values)
    }

    var name: String { text("title") }

    /// 「17:20」 in Japan.
    var clockText: String { String(KioskReceipt.timeText(kiosk.desk.clock.now()).suffix(5)) }

    /// The language key, in the language shown and in English (a citizen who reads neither still finds *).
    var statusLine: String {
        let english = kiosk.catalog.text("language.change", in: "en")
        let own = text("language.change")
        return "[\(text("keycap.language"))] \(own)\(own == english ? "" : " / \(english)")"
    }

    var compactStatusLine: String { statusLine }

    func firstScreen() -> any Screen<KioskMode> {
        kiosk.isOpen() ? KioskLanguageScreen(self, asOverlay: false) : KioskClosedScreen(self)
    }

    /// Function keys do nothing; `*` changes the language on every screen; the staff key sequence opens the
    /// staff menu. Every key counts as activity.
    func actionArrived(_ action: Action, _ runtime: UIRuntime<KioskMode>) -> Bool {
        let now = kiosk.desk.clock.now()
        lastActivity = now
        if warnedIdle {
            warnedIdle = false
            runtime.message = nil
        }
        if runtime.overlay is KioskStaffScreen { return false }
        switch action {
        case .function: return true
        case .text(let key) where kiosk.catalog.schedule.staffKeys.contains(key):
            staffKeys = staffKeys.filter { now.timeIntervalSince($0.at) < 3 } + [(key, now)]
            if String(staffKeys.map(\.key)).hasSuffix(kiosk.catalog.schedule.staffKeys) {
                staffKeys = []
                runtime.showOverlay(KioskStaffScreen(self))
            }
            return true
        case .text(let key) where String(key) == text("keycap.language"):
            guard !(runtime.overlay is KioskLanguageScreen) else { return true }
            runtime.showOverlay(KioskLanguageScreen(self, asOverlay: true))
            return true
        default:
            return false
        }
    }

    /// The idle timeout (with a warning 10 seconds before), and the hours: the start screen closes at closing
    /// time and the closed screen opens at opening time.
    func tick(_ runtime: UIRuntime<KioskMode>) {
        let idle = kiosk.desk.clock.now().timeIntervalSince(lastActivity)
        // The staff menu left open times out too: it closes (the approval with it) and any session under it ends,
        // so neither a citizen's session nor the staff approval waits for the next person.
        if runtime.overlay is KioskStaffScreen {
            guard idle >= Double(idleSeconds) else { return }
            runtime.removeOverlay()
            if session != nil { runtime.endSession() }
            return
        }
        guard stoppedReason == nil else { return }
        let phase = (runtime.base as? any KioskScreen)?.phase ?? .waiting
        switch phase {
        case .waiting:
            let open = kiosk.isOpen()
            if runtime.base is KioskClosedScreen, open { runtime.show(KioskLanguageScreen(self, asOverlay: false)) }
            if runtime.base is KioskLanguageScreen, runtime.overlay == nil, !open { runtime.show(KioskClosedScreen(self)) }
            if runtime.overlay is KioskLanguageScreen, idle >= Double(idleSeconds) { runtime.removeOverlay() }
        case .beforeAuthentication, .session:
            let endsAfter = (runtime.base as? KioskStep)?.endsAfter
            let limit = min(Double(idleSeconds), endsAfter ?? .infinity)
            if idle >= limit {
                runtime.endSession()
            } else if idle >= limit - 10, !warnedIdle, endsAfter == nil {
                warnedIdle = true
                runtime.showNote(text("idle.warning"))
            }
        case .busy:
            break
        }
    }

    /// Ends the open session (recorded, wiped).
    func terminate(_ runtime: UIRuntime<KioskMode>) {
        runtime.endSession()
    }

    func connect(_ inbox: Inbox<KioskMode>) {}

    func startWatching(_ inbox: Inbox<KioskMode>) -> @Sendable () -> Void {
        let watch = CardWatch(card: kiosk.cases.card) { status in inbox.post { app in app.updateCardStatus(status) } }
        let card = kiosk.cases.card
        return {
            watch.stop()
            card.close()
        }
    }

    var workLeft: Int { kiosk.cases.events.unsavedCount }

    var finishingNote: String { text("busy") }

    func unfinishedWorkError(count: Int) -> (any Error)? {
        kiosk.cases.events.isJournaled ? nil : EventRecordError.unsaved(count: count)
    }
}

/// The kiosk's use of the runtime.
extension UIRuntime where Mode == KioskMode {
    /// The application layer.
    var kiosk: KioskDesk { mode.kiosk }

    /// The text of `key` in the citizen's language.
    func text(_ key: String, _ values: [String: String] = [:]) -> String {
        mode.text(key, values)
    }

    /// Takes a new reader/card state and tells the screen: the card leaving before authentication ends the
    /// session.
    func updateCardStatus(_ status: CardSlotStatus) {
        guard status != mode.cardStatus else { return }
        mode.cardStatus = status
        isDirty = true
        if !status.cardPresent, mode.session != nil, (base as? any KioskScreen)?.phase == .beforeAuthentication {
            endSession(message: text("card.removedEarly"))
            return
        }
        base.cardStatusChanged(self)
    }

    /// Opens a session for a citizen.
    func beginSession() {
        mode.session = kiosk.begin()
    }

    /// Ends the open session (its end recorded, everything it knew dropped), goes back to the start in the
    /// first language, and shows `message` there.
    func endSession(message: String? = nil) {
        if let session = mode.session { kiosk.end(session) }
        mode.session = nil
        mode.identity = nil
        mode.language = kiosk.catalog.languages[0].tag
        removeOverlay()
        let start: any Screen<KioskMode> = mode.stoppedReason != nil ? KioskStoppedScreen(mode)
            : kiosk.isOpen() ? KioskLanguageScreen(mode, asOverlay: false) : KioskClosedScreen(mode)
        show(start, message: message.map { ($0, true) })
    }

    /// Stops the kiosk until staff reopen it: the session ends and the stopped screen stays.
    func stopKiosk(reason: String) {
        mode.stoppedReason = reason
        endSession()
    }
}

/// What every kiosk screen shares: the mode (for the citizen's language, which may change while the screen is
/// shown), the title and the key hints in that language.
class KioskStep {
    unowned let mode: KioskMode

    init(_ mode: KioskMode) {
        self.mode = mode
    }

    /// The text of `key` in the citizen's language.
    func text(_ key: String, _ values: [String: String] = [:]) -> String {
        mode.text(key, values)
    }

    /// When shown, the screen ends the session after this many seconds without a key (thanks, a notice).
    var endsAfter: TimeInterval? { nil }

    /// The step of the session the screen belongs to, for the progress on the title line; nil outside a session.
    var step: Int? { nil }

    /// The session's steps with the current one marked: 「カード › [暗証番号] › 証明書 › お支払い › 印刷」.
    var title: String {
        guard let step else { return "" }
        return KioskStep.steps.enumerated().map { index, key in
            index == step ? "[\(text(key))]" : text(key)
        }.joined(separator: " › ")
    }

    /// The catalog keys of the steps, in order.
    static let steps = ["step.card", "step.pin", "step.choose", "step.pay", "step.print"]

    /// The key hints: numbers, ← →, confirm and back, as the screen uses them.
    func hints(numbers: Int? = nil, adjust: Bool = false, confirm: String? = nil, back: String? = nil) -> [KeyHint] {
        var hints: [KeyHint] = []
        if let numbers { hints.append(KeyHint(text("keycap.numbers", ["max": "\(numbers)"]), text("key.choose"))) }
        if adjust { hints.append(KeyHint(text("keycap.adjust"), text("key.change"))) }
        if let confirm { hints.append(KeyHint(text("keycap.confirm"), confirm)) }
        if let back { hints.append(KeyHint(text("keycap.back"), back)) }
        return hints
    }
}

/// The kiosk UI's runtime, as its screens see it.
typealias KioskContext = UIRuntime<KioskMode>
