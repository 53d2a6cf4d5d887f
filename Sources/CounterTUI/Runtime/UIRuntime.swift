import CounterCore
import Foundation

/// The mode-neutral UI state, owned by the UI thread: the screen of the current step, an overlay
/// over it (a lock screen), the message line, and the mode's own state. Background work reaches it
/// only through the ``Inbox``.
///
/// The mode's stored properties read through the runtime (`app.clerk` is `app.mode.clerk`), so a
/// screen reads one object.
@dynamicMemberLookup
final class UIRuntime<Mode: UIMode> {
    /// The mode: the counter or the kiosk.
    let mode: Mode
    let inbox: Inbox<Mode>
    /// The screen of the current step (under the overlay while it is shown).
    private(set) var base: any Screen<Mode>
    /// A screen shown over ``base`` while set (the step stays open underneath).
    private(set) var overlay: (any Screen<Mode>)?
    /// Increases on every screen change; results of work started on an older screen are dropped.
    private(set) var generation = 0
    /// The message line: text and whether it reports an error.
    var message: (text: String, isError: Bool)?
    /// Set when the user chose to quit.
    var isFinished = false
    /// Set when something visible changed since the last draw.
    var isDirty = true

    init(mode: Mode, inbox: Inbox<Mode>) {
        self.mode = mode
        self.inbox = inbox
        base = mode.firstScreen()
        mode.connect(inbox)
    }

    /// The mode's state, read and written through the runtime.
    subscript<Value>(dynamicMember keyPath: ReferenceWritableKeyPath<Mode, Value>) -> Value {
        get { mode[keyPath: keyPath] }
        set { mode[keyPath: keyPath] = newValue }
    }

    /// The mode's read-only state.
    subscript<Value>(dynamicMember keyPath: KeyPath<Mode, Value>) -> Value {
        mode[keyPath: keyPath]
    }

    /// The screen shown: the overlay if set, else the current step.
    var screen: any Screen<Mode> { overlay ?? base }

    /// Shows the first screen (runs its start-up work).
    func start() {
        base.didAppear(self)
    }

    // MARK: Navigation and input

    /// Replaces the screen and clears the message line.
    func show(_ next: any Screen<Mode>, message: (text: String, isError: Bool)? = nil) {
        generation += 1
        base = next
        self.message = message
        isDirty = true
        next.didAppear(self)
    }

    /// Shows `screen` over the current step, which stays open underneath.
    func showOverlay(_ screen: any Screen<Mode>) {
        overlay = screen
        message = nil
        isDirty = true
        screen.didAppear(self)
    }

    /// Removes the overlay.
    func removeOverlay() {
        overlay = nil
        isDirty = true
    }

    /// Passes an action to the screen shown.
    func handle(_ action: Action) {
        isDirty = true
        if mode.actionArrived(action, self) || action == .resize { return }
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

    /// Time-driven changes, called on every loop turn.
    func tick() {
        mode.tick(self)
    }

    /// Ends the UI cleanly after a termination signal: the mode ends what is open, then the loop stops.
    func terminate() {
        mode.terminate(self)
        overlay = nil
        isFinished = true
    }

    // MARK: Background work

    /// Runs `work` off the UI thread; `apply` runs later on the UI thread with the result, only if
    /// `screen` is still the screen shown (or the overlay covers it) — or in any case when
    /// `deliverIfLeft` (work whose outcome must be shown, e.g. a print job the clerk left).
    func run<S: Screen<Mode>, T: Sendable>(from screen: S, deliverIfLeft: Bool = false,
                                           _ work: @escaping @Sendable () async throws -> T,
                                           then apply: @escaping @Sendable (S, UIRuntime<Mode>, Result<T, any Error>) -> Void) {
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
                                  then apply: @escaping @Sendable (UIRuntime<Mode>, Result<T, any Error>) -> Void = { _, _ in }) {
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
}

/// Carries a UI-thread object through background work; it is only touched again on the UI
/// thread (in a delivery), so crossing is safe although the object is not `Sendable`.
struct UIThreadOnly<Value>: @unchecked Sendable {
    let value: Value
}
