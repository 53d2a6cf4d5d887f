import CashlessLedger
import CertificateIssue
import CertificateSeal
import CounterCore
import CounterStore
import DocumentPrint
import Foundation
import GRDB

/// Certificate issuance for every channel (the counter UI, the CLI, the kiosk next): check the request, quote
/// the fee, then **one transaction** records the payment, the issuance and every copy's 発行番号 before anything
/// prints; render each copy, check the person on it against the request, print, and log each copy's print.
/// A crash leaves nothing, or a paid, numbered issuance that ``printMissing(_:to:actor:channel:)`` prints from
/// its record; never a payment without its issuance, never two payments for one request.
public struct CertificateDesk: Sendable {
    /// The resident registry.
    public let registry: any ResidentRegistry
    /// Kinds, options, officers.
    public let catalog: CertificateCatalog
    /// Builds the content from the registry.
    public let composer: CertificateComposer
    /// Lays it out (and marks every page with its verification code).
    public let renderer: CertificateRenderer
    /// The ledger the fee is paid into.
    public let cashier: Cashier
    /// The terminal database (ledger and certificate log in one file, so one transaction covers both).
    let database: CounterDatabase
    /// "Now".
    public let clock: any Clock
    /// The office the terminal stands in: its ward certifies.
    public let office: Office?
    /// 「大阪市」.
    public let city: String
    /// The printer's number in the 発行番号 (「001」).
    public let printerNumber: String

    /// A desk on `database`.
    public init(database: CounterDatabase, registry: any ResidentRegistry, catalog: CertificateCatalog,
                composer: CertificateComposer, renderer: CertificateRenderer, cashier: Cashier, clock: any Clock,
                office: Office?, city: String, printerNumber: String = "001") {
        self.database = database
        self.registry = registry
        self.catalog = catalog
        self.composer = composer
        self.renderer = renderer
        self.cashier = cashier
        self.clock = clock
        self.office = office
        self.city = city
        self.printerNumber = printerNumber
    }

    /// The terminal.
    public var terminalID: String { cashier.terminalID }

    /// A checked request with its fee.
    public struct Quote: Sendable {
        /// The kind.
        public var kind: CertificateKind
        /// The person.
        public var person: Person
        /// The ledger line: copies × the kind's fee item (exempt for 公用).
        public var line: OrderLine
        /// The line as priced (its label and unit fee today), for the fee summary.
        public var items: [PaidItem]
        /// The total to pay (0 for 公用).
        public var total: Yen
    }

    /// Checks `request` (every refusal of ``Eligibility``, the officer of today, the fee of today) and prices it.
    public func quote(_ request: CertificateRequest, atKiosk: Bool = false) throws -> Quote {
        guard let kind = catalog.kind(id: request.kindID) else { throw IssuanceError.unknownKind }
        guard let person = try registry.person(id: request.personID) else { throw IssuanceError.unknownPerson }
        try Eligibility.check(request, kind: kind, person: person, catalog: catalog, registry: registry, atKiosk: atKiosk)
        guard let office else { throw IssuanceError.noOffice }
        guard catalog.officer(office: office.id, on: clock.today()) != nil else { throw IssuanceError.noOfficer }
        let line = OrderLine(code: kind.feeItem, quantity: request.copies, exempt: request.official)
        guard cashier.catalog.item(code: kind.feeItem)?.fee(on: clock.today()) != nil else { throw IssuanceError.noFeeToday }
        let priced = try cashier.quote([line])
        return Quote(kind: kind, person: person, line: line, items: priced.items, total: priced.total)
    }

    /// An issuance as recorded: its entry, its numbered copies, its payment.
    public struct Issuance: Sendable {
        /// The issue entry.
        public var entry: IssuanceEntry
        /// The copies with their 連番.
        public var copies: [NumberedCopy]
        /// The payment (0 yen cash for 公用).
        public var payment: Payment
        /// True when the request was issued already (a retry): nothing new was recorded.
        public var wasIssuedBefore: Bool

        /// The request as issued.
        public var request: CertificateRequest {
            CertificateRequest(personID: entry.personID ?? "", kindID: entry.certificateKind ?? "", options: Set(entry.options),
                               copies: entry.copies ?? 0, requester: entry.requester ?? .own, official: entry.official ?? false,
                               members: entry.members)
        }
    }

    /// Records the payment of `request` (tendered as `tender`, under `paymentID`), the issuance and its copies'
    /// numbers in one durable transaction. `requestID` is the idempotency key: the same request again returns
    /// the first issuance and records nothing.
    public func issue(_ request: CertificateRequest, requestID: String, paymentID: UUID = UUID(), tender: TenderInput,
                      actor: EventActor, channel: CaseChannel) throws -> Issuance {
        let quote = try quote(request, atKiosk: channel == .kiosk)
        let now = clock.now()
        let order = PaymentOrder(id: paymentID, requestID: requestID, actor: actor, channel: channel, lines: [quote.line],
                                 tender: request.official ? .cash(received: nil) : tender)
        let terminalID = terminalID, cashier = cashier, printerNumber = printerNumber
        return try database.write { db in
            if let first = try IssuanceRepository.issue(ofRequest: requestID, in: db) {
                guard let paymentID = first.paymentID, let payment = try LedgerRepository.payment(id: paymentID, in: db) else {
                    throw StoreError.corruptRecord
                }
                return Issuance(entry: first, copies: try IssuanceRepository.copies(of: first.id, in: db), payment: payment,
                                wasIssuedBefore: true)
            }
            let receipt = try cashier.record(order, at: now, in: db)
            var entry = IssuanceEntry(kind: .issue, terminalID: terminalID, actor: actor, channel: channel, recordedAt: now)
            entry.requestID = requestID
            entry.personID = request.personID
            entry.certificateKind = request.kindID
            entry.options = CertificateOption.allCases.filter(request.options.contains)
            entry.members = request.members
            entry.copies = request.copies
            entry.requester = request.requester
            entry.official = request.official
            entry.paymentID = receipt.payment.id
            entry.printerNumber = printerNumber
            entry.individualNumberPrinted = request.options.contains(.individualNumber)
            entry.sealPrinted = true
            let copies = try IssuanceRepository.append(entry, in: db)
            return Issuance(entry: entry, copies: copies, payment: receipt.payment, wasIssuedBefore: false)
        }
    }

    /// Charges the fee of `request` on `terminal` first, then records it as ``issue(_:requestID:paymentID:tender:actor:channel:)``
    /// does; when nothing could be recorded (a refusal, a database failure) the charge is cancelled on the terminal. A retry
    /// of a recorded request charges nothing.
    public func issue(_ request: CertificateRequest, requestID: String, paymentID: UUID = UUID(),
                      through terminal: any PaymentTerminal, actor: EventActor, channel: CaseChannel) async throws -> Issuance {
        if let first = try issuance(ofRequest: requestID) { return first }
        let quote = try quote(request, atKiosk: channel == .kiosk)
        guard quote.total != .zero else {
            return try issue(request, requestID: requestID, paymentID: paymentID, tender: .cash(received: nil), actor: actor,
                             channel: channel)
        }
        let order = PaymentOrder(id: paymentID, requestID: requestID, actor: actor, channel: channel, lines: [quote.line],
                                 tender: .cashless(brandID: "", slip: nil))
        let approved = try await cashier.charge(order, through: terminal)
        do {
            return try issue(request, requestID: requestID, paymentID: paymentID, tender: approved.tender, actor: actor,
                             channel: channel)
        } catch {
            // Nothing was recorded (a refusal, the database failing): the charge is cancelled on the terminal, so no
            // citizen pays for a certificate that has no record. An unconfirmed cancellation is said as such.
            guard await terminal.cancel(reference: paymentID) else { throw ChargeError.cancelNotConfirmed }
            throw error
        }
    }

    /// The content of `request` as it prints on `day` (the kind, the person, the day's officer, the office's ward).
    private func compose(_ request: CertificateRequest, on day: CalendarDate) throws
        -> (content: CertificateContent, kind: CertificateKind, person: Person, office: Office) {
        guard let kind = catalog.kind(id: request.kindID) else { throw IssuanceError.unknownKind }
        guard let person = try registry.person(id: request.personID) else { throw IssuanceError.unknownPerson }
        guard let office, let officer = catalog.officer(office: office.id, on: day) else { throw IssuanceError.noOfficer }
        let content = try composer.compose(request, kind: kind, person: person, day: day, officer: officer, city: city,
                                           ward: office.ward)
        return (content, kind, person, office)
    }

    /// The 発行番号 of `copy` of `issuance`, without the page part (「20261201 大阪市北区 T01 プリンタ001 003」).
    public func number(of copy: NumberedCopy, in issuance: Issuance) -> String {
        CertificateRenderer.number(day: issuance.entry.day, city: city, ward: office?.ward ?? "", terminalID: issuance.entry.terminalID,
                                   printerNumber: issuance.entry.printerNumber ?? printerNumber, serial: copy.serial)
    }

    /// Renders every copy of `issuance` from the registry, and checks that each rendered person is the one
    /// requested (or their household, on a 世帯連記式): a certificate is never sent with another person on it.
    /// `expecting` names the person the channel proved (the kiosk's authenticated card holder): the content's
    /// subject must be that person too.
    public func render(_ issuance: Issuance, expecting expectedPersonID: String? = nil) throws -> [RenderedCopy] {
        let request = issuance.request
        if let expectedPersonID, request.personID != expectedPersonID { throw CertificateCheckError.otherPerson }
        let (content, kind, person, _) = try compose(request, on: issuance.entry.day)
        try checkPersons(content, person: person, kind: kind)
        if let expectedPersonID, content.subjectPersonID != expectedPersonID { throw CertificateCheckError.otherPerson }
        return try issuance.copies.map { copy in try renderer.render(content, number: number(of: copy, in: issuance)) }
    }

    /// Composes and renders `request` once as it would print today, with a blank number, and throws what would
    /// stop it (a character the font lacks, text over its box): the kiosk checks this before it charges a fee.
    public func checkPrintable(_ request: CertificateRequest) throws {
        let day = clock.today()
        let (content, _, _, office) = try compose(request, on: day)
        _ = try renderer.render(content, number: CertificateRenderer.number(
            day: day, city: city, ward: office.ward, terminalID: terminalID, printerNumber: printerNumber, serial: 0))
    }

    /// Throws ``CertificateCheckError/otherPerson`` when `content` shows anyone but `person` (or, on a 世帯連記式,
    /// their household): the last check before a job is sent.
    func checkPersons(_ content: CertificateContent, person: Person, kind: CertificateKind) throws {
        guard content.subjectPersonID == person.id else { throw CertificateCheckError.otherPerson }
        let allowed: Set<String>
        switch kind.layout {
        case .household: allowed = Set(try registry.householdMembers(of: person.householdID).map(\.id))
        case .koseki: allowed = Set(content.blocks.compactMap(\.personID))
        default: allowed = [person.id]
        }
        for block in content.blocks { if let id = block.personID, !allowed.contains(id) { throw CertificateCheckError.otherPerson } }
    }

    /// How one copy's print went.
    public struct CopyOutcome: Sendable {
        /// The copy's 発行番号 (without the page part).
        public var number: String
        /// The copy's 連番.
        public var serial: Int
        /// The print system's receipt, or the error.
        public var result: Result<PrintReceipt, any Error>
    }

    /// Sends each rendered copy to `printer` and logs each print (印刷ログ: outcome, sheets, the error's kind).
    public func print(_ issuance: Issuance, copies rendered: [RenderedCopy], to printer: any Printer,
                      actor: EventActor, channel: CaseChannel) -> [CopyOutcome] {
        zip(issuance.copies, rendered).map { copy, document in
            let result = Result<PrintReceipt, any Error> {
                try printer.submit(pdf: document.pdf, title: "certificate-\(copy.serial)", copies: 1, paper: Paper(size: .a4))
            }
            var entry = IssuanceEntry(kind: .print, terminalID: terminalID, actor: actor, channel: channel, recordedAt: clock.now())
            entry.issuanceID = issuance.entry.id
            entry.copySerial = copy.serial
            entry.pages = document.pages
            entry.output = printer is PDFFolderPrinter ? "file" : "print"
            entry.printer = printer.displayName
            switch result {
            case .success: entry.outcome = "ok"
            case .failure(let error):
                entry.outcome = "failed"
                entry.errorKind = errorKind(of: error)
            }
            // The log write is retried by the caller's next print when it fails; the copy's outcome stays.
            _ = try? database.write { db in try IssuanceRepository.append(entry, in: db) }
            return CopyOutcome(number: document.number, serial: copy.serial, result: result)
        }
    }

    /// The issuance of `requestID`, as recorded.
    public func issuance(ofRequest requestID: String) throws -> Issuance? {
        try database.read { db in
            guard let entry = try IssuanceRepository.issue(ofRequest: requestID, in: db), let paymentID = entry.paymentID,
                  let payment = try LedgerRepository.payment(id: paymentID, in: db) else { return nil }
            return Issuance(entry: entry, copies: try IssuanceRepository.copies(of: entry.id, in: db), payment: payment,
                            wasIssuedBefore: true)
        }
    }

    /// The copies of `issuance` without a successful print (after a printer failure or a crash).
    public func unprinted(_ issuance: Issuance) throws -> [NumberedCopy] {
        let printed = try database.read { db in
            Set(try IssuanceRepository.followUps(of: issuance.entry.id, in: db)
                .filter { $0.kind == .print && $0.outcome == "ok" }.compactMap(\.copySerial))
        }
        return issuance.copies.filter { !printed.contains($0.serial) }
    }

    /// This terminal's issuances of today with a copy that never printed (a printer failing after payment).
    public func unprintedIssuances() throws -> [Issuance] {
        let entries = try database.read { db in try IssuanceRepository.issues(terminalID: terminalID, day: clock.today(), in: db) }
        return try entries.compactMap { entry in
            guard let requestID = entry.requestID, let issuance = try issuance(ofRequest: requestID) else { return nil }
            return try unprinted(issuance).isEmpty ? nil : issuance
        }
    }

    /// Prints the copies of `issuance` that never printed, under their own 発行番号 (no new fee, no new number).
    public func printMissing(_ issuance: Issuance, to printer: any Printer, actor: EventActor,
                             channel: CaseChannel) throws -> [CopyOutcome] {
        var missing = issuance
        missing.copies = try unprinted(issuance)
        guard !missing.copies.isEmpty else { return [] }
        return print(missing, copies: try render(missing), to: printer, actor: actor, channel: channel)
    }

    /// A copy of an issuance or reprint found by its 発行番号's terminal, day and 連番.
    public func copy(serial: Int, day: CalendarDate, terminalID: String? = nil) throws -> (issuance: Issuance, copy: NumberedCopy)? {
        try database.read { db in
            guard let (entry, copy) = try IssuanceRepository.entry(serial: serial, terminalID: terminalID ?? self.terminalID,
                                                                   day: day, in: db) else { return nil }
            let original = entry.kind == .reprint ? try entry.issuanceID.flatMap { try IssuanceRepository.entry(id: $0, in: db) } : entry
            guard let paymentID = original?.paymentID, let payment = try LedgerRepository.payment(id: paymentID, in: db) else {
                throw StoreError.corruptRecord
            }
            return (Issuance(entry: entry, copies: try IssuanceRepository.copies(of: entry.id, in: db), payment: payment,
                             wasIssuedBefore: true), copy)
        }
    }

    /// 再交付: the same content as the copy `serial` of `day` under a new 発行番号 (a reason, no new fee). The
    /// new entry names the original issuance; print it with ``printMissing(_:to:actor:channel:)``.
    public func reprint(serial: Int, day: CalendarDate, reason: String, actor: EventActor, channel: CaseChannel) throws -> Issuance {
        guard !reason.isEmpty, reason.count <= 200, TextSafety.forbidden(in: reason) == nil else { throw IssuanceFollowUpError.invalidReason }
        guard let (found, _) = try copy(serial: serial, day: day) else { throw IssuanceFollowUpError.unknownNumber }
        let original = found.entry.kind == .reprint ? found.entry.issuanceID : found.entry.id
        let now = clock.now()
        var entry = found.entry
        entry.id = UUID()
        entry.kind = .reprint
        entry.recordedAt = now
        entry.day = CalendarDate.inJapan(at: now)
        entry.actor = actor
        entry.channel = channel
        entry.issuanceID = original
        entry.copies = 1
        entry.paymentID = nil
        entry.reason = reason
        entry.printerNumber = printerNumber
        let reprint = entry
        let copies = try database.write { db in try IssuanceRepository.append(reprint, in: db) }
        return Issuance(entry: reprint, copies: copies, payment: found.payment, wasIssuedBefore: false)
    }

    /// 処分: a printed copy voided (wrongly issued, spoiled), with a reason and a 係長's approval (id and
    /// password, checked like a login). A copy is voided at most once.
    public func void(serial: Int, day: CalendarDate, reason: String, supervisorID: String, supervisorPassword: String,
                     actor: EventActor, channel: CaseChannel) throws -> IssuanceEntry {
        guard !reason.isEmpty, reason.count <= 200, TextSafety.forbidden(in: reason) == nil else { throw IssuanceFollowUpError.invalidReason }
        let supervisor = try ClerkSessions(database: database, clock: clock).approve("証明書の処分", clerkID: supervisorID,
                                                                                   password: supervisorPassword)
        guard let (found, copy) = try self.copy(serial: serial, day: day) else { throw IssuanceFollowUpError.unknownNumber }
        var entry = IssuanceEntry(kind: .void, terminalID: terminalID, actor: actor, channel: channel, recordedAt: clock.now())
        entry.issuanceID = found.entry.id
        entry.copySerial = copy.serial
        entry.reason = reason
        entry.supervisorID = supervisor.id
        let void = entry
        try database.write { db in
            let earlier = try IssuanceRepository.followUps(of: found.entry.id, in: db)
            guard !earlier.contains(where: { $0.kind == .void && $0.copySerial == copy.serial }) else {
                throw IssuanceFollowUpError.alreadyVoided
            }
            try IssuanceRepository.append(void, in: db)
        }
        return void
    }

    /// One numbered copy of a person's certificates, as the history shows it.
    public struct CopyRecord: Sendable {
        /// The issue or reprint entry.
        public var entry: IssuanceEntry
        /// The copy's 連番.
        public var serial: Int
        /// True once a print of it succeeded.
        public var printed: Bool
        /// True once it was voided (処分).
        public var voided: Bool
    }

    /// Every numbered copy of `personID`'s certificates, oldest first, with whether it printed and was voided.
    public func copies(personID: String) throws -> [CopyRecord] {
        try database.read { db in
            let entries = try IssuanceRepository.history(personID: personID, in: db)
            let numbered = entries.filter { $0.kind == .issue || $0.kind == .reprint }
            return try numbered.flatMap { entry in
                let followUps = entries.filter { $0.issuanceID == entry.id }
                let voids = followUps.filter { $0.kind == .void }
                return try IssuanceRepository.copies(of: entry.id, in: db).map { copy in
                    CopyRecord(entry: entry, serial: copy.serial,
                               printed: followUps.contains { $0.kind == .print && $0.outcome == "ok" && $0.copySerial == copy.serial },
                               voided: voids.contains { $0.copySerial == copy.serial })
                }
            }
        }
    }

    /// The 連番 of each issue or reprint entry in `entryIDs`.
    public func numberedSerials(of entryIDs: [UUID]) throws -> [UUID: [Int]] {
        try database.read { db in
            Dictionary(uniqueKeysWithValues: try entryIDs.map { ($0, try IssuanceRepository.copies(of: $0, in: db).map(\.serial)) })
        }
    }

    /// 交付履歴 of `personID`: its issuances with their prints and voids, in recorded order.
    public func history(personID: String) throws -> [IssuanceEntry] {
        try database.read { db in try IssuanceRepository.history(personID: personID, in: db) }
    }

    /// The log's chain report and the missing write-once triggers.
    public static func verify(_ database: CounterDatabase) throws -> (chains: ChainReport, missingGuards: [String]) {
        try database.read { db in (try IssuanceRepository.verifyChains(in: db), try IssuanceRepository.missingGuards(in: db)) }
    }
}

/// A reprint or 処分 that cannot be recorded.
public enum IssuanceFollowUpError: UserFacingError, Equatable {
    /// No copy with that 発行番号 at this terminal.
    case unknownNumber
    /// The reason is empty, too long, or holds control characters.
    case invalidReason
    /// The copy was voided already.
    case alreadyVoided

    public var userMessage: String {
        switch self {
        case .unknownNumber: return "その発行番号の証明書はこの端末の交付履歴にありません。日付と連番を確認してください。"
        case .invalidReason: return "理由は制御文字を含まない200文字以内で入力してください。"
        case .alreadyVoided: return "この証明書はすでに処分として記録されています。"
        }
    }
}

extension IssuanceFollowUpError: EventErrorKind {
    /// `certificate.<case>`.
    public var eventErrorKind: String {
        switch self {
        case .unknownNumber: return "certificate.unknownNumber"
        case .invalidReason: return "certificate.invalidReason"
        case .alreadyVoided: return "certificate.alreadyVoided"
        }
    }
}

/// A rendered certificate that does not show the person requested: never printed.
public enum CertificateCheckError: UserFacingError, Equatable {
    /// A person on the document is not the one requested (nor their household on a 世帯連記式).
    case otherPerson

    public var userMessage: String {
        "作成した証明書に請求と違う人が含まれていたため、印刷を止めました。交付は記録されています。管理者に連絡してください。"
    }
}

extension CertificateCheckError: EventErrorKind {
    /// `certificate.otherPerson`.
    public var eventErrorKind: String { "certificate.otherPerson" }
}

extension CertificateDesk {
    /// The desk of `terminalID` on `database` with every seed it needs (certificates, officers, the fee table,
    /// the era table, the household order, the offices' city), pages marked by `marker`; persons come from
    /// `registry` (the city's, `--registry`), else from the registry in `database`.
    public static func make(database: CounterDatabase, seeds: SeedDirectory, clock: any Clock, terminalID: String,
                            office: Office?, marker: (any PageCodeMarker)?, printerNumber: String = "001",
                            registry: (any ResidentRegistry)? = nil) throws -> CertificateDesk {
        let ledger = try LedgerCatalog.load(from: seeds)
        let catalog = try CertificateCatalog.load(from: seeds, feeItems: Set(ledger.items.filter(\.certificate).map(\.code)))
        let registry = try registry ?? SQLiteResidentRegistry(database: database, seeds: seeds)
        let composer = CertificateComposer(registry: registry, eras: try EraTable(seeds: seeds),
                                           relationships: try RelationshipOrder.load(from: seeds))
        return CertificateDesk(database: database, registry: registry, catalog: catalog, composer: composer,
                               renderer: CertificateRenderer(marker: marker),
                               cashier: Cashier(database: database, catalog: ledger, clock: clock, terminalID: terminalID),
                               clock: clock, office: office, city: try OfficeDirectory(seeds: seeds).city,
                               printerNumber: printerNumber)
    }
}

/// Marks each certificate page with the installation's signed verification code (`docs/verification.md`).
public struct SealCodeMarker: PageCodeMarker {
    /// The installation's signing key.
    public let key: SealKey

    /// A marker signing with `key`.
    public init(key: SealKey) {
        self.key = key
    }

    public func mark(_ document: PDFDocument, number: String, fields: [(key: String, value: String)], in rect: MMRect) throws {
        let content = SealedContent(issueNumber: number, fields: fields.map { SealedContent.Field($0.key, $0.value) })
        let seal = try CertificateSeal.sealPage(content: content, key: key)
        document.drawQR(seal.matrix, at: MMPoint(x: rect.x, y: rect.y), size: min(rect.width, rect.height))
    }
}
