import CashlessLedger
import CertificateIssue
import CounterCore
import CounterService
import Foundation
import MyNumberReader

extension Canvas {
    /// One large numbered choice: the number reversed and bold-framed, the label beside it, a blank row after
    /// (easy to hit, easy to read, also on a monochrome terminal).
    mutating func choice(_ number: Int, _ label: String, detail: String? = nil) {
        guard hasRoom else { return }
        put(" \(number) ", row: row, column: 0)
        buffer.write(" \(number) ", row: top + row, column: left, maxWidth: 4, style: .reverse)
        let text = detail.map { "\(label)　\($0)" } ?? label
        buffer.write(text, row: top + row, column: left + 5, maxWidth: max(0, width - 5), style: .bold)
        blank()
        if rowsLeft > 2 { blank() }
    }
}

// MARK: - Waiting

/// The start: the language, each named in itself; Enter goes on in the language shown. As an overlay (the
/// `*` key), it changes the language of the screen underneath.
final class KioskLanguageScreen: KioskStep, KioskScreen {
    private let asOverlay: Bool

    init(_ mode: KioskMode, asOverlay: Bool) {
        self.asOverlay = asOverlay
        super.init(mode)
    }

    var phase: KioskPhase { .waiting }
    var keyHints: [KeyHint] {
        hints(numbers: mode.kiosk.catalog.languages.count, confirm: text("key.next"), back: asOverlay ? text("key.back") : nil)
    }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        // The prompt in every language: a citizen who reads only one of them finds theirs.
        for language in mode.kiosk.catalog.languages where canvas.rowsLeft > mode.kiosk.catalog.languages.count * 2 {
            canvas.line(mode.kiosk.catalog.text("language.prompt", in: language.tag))
        }
        canvas.blank()
        for (index, language) in mode.kiosk.catalog.languages.enumerated() {
            canvas.choice(index + 1, language.name + (language.tag == mode.language ? "  ◀" : ""))
        }
    }

    func handle(_ action: Action, _ app: KioskContext) {
        let languages = mode.kiosk.catalog.languages
        switch action {
        case .text(let key):
            guard let number = key.wholeNumberValue, (1...languages.count).contains(number) else { return }
            mode.language = languages[number - 1].tag
            proceed(app)
        case .confirm: proceed(app)
        case .back: if asOverlay { app.removeOverlay() }
        default: break
        }
    }

    private func proceed(_ app: KioskContext) {
        if asOverlay {
            app.removeOverlay()
            return
        }
        do {
            try mode.kiosk.checkReady()
        } catch {
            // No card can be checked (the revocation list is out of date): stop for staff before anyone types a PIN.
            return app.stopKiosk(reason: mode.kiosk.catalog.staffText("staff.reason.revocationList"))
        }
        app.beginSession()
        app.show(KioskCardPlaceScreen(mode))
    }
}

/// Outside the hours (as コンビニ交付) or on a closed day.
final class KioskClosedScreen: KioskStep, KioskScreen {
    var phase: KioskPhase { .waiting }
    var keyHints: [KeyHint] { [] }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        // In every language: the citizen has not chosen one yet. The hours, and on a closed day that today is one.
        let catalog = mode.kiosk.catalog
        let closedDay = catalog.schedule.isClosedDay(mode.kiosk.desk.clock.now())
        for language in catalog.languages {
            canvas.paragraph(catalog.text("closed", in: language.tag, ["hours": catalog.schedule.hoursText]), maxLines: 2,
                             style: language.tag == mode.language ? .bold : .normal)
            if closedDay { canvas.paragraph(catalog.text("closed.day", in: language.tag), maxLines: 2) }
        }
    }

    func handle(_ action: Action, _ app: KioskContext) {}
}

/// Stopped until staff reopen it (a person mismatch before printing, or a staff stop).
final class KioskStoppedScreen: KioskStep, KioskScreen {
    var phase: KioskPhase { .waiting }
    var keyHints: [KeyHint] { [] }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        canvas.blank()
        canvas.paragraph(text("stopped"), style: .bold)
        if mode.cardStatus.cardPresent {
            canvas.blank()
            canvas.paragraph(text("card.remove"), style: .bold)
        }
    }

    func handle(_ action: Action, _ app: KioskContext) {}
}

// MARK: - The card

/// 「カードを置いてください」: goes on once a card is on the reader.
final class KioskCardPlaceScreen: KioskStep, KioskScreen {
    override var step: Int? { 0 }
    var phase: KioskPhase { .session }
    var keyHints: [KeyHint] { hints(back: text("key.cancel")) }

    func didAppear(_ app: KioskContext) {
        cardStatusChanged(app)
    }

    func cardStatusChanged(_ app: KioskContext) {
        if mode.cardStatus.problem != nil {
            app.message = (text("card.readerProblem"), true)
        } else if mode.cardStatus.cardPresent {
            app.show(KioskCardCheckScreen(mode))
        }
    }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        canvas.blank()
        canvas.paragraph(text("card.place"), style: .bold)
    }

    func handle(_ action: Action, _ app: KioskContext) {
        if action == .back { app.endSession() }
    }
}

/// Reads the PIN's tries left (no try is spent): a locked PIN or another card is said before a PIN is asked.
final class KioskCardCheckScreen: KioskStep, KioskScreen {
    override var step: Int? { 0 }
    var phase: KioskPhase { .beforeAuthentication }
    var keyHints: [KeyHint] { [] }

    func didAppear(_ app: KioskContext) {
        guard let scope = mode.session?.scope else { return }
        let kiosk = mode.kiosk
        app.run(from: self, { try await kiosk.authPINTriesLeft(scope) }) { screen, app, result in
            switch result {
            case .success(let tries): app.show(KioskPINScreen(screen.mode, triesLeft: tries))
            case .failure(let error): app.show(KioskRemoveCardScreen(screen.mode, after: error))
            }
        }
    }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        canvas.blank()
        canvas.paragraph(text("card.reading"), style: .bold)
    }

    func handle(_ action: Action, _ app: KioskContext) {}
}

/// The 4-digit 利用者証明用 PIN, masked as large dots, with the tries left when a try was lost.
final class KioskPINScreen: KioskStep, KioskScreen {
    private let triesLeft: Int
    private let wasWrong: Bool
    private var digits: [Character] = []

    init(_ mode: KioskMode, triesLeft: Int, wasWrong: Bool = false) {
        self.triesLeft = triesLeft
        self.wasWrong = wasWrong
        super.init(mode)
    }

    override var step: Int? { 1 }
    var phase: KioskPhase { .beforeAuthentication }
    var keyHints: [KeyHint] { hints(numbers: 9, confirm: text("key.confirm"), back: text("key.cancel")) }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        if wasWrong { canvas.line(text("pin.wrong"), style: .bold) }
        canvas.paragraph(text("pin.prompt"))
        if triesLeft == 1 {
            canvas.line(text("pin.lastTry"), style: .bold)
        } else if triesLeft < 3 {
            canvas.line(text("pin.triesLeft", ["n": "\(triesLeft)"]), style: .bold)
        }
        canvas.blank()
        let dots = String(repeating: "●", count: digits.count) + String(repeating: "_", count: 4 - digits.count)
        canvas.bigNumber("", dots, suffix: "")
    }

    func handle(_ action: Action, _ app: KioskContext) {
        switch action {
        case .text(let key) where key.isASCII && key.isNumber:
            if digits.count < 4 { digits.append(key) }
        case .erase:
            if !digits.isEmpty { digits.removeLast() }
        case .confirm:
            guard digits.count == 4, let pin = try? CardPIN(String(digits)) else { return }
            wipe()
            app.show(KioskAuthenticationScreen(mode, pin: pin))
        case .back:
            wipe()
            app.show(KioskRemoveCardScreen(mode, message: nil, then: .end))
        default: break
        }
    }

    private func wipe() {
        for index in digits.indices { digits[index] = "0" }
        digits.removeAll()
    }
}

/// The card signs a fresh challenge; its certificate is checked and its holder found.
final class KioskAuthenticationScreen: KioskStep, KioskScreen {
    private let pin: CardPIN

    init(_ mode: KioskMode, pin: CardPIN) {
        self.pin = pin
        super.init(mode)
    }

    override var step: Int? { 1 }
    var phase: KioskPhase { .beforeAuthentication }
    var keyHints: [KeyHint] { [] }

    func didAppear(_ app: KioskContext) {
        guard let scope = mode.session?.scope else { return }
        let kiosk = mode.kiosk, pin = pin
        app.run(from: self, { try await kiosk.authenticate(pin: pin, scope) }) { screen, app, result in
            switch result {
            case .success(let identity):
                screen.mode.identity = identity
                app.show(KioskRemoveCardScreen(screen.mode, message: nil, then: .offers))
            case .failure(CardError.wrongPIN(let tries)) where tries > 0:
                app.show(KioskPINScreen(screen.mode, triesLeft: tries, wasWrong: true))
            case .failure(JPKIAuthenticationError.revocationListOutdated), .failure(JPKIAuthenticationError.revocationListNotYetValid):
                // No card can be checked until staff install a current list: the kiosk stops for them.
                app.stopKiosk(reason: screen.mode.kiosk.catalog.staffText("staff.reason.revocationList"))
            case .failure(let error):
                app.show(KioskRemoveCardScreen(screen.mode, after: error))
            }
        }
    }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        canvas.blank()
        canvas.paragraph(text("auth.checking"), style: .bold)
    }

    func handle(_ action: Action, _ app: KioskContext) {}
}

/// 「カードをお取りください」, with why when the session cannot go on; nothing continues while the card is on
/// the reader.
final class KioskRemoveCardScreen: KioskStep, KioskScreen {
    /// What follows the card's removal.
    enum Next {
        /// The kinds this person may get.
        case offers
        /// The end of the session (a refusal was said).
        case end
    }

    private let messageKey: String?
    private let next: Next

    init(_ mode: KioskMode, message: String?, then next: Next) {
        messageKey = message
        self.next = next
        super.init(mode)
    }

    /// After a card or authentication error: what to say, and the session ends.
    convenience init(_ mode: KioskMode, after error: any Error) {
        self.init(mode, message: KioskRemoveCardScreen.messageKey(for: error), then: .end)
    }

    /// The catalog key that tells a citizen about `error` (no reason that reveals a support measure).
    static func messageKey(for error: any Error) -> String {
        switch error {
        case CardError.pinBlocked, CardError.wrongPIN: return "pin.locked"
        case CardError.notMyNumberCard: return "card.notMyNumber"
        case CardError.cardRemoved, CardError.noCard: return "card.removedEarly"
        case let error as CardError where error == .serviceNotRunning || error == .noReader: return "card.readerProblem"
        case JPKIAuthenticationError.certificateExpired: return "auth.expired"
        case JPKIAuthenticationError.certificateRevoked: return "auth.revoked"
        case is JPKIAuthenticationError: return "auth.refused"
        case KioskError.notLinked, KioskError.counterOnly: return "counter.please"
        default: return "failed"
        }
    }

    override var step: Int? { 1 }
    var phase: KioskPhase { .session }
    var keyHints: [KeyHint] { [] }

    func didAppear(_ app: KioskContext) {
        cardStatusChanged(app)
    }

    func cardStatusChanged(_ app: KioskContext) {
        guard !mode.cardStatus.cardPresent else { return }
        switch next {
        case .end: app.endSession()
        case .offers: app.show(KioskOffersLoadingScreen(mode))
        }
    }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        if let messageKey {
            canvas.paragraph(text(messageKey), style: .bold)
            canvas.blank()
        }
        canvas.paragraph(text("card.remove"), style: .bold)
        if next == .offers { canvas.line(text("card.removeWait")) }
    }

    func handle(_ action: Action, _ app: KioskContext) {}
}

// MARK: - The choice

/// Finds what this person may get here.
final class KioskOffersLoadingScreen: KioskStep, KioskScreen {
    override var step: Int? { 2 }
    var phase: KioskPhase { .session }
    var keyHints: [KeyHint] { [] }

    func didAppear(_ app: KioskContext) {
        guard let identity = mode.identity else { return app.endSession() }
        let kiosk = mode.kiosk
        app.run(from: self, { try kiosk.offers(for: identity) }) { screen, app, result in
            switch result {
            case .success(let offers): app.show(KioskKindsScreen(screen.mode, offers: offers))
            case .failure(let error): app.show(KioskNoticeScreen(screen.mode, key: KioskRemoveCardScreen.messageKey(for: error)))
            }
        }
    }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        canvas.blank()
        canvas.line(text("busy"))
    }

    func handle(_ action: Action, _ app: KioskContext) {}
}

/// The kinds this person may get at the kiosk, with the fee of one copy.
final class KioskKindsScreen: KioskStep, KioskScreen {
    private let offers: [KioskDesk.Offer]

    init(_ mode: KioskMode, offers: [KioskDesk.Offer]) {
        self.offers = offers
        super.init(mode)
    }

    override var step: Int? { 2 }
    var phase: KioskPhase { .session }
    var keyHints: [KeyHint] { hints(numbers: offers.count, back: text("key.cancel")) }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        canvas.line(text("kinds.prompt"), style: .bold)
        canvas.blank()
        for (index, offer) in offers.enumerated() {
            canvas.choice(index + 1, text("kind.\(offer.kind.id)"), detail: text("kinds.fee", ["amount": offer.feePerCopy.grouped]))
        }
    }

    func handle(_ action: Action, _ app: KioskContext) {
        switch action {
        case .text(let key):
            guard let number = key.wholeNumberValue, (1...offers.count).contains(number) else { return }
            let offer = offers[number - 1]
            let back = self
            if offer.options.isEmpty {
                app.show(KioskCopiesScreen(mode, offer: offer, options: [], back: { app in app.show(back) }))
            } else {
                app.show(KioskOptionsScreen(mode, offer: offer, back: { app in app.show(back) }))
            }
        case .back: app.endSession()
        default: break
        }
    }
}

/// The options this kind offers at a kiosk (世帯主・続柄, 本籍・筆頭者), each switched by its number.
final class KioskOptionsScreen: KioskStep, KioskScreen {
    private let offer: KioskDesk.Offer
    private let back: (KioskContext) -> Void
    private var chosen: Set<CertificateOption> = []

    init(_ mode: KioskMode, offer: KioskDesk.Offer, back: @escaping (KioskContext) -> Void) {
        self.offer = offer
        self.back = back
        super.init(mode)
    }

    override var step: Int? { 2 }
    var phase: KioskPhase { .session }
    var keyHints: [KeyHint] { hints(numbers: offer.options.count, confirm: text("key.next"), back: text("key.back")) }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        canvas.line(text("kind.\(offer.kind.id)"), style: .bold)
        canvas.paragraph(text("options.prompt"))
        canvas.blank()
        for (index, option) in offer.options.enumerated() {
            let state = chosen.contains(option) ? "[\(text("option.on"))]" : "[\(text("option.off"))]"
            canvas.choice(index + 1, text("option.\(option.rawValue)"), detail: state)
        }
    }

    func handle(_ action: Action, _ app: KioskContext) {
        switch action {
        case .text(let key):
            guard let number = key.wholeNumberValue, (1...offer.options.count).contains(number) else { return }
            let option = offer.options[number - 1]
            if chosen.contains(option) { chosen.remove(option) } else { chosen.insert(option) }
        case .confirm:
            let here = self
            app.show(KioskCopiesScreen(mode, offer: offer, options: chosen, back: { app in app.show(here) }))
        case .back: back(app)
        default: break
        }
    }
}

/// How many copies, in large digits; the choice is checked, priced and test-rendered before the fee shows.
final class KioskCopiesScreen: KioskStep, KioskScreen {
    private let offer: KioskDesk.Offer
    private let options: Set<CertificateOption>
    private let back: (KioskContext) -> Void
    private var copies = 1
    private var checking = false

    init(_ mode: KioskMode, offer: KioskDesk.Offer, options: Set<CertificateOption>, back: @escaping (KioskContext) -> Void) {
        self.offer = offer
        self.options = options
        self.back = back
        super.init(mode)
    }

    private var maximum: Int { min(9, mode.kiosk.desk.catalog.maximumCopies) }

    override var step: Int? { 2 }
    var phase: KioskPhase { .session }
    var keyHints: [KeyHint] { hints(numbers: maximum, adjust: true, confirm: text("key.next"), back: text("key.back")) }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        canvas.line(text("kind.\(offer.kind.id)"), style: .bold)
        canvas.paragraph(text("copies.prompt"))
        canvas.line(text("copies.limit", ["max": "\(maximum)"]))
        canvas.blank()
        canvas.bigNumber("", "\(copies)", suffix: text("copies.unit", ["n": ""]).trimmingCharacters(in: .whitespaces))
        if checking { canvas.line(text("busy")) }
    }

    func handle(_ action: Action, _ app: KioskContext) {
        guard !checking else { return }
        switch action {
        case .text(let key):
            if let number = key.wholeNumberValue, (1...maximum).contains(number) { copies = number }
        case .increase: copies = min(maximum, copies + 1)
        case .decrease: copies = max(1, copies - 1)
        case .confirm: quote(app)
        case .back: back(app)
        default: break
        }
    }

    private func quote(_ app: KioskContext) {
        guard let identity = mode.identity else { return app.endSession() }
        checking = true
        let kiosk = mode.kiosk, kindID = offer.kind.id, options = options, copies = copies
        app.run(from: self, { try kiosk.quote(identity, kindID: kindID, options: options, copies: copies) }) { screen, app, result in
            screen.checking = false
            switch result {
            case .success(let order): app.show(KioskFeeScreen(screen.mode, order: order, back: { app in app.show(screen) }))
            case .failure(let error): app.show(KioskNoticeScreen(screen.mode, key: KioskRemoveCardScreen.messageKey(for: error)))
            }
        }
    }
}

/// The fee in large digits; Enter goes to the payment.
final class KioskFeeScreen: KioskStep, KioskScreen {
    private let order: KioskOrder
    private let back: (KioskContext) -> Void

    init(_ mode: KioskMode, order: KioskOrder, back: @escaping (KioskContext) -> Void) {
        self.order = order
        self.back = back
        super.init(mode)
    }

    override var step: Int? { 3 }
    var phase: KioskPhase { .session }
    var keyHints: [KeyHint] { hints(confirm: text("key.next"), back: text("key.back")) }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        canvas.line("\(text("kind.\(order.quote.kind.id)"))　\(text("copies.unit", ["n": "\(order.request.copies)"]))", style: .bold)
        canvas.line(text("fee.total", ["amount": order.quote.total.grouped]))
        canvas.blank()
        canvas.bigNumber("", order.quote.total.grouped, suffix: text("receipt.yen", ["amount": ""]).trimmingCharacters(in: .whitespaces))
        canvas.paragraph(text("fee.confirm"))
    }

    func handle(_ action: Action, _ app: KioskContext) {
        switch action {
        case .confirm: app.show(KioskPayScreen(mode, order: order))
        case .back: back(app)
        default: break
        }
    }
}

// MARK: - Paying and printing

/// The charge on the payment terminal (cashless only), with the issuance recorded in the same step.
final class KioskPayScreen: KioskStep, KioskScreen {
    private let order: KioskOrder
    private var failureKey: String?
    private var paying = false

    init(_ mode: KioskMode, order: KioskOrder) {
        self.order = order
        super.init(mode)
    }

    override var step: Int? { 3 }
    var phase: KioskPhase { paying ? .busy : .session }
    var keyHints: [KeyHint] {
        failureKey == nil || failureKey == "pay.unresolved" ? [] : hints(confirm: text("key.next"), back: text("key.cancel"))
    }

    func didAppear(_ app: KioskContext) {
        pay(app)
    }

    private func pay(_ app: KioskContext) {
        guard let session = mode.session else { return app.endSession() }
        // The first try, and a try after a decline, open a payment step; after a charge the terminal never
        // received, the same reference is tried again, so a late charge is found, never made twice.
        if failureKey == nil || failureKey == "pay.declined" { session.beginPayment() }
        paying = true
        failureKey = nil
        let kiosk = mode.kiosk, order = order, scope = session.scope
        app.run(from: self, { try await kiosk.pay(order, scope) }) { screen, app, result in
            screen.paying = false
            switch result {
            case .success(let issuance): app.show(KioskPrintScreen(screen.mode, issuance: issuance))
            case .failure(ChargeError.declined): screen.failureKey = "pay.declined"
            case .failure(ChargeError.unresolved), .failure(ChargeError.cancelNotConfirmed): screen.failureKey = "pay.unresolved"
            case .failure(is ChargeError): screen.failureKey = "pay.failed"
            case .failure(let error): app.show(KioskNoticeScreen(screen.mode, key: KioskRemoveCardScreen.messageKey(for: error)))
            }
        }
    }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        canvas.bigNumber("", order.quote.total.grouped, suffix: text("receipt.yen", ["amount": ""]).trimmingCharacters(in: .whitespaces))
        if let failureKey {
            canvas.paragraph(text(failureKey), style: .bold)
            if failureKey == "pay.unresolved" {
                canvas.paragraph(text("print.where", ["office": mode.kiosk.desk.office?.name ?? "",
                                                      "number": mode.session?.scope.number ?? ""]))
            } else {
                canvas.paragraph(text("pay.retry"))
            }
        } else {
            canvas.paragraph(text("pay.prompt"), style: .bold)
            canvas.line(text("pay.waiting"))
        }
    }

    func handle(_ action: Action, _ app: KioskContext) {
        guard let failureKey, failureKey != "pay.unresolved" else { return }
        switch action {
        case .confirm:
            pay(app)
        case .back: app.endSession()
        default: break
        }
    }
}

/// Printing (may take minutes): the person check right before each job, then the receipt.
final class KioskPrintScreen: KioskStep, KioskScreen {
    private let issuance: CertificateDesk.Issuance
    private var printing = true
    /// Copies sent so far.
    private var sent = 0
    private let startedAt: Date

    init(_ mode: KioskMode, issuance: CertificateDesk.Issuance) {
        self.issuance = issuance
        startedAt = mode.kiosk.desk.clock.now()
        super.init(mode)
    }

    override var step: Int? { 4 }
    var phase: KioskPhase { printing ? .busy : .session }
    var keyHints: [KeyHint] { [] }

    func didAppear(_ app: KioskContext) {
        guard let session = mode.session, let identity = mode.identity else { return app.endSession() }
        let kiosk = mode.kiosk, issuance = issuance, scope = session.scope, language = mode.language, inbox = app.inbox
        app.run(from: self, {
            let outcomes = try kiosk.print(issuance, for: identity, scope) { sent in
                inbox.post { app in
                    (app.base as? KioskPrintScreen)?.sent = sent
                    app.isDirty = true
                }
            }
            let receipt = kiosk.receipt(issuance, language: language)
            let failed = outcomes.contains { if case .failure = $0.result { return true } else { return false } }
            // The receipt is a courtesy: the certificate printed is what was paid for; its failure is said, not hidden.
            let receiptPrinted = !failed && (try? kiosk.printReceipt(receipt)) != nil
            return (receipt, failed, receiptPrinted)
        }) { screen, app, result in
            screen.printing = false
            switch result {
            case .success((let receipt, false, let receiptPrinted)):
                app.show(KioskThanksScreen(screen.mode, receipt: receipt, receiptPrinted: receiptPrinted))
            case .success((_, true, _)): app.show(KioskNoticeScreen(screen.mode, key: "print.failed", requestNumber: screen.number))
            case .failure(KioskError.personMismatch):
                app.stopKiosk(reason: screen.mode.kiosk.catalog.staffText("staff.reason.personMismatch", ["number": screen.number]))
            case .failure:
                app.show(KioskNoticeScreen(screen.mode, key: "print.failed", requestNumber: screen.number))
            }
        }
    }

    /// The session's number as staff look it up.
    private var number: String { mode.session?.scope.number ?? "" }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        canvas.blank()
        canvas.paragraph(text("print.progress"), style: .bold)
        canvas.blank()
        // The copy being printed, and a bar that moves every second: the kiosk is working, not stuck.
        canvas.line(text("print.copy", ["done": "\(min(sent + 1, issuance.copies.count))", "total": "\(issuance.copies.count)"]))
        let seconds = Int(mode.kiosk.desk.clock.now().timeIntervalSince(startedAt))
        canvas.line(String(repeating: "■", count: seconds % 10 + 1) + String(repeating: "□", count: 9 - seconds % 10))
    }

    func handle(_ action: Action, _ app: KioskContext) {}
}

/// Thanks, the receipt on screen, and where the same certificates are issued next time.
final class KioskThanksScreen: KioskStep, KioskScreen {
    override var endsAfter: TimeInterval? { 30 }
    private let receipt: KioskReceipt
    private let receiptPrinted: Bool

    init(_ mode: KioskMode, receipt: KioskReceipt, receiptPrinted: Bool) {
        self.receipt = receipt
        self.receiptPrinted = receiptPrinted
        super.init(mode)
    }

    override var step: Int? { 4 }
    var phase: KioskPhase { .session }
    var keyHints: [KeyHint] { hints(confirm: text("key.next")) }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        canvas.line(text("thanks"), style: .bold)
        canvas.paragraph(text(receiptPrinted ? "print.take" : "print.takeWithoutReceipt"), maxLines: 2)
        canvas.blank()
        canvas.line(text("receipt.title"), style: .bold)
        let lines = receipt.lines(mode.kiosk.catalog)
        let labelWidth = (lines.map { DisplayWidth.of($0.label) }.max() ?? 0) + 2
        for line in lines { canvas.field(line.label, line.value, labelWidth: labelWidth, maxLines: 1) }
        canvas.blank()
        let schedule = mode.kiosk.catalog.schedule
        canvas.paragraph(text("konbini.note", ["hours": schedule.konbiniHours[mode.language] ?? "",
                                               "fee": schedule.konbiniFee[mode.language] ?? ""]))
        canvas.line(text("thanks.next"))
    }

    func handle(_ action: Action, _ app: KioskContext) {
        if action == .confirm { app.endSession() }
    }
}

/// A notice that ends the session (窓口でお手続きください, 印刷できませんでした …); Enter or the idle timeout
/// returns to the start.
final class KioskNoticeScreen: KioskStep, KioskScreen {
    override var endsAfter: TimeInterval? { 30 }
    private let key: String
    private let requestNumber: String?

    init(_ mode: KioskMode, key: String, requestNumber: String? = nil) {
        self.key = key
        self.requestNumber = requestNumber
        super.init(mode)
    }

    var phase: KioskPhase { .session }
    var keyHints: [KeyHint] { hints(confirm: text("key.next")) }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        canvas.blank()
        canvas.paragraph(text(key), style: .bold)
        if let requestNumber {
            canvas.blank()
            canvas.paragraph(text("print.where", ["office": mode.kiosk.desk.office?.name ?? "", "number": requestNumber]))
        }
    }

    func handle(_ action: Action, _ app: KioskContext) {
        if action == .confirm { app.endSession() }
    }
}

// MARK: - Staff

/// The staff menu, behind the staff key sequence and a 係長's or an administrator's id and password: leave
/// kiosk mode, or reopen a stopped kiosk. Japanese only (staff are the office's clerks).
final class KioskStaffScreen: KioskStep, KioskScreen {
    private var form: FieldForm
    private var approved = false
    private var checking = false
    private var unprinted: [CertificateDesk.Issuance] = []

    override init(_ mode: KioskMode) {
        form = FieldForm([
            TextField(mode.kiosk.catalog.staffText("staff.id"), kind: .identifier, maxLength: 32),
            TextField(mode.kiosk.catalog.staffText("staff.password"), masked: true, maxLength: 128),
        ])
        super.init(mode)
    }

    /// Today's certificates of this kiosk that were paid and numbered but never printed.
    fileprivate func loadUnprinted(_ app: KioskContext) {
        let kiosk = mode.kiosk
        app.run(from: self, { try kiosk.unprintedIssuances() }) { screen, app, result in
            switch result {
            case .success(let issuances): screen.unprinted = issuances
            case .failure(let error): app.showError(error)
            }
        }
    }

    private func staff(_ key: String, _ values: [String: String] = [:]) -> String {
        mode.kiosk.catalog.staffText(key, values)
    }

    var phase: KioskPhase { .waiting }
    override var title: String { staff("staff.title") }
    var keyHints: [KeyHint] { [KeyHint("", staff("staff.keys"))] }

    func draw(_ canvas: inout Canvas, _ app: KioskContext) {
        if let reason = mode.stoppedReason { canvas.paragraph(staff("staff.stopped", ["reason": reason]), style: .bold) }
        if approved {
            canvas.line(staff("staff.choose"))
            canvas.choice(1, staff("staff.quit"))
            canvas.choice(2, staff("staff.reopen"))
            if !unprinted.isEmpty { canvas.choice(3, staff("staff.printUnprinted", ["count": "\(unprinted.count)"])) }
            canvas.line(staff("staff.back"))
        } else {
            canvas.paragraph(staff("staff.login"))
            canvas.blank()
            form.draw(&canvas)
        }
    }

    func handle(_ action: Action, _ app: KioskContext) {
        guard !checking else { return }
        if action == .back {
            app.removeOverlay()
            return
        }
        if approved {
            switch action {
            case .text("1"):
                app.endSession()
                app.isFinished = true
            case .text("2"):
                // A stop for the revocation list reopens only with a current list (read again from its file).
                do {
                    try mode.kiosk.reloadRevocationList()
                } catch {
                    return app.showError(error)
                }
                mode.stoppedReason = nil
                app.endSession()
            case .text("3") where !unprinted.isEmpty:
                checking = true
                let kiosk = mode.kiosk, issuances = unprinted
                app.run(from: self, { try kiosk.printUnprinted(issuances) }) { screen, app, result in
                    screen.checking = false
                    switch result {
                    case .success(let counts):
                        app.showNote(screen.staff("staff.printed", ["printed": "\(counts.printed)", "failed": "\(counts.failed)"]))
                    case .failure(let error): app.showError(error)
                    }
                    screen.loadUnprinted(app)
                }
            default: break
            }
            return
        }
        guard form.handle(action) == .submitted else { return }
        let clerkID = form[0], password = form[1]
        form[1] = ""
        checking = true
        let clerks = mode.clerks, task = staff("staff.title")
        app.run(from: self, { try clerks.approve(task, clerkID: clerkID, password: password) }) { screen, app, result in
            screen.checking = false
            switch result {
            case .success:
                screen.approved = true
                app.message = nil
                screen.loadUnprinted(app)
            case .failure(let error):
                screen.form.focus = 1
                app.showError(error)
            }
        }
    }
}
