import CashlessLedger
import CertificateIssue
import CounterCore
import CounterStore
import Foundation
import GRDB

/// The ledger's use cases for every channel (counter UI, kiosk, CLI): pay, cancel, list, close, report,
/// verify. One terminal's ledger, one clock; every write is one transaction, durable before it returns.
///
/// A payment step calls, in order: ``items()`` / ``brands(kiosk:)`` to offer choices, ``quote(_:)`` to show
/// the total (and the change for cash), then ``pay(_:)`` (keyed slip) or ``pay(_:through:)`` (a terminal
/// integration). Keep the order's id for a retry: the same order again returns the first record.
public struct Cashier: Sendable {
    /// The terminal whose ledger this is.
    public let terminalID: String
    /// Brands, fee items and cancellation reasons.
    public let catalog: LedgerCatalog
    private let database: CounterDatabase
    private let clock: any Clock
    private let clerks: ClerkSessions

    /// The cashier of `terminalID` on `database`.
    public init(database: CounterDatabase, catalog: LedgerCatalog, clock: any Clock, terminalID: String) {
        self.database = database
        self.catalog = catalog
        self.clock = clock
        self.terminalID = terminalID
        clerks = ClerkSessions(database: database, clock: clock)
    }

    // MARK: - Choices

    /// A fee item with its fee today.
    public struct PricedItem: Sendable, Hashable {
        public var code: String, label: String, fee: Yen
    }

    /// The fee items taken alone (not a certificate's fee) in force today, in the fee table's order.
    public func items() -> [PricedItem] {
        let today = clock.today()
        return catalog.items.filter { !$0.certificate }.compactMap { item in
            item.fee(on: today).map { PricedItem(code: item.code, label: item.label, fee: $0) }
        }
    }

    /// The brands accepted today (at a kiosk, only those it accepts).
    public func brands(kiosk: Bool = false) -> [PaymentBrand] {
        catalog.brands(on: clock.today(), kiosk: kiosk)
    }

    /// The reasons a cancellation may give.
    public var cancelReasons: [CancelReason] { catalog.cancelReasons }

    /// What `lines` cost today (exempt lines are priced but not charged), before any tender.
    public func quote(_ lines: [OrderLine]) throws(LedgerError) -> (items: [PaidItem], total: Yen) {
        let probe = PaymentOrder(requestID: "quote", actor: .kiosk(terminalID: terminalID), channel: .cli, lines: lines,
                                 tender: .cash(received: nil))
        let payment = try PaymentRules.payment(for: probe, terminalID: terminalID, at: clock.now(), catalog: catalog)
        return (payment.items, payment.total)
    }

    // MARK: - Paying

    /// A recorded payment, and whether this call found it already recorded (a retry with the same id).
    public struct Receipt: Sendable, Hashable {
        public var payment: Payment
        public var wasRecordedBefore: Bool

        /// A receipt of `payment` (a use case that records payments in its own transaction returns one).
        public init(payment: Payment, wasRecordedBefore: Bool) {
            self.payment = payment
            self.wasRecordedBefore = wasRecordedBefore
        }
    }

    /// Records `order` today, with its postings, in one durable transaction.
    ///
    /// Refused: what ``PaymentRules`` refuses, a closed day (``LedgerError/dayClosed``), a brand + slip already
    /// recorded today, the same id with other content (``LedgerError/idConflict``).
    public func pay(_ order: PaymentOrder) throws -> Receipt {
        let now = clock.now()
        return try database.write { db in try record(order, at: now, in: db) }
    }

    /// Records `order` at `now` inside the caller's transaction (a certificate issuance commits the payment
    /// with its records and numbers): what ``pay(_:)`` does, without its own transaction.
    public func record(_ order: PaymentOrder, at now: Date, in db: Database) throws -> Receipt {
        if let kind = try LedgerRepository.kind(of: order.id, in: db) {
            guard kind == "payment", let first = try LedgerRepository.payment(id: order.id, in: db),
                  first.isRecord(of: order, terminalID: terminalID) else { throw LedgerError.idConflict }
            return Receipt(payment: first, wasRecordedBefore: true)
        }
        let payment = try PaymentRules.payment(for: order, terminalID: terminalID, at: now, catalog: catalog)
        guard try LedgerRepository.seal(terminalID: terminalID, day: payment.day, in: db) == nil else {
            throw LedgerError.dayClosed
        }
        guard try !LedgerRepository.requestPaid(payment.requestID, in: db) else {
            throw LedgerError.requestAlreadyPaid
        }
        if case .cashless(let brand, _, let slip) = payment.tender,
           try LedgerRepository.slipUsed(brandID: brand, slip: slip, terminalID: terminalID, day: payment.day, in: db) {
            throw LedgerError.slipAlreadyUsed
        }
        try LedgerRepository.append(payment, in: db)
        return Receipt(payment: payment, wasRecordedBefore: false)
    }

    /// Charges `order`'s total through `terminal` under the order's id and records the approved payment.
    /// A timeout is resolved by querying the reference (up to `queries` times, `queryInterval` apart when the
    /// terminal does not answer), never by charging again; nothing is recorded unless the terminal approved.
    /// The order's tender is taken from the approval.
    public func pay(_ order: PaymentOrder, through terminal: any PaymentTerminal, queries: Int = 3,
                    queryInterval: Duration = .milliseconds(500)) async throws -> Receipt {
        if let first = try database.read({ db in try LedgerRepository.payment(id: order.id, in: db) }) {
            guard first.isRecord(of: order, terminalID: terminalID) || isSameRequest(first, order) else {
                throw LedgerError.idConflict
            }
            return Receipt(payment: first, wasRecordedBefore: true)
        }
        let approved = try await charge(order, through: terminal, queries: queries, queryInterval: queryInterval)
        do {
            return try pay(approved)
        } catch let refusal as LedgerError {
            // The terminal charged what the ledger refuses (a brand not accepted here, a closed day): undo the
            // charge. A database failure is not undone: a retry with the same id records the same approval.
            _ = await terminal.cancel(reference: order.id)
            throw refusal
        }
    }

    /// Charges `order`'s total through `terminal` under the order's id and returns the order with the approved
    /// tender, recording nothing: the caller records it (``pay(_:)``, or in its own transaction with
    /// ``record(_:at:in:)``) and cancels the charge on the terminal when its records are refused. A timeout
    /// is resolved by querying the reference, never by charging again.
    public func charge(_ order: PaymentOrder, through terminal: any PaymentTerminal, queries: Int = 3,
                       queryInterval: Duration = .milliseconds(500)) async throws -> PaymentOrder {
        let total = try quote(order.lines).total
        var approval: Approval?
        switch await terminal.charge(reference: order.id, amount: total) {
        case .approved(let approved): approval = approved
        case .declined: throw ChargeError.declined
        case .timedOut:
            for attempt in 0..<max(1, queries) where approval == nil {
                if attempt > 0 { try? await Task.sleep(for: queryInterval) }
                switch await terminal.query(reference: order.id) {
                case .approved(let approved): approval = approved
                case .declined: throw ChargeError.declined
                case .notFound: throw ChargeError.notCharged
                case .unreachable: continue
                }
            }
        }
        guard let approval else { throw ChargeError.unresolved }
        var approved = order
        approved.tender = .cashless(brandID: approval.brandID, slip: approval.slip)
        return approved
    }

    /// A retry through a terminal does not know the slip yet: the same request, lines and method match.
    private func isSameRequest(_ payment: Payment, _ order: PaymentOrder) -> Bool {
        guard case .cashless = payment.tender else { return false }
        var probe = order
        if case .cashless(let brand, _, let slip) = payment.tender { probe.tender = .cashless(brandID: brand, slip: slip) }
        return payment.isRecord(of: probe, terminalID: terminalID)
    }

    // MARK: - Cancelling

    /// Cancels a payment of today with a supervisor's approval (id and password, checked like a login):
    /// a reversing entry naming it, at most once, never of a cancellation, never on a closed day.
    public func cancel(_ request: CancellationRequest, supervisorPassword: String) throws -> Cancellation {
        _ = try clerks.approve("支払の取消", clerkID: request.supervisorID, password: supervisorPassword)
        let now = clock.now()
        return try database.write { db in
            if let kind = try LedgerRepository.kind(of: request.id, in: db) {
                guard kind == "cancellation", let first = try LedgerRepository.cancellation(id: request.id, in: db),
                      first.paymentID == request.paymentID, first.reasonCode == request.reasonCode else {
                    throw LedgerError.idConflict
                }
                return first
            }
            switch try LedgerRepository.kind(of: request.paymentID, in: db) {
            case "payment"?: break
            case "cancellation"?: throw LedgerError.cannotCancelCancellation
            default: throw LedgerError.unknownPayment
            }
            guard let payment = try LedgerRepository.payment(id: request.paymentID, in: db),
                  payment.terminalID == terminalID else { throw LedgerError.unknownPayment }
            let today = CalendarDate.inJapan(at: now)
            guard try LedgerRepository.seal(terminalID: terminalID, day: payment.day, in: db) == nil,
                  try LedgerRepository.seal(terminalID: terminalID, day: today, in: db) == nil else {
                throw LedgerError.dayClosed
            }
            guard try LedgerRepository.cancellation(ofPayment: payment.id, in: db) == nil else {
                throw LedgerError.alreadyCancelled
            }
            // A certificate's fee is refunded only once every copy it paid for is voided (処分).
            if let open = try IssuanceRepository.unvoidedCopies(ofPayment: payment.id, in: db), open > 0 {
                throw LedgerError.certificateNotVoided
            }
            let cancellation = try PaymentRules.cancellation(of: payment, request: request, at: now, catalog: catalog)
            try LedgerRepository.append(cancellation, in: db)
            return cancellation
        }
    }

    /// Cancels a payment as ``cancel(_:supervisorPassword:)`` does, first cancelling a cashless charge on
    /// `terminal` (the same day, through the device); nothing is recorded unless the terminal confirmed it.
    public func cancel(_ request: CancellationRequest, supervisorPassword: String,
                       through terminal: any PaymentTerminal) async throws -> Cancellation {
        let payment = try database.read { db in try LedgerRepository.payment(id: request.paymentID, in: db) }
        if let payment, case .cashless = payment.tender,
           try database.read({ db in try LedgerRepository.cancellation(ofPayment: payment.id, in: db) }) == nil {
            guard await terminal.cancel(reference: payment.id) else { throw ChargeError.cancelNotConfirmed }
        }
        return try cancel(request, supervisorPassword: supervisorPassword)
    }

    // MARK: - Reading

    /// A payment of the day with its cancellation, if any.
    public struct Listing: Sendable, Hashable {
        public var payment: Payment
        public var cancellation: Cancellation?
    }

    /// The payments of `day` (today when nil) at this terminal, in recorded order (本日の収納一覧).
    public func payments(on day: CalendarDate? = nil) throws -> [Listing] {
        let day = day ?? clock.today()
        return try database.read { db in
            let cancellations = try LedgerRepository.cancellations(terminalID: terminalID, day: day, in: db)
            let byPayment = Dictionary(cancellations.map { ($0.paymentID, $0) }, uniquingKeysWith: { first, _ in first })
            return try LedgerRepository.payments(terminalID: terminalID, day: day, in: db).map {
                Listing(payment: $0, cancellation: byPayment[$0.id])
            }
        }
    }

    /// The 日計表 of `day`: as closed (with the count and the seal), or a preview of an open day (no count).
    public func report(on day: CalendarDate) throws -> DailyReport {
        try database.read { db in
            let count = try LedgerRepository.closeCount(terminalID: terminalID, day: day, in: db)
            var report = try computeReport(day: day, count: count, in: db)
            report.seal = try LedgerRepository.seal(terminalID: terminalID, day: day, in: db)
            return report
        }
    }

    /// What the close of `day` would show with `count`, without closing (the UI's 日計 screen before approval).
    public func preview(on day: CalendarDate, count: DailyCount) throws -> DailyReport {
        try database.read { db in try computeReport(day: day, count: count, in: db) }
    }

    // MARK: - Closing

    /// Closes `day` with the keyed count and a supervisor's approval; the day is read-only afterwards.
    /// Refused: a day already closed, a day not yet come, a case of this terminal still open on it.
    public func close(day: CalendarDate, count: DailyCount, actor: EventActor, channel: CaseChannel,
                      supervisorID: String, supervisorPassword: String) throws -> DailyReport {
        let supervisor = try clerks.approve("日計の締め", clerkID: supervisorID, password: supervisorPassword)
        let now = clock.now()
        return try database.write { db in
            guard day <= CalendarDate.inJapan(at: now) else { throw LedgerError.dayNotStarted }
            guard try LedgerRepository.seal(terminalID: terminalID, day: day, in: db) == nil else {
                throw LedgerError.alreadyClosed
            }
            let open = try CaseEventRepository.openCases(terminalID: terminalID, day: day, in: db)
            guard open == 0 else { throw LedgerError.openCases(count: open) }
            var report = try computeReport(day: day, count: count, in: db)
            let close = DailyClose(actor: actor, channel: channel, supervisorID: supervisor.id, closedAt: now, report: report)
            report.seal = try LedgerRepository.append(close, in: db)
            return report
        }
    }

    // MARK: - Audit

    /// What ``verify()`` found: the chains and the write-once triggers that are missing.
    public struct Verification: Sendable, Equatable {
        public var chains: LedgerChainReport
        public var missingGuards: [String]
        /// True when every chain holds and every trigger is in place.
        public var isIntact: Bool { chains.isIntact && missingGuards.isEmpty }
    }

    /// Recomputes every terminal's chain of `database` and checks the triggers.
    public static func verify(_ database: CounterDatabase) throws -> Verification {
        try database.read { db in
            Verification(chains: try LedgerRepository.verifyChains(in: db),
                         missingGuards: try LedgerRepository.missingGuards(in: db))
        }
    }

    private func computeReport(day: CalendarDate, count: DailyCount?, in db: GRDB.Database) throws -> DailyReport {
        let payments = try LedgerRepository.payments(terminalID: terminalID, day: day, in: db)
        let cancellations = try LedgerRepository.cancellations(terminalID: terminalID, day: day, in: db)
        return try DailyReport.compute(terminalID: terminalID, day: day, payments: payments, cancellations: cancellations,
                                       count: count) { code in catalog.reason(code: code)?.label ?? code }
    }
}
