import CashlessLedger
import CertificateIssue
import CounterCore
import DocumentPrint
import Foundation
import MyNumberReader

/// The kiosk's use cases over the same application layer as the counter (issue 11): the card's JPKI user
/// authentication, the kinds this person may get at a kiosk, the quote, the cashless-only payment with the
/// issuance in one transaction (``CertificateDesk``), the person check right before printing, and the receipt.
/// Every session is a case of actor ``EventActor/kiosk(terminalID:)`` on channel `kiosk`, with no personal
/// data in its events.
public struct KioskDesk: Sendable {
    /// Issuance, fees and the certificate log.
    public let desk: CertificateDesk
    /// Cases and their events (channel `kiosk`), and the card reader.
    public let cases: CaseService
    /// Checks the card's user-authentication certificate (CA, validity, key usage, revocation list).
    public var authenticator: JPKIAuthenticator { checks.value }
    private let checks: LockedValue<JPKIAuthenticator>
    /// The payment terminal: the kiosk takes no cash.
    public let terminal: any PaymentTerminal
    /// The printer the certificates and receipts go to.
    public let printer: any Printer
    /// The words and the hours.
    public let catalog: KioskCatalog

    /// A kiosk over `desk`; `cases` must run on channel `kiosk`.
    public init(desk: CertificateDesk, cases: CaseService, authenticator: JPKIAuthenticator, terminal: any PaymentTerminal,
                printer: any Printer, catalog: KioskCatalog) {
        self.desk = desk
        self.cases = cases
        checks = LockedValue(authenticator)
        self.terminal = terminal
        self.printer = printer
        self.catalog = catalog
    }

    /// Who runs every kiosk case.
    public var actor: EventActor { .kiosk(terminalID: desk.terminalID) }

    /// Whether the kiosk serves now (the schedule's hours and closed days).
    public func isOpen() -> Bool {
        catalog.schedule.isOpen(at: desk.clock.now())
    }

    /// Throws when no card could be checked now (the revocation list is outdated or not yet valid): the kiosk
    /// stops for staff before anyone enters a PIN.
    public func checkReady() throws {
        try authenticator.checkRevocationListCurrent(at: desk.clock.now())
    }

    /// Reads the CA certificate and the revocation list again from their files (staff installed a current list),
    /// then checks that the kiosk can serve.
    public func reloadRevocationList() throws {
        let reloaded = try authenticator.reloaded()
        checks.set(reloaded)
        try checkReady()
    }

    /// Opens a citizen's session: a case of style `certificate`, its request id fixed for the whole session
    /// (the payment's and the print job's key end to end).
    public func begin() -> KioskSession {
        let open = cases.begin(actor: actor, style: .certificate)
        let id = UUID()
        let requestID = "K-\(id.uuidString.lowercased())"
        return KioskSession(open: open, scope: KioskSessionScope(
            scope: open.scope, requestID: requestID, number: id.shortNumber,
            payment: open.beginPayment(on: desk.cashier, requestID: requestID)), cashier: desk.cashier)
    }

    // MARK: - The card

    /// The 利用者証明用 PIN tries left (at least 1); a locked PIN or another card throws, recorded as a card
    /// error of the session.
    public func authPINTriesLeft(_ session: KioskSessionScope) async throws -> Int {
        do {
            return try await cases.card.authPINTriesLeft()
        } catch {
            session.scope.record(.cardError(kind: errorKind(of: error)))
            throw error
        }
    }

    /// Verifies the PIN on the card, has it sign a fresh challenge, checks the signature and the certificate
    /// (CA, validity, key usage, revocation) and finds the person the certificate is linked to. Every refusal
    /// is recorded as a card error of the session by its kind, never with the certificate or the person.
    public func authenticate(pin: CardPIN, _ session: KioskSessionScope) async throws -> KioskIdentity {
        let started = ContinuousClock.now
        let evidence: JPKIAuthenticator.CardEvidence
        do {
            evidence = try await cases.card.authenticationEvidence(pin: pin)
        } catch {
            session.scope.record(.cardError(kind: errorKind(of: error)))
            throw error
        }
        let cardDone = ContinuousClock.now
        let result: JPKIAuthenticationResult
        do {
            result = try await authenticator.verify(evidence, at: desk.clock.now())
        } catch {
            session.scope.record(.cardError(kind: error.eventErrorKind))
            throw error
        }
        let verified = ContinuousClock.now
        guard let serial = JPKILink.canonicalSerial(result.serialNumber),
              let person = try desk.registry.person(jpkiIssuer: result.issuer, serial: serial) else {
            session.scope.record(.cardError(kind: KioskError.notLinked.eventErrorKind))
            throw KioskError.notLinked
        }
        return KioskIdentity(personID: person.id, timing: .init(card: cardDone - started, verification: verified - cardDone,
                                                                lookup: ContinuousClock.now - verified))
    }

    // MARK: - What this person may get here

    /// A kind this person may get at the kiosk, with its fee per copy today and the options it offers here.
    public struct Offer: Sendable, Equatable {
        /// The kind.
        public var kind: CertificateKind
        /// The fee of one copy.
        public var feePerCopy: Yen
        /// The options the citizen may add at a kiosk (the catalog's kiosk options the kind offers).
        public var options: [CertificateOption]
    }

    /// The kinds `identity` may get at a kiosk, in the catalog's order. Throws ``KioskError/counterOnly``
    /// when the person may get nothing here (a support measure, a planned move-out, a removed record): the
    /// citizen is sent to the counter with no reason given.
    public func offers(for identity: KioskIdentity) throws -> [Offer] {
        guard let person = try desk.registry.person(id: identity.personID) else { throw KioskError.counterOnly }
        var offers: [Offer] = []
        for kind in desk.catalog.kinds where kind.kiosk {
            let probe = CertificateRequest(personID: person.id, kindID: kind.id)
            do {
                let quote = try desk.quote(probe, atKiosk: true)
                offers.append(Offer(kind: kind, feePerCopy: quote.total,
                                    options: desk.catalog.kioskOptions.filter(kind.options.contains)))
            } catch IssuanceError.supportMeasure {
                // Nothing at all, and no hint of why.
                throw KioskError.counterOnly
            } catch is IssuanceError {
                continue
            }
        }
        guard !offers.isEmpty else { throw KioskError.counterOnly }
        return offers
    }

    /// Checks and prices the citizen's choice, and renders it once (without a number) so a certificate that
    /// cannot print here (a character the font lacks, text over its box) is sent to the counter before any
    /// fee is charged.
    public func quote(_ identity: KioskIdentity, kindID: String, options: Set<CertificateOption>, copies: Int) throws
        -> KioskOrder
    {
        let request = CertificateRequest(personID: identity.personID, kindID: kindID, options: options, copies: copies)
        do {
            let quote = try desk.quote(request, atKiosk: true)
            try desk.checkPrintable(request)
            return KioskOrder(request: request, quote: quote)
        } catch IssuanceError.invalidCopies(let maximum) {
            // The citizen can choose again; every other refusal of the request or of its rendering is the counter's.
            throw IssuanceError.invalidCopies(maximum: maximum)
        } catch is IssuanceError {
            throw KioskError.counterOnly
        } catch is DocumentPrintError {
            throw KioskError.counterOnly
        }
    }

    // MARK: - Paying and printing

    /// Charges the fee on the payment terminal and records payment, issuance and numbers in one transaction
    /// under the session's request id (a retry charges nothing twice). A decline or a failure charges and
    /// records nothing; the case notes the payment's method and duration once it is durable.
    public func pay(_ order: KioskOrder, _ session: KioskSessionScope) async throws -> CertificateDesk.Issuance {
        let request = order.request
        let desk = desk, terminal = terminal, actor = actor, requestID = session.requestID
        var issued: CertificateDesk.Issuance?
        _ = try await session.payment.record { paymentID in
            let issuance = try await desk.issue(request, requestID: requestID, paymentID: paymentID, through: terminal,
                                                actor: actor, channel: .kiosk)
            issued = issuance
            return Cashier.Receipt(payment: issuance.payment, wasRecordedBefore: issuance.wasIssuedBefore)
        }
        guard let issued else { preconditionFailure("the payment step returned without running its work") }
        return issued
    }

    /// Renders every copy, checks that the certificate's person is the authenticated person (and the request
    /// the session's), then prints. A mismatch throws ``KioskError/personMismatch`` and prints nothing.
    /// `progress` hears the number of copies sent so far, after each (the screen shows it: printing may take minutes).
    public func print(_ issuance: CertificateDesk.Issuance, for identity: KioskIdentity, _ session: KioskSessionScope,
                      progress: @Sendable (Int) -> Void = { _ in }) throws -> [CertificateDesk.CopyOutcome]
    {
        guard issuance.entry.requestID == session.requestID, issuance.request.personID == identity.personID else {
            session.scope.record(.cardError(kind: KioskError.personMismatch.eventErrorKind))
            throw KioskError.personMismatch
        }
        let rendered: [RenderedCopy]
        do {
            rendered = try desk.render(issuance, expecting: identity.personID)
        } catch CertificateCheckError.otherPerson {
            session.scope.record(.cardError(kind: KioskError.personMismatch.eventErrorKind))
            throw KioskError.personMismatch
        }
        let missing = Set(try desk.unprinted(issuance).map(\.serial))
        let pending = zip(issuance.copies, rendered).filter { missing.contains($0.0.serial) }
        var outcomes: [CertificateDesk.CopyOutcome] = []
        for (copy, document) in pending {
            var one = issuance
            one.copies = [copy]
            outcomes += desk.print(one, copies: [document], to: printer, actor: actor, channel: .kiosk)
            progress(outcomes.count)
        }
        return outcomes
    }

    /// Today's paid, numbered certificates of this kiosk that never printed (staff print them from the staff menu).
    public func unprintedIssuances() throws -> [CertificateDesk.Issuance] {
        try desk.unprintedIssuances()
    }

    /// Prints what never printed of `issuances` under their own numbers (no new fee), for staff; returns the copies
    /// printed and the copies that failed again.
    public func printUnprinted(_ issuances: [CertificateDesk.Issuance]) throws -> (printed: Int, failed: Int) {
        var printed = 0, failed = 0
        for issuance in issuances {
            for outcome in try desk.printMissing(issuance, to: printer, actor: actor, channel: .kiosk) {
                if case .success = outcome.result { printed += 1 } else { failed += 1 }
            }
        }
        return (printed, failed)
    }

    /// The receipt (利用控え) of a paid issuance in `language`: kind, copies, fee, brand, slip number, time, and
    /// where the same certificates are issued next time; no name, address or number of the person.
    public func receipt(_ issuance: CertificateDesk.Issuance, language: String) -> KioskReceipt {
        let kind = desk.catalog.kind(id: issuance.request.kindID)
        var brand = "", slip = ""
        if case .cashless(let brandID, _, let number) = issuance.payment.tender {
            brand = desk.cashier.catalog.brands.first { $0.id == brandID }?.displayName ?? brandID
            slip = number
        }
        let numbers = issuance.copies.map { desk.number(of: $0, in: issuance) }
        return KioskReceipt(language: language, kindID: kind?.id ?? "", copies: issuance.request.copies,
                            total: issuance.payment.total, brand: brand, slip: slip, time: issuance.payment.recordedAt,
                            numbers: numbers)
    }

    /// Prints `receipt` (A4, the session's language) on the kiosk's printer.
    public func printReceipt(_ receipt: KioskReceipt) throws -> PrintReceipt {
        let pdf = try KioskReceiptRenderer(catalog: catalog).render(receipt)
        return try printer.submit(pdf: pdf, title: "kiosk-receipt", copies: 1, paper: Paper(size: .a4))
    }

    /// Ends the session: records its end and duration, wipes what the case held.
    public func end(_ session: KioskSession) {
        session.open.end()
    }
}

/// A value behind a lock, shared by the kiosk's UI thread and its background work.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        stored = value
    }

    var value: Value { lock.withLock { stored } }

    func set(_ value: Value) {
        lock.withLock { stored = value }
    }
}

/// One citizen's session at the kiosk, owned by the UI thread: its case and the Sendable scope that work off
/// the UI thread records into. Dropping it (at the end, on the idle timeout, when the card leaves early)
/// drops everything the session knew.
public final class KioskSession {
    /// The case (style `certificate`, actor the kiosk).
    public let open: OpenCase
    /// What background work of this session needs.
    public private(set) var scope: KioskSessionScope
    private let cashier: Cashier

    init(open: OpenCase, scope: KioskSessionScope, cashier: Cashier) {
        self.open = open
        self.scope = scope
        self.cashier = cashier
    }

    /// Opens the payment step when the citizen reaches the payment (its duration is the payment time the KPIs
    /// compare), and again after the terminal declined the last try (a declined reference is spent; nothing was
    /// charged). After a timeout or a charge the terminal never received, the same step is tried again, so a late
    /// charge is found by its reference, never made twice.
    public func beginPayment() {
        scope = KioskSessionScope(scope: scope.scope, requestID: scope.requestID, number: scope.number,
                                  payment: open.beginPayment(on: cashier, requestID: scope.requestID))
    }

    /// The session's request id: the payment's key and the print job's, end to end.
    public var requestID: String { scope.requestID }
}

/// The Sendable part of a session: its case scope, its request id and its one payment step.
public struct KioskSessionScope: Sendable {
    let scope: CaseScope
    /// The request id.
    public let requestID: String
    /// The session's number as the citizen quotes it to staff (「3F2A-9C1B」, the start of the request id), the
    /// same rule as a case's number at the counter.
    public let number: String
    /// The payment step: one payment id for every try until the terminal declines (a retry after a timeout or a
    /// charge the terminal never received is never a second charge).
    public let payment: CasePayment
}

/// The person a card proved to be, by registry id only, and how long each part of the proof took.
public struct KioskIdentity: Sendable, Equatable {
    /// The registry's id of the card holder.
    public let personID: String
    /// Card I/O, signature and certificate checks, and the registry lookup, apart.
    public let timing: Timing

    /// How long the parts of an authentication took.
    public struct Timing: Sendable, Equatable {
        /// PIN verification and the card's signature (card I/O).
        public var card: Duration
        /// Signature, certificate and revocation checks.
        public var verification: Duration
        /// Finding the person by the certificate link.
        public var lookup: Duration
    }
}

/// A checked, priced choice of the citizen: the request and its quote.
public struct KioskOrder: Sendable {
    /// The request (the person's own, at a kiosk).
    public let request: CertificateRequest
    /// The fee.
    public let quote: CertificateDesk.Quote
}

/// Why the kiosk sends a citizen elsewhere. Said to the citizen through the catalog, never with a reason that
/// reveals a support measure; the event records the kind only.
public enum KioskError: UserFacingError, Equatable {
    /// The certificate is valid but linked to no one in this city's registry.
    case notLinked
    /// Nothing (or not this) can be issued here: 窓口でお手続きください, no reason given.
    case counterOnly
    /// The certificate about to print is not the authenticated person's: the kiosk stops.
    case personMismatch

    public var userMessage: String {
        switch self {
        case .notLinked: return "このカードの利用者は住民記録にありません。窓口でお手続きください。"
        case .counterOnly: return "この機械ではお取り扱いできません。窓口でお手続きください。"
        case .personMismatch: return "印刷しようとした証明書が本人確認した方のものではありません。印刷を止めました。職員を呼んでください。"
        }
    }
}

extension KioskError: EventErrorKind {
    /// `kiosk.<case>`, stable for event records.
    public var eventErrorKind: String {
        switch self {
        case .notLinked: return "kiosk.notLinked"
        case .counterOnly: return "kiosk.counterOnly"
        case .personMismatch: return "kiosk.personMismatch"
        }
    }
}
