import CashlessLedger
import CertificateIssue
import CounterCore
@testable import CounterService
import CounterStore
import CounterTestSupport
import DocumentPrint
import Foundation
import GRDB
import MyNumberReader
import Testing

/// The kiosk's use cases with no screen: the card's JPKI authentication on the in-process card model, the
/// offers, the quote's test render, the payment through a scripted terminal, the person check before printing.
@Suite("Kiosk desk")
struct KioskDeskTests {
    let fixture: KioskFixture
    let registry: AlteredRegistry
    var database: CounterDatabase { fixture.database }
    var folder: URL { fixture.folder }

    init() throws {
        fixture = try KioskFixture()
        registry = AlteredRegistry(base: fixture.registry)
    }

    private func kiosk(terminal: any PaymentTerminal = ScriptedTerminal(charge: .approved(Approval(brandID: "paypay", slip: "000123"))),
                       printer: (any Printer)? = nil) throws -> KioskDesk {
        try fixture.kiosk(terminal: terminal, printer: printer, registry: { [registry] _ in registry })
    }

    private func count(_ sql: String) throws -> Int {
        try fixture.count(sql)
    }

    @Test("the card proves P90001; the offers are the kiosk's kinds this person may get, with today's fee; a wrong PIN spends a try and says so")
    func authenticationAndOffers() async throws {
        let kiosk = try kiosk()
        let session = kiosk.begin()
        #expect(try await kiosk.authPINTriesLeft(session.scope) == 3)
        await #expect(throws: CardError.wrongPIN(triesLeft: 2)) { try await kiosk.authenticate(pin: try CardPIN("9999"), session.scope) }
        let identity = try await kiosk.authenticate(pin: try CardPIN("1234"), session.scope)
        #expect(identity.personID == "P90001")
        let offers = try kiosk.offers(for: identity)
        #expect(offers.allSatisfy { $0.kind.kiosk })
        #expect(!offers.contains { $0.kind.id == "jokuhyo" || $0.kind.id == "juminhyo-partial" })
        #expect(offers.first { $0.kind.id == "juminhyo-personal" }?.feePerCopy == Yen(300))
        #expect(offers.first { $0.kind.id == "juminhyo-personal" }?.options == [.householdHead, .honseki])
        kiosk.end(session)
        await kiosk.cases.events.waitUntilSaved()
        let kinds = try database.read { db in try String.fetchAll(db, sql: "SELECT kind || ':' || IFNULL(error_kind, '') FROM case_event ORDER BY seq") }
        #expect(kinds == ["caseStarted:", "cardError:card.wrongPIN", "caseEnded:"])
    }

    @Test("a person the kiosk must send to the counter: 支援措置, 転出予定; and at a kiosk no 個人番号 or 住民票コード")
    func counterOnly() throws {
        let kiosk = try kiosk()
        #expect(throws: KioskError.counterOnly) { try kiosk.offers(for: KioskIdentity(personID: "P90005", timing: .zero)) }
        let movingOut = try #require(try database.read { db in
            try String.fetchOne(db, sql: "SELECT id FROM registry_person WHERE status = 'moving-out'")
        })
        #expect(throws: KioskError.counterOnly) { try kiosk.offers(for: KioskIdentity(personID: movingOut, timing: .zero)) }
        let identity = KioskIdentity(personID: "P90001", timing: .zero)
        for option in [CertificateOption.individualNumber, .juminhyoCode, .history] {
            #expect(throws: KioskError.counterOnly) {
                try kiosk.quote(identity, kindID: "juminhyo-personal", options: [option], copies: 1)
            }
        }
        #expect(throws: IssuanceError.invalidCopies(maximum: 10)) {
            try kiosk.quote(identity, kindID: "juminhyo-personal", options: [], copies: 11)
        }
    }

    @Test("a moved-out or deceased person gets nothing at a kiosk, their 戸籍 and 附票 included")
    func removedPersons() throws {
        let kiosk = try kiosk()
        #expect(throws: KioskError.counterOnly) { try kiosk.offers(for: KioskIdentity(personID: "P00007", timing: .zero)) }
        #expect(throws: KioskError.counterOnly) { try kiosk.offers(for: KioskIdentity(personID: "P00020", timing: .zero)) }
    }

    @Test("a charge approved but not recorded (the records failing after the charge) is cancelled on the terminal")
    func failureAfterChargeCancels() async throws {
        let terminal = ScriptedTerminal(charge: .approved(Approval(brandID: "paypay", slip: "000124")))
        let kiosk = try kiosk(terminal: terminal)
        let order = try kiosk.quote(KioskIdentity(personID: "P90001", timing: .zero), kindID: "juminhyo-personal", options: [], copies: 1)
        let session = kiosk.begin()
        session.beginPayment()
        registry.failLookups(after: 1)
        await #expect(throws: AlteredRegistry.LookupFailed.self) { try await kiosk.pay(order, session.scope) }
        #expect(terminal.chargeCount == 1 && terminal.cancelCount == 1)
        #expect(try count("SELECT COUNT(*) FROM ledger_entry") == 0)
        let unconfirmed = ScriptedTerminal(charge: .approved(Approval(brandID: "paypay", slip: "000125")), cancel: false)
        let other = try self.kiosk(terminal: unconfirmed)
        let second = other.begin()
        second.beginPayment()
        registry.failLookups(after: 1)
        await #expect(throws: ChargeError.cancelNotConfirmed) { try await other.pay(order, second.scope) }
    }

    @Test("a name the font lacks, or an address too long for its box, is sent to the counter before any fee")
    func notPrintableHere() throws {
        let kiosk = try kiosk()
        let identity = KioskIdentity(personID: "P90001", timing: .zero)
        _ = try kiosk.quote(identity, kindID: "juminhyo-personal", options: [], copies: 1)
        registry.alter("P90001") { person in
            var changed = person
            changed.name = "髙橋　\u{E000}子"
            return changed
        }
        #expect(throws: KioskError.counterOnly) { try kiosk.quote(identity, kindID: "juminhyo-personal", options: [], copies: 1) }
        registry.alter("P90001") { person in
            var changed = person
            changed.address = String(repeating: "大阪市北区中之島１丁目３－２０", count: 20)
            return changed
        }
        #expect(throws: KioskError.counterOnly) { try kiosk.quote(identity, kindID: "juminhyo-personal", options: [], copies: 1) }
        #expect(try count("SELECT COUNT(*) FROM ledger_entry") == 0)
    }

    @Test("paid through the terminal: one payment and one issuance under the session's request; the receipt carries no personal data")
    func payAndPrint() async throws {
        let terminal = ScriptedTerminal(charge: .approved(Approval(brandID: "paypay", slip: "000123")))
        let kiosk = try kiosk(terminal: terminal)
        let session = kiosk.begin()
        let identity = KioskIdentity(personID: "P90001", timing: .zero)
        let order = try kiosk.quote(identity, kindID: "juminhyo-personal", options: [.householdHead], copies: 2)
        session.beginPayment()
        let issuance = try await kiosk.pay(order, session.scope)
        #expect(issuance.entry.requestID == session.requestID && issuance.entry.channel == .kiosk)
        #expect(issuance.payment.total == Yen(600) && terminal.chargeCount == 1)
        let outcomes = try kiosk.print(issuance, for: identity, session.scope)
        #expect(outcomes.count == 2 && outcomes.allSatisfy { if case .success = $0.result { true } else { false } })
        // Printing again prints nothing more: the copies are printed.
        #expect(try kiosk.print(issuance, for: identity, session.scope).isEmpty)
        let receipt = kiosk.receipt(issuance, language: "vi")
        #expect(receipt.brand == "PayPay" && receipt.slip == "000123" && receipt.copies == 2)
        let pdf = try KioskReceiptRenderer(catalog: kiosk.catalog).render(receipt)
        let text = try Poppler.text(pdf)
        #expect(text.contains("600 yên") && text.contains("PayPay") && text.contains("000123"))
        #expect(!text.contains("髙橋") && !text.contains("中之島") && !text.contains("P90001"))
        #expect(try count("SELECT COUNT(*) FROM ledger_entry WHERE kind = 'payment'") == 1)
    }

    @Test("a declined charge records nothing; a certificate about to print for another person than the card's is stopped and prints nothing")
    func declineAndMismatch() async throws {
        let declining = try kiosk(terminal: ScriptedTerminal(charge: .declined(reason: "insufficient")))
        let identity = KioskIdentity(personID: "P90001", timing: .zero)
        let session = declining.begin()
        session.beginPayment()
        let order = try declining.quote(identity, kindID: "juminhyo-personal", options: [], copies: 1)
        await #expect(throws: ChargeError.declined) { try await declining.pay(order, session.scope) }
        #expect(try count("SELECT COUNT(*) FROM ledger_entry") == 0 && (try count("SELECT COUNT(*) FROM certificate_log")) == 0)

        let kiosk = try kiosk()
        let paying = kiosk.begin()
        paying.beginPayment()
        let issuance = try await kiosk.pay(order, paying.scope)
        // The registry now answers P90001 with another person's record (a wrong join).
        let other = try #require(try registry.base.person(id: "P00010"))
        registry.alter("P90001") { _ in other }
        #expect(throws: KioskError.personMismatch) { try kiosk.print(issuance, for: identity, paying.scope) }
        // Another session's identity never prints this session's issuance.
        registry.alter("P90001") { $0 }
        #expect(throws: KioskError.personMismatch) {
            try kiosk.print(issuance, for: KioskIdentity(personID: "P90002", timing: .zero), paying.scope)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing was printed")
        #expect(try count("SELECT COUNT(*) FROM certificate_log WHERE kind = 'print'") == 0)
    }
}

/// A printer whose queue has stopped: every job is refused.
struct StoppedPrinter: Printer {
    var displayName: String { "プリンタ stopped" }
    func status() -> PrinterStatus { .unavailable(.queueStopped("stopped", reason: "paused")) }
    func submit(pdf: Data, title: String, copies: Int, paper: Paper?) throws -> PrintReceipt {
        throw PrintError.queueStopped("stopped", reason: "paused")
    }
    func resume() throws {}
}

extension KioskDeskTests {
    @Test("a printer failing after payment leaves a paid, numbered issuance; staff print it later under the same numbers, no new fee")
    func printerFailsAfterPayment() async throws {
        let failing = try kiosk(printer: StoppedPrinter())
        let session = failing.begin()
        session.beginPayment()
        let identity = KioskIdentity(personID: "P90001", timing: .zero)
        let issuance = try await failing.pay(try failing.quote(identity, kindID: "juminhyo-personal", options: [], copies: 2), session.scope)
        let outcomes = try failing.print(issuance, for: identity, session.scope)
        #expect(outcomes.count == 2 && outcomes.allSatisfy { if case .failure = $0.result { true } else { false } })
        let staff = try kiosk()
        let waiting = try staff.unprintedIssuances()
        #expect(waiting.map(\.entry.requestID) == [session.requestID])
        let result = try staff.printUnprinted(waiting)
        #expect(result.printed == 2 && result.failed == 0)
        #expect(try staff.unprintedIssuances().isEmpty)
        #expect(try count("SELECT COUNT(*) FROM ledger_entry WHERE kind = 'payment'") == 1)
        #expect(try count("SELECT COUNT(*) FROM certificate_number") == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 2)
    }
}

extension KioskIdentity.Timing {
    static let zero = KioskIdentity.Timing(card: .zero, verification: .zero, lookup: .zero)
}
