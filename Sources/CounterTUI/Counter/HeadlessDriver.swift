import CounterCore
import Foundation
import MyNumberReader

/// Drives a ``CounterApp`` without a terminal: feeds actions, waits for background work, and
/// renders the screen into a ``ScreenBuffer``. For tests and measurements.
public final class HeadlessDriver {
    private let services: Services
    private let inbox: Inbox<CounterMode>
    private let app: AppContext

    /// Starts the app headless, showing its first screen once ``settle()`` ran.
    public init(app counterApp: CounterApp) {
        services = counterApp.services
        inbox = Inbox()
        app = UIRuntime(mode: CounterMode(services: services), inbox: inbox)
        app.start()
    }

    /// Feeds one action (as if its key was pressed) and waits for the work it started.
    public func send(_ action: Action) async {
        app.handle(action)
        await settle()
    }

    /// Types each character of `text` as a ``Action/text(_:)`` action.
    public func type(_ text: String) async {
        for character in text { app.handle(.text(character)) }
        await settle()
    }

    /// Feeds one action without waiting for background work (for measurements).
    public func feed(_ action: Action) {
        app.handle(action)
    }

    /// Polls the card and printer status once, then applies background results until no work is
    /// left in flight; repeats while the status keeps changing. Runs the time-driven checks
    /// (idle lock) first, as the terminal loop does every turn.
    public func settle() async {
        app.tick()
        while true {
            app.updatePrinterState(await services.printing.printerStatus())
            app.updateCardStatus(await services.card.waitForStatus(timeout: .zero))
            app.applyDeliveries()
            while !inbox.isIdle {
                await inbox.waitForDelivery()
                app.applyDeliveries()
            }
            // Event writes are the application layer's: wait until they are written or failing.
            await services.cases.events.waitUntilSettled()
            app.applyDeliveries()
            if await services.card.waitForStatus(timeout: .zero) == app.cardStatus { return }
        }
    }

    /// Ends the UI as on SIGTERM/SIGHUP: the open case is ended and wiped, then the app finishes.
    public func terminate() async {
        app.terminate()
        await settle()
    }

    /// Suspends until every recorded case event is written (they are retried while the database
    /// is busy), then applies the results.
    public func waitUntilEventsSaved() async {
        await services.cases.events.waitUntilSaved()
        await settle()
    }

    /// Renders the current screen.
    public func render(width: Int = 80, height: Int = 24) -> ScreenBuffer {
        app.isDirty = false
        return app.render(width: width, height: height)
    }

    /// The rendered screen as text.
    public func screenText(width: Int = 80, height: Int = 24) -> String {
        render(width: width, height: height).text
    }

    /// True once the clerk chose 終了.
    public var isFinished: Bool { app.isFinished }

    /// The four fields of the open case, if any (to check they are wiped at the end).
    public var caseInfo: BasicInfo? { app.currentCase?.info }

    /// The id of the open case, if any.
    public var caseID: UUID? { app.currentCase?.id }

    /// The message line's text, if any.
    public var message: String? { app.message?.text }
}
