import CounterCore
import CounterStore
import Foundation

/// The UI state, owned by the UI thread: the current screen, the logged-in clerk, the open case,
/// reader and printer state, and the message line. Background work reaches it only through the
/// ``Inbox``.
final class AppContext {
    let services: Services
    let inbox: Inbox
    private let recorder: EventRecorder
    /// The screen shown.
    private(set) var screen: any Screen
    /// Increases on every screen change; results of work started on an older screen are dropped.
    private(set) var generation = 0
    /// The message line: text and whether it reports an error.
    var message: (text: String, isError: Bool)?
    /// The clerk logged in, if any.
    var clerk: Clerk?
    /// The case in progress, if any.
    var currentCase: CaseSession?
    /// Reader and card state as last reported.
    private(set) var cardStatus = CardSlotStatus(readerName: nil, cardPresent: false)
    /// Printer state as last reported.
    private(set) var printerState: PrinterState?
    /// Set when the clerk chose 終了.
    var isFinished = false
    /// Set when something visible changed since the last draw.
    var isDirty = true

    init(services: Services, inbox: Inbox) {
        self.services = services
        self.inbox = inbox
        recorder = EventRecorder(repository: services.events, inbox: inbox)
        screen = LoginScreen()
    }

    /// Shows the first screen (runs its start-up work).
    func start() {
        screen.didAppear(self)
    }

    // MARK: Navigation and input

    /// Replaces the screen and clears the message line.
    func show(_ next: any Screen, message: (text: String, isError: Bool)? = nil) {
        generation += 1
        screen = next
        self.message = message
        isDirty = true
        next.didAppear(self)
    }

    /// Passes an action to the screen.
    func handle(_ action: Action) {
        isDirty = true
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

    // MARK: Background work

    /// Runs `work` off the UI thread; `apply` runs later on the UI thread with the result, only if
    /// `screen` is still the screen shown.
    func run<S: Screen, T: Sendable>(from screen: S, _ work: @escaping @Sendable () async throws -> T,
                                     then apply: @escaping @Sendable (S, AppContext, Result<T, any Error>) -> Void) {
        let generation = self.generation
        let inbox = self.inbox
        inbox.begin()
        Task.detached {
            let result: Result<T, any Error>
            do {
                result = .success(try await work())
            } catch {
                result = .failure(error)
            }
            inbox.finish { app in
                guard app.generation == generation, let screen = app.screen as? S else { return }
                app.isDirty = true
                apply(screen, app, result)
            }
        }
    }

    /// Runs `work` off the UI thread with no result to apply (e.g. powering the card off).
    func runDetached(_ work: @escaping @Sendable () async -> Void) {
        let inbox = self.inbox
        inbox.begin()
        Task.detached {
            await work()
            inbox.finish { _ in }
        }
    }

    /// Records an event of the current case (nothing outside a case).
    func record(_ kind: CaseEventKind) {
        guard let clerk, let currentCase else { return }
        let event = CaseEvent(terminalID: services.terminalID, clerkID: clerk.id, caseID: currentCase.id,
                              timestamp: services.clock.now(), kind: kind)
        recorder.record(event, inbox: inbox)
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

    /// Opens a new case and records its start.
    func beginCase() {
        currentCase = CaseSession(id: UUID(), startedAt: services.clock.now())
        record(.caseStarted)
    }

    /// Records the end of the case, wipes its card data and forgets it.
    func endCase() {
        guard let session = currentCase else { return }
        let milliseconds = Int((services.clock.now().timeIntervalSince(session.startedAt) * 1000).rounded())
        record(.caseEnded(durationMilliseconds: max(0, milliseconds)))
        session.wipe()
        currentCase = nil
    }
}

/// One citizen's visit: its id, start, the four fields while the case is open, and how they were
/// obtained.
final class CaseSession {
    let id: UUID
    let startedAt: Date
    /// The four fields; nil until captured, wiped at the end of the case.
    var info: BasicInfo?
    /// Where the fields came from.
    var source: InfoSource?
    /// Fields the clerk corrected, in the order first corrected.
    private(set) var corrected: [BasicInfoField] = []

    init(id: UUID, startedAt: Date) {
        self.id = id
        self.startedAt = startedAt
    }

    /// Notes a corrected field (once).
    func markCorrected(_ field: BasicInfoField) {
        if !corrected.contains(field) { corrected.append(field) }
    }

    /// Drops the personal data of the case.
    func wipe() {
        info?.wipe()
        info = nil
        corrected = []
    }
}
