import CounterCore
import CounterStore
import Foundation

/// The counter application: wires the database, the card and printer ports, the terminal id, the
/// era table and the clock, and runs the ncurses UI (``run()``) or a headless driver for tests.
public final class CounterApp: Sendable {
    let services: Services

    /// Creates the application.
    ///
    /// - Parameters:
    ///   - database: the terminal database (clerks, case events).
    ///   - card: the card reader port.
    ///   - printer: the form printer port.
    ///   - terminalID: this terminal's id, written into every event.
    ///   - eras: the era table for 和暦 dates.
    ///   - clock: "now" (injectable for deterministic tests).
    ///   - timeZone: the ward office's time zone (days of events, the date on screen).
    ///   - idleTimeout: how long without a key before the screen locks (the case is hidden) and the
    ///     clerk's password is asked again.
    public init(database: CounterDatabase, card: any CardPort, printer: any PrintPort, terminalID: String,
                eras: EraTable, clock: any AppClock = SystemClock(), timeZone: TimeZone = .japan,
                idleTimeout: Duration = .seconds(300)) {
        services = Services(
            card: card, printer: printer, clerks: ClerkRepository(database: database),
            events: CaseEventRepository(database: database, timeZone: timeZone), terminalID: terminalID,
            eras: eras, clock: clock, timeZone: timeZone, idleTimeout: idleTimeout)
    }

    /// Runs the ncurses UI on a dedicated thread until the clerk quits or SIGTERM/SIGHUP/SIGINT
    /// arrives (the open case is then ended and wiped, and the terminal restored).
    ///
    /// Throws ``TerminalError`` (not a UTF-8 terminal, unknown TERM …) before the UI starts, and
    /// ``EventRecordError`` when case events could not be written before the end.
    ///
    /// The thread owns every curses call; card, printer and database work runs in background
    /// tasks and wakes the thread through a pipe.
    public func run() async throws {
        let services = self.services
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try TerminalBackend(services: services).run()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "counter-ui"
            thread.start()
        }
    }
}
