import CounterCore
import CounterService
import CounterStore
import Foundation
import MyNumberReader

/// The counter UI: a clerk logged in, the open case, the reader and printer as last seen, the events
/// not yet written. Its screens reach this state through the runtime (`app.clerk`, `app.currentCase`).
final class CounterMode: UIMode {
    /// The application layer.
    let services: Services
    /// The clerk logged in, if any.
    var clerk: Clerk?
    /// The case in progress, if any.
    var currentCase: OpenCase?
    /// Reader and card state as last reported.
    fileprivate(set) var cardStatus = CardSlotStatus(readerName: nil, cardPresent: false)
    /// Printer state as last reported.
    fileprivate(set) var printerState: PrinterState?
    /// Case events recorded but not yet written to the database (shown on the status line).
    fileprivate(set) var unsavedEvents = 0
    /// When the clerk last pressed a key (for the idle lock).
    fileprivate var lastActivity: Date

    init(services: Services) {
        self.services = services
        lastActivity = services.clock.now()
    }

    var name: String { "窓口 counter" }

    /// 「令和8年11月21日 19:40」 in Japan.
    var clockText: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        let parts = calendar.dateComponents([.hour, .minute], from: services.clock.now())
        let today = services.today
        let date = services.eras.japaneseDate(for: today)?.formatted ?? today.iso
        let minute = parts.minute ?? 0
        return "\(date) \(parts.hour ?? 0):\(minute < 10 ? "0" : "")\(minute)"
    }

    /// 端末, 職員, リーダー, カード and プリンタ state, then the background sync's (「市 同期 12:30」) when the
    /// terminal syncs; 「カード読取サービス停止」 instead of the reader and card when pcscd is down; 「記録未保存 n件」
    /// first, so a narrow terminal never cuts it off.
    var statusLine: String {
        let parts = statusParts
        let city = services.syncStatus.map { "  \($0())" } ?? ""
        return "\(parts.unsaved)端末 \(services.terminalID)  職員 \(parts.clerk)  \(parts.card)  プリンタ \(parts.printer)\(city)"
    }

    /// Printer and card first, the terminal id last, labels shortened: fits 60 columns.
    var compactStatusLine: String {
        let parts = statusParts
        // A connected reader goes without saying here; the card's presence does not.
        let card = cardStatus.problem == nil && cardStatus.readerName != nil
            ? "カード \(cardStatus.cardPresent ? "あり" : "なし")" : parts.card
        return "\(parts.unsaved)プリンタ \(parts.printer)  \(card)  \(parts.clerk)  \(services.terminalID)"
    }

    private var statusParts: (unsaved: String, clerk: String, card: String, printer: String) {
        let clerkText = clerk?.displayName ?? "未ログイン"
        let cardText: String
        if let problem = cardStatus.problem {
            cardText = problem.isServiceDown ? "カード読取サービス停止" : "カード読取不可"
        } else {
            let reader = cardStatus.readerName == nil ? "未接続" : "接続"
            cardText = "リーダー \(reader)  カード \(cardStatus.cardPresent ? "あり" : "なし")"
        }
        let printer: String
        if let printerState {
            printer = printerState.ready ? "準備完了" : (printerState.message ?? "使用不可")
        } else {
            printer = "確認中"
        }
        let unsaved = unsavedEvents > 0 ? "記録未保存 \(unsavedEvents)件  " : ""
        return (unsaved, clerkText, cardText, printer)
    }

    func firstScreen() -> any Screen<CounterMode> { LoginScreen() }

    func actionArrived(_ action: Action, _ runtime: UIRuntime<CounterMode>) -> Bool {
        lastActivity = services.clock.now()
        return false
    }

    /// Locks the screen once a logged-in clerk has not pressed a key for the idle timeout.
    func tick(_ runtime: UIRuntime<CounterMode>) {
        guard !(runtime.overlay is IdleLockScreen), let clerk,
              services.clerks.idleLockIsDue(lastActivity: lastActivity, now: services.clock.now()) else { return }
        runtime.showOverlay(IdleLockScreen(clerk: clerk))
    }

    /// Ends the open case like a cancelled one (recorded, wiped).
    func terminate(_ runtime: UIRuntime<CounterMode>) {
        runtime.endCase()
    }

    /// The event queue reports to the status line through `inbox`.
    func connect(_ inbox: Inbox<CounterMode>) {
        services.cases.events.onReport { report in
            inbox.post { app in app.eventWriteReported(unsaved: report.unsaved, error: report.error) }
        }
    }

    func startWatching(_ inbox: Inbox<CounterMode>) -> @Sendable () -> Void {
        let monitors = StatusMonitors(services: services, inbox: inbox)
        let card = services.card
        return {
            // Ordered shutdown: the monitors stop and are joined, then the PC/SC context goes, once.
            monitors.stop()
            card.close()
        }
    }

    var workLeft: Int { services.cases.events.unsavedCount }

    var finishingNote: String { "受付の記録を保存しています。しばらくお待ちください。" }

    /// Events left in the journal reach the database at the next start; without a journal they are lost.
    func unfinishedWorkError(count: Int) -> (any Error)? {
        services.cases.events.isJournaled ? nil : EventRecordError.unsaved(count: count)
    }
}

/// The counter's use of the runtime: clerks, cases, reader and printer state.
extension UIRuntime where Mode == CounterMode {
    /// The application layer.
    var services: Services { mode.services }

    /// Removes the idle lock (the clerk's password was accepted).
    func unlock() {
        mode.lastActivity = services.clock.now()
        removeOverlay()
    }

    /// Ends the open case (recorded as ended, its data wiped), forgets the clerk and shows the
    /// login screen.
    func logOut(message: String, isError: Bool = false) {
        endCase()
        removeOverlay()
        mode.clerk = nil
        show(LoginScreen(), message: (message, isError))
    }

    /// Takes the event queue's report: how many events wait, and the error of a failed attempt.
    func eventWriteReported(unsaved: Int, error: (any Error)?) {
        if let error, mode.unsavedEvents == 0 { showError(EventRecordError.delayed(reason: userMessage(for: error))) }
        mode.unsavedEvents = unsaved
        isDirty = true
    }

    /// Takes a new reader/card state and tells the screen when it changed.
    func updateCardStatus(_ status: CardSlotStatus) {
        guard status != mode.cardStatus else { return }
        mode.cardStatus = status
        isDirty = true
        screen.cardStatusChanged(self)
    }

    /// Takes a new printer state.
    func updatePrinterState(_ state: PrinterState) {
        guard state != mode.printerState else { return }
        mode.printerState = state
        isDirty = true
    }

    /// Opens a new case for the logged-in clerk (its start is recorded by the application layer).
    func beginCase(style: CaseStyle = .preprinted) {
        guard let clerk = mode.clerk else { return }
        mode.currentCase = services.cases.begin(actor: .clerk(id: clerk.id), style: style)
    }

    /// Ends the case (recorded with its duration), wipes its card data and forgets it.
    func endCase() {
        mode.currentCase?.end()
        mode.currentCase = nil
    }
}

/// The counter UI's runtime, as its screens see it.
typealias AppContext = UIRuntime<CounterMode>

/// Watches the reader and the printer in the background, each in its own task, and posts their
/// state to the UI: a printer check that hangs never delays card detection.
final class StatusMonitors: Sendable {
    private let card: CardWatch
    private let printer: Task<Void, Never>

    init(services: Services, inbox: Inbox<CounterMode>) {
        card = CardWatch(card: services.card) { status in inbox.post { app in app.updateCardStatus(status) } }
        printer = Task.detached {
            var last: PrinterState?
            while !Task.isCancelled {
                let state = await services.printing.printerStatus()
                if state != last, !Task.isCancelled {
                    last = state
                    inbox.post { app in app.updatePrinterState(state) }
                }
                // Once a second: a stopped printer shows on the status line within a second.
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Stops watching and waits (at most 3 s) until the card monitor has left PC/SC, so the context is
    /// never released under it. A printer check still running (a hung CUPS) is not waited for: it ends
    /// on its own, and what it posts afterwards is never applied (see ``Inbox/closeWake()``).
    func stop() {
        printer.cancel()
        card.stop()
    }
}
