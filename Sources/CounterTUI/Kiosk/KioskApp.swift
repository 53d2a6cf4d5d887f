import CounterCore
import CounterService
import Foundation

/// The kiosk application (`counter kiosk`): wires ``KioskDesk`` to the ncurses UI (``run()``) or to a headless
/// driver for tests and measurements.
public final class KioskApp: Sendable {
    let kiosk: KioskDesk
    let clerks: ClerkSessions
    let idleSeconds: Int

    /// A kiosk over `kiosk`; staff are approved through `clerks`; a session is wiped after `idleSeconds`
    /// without a key.
    public init(kiosk: KioskDesk, clerks: ClerkSessions, idleSeconds: Int) {
        self.kiosk = kiosk
        self.clerks = clerks
        self.idleSeconds = idleSeconds
    }

    /// Runs the kiosk UI on a dedicated thread until staff leave kiosk mode, or SIGTERM/SIGHUP/SIGINT from
    /// outside arrives (the open session is then ended and wiped, and the terminal restored).
    public func run() async throws {
        let kiosk = kiosk, clerks = clerks, idleSeconds = idleSeconds
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try TerminalBackend(mode: KioskMode(kiosk: kiosk, clerks: clerks, idleSeconds: idleSeconds)).run()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "kiosk-ui"
            thread.start()
        }
    }
}

/// Drives a ``KioskApp`` without a terminal: feeds actions, waits for background work, renders the screen.
public final class HeadlessKioskDriver {
    private let app: KioskContext
    private let inbox: Inbox<KioskMode>
    private let kiosk: KioskDesk

    /// Starts the kiosk headless on its first screen.
    public init(app kioskApp: KioskApp) {
        kiosk = kioskApp.kiosk
        inbox = Inbox()
        app = UIRuntime(mode: KioskMode(kiosk: kioskApp.kiosk, clerks: kioskApp.clerks, idleSeconds: kioskApp.idleSeconds),
                        inbox: inbox)
        app.start()
    }

    /// Feeds one action and waits for the work it started.
    public func send(_ action: Action) async {
        app.handle(action)
        await settle()
    }

    /// Feeds one action without waiting for background work (for measurements).
    public func feed(_ action: Action) {
        app.handle(action)
    }

    /// Types each character of `text`.
    public func type(_ text: String) async {
        for character in text { app.handle(.text(character)) }
        await settle()
    }

    /// Polls the card once, runs the time-driven checks, and applies background results until no work is left.
    public func settle() async {
        while true {
            app.tick()
            app.updateCardStatus(await kiosk.cases.card.waitForStatus(timeout: .zero))
            app.applyDeliveries()
            while !inbox.isIdle {
                await inbox.waitForDelivery()
                app.applyDeliveries()
            }
            await kiosk.cases.events.waitUntilSettled()
            app.applyDeliveries()
            if await kiosk.cases.card.waitForStatus(timeout: .zero) == app.mode.cardStatus { return }
        }
    }

    /// Renders the current screen as text.
    public func screenText(width: Int = 80, height: Int = 24) -> String {
        app.isDirty = false
        return app.render(width: width, height: height).text
    }

    /// Renders the current screen.
    public func render(width: Int = 80, height: Int = 24) -> ScreenBuffer {
        app.isDirty = false
        return app.render(width: width, height: height)
    }

    /// The open session's request id, if any.
    public var requestID: String? { app.mode.session?.requestID }

    /// The authenticated person's registry id, if any (to check it is wiped).
    public var authenticatedPersonID: String? { app.mode.identity?.personID }

    /// True once staff left kiosk mode.
    public var isFinished: Bool { app.isFinished }

    /// True while the kiosk is stopped for staff.
    public var isStopped: Bool { app.mode.stoppedReason != nil }
}
