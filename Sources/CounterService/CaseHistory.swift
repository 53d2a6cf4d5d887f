import CashlessLedger
import CertificateIssue
import CounterCore
import CounterStore
import Foundation
import GRDB

/// One past case as its records tell it: written through the same repositories the use cases write with (the
/// chained case events, the ledger and the certificates' log), so the KPI triggers count it as they count a live
/// case. `counter demo-data` writes a year of them; the KPI tests write small hand-computed ones.
public struct HistoryCase: Sendable {
    /// A fee taken in the case.
    public struct Fee: Sendable {
        public var lines: [OrderLine]
        /// Cashless (else cash).
        public var cashless: Bool
        /// How long the payment step took.
        public var seconds: Int
        /// Cancelled by a supervisor at the end of the case (取消).
        public var cancelled: Bool
        /// The payment terminal's slip number (unique per terminal, day and brand); nil: drawn at random.
        public var slip: String?

        public init(lines: [OrderLine], cashless: Bool, seconds: Int, cancelled: Bool = false, slip: String? = nil) {
            self.lines = lines
            self.cashless = cashless
            self.seconds = seconds
            self.cancelled = cancelled
            self.slip = slip
        }
    }

    /// A certificate issued in the case.
    public struct Issuance: Sendable {
        public var kind: String, copies: Int, official: Bool
        /// A 再交付 of it at the end of the case, and a 処分 of one copy.
        public var reprinted: Bool, voided: Bool

        public init(kind: String, copies: Int, official: Bool = false, reprinted: Bool = false, voided: Bool = false) {
            self.kind = kind
            self.copies = copies
            self.official = official
            self.reprinted = reprinted
            self.voided = voided
        }
    }

    public var terminal: String
    public var actor: EventActor
    public var channel: CaseChannel
    public var style: CaseStyle
    public var start: Date
    /// The case's duration (nil: it was abandoned, a crash left it open).
    public var seconds: Int?
    /// Forms printed (one copy each).
    public var forms: [String]
    public var fee: Fee?
    public var issuance: Issuance?

    public init(terminal: String, actor: EventActor, channel: CaseChannel, style: CaseStyle, start: Date, seconds: Int?,
                forms: [String] = [], fee: Fee? = nil, issuance: Issuance? = nil) {
        self.terminal = terminal
        self.actor = actor
        self.channel = channel
        self.style = style
        self.start = start
        self.seconds = seconds
        self.forms = forms
        self.fee = fee
        self.issuance = issuance
    }
}

/// Writes ``HistoryCase``s.
public struct CaseHistoryWriter: Sendable {
    public let catalog: LedgerCatalog
    /// The supervisor a demo cancellation or 処分 names.
    public var supervisor = "kakaricho"

    public init(catalog: LedgerCatalog) { self.catalog = catalog }

    /// Writes `past` inside the caller's transaction, its ids drawn from `ids` (a seeded generator gives the same
    /// history every run).
    public func write(_ past: HistoryCase, ids: inout some RandomNumberGenerator, in db: Database) throws {
        func id() -> UUID {
            let high = ids.next(), low = ids.next()
            var bytes = [UInt8](repeating: 0, count: 16)
            for index in 0..<8 {
                bytes[index] = UInt8(truncatingIfNeeded: high >> (8 * index))
                bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (8 * index))
            }
            bytes[6] = bytes[6] & 0x0F | 0x40
            bytes[8] = bytes[8] & 0x3F | 0x80
            return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                               bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        }
        let caseID = id()
        let requestID = "H" + caseID.uuidString.prefix(18).replacingOccurrences(of: "-", with: "")
        var at = past.start
        func event(_ kind: CaseEventKind) throws {
            try CaseEventRepository.append(CaseEvent(id: id(), terminalID: past.terminal, actor: past.actor, channel: past.channel,
                                                     caseID: caseID, timestamp: at, kind: kind), in: db)
        }
        try event(.caseStarted(style: past.style))
        at += 1
        try event(.infoCaptured(source: past.style == .handwritten ? .manual : .card))
        for form in past.forms {
            at += 2
            try event(.formPrinted(formID: form, revision: 1, copies: 1, outcome: .ok))
        }
        var paymentID: UUID?
        var payment: Payment?
        if let fee = past.fee {
            at += Double(fee.seconds)
            let brand = catalog.brands.first?.id ?? "visa"
            let slip = fee.slip ?? String(format: "%08d", ids.next() % 100_000_000)
            let order = PaymentOrder(id: id(), requestID: requestID, actor: past.actor, channel: past.channel, lines: fee.lines,
                                     tender: fee.cashless ? .cashless(brandID: brand, slip: slip) : .cash(received: nil))
            let paid = try PaymentRules.payment(for: order, terminalID: past.terminal, at: at, catalog: catalog)
            try LedgerRepository.append(paid, in: db)
            try event(.paymentTaken(method: fee.cashless ? .cashless : .cash, durationMilliseconds: fee.seconds * 1000))
            paymentID = paid.id
            payment = paid
        }
        if let issuance = past.issuance {
            at += 1
            var entry = IssuanceEntry(id: id(), kind: .issue, terminalID: past.terminal, actor: past.actor, channel: past.channel,
                                      recordedAt: at)
            entry.requestID = requestID
            entry.personID = String(format: "P%05d", ids.next() % 100_000)
            entry.certificateKind = issuance.kind
            entry.copies = issuance.copies
            entry.requester = .own
            entry.official = issuance.official
            entry.paymentID = paymentID
            entry.printerNumber = "001"
            entry.individualNumberPrinted = false
            entry.sealPrinted = true
            try IssuanceRepository.append(entry, in: db)
            if issuance.reprinted {
                var reprint = IssuanceEntry(id: id(), kind: .reprint, terminalID: past.terminal, actor: past.actor, channel: past.channel, recordedAt: at)
                reprint.issuanceID = entry.id
                reprint.certificateKind = issuance.kind
                reprint.copies = 1
                reprint.reason = "paper-jam"
                try IssuanceRepository.append(reprint, in: db)
            }
            if issuance.voided {
                var void = IssuanceEntry(id: id(), kind: .void, terminalID: past.terminal, actor: past.actor, channel: past.channel, recordedAt: at)
                void.issuanceID = entry.id
                void.copySerial = 1
                void.reason = "spoiled"
                void.supervisorID = supervisor
                try IssuanceRepository.append(void, in: db)
            }
        }
        if let seconds = past.seconds {
            at = past.start + Double(seconds)
            try event(.caseEnded(durationMilliseconds: seconds * 1000))
        } else {
            try event(.caseAbandoned)
        }
        if let payment, past.fee?.cancelled == true {
            let request = CancellationRequest(id: id(), paymentID: payment.id, actor: .clerk(id: supervisor), channel: past.channel,
                                              supervisorID: supervisor, reasonCode: "withdrawn", note: nil)
            try LedgerRepository.append(try PaymentRules.cancellation(of: payment, request: request, at: at, catalog: catalog), in: db)
        }
    }
}
