import CounterCore
import CounterService
import CounterStore
import Foundation
import MyNumberReader

/// The UI state, owned by the UI thread: the current screen, the logged-in clerk, the open case,
/// reader and printer state, and the message line. Background work reaches it only through the
/// ``Inbox``.
final class AppContext {
    let services: Services
    let inbox: Inbox
    /// The screen of the current step (under the idle lock while it is shown).
    private(set) var base: any Screen
    /// The idle lock, shown over ``base`` while set (the case stays open underneath).
    private(set) var overlay: (any Screen)?
    /// Increases on every screen change; results of work started on an older screen are dropped.
    private(set) var generation = 0
    /// The message line: text and whether it reports an error.
    var message: (text: String, isError: Bool)?
    /// The clerk logged in, if any.
    var clerk: Clerk?
    /// The case in progress, if any.
    var currentCase: OpenCase?
    /// Reader and card state as last reported.
    private(set) var cardStatus = CardSlotStatus(readerName: nil, cardPresent: false)
    /// Printer state as last reported.
    private(set) var printerState: PrinterState?
    /// Case events recorded but not yet written to the database (shown on the status line).
    private(set) var unsavedEvents = 0
    /// When the clerk last pressed a key (for the idle lock).
    private var lastActivity: Date
    /// Set when the clerk chose 終了.
    var isFinished = false
    /// Set when something visible changed since the last draw.
    var isDirty = true

    init(services: Services, inbox: Inbox) {
        self.services = services
        self.inbox = inbox
        base = LoginScreen()
        lastActivity = services.clock.now()
        services.cases.events.onReport { report in
            inbox.post { app in app.eventWriteReported(unsaved: report.unsaved, error: report.error) }
        }
    }

    /// The screen shown: the idle lock if set, else the current step.
    var screen: any Screen { overlay ?? base }

    /// Shows the first screen (runs its start-up work).
    func start() {
        base.didAppear(self)
    }

    // MARK: Navigation and input

    /// Replaces the screen and clears the message line.
    func show(_ next: any Screen, message: (text: String, isError: Bool)? = nil) {
        generation += 1
        base = next
        self.message = message
        isDirty = true
        next.didAppear(self)
    }

    /// Passes an action to the screen shown.
    func handle(_ action: Action) {
        isDirty = true
        lastActivity = services.clock.now()
        if action == .resize { return }
        screen.handle(action, self)
    }

    /// Shows an error's Japanese message on the message line.
    func showError(_ error: any Error) {
        message = (userMessage(for: error), true)
        isDirty = true
    }

    /// Shows an informational note on the message line.
    func showNote(_ text: String) {
        message = (text, false)
        isDirty = true
    }

    /// Applies deliveries from background work.
    func applyDeliveries() {
        for delivery in inbox.drain() { delivery(self) }
    }

    // MARK: Idle lock and shutdown

    /// Time-driven changes, called on every loop turn: locks the screen once a logged-in clerk
    /// has not pressed a key for ``Services/idleTimeout``.
    func tick() {
        guard overlay == nil, let clerk,
              services.clerks.idleLockIsDue(lastActivity: lastActivity, now: services.clock.now()) else { return }
        let lock = IdleLockScreen(clerk: clerk)
        overlay = lock
        message = nil
        isDirty = true
        lock.didAppear(self)
    }

    /// Removes the idle lock (the clerk's password was accepted).
    func unlock() {
        overlay = nil
        lastActivity = services.clock.now()
        isDirty = true
    }

    /// Ends the open case (recorded as ended, its data wiped), forgets the clerk and shows the
    /// login screen.
    func logOut(message: String, isError: Bool = false) {
        endCase()
        overlay = nil
        clerk = nil
        show(LoginScreen(), message: (message, isError))
    }

    /// Ends the UI cleanly after a termination signal: the open case is ended and wiped like a
    /// cancelled one, then the loop stops.
    func terminate() {
        endCase()
        overlay = nil
        isFinished = true
    }

    // MARK: Background work

    /// Runs `work` off the UI thread; `apply` runs later on the UI thread with the result, only if
    /// `screen` is still the screen shown (or the idle lock covers it) — or in any case when
    /// `deliverIfLeft` (work whose outcome must be recorded, e.g. a print job the clerk left).
    func run<S: Screen, T: Sendable>(from screen: S, deliverIfLeft: Bool = false,
                                     _ work: @escaping @Sendable () async throws -> T,
                                     then apply: @escaping @Sendable (S, AppContext, Result<T, any Error>) -> Void) {
        let generation = self.generation
        let origin = UIThreadOnly(value: screen)
        runDetached(work) { app, result in
            let screen = origin.value
            let current = (screen === app.base && app.generation == generation) || screen === app.overlay
            guard current || deliverIfLeft else { return }
            app.isDirty = true
            apply(screen, app, result)
        }
    }

    /// Runs `work` off the UI thread; `apply` (if any) runs later on the UI thread with the
    /// result, whatever screen is shown by then. Screens use ``run(from:deliverIfLeft:_:then:)``.
    func runDetached<T: Sendable>(_ work: @escaping @Sendable () async throws -> T,
                                  then apply: @escaping @Sendable (AppContext, Result<T, any Error>) -> Void = { _, _ in }) {
        let inbox = self.inbox
        inbox.begin()
        Task.detached {
            let result: Result<T, any Error>
            do {
                result = .success(try await work())
            } catch {
                result = .failure(error)
            }
            inbox.finish { app in apply(app, result) }
        }
    }

    // MARK: Events

    /// Takes the event queue's report: how many events wait, and the error of a failed attempt.
    func eventWriteReported(unsaved: Int, error: (any Error)?) {
        if let error, unsavedEvents == 0 { showError(EventRecordError.delayed(reason: userMessage(for: error))) }
        unsavedEvents = unsaved
        isDirty = true
    }

    /// Events recorded but not yet written, counted now (not as last reported).
    var eventsNotYetWritten: Int {
        services.cases.events.unsavedCount
    }

    // MARK: Status

    /// Takes a new reader/card state and tells the screen when it changed.
    func updateCardStatus(_ status: CardSlotStatus) {
        guard status != cardStatus else { return }
        cardStatus = status
        isDirty = true
        screen.cardStatusChanged(self)
    }

    /// Takes a new printer state.
    func updatePrinterState(_ state: PrinterState) {
        guard state != printerState else { return }
        printerState = state
        isDirty = true
    }

    // MARK: Cases

    /// Opens a new case for the logged-in clerk (its start is recorded by the application layer).
    func beginCase(style: CaseStyle = .preprinted) {
        guard let clerk else { return }
        currentCase = services.cases.begin(actor: .clerk(id: clerk.id), style: style)
    }

    /// Ends the case (recorded with its duration), wipes its card data and forgets it.
    func endCase() {
        currentCase?.end()
        currentCase = nil
    }
}

/// Carries a UI-thread object through background work; it is only touched again on the UI
/// thread (in a delivery), so crossing is safe although the object is not `Sendable`.
struct UIThreadOnly<Value>: @unchecked Sendable {
    let value: Value
}
