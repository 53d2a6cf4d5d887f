import CashlessLedger
import CertificateIssue
import CounterCore
import CounterService
import DocumentPrint
import Foundation
import MyNumberReader

/// The application layer as the UI reaches it, bundled so it can cross to background work.
struct Services: Sendable {
    /// The case use cases (channel counter).
    let cases: CaseService
    /// Clerk login, lockout and the idle lock.
    let clerks: ClerkSessions
    /// The era table for 和暦 dates on screen.
    let eras: EraTable
    /// This terminal's ledger (手数料の収納, 収納一覧, 取消, 日計); nil when no fee table is configured.
    let cashier: Cashier?
    /// The payment terminal cashless payments are charged through; nil when the clerk keys the brand and
    /// slip number from a stand-alone terminal.
    let paymentTerminal: (any PaymentTerminal)?
    /// Certificate issuance; nil when the terminal issues none (no signing key, no office).
    let certificates: CertificateDesk?
    /// Where certificates print (the terminal's printer or PDF folder).
    let certificatePrinter: (any Printer)?
    /// The one-stop counter (F7 on the confirmation); nil when its seeds could not be loaded.
    let oneStop: OneStopPlanner?
    /// The KPI reports (F6 on the menu for a 係長 or an administrator); nil when the KPI seeds could not be loaded.
    let kpi: KPIDesk?
    /// The background sync's words for the status line; nil when the terminal does not sync (`--sync-every`).
    var syncStatus: (@Sendable () -> String)? = nil

    /// The card reader.
    var card: CardInfoReader { cases.card }
    /// Where forms print.
    var printing: any FormPrinting { cases.printing }
    /// "Now".
    var clock: any Clock { cases.clock }
    /// This terminal's id.
    var terminalID: String { cases.terminalID }

    /// Today's date in Japan.
    var today: CalendarDate { clock.today() }

    /// A date as 「昭和55年2月17日（1980年2月17日）」: 和暦 and 西暦; 西暦 alone before the first era.
    func bothCalendars(_ date: CalendarDate) -> String {
        let western = "\(date.year)年\(date.month)月\(date.day)日"
        guard let japanese = eras.japaneseDate(for: date) else { return western }
        return "\(japanese.formatted)（\(western)）"
    }
}
