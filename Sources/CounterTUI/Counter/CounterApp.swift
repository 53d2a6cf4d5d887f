import CashlessLedger
import DocumentPrint
import CounterCore
import CounterService
import CounterStore
import Foundation
import MyNumberReader

/// The counter application: wires the application layer (cases on channel counter, clerk sessions)
/// to the ncurses UI (``run()``) or to a headless driver for tests.
public final class CounterApp: Sendable {
    let services: Services

    /// Creates the application.
    ///
    /// - Parameters:
    ///   - database: the terminal database (clerks, case events).
    ///   - card: the card reader.
    ///   - printing: where forms print.
    ///   - terminalID: this terminal's id, written into every event.
    ///   - eras: the era table for 和暦 dates.
    ///   - clock: "now" (a fixed clock in tests).
    ///   - idleTimeout: how long without a key before the screen locks (the case is hidden) and the
    ///     clerk's password is asked again.
    ///   - events: the event queue (journaled for a database file); a plain queue on `database` when nil.
    ///   - office: the office the terminal stands in (its ward prints on the forms), if configured.
    ///   - caseIDs: makes each case's id (random unless a test fixes the sequence).
    ///   - ledger: the fee table, brands and cancellation reasons; without it the UI takes no fees.
    ///   - paymentTerminal: the payment terminal cashless fees are charged through; without it the clerk
    ///     keys the brand and slip number.
    ///   - certificates: certificate issuance (menu 8, F9 on the confirmation); none when nil.
    ///   - certificatePrinter: where certificates print.
    ///   - oneStop: the one-stop counter's life events (F7 on the confirmation); none when nil.
    ///   - kpi: the KPI reports (the supervisor's dashboard, F6 on the menu); none when nil.
    ///   - syncStatus: the background sync's words for the status line (「市 同期 12:30」); none when nil.
    public init(database: CounterDatabase, card: CardInfoReader, printing: any FormPrinting, terminalID: String,
                eras: EraTable, clock: any Clock, idleTimeout: Duration = .seconds(300),
                events: EventQueue? = nil, office: Office? = nil, caseIDs: @escaping @Sendable () -> UUID = { UUID() },
                ledger: LedgerCatalog? = nil, paymentTerminal: (any PaymentTerminal)? = nil,
                certificates: CertificateDesk? = nil, certificatePrinter: (any Printer)? = nil, oneStop: OneStopPlanner? = nil,
                kpi: KPIDesk? = nil, syncStatus: (@Sendable () -> String)? = nil) {
        let cases = CaseService(terminalID: terminalID, channel: .counter, clock: clock,
                                events: events ?? EventQueue(database: database), printing: printing, card: card,
                                eras: eras, office: office, usage: FormUsage(database: database), caseIDs: caseIDs)
        let cashier = ledger.map { Cashier(database: database, catalog: $0, clock: clock, terminalID: terminalID) }
        services = Services(cases: cases, clerks: ClerkSessions(database: database, clock: clock, idleTimeout: idleTimeout),
                            eras: eras, cashier: cashier, paymentTerminal: paymentTerminal, certificates: certificates,
                            certificatePrinter: certificatePrinter, oneStop: oneStop, kpi: kpi, syncStatus: syncStatus)
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
                    try TerminalBackend(mode: CounterMode(services: services)).run()
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
