import CashlessLedger
import CertificateIssue
import CertificateSeal
import CounterCore
@testable import CounterService
import CounterStore
import CounterTestSupport
import DocumentPrint
import Foundation
import GRDB
import Testing

/// Certificate issuance on a real database holding the demo registry: eligibility, the one transaction of
/// payment + issuance + numbers, gapless 連番, rendering read back with pdftotext, the person check, a printer
/// failing after payment, the write-once log and its chain.
@Suite("Certificate desk")
struct CertificateDeskTests {
    let clock = LedgerClock(LedgerFixtures.instant(LedgerFixtures.day))
    let database: CounterDatabase
    let desk: CertificateDesk
    let folder = Fixtures.temporaryFolder("certificates")

    static let kita = Office(id: "kita", type: .ward, name: "北区役所", ward: "北区")

    init() throws {
        database = try CounterStorage.inMemory()
        _ = try RegistryImport(seeds: Fixtures.seeds).run(folder: Fixtures.seeds.file("demo/registry"), into: database)
        desk = try CertificateDesk.make(database: database, seeds: Fixtures.seeds, clock: clock, terminalID: "T01",
                                        office: Self.kita, marker: nil)
    }

    private func issue(_ person: String, _ kind: String, options: Set<CertificateOption> = [], copies: Int = 1,
                       requester: Requester = .own, official: Bool = false, request: String = "C-\(UUID().uuidString.prefix(8))")
        throws -> CertificateDesk.Issuance {
        try desk.issue(CertificateRequest(personID: person, kindID: kind, options: options, copies: copies,
                                          requester: requester, official: official),
                       requestID: request, tender: .cash(received: nil), actor: .clerk(id: "c1"), channel: .counter)
    }

    private func count(_ table: String) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    @Test("the catalog: every kind's fee is a certificate item of the fee table; officers by date, 職務代理者 included")
    func catalog() throws {
        let catalog = desk.catalog
        #expect(catalog.kinds.count >= 10)
        #expect(catalog.officer(office: "kita", on: LedgerFixtures.day)?.acting == true)
        #expect(catalog.officer(office: "kita", on: CalendarDate(year: 2026, month: 11, day: 30))?.acting == false)
        #expect(catalog.officers.count == 24)
        #expect(!catalog.thirdPartyOptions.contains(.individualNumber))
    }

    @Test("an officer table with a gap, and a kind whose fee is not a certificate item, are refused on load")
    func catalogRefusals() throws {
        let seeds = Fixtures.temporaryFolder("certificate-seeds")
        for name in ["certificates.json", "officers.json"] {
            try FileManager.default.copyItem(at: Fixtures.seeds.file(name), to: seeds.appendingPathComponent(name))
        }
        let officers = seeds.appendingPathComponent("officers.json")
        let text = try String(contentsOf: officers, encoding: .utf8)
        try text.replacingOccurrences(of: "\"2026-12-31\"", with: "\"2026-12-30\"").write(to: officers, atomically: true, encoding: .utf8)
        let directory = SeedDirectory(url: seeds)
        #expect(throws: SeedError.self) {
            try CertificateCatalog.load(from: directory, feeItems: ["cert-juminhyo", "cert-kisai", "cert-inkan", "cert-koseki",
                                                                    "cert-joseki", "cert-fuhyo", "cert-kazei"])
        }
        try text.write(to: officers, atomically: true, encoding: .utf8)
        do {
            _ = try CertificateCatalog.load(from: directory, feeItems: ["cert-juminhyo"])
            Issue.record("a kind with an unknown fee item was accepted")
        } catch let error as SeedError {
            #expect(error.field == "feeItem")
        }
    }

    @Test("eligibility: 支援措置, a deceased person, a third party's 個人番号, an option not offered, copies, no seal")
    func refusals() throws {
        #expect(throws: IssuanceError.supportMeasure) { try issue("P90005", "juminhyo-personal") }
        #expect(throws: IssuanceError.onlyRemovedRecord) { try issue("P00007", "juminhyo-personal") }
        #expect(throws: IssuanceError.notRemoved) { try issue("P90001", "jokuhyo") }
        #expect(throws: IssuanceError.thirdPartyOption(option: .individualNumber)) {
            try issue("P90001", "juminhyo-personal", options: [.individualNumber], requester: .proxy)
        }
        #expect(throws: IssuanceError.thirdPartyOption(option: .juminhyoCode)) {
            try issue("P90001", "juminhyo-personal", options: [.juminhyoCode], requester: .proxy)
        }
        #expect(throws: IssuanceError.optionNotOffered(option: .honseki)) { try issue("P90001", "inkan", options: [.honseki]) }
        #expect(throws: IssuanceError.invalidCopies(maximum: 10)) { try issue("P90001", "juminhyo-personal", copies: 0) }
        #expect(throws: IssuanceError.invalidCopies(maximum: 10)) { try issue("P90001", "juminhyo-personal", copies: 11) }
        #expect(throws: IssuanceError.requesterNotAllowed(requester: .household)) { try issue("P90001", "inkan", requester: .household) }
        #expect(throws: IssuanceError.unknownPerson) { try issue("P99999", "juminhyo-personal") }
        #expect(throws: IssuanceError.unknownKind) { try issue("P90001", "nothing") }
        let unsealed = try #require(try desk.registry.search(ResidentQuery(name: "山口", limit: 50)).first {
            try desk.registry.seals(of: $0.id).isEmpty && !$0.needsAttention && !$0.status.isRemoved
        })
        #expect(throws: IssuanceError.noSealRegistered) { try issue(unsealed.id, "inkan") }
        // Nothing of any refusal was recorded.
        #expect(try count("certificate_log") == 0 && count("ledger_entry") == 0)
        #expect(!IssuanceError.supportMeasure.userMessage.contains("支援措置"))
    }

    @Test("fees × options × copies: every kind's quote is its fee per copy × copies (0 for 公用); every offered option subset passes, others refuse",
          arguments: [1, 3, 10])
    func feeMatrix(copies: Int) throws {
        let fees = try LedgerCatalogFixture.certificateFees()
        for kind in desk.catalog.kinds {
            let person = kind.scope == .removed ? "P00007" : "P90001"
            guard !kind.selectsMembers, (try? desk.quote(CertificateRequest(personID: person, kindID: kind.id))) != nil else { continue }
            let fee = try #require(fees[kind.feeItem])
            for official in [false, true] {
                let quote = try desk.quote(CertificateRequest(personID: person, kindID: kind.id, copies: copies, official: official))
                #expect(quote.total == (official ? .zero : Yen(fee * Int64(copies))), "\(kind.id) × \(copies)")
                #expect(quote.line.quantity == copies && quote.line.exempt == official)
            }
            // Every subset of what the kind offers is accepted (the 個人番号 only for 本人 / 同一世帯).
            for mask in 0..<(1 << kind.options.count) {
                let options = Set(kind.options.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
                _ = try desk.quote(CertificateRequest(personID: person, kindID: kind.id, options: options, copies: copies))
            }
            for option in CertificateOption.allCases where !kind.options.contains(option) {
                #expect(throws: IssuanceError.optionNotOffered(option: option)) {
                    try desk.quote(CertificateRequest(personID: person, kindID: kind.id, options: [option], copies: copies))
                }
            }
        }
    }

    @Test("世帯一部: only the members named print, in the household order; none, a stranger, or members on another kind refuse")
    func partialHousehold() throws {
        let issuance = try desk.issue(CertificateRequest(personID: "P00208", kindID: "juminhyo-partial", members: ["P00212", "P00209"]),
                                      requestID: "PART-1", tender: .cash(received: nil), actor: .clerk(id: "c1"), channel: .counter)
        // pdftotext breaks a name at its ideographic space: compare without white space.
        let text = try Poppler.text(try #require(try desk.render(issuance).first).pdf).filter { !$0.isWhitespace }
        // pdftotext gives the family and given names on lines of their own: look for the given names.
        #expect(text.contains("葵") && text.contains("誠") && !text.contains("龍之介") && !text.contains("結衣"))
        let wife = try #require(text.range(of: "昭和59年4月12日")), child = try #require(text.range(of: "令和元年12月8日"))
        #expect(wife.lowerBound < child.lowerBound)
        #expect(try desk.issuance(ofRequest: "PART-1")?.request.members == ["P00212", "P00209"])
        #expect(throws: IssuanceError.invalidMembers) { try issue("P00208", "juminhyo-partial") }
        #expect(throws: IssuanceError.invalidMembers) {
            try desk.quote(CertificateRequest(personID: "P00208", kindID: "juminhyo-partial", members: ["P90001"]))
        }
        #expect(throws: IssuanceError.invalidMembers) {
            try desk.quote(CertificateRequest(personID: "P00208", kindID: "juminhyo-household", members: ["P00209"]))
        }
    }

    @Test("a certificate's fee is refunded only once every copy it paid for (reprints included) is voided")
    func refundNeedsVoid() throws {
        let clerks = ClerkRepository(database: database, clock: clock)
        try clerks.create(clerkID: "boss", displayName: "係長", role: .supervisor, password: "chief-pass-2026")
        let issuance = try issue("P90001", "juminhyo-personal", copies: 2)
        _ = try desk.reprint(serial: 1, day: LedgerFixtures.day, reason: "汚損", actor: .clerk(id: "c1"), channel: .counter)
        func cancel() throws {
            _ = try desk.cashier.cancel(CancellationRequest(paymentID: issuance.payment.id, actor: .clerk(id: "c1"), channel: .counter,
                                                            supervisorID: "boss", reasonCode: "withdrawn", note: nil),
                                        supervisorPassword: "chief-pass-2026")
        }
        for serial in [1, 2] {
            #expect(throws: LedgerError.certificateNotVoided) { try cancel() }
            _ = try desk.void(serial: serial, day: LedgerFixtures.day, reason: "取下げ", supervisorID: "boss",
                              supervisorPassword: "chief-pass-2026", actor: .clerk(id: "c1"), channel: .counter)
        }
        // The reprint (連番 3) is still a valid sheet.
        #expect(throws: LedgerError.certificateNotVoided) { try cancel() }
        _ = try desk.void(serial: 3, day: LedgerFixtures.day, reason: "取下げ", supervisorID: "boss",
                          supervisorPassword: "chief-pass-2026", actor: .clerk(id: "c1"), channel: .counter)
        try cancel()
        #expect(try desk.cashier.payments().first?.cancellation != nil)
    }

    @Test("the last check before printing: a document showing another person is stopped; a text that cannot fit stops the render")
    func checksBeforePrinting() throws {
        let kind = try #require(desk.catalog.kind(id: "juminhyo-personal"))
        let household = try #require(desk.catalog.kind(id: "juminhyo-household"))
        let person = try #require(try desk.registry.person(id: "P90001"))
        let officer = try #require(desk.catalog.officer(office: "kita", on: LedgerFixtures.day))
        var content = try desk.composer.compose(CertificateRequest(personID: "P90001", kindID: kind.id), kind: kind, person: person,
                                                day: LedgerFixtures.day, officer: officer, city: "大阪市", ward: "北区")
        try desk.checkPersons(content, person: person, kind: kind)
        // Another person's block on the document (the 2023–24 incident): never sent.
        var stranger = content.blocks[0]
        stranger.personID = "P00208"
        content.blocks.append(stranger)
        #expect(throws: CertificateCheckError.otherPerson) { try desk.checkPersons(content, person: person, kind: kind) }
        #expect(throws: CertificateCheckError.otherPerson) { try desk.checkPersons(content, person: person, kind: household) }
        // The household itself passes on a 世帯連記式.
        content.blocks[1].personID = "P00002"
        try desk.checkPersons(content, person: person, kind: household)
        // A value that cannot be shrunk into its box stops the rendering: no PDF.
        content.blocks[0].lines[0].value = String(repeating: "髙", count: 600)
        #expect(throws: DocumentPrintError.textDoesNotFit) { try desk.renderer.render(content, number: "X 001") }
    }

    @Test("one transaction: the payment, the issuance and each copy's 連番; a retry returns it and records nothing")
    func issueAndRetry() throws {
        let first = try issue("P90001", "juminhyo-household", options: [.householdHead], copies: 2, request: "REQ-1")
        #expect(first.payment.total == Yen(600) && first.payment.requestID == "REQ-1")
        #expect(first.copies.map(\.serial) == [1, 2])
        let again = try issue("P90001", "juminhyo-household", options: [.householdHead], copies: 2, request: "REQ-1")
        #expect(again.wasIssuedBefore && again.entry.id == first.entry.id && again.payment.id == first.payment.id)
        #expect(try count("certificate_log") == 1 && count("certificate_number") == 2 && count("ledger_entry") == 1)
        let official = try issue("P90001", "juminhyo-personal", copies: 3, official: true)
        #expect(official.payment.total == .zero && official.copies.map(\.serial) == [3, 4, 5])
    }

    @Test("連番 is gapless per terminal and day over many issuances, and starts again at 1 the next day")
    func gaplessNumbers() throws {
        var serials: [Int] = []
        for index in 0..<12 { serials += try issue("P90001", "juminhyo-personal", copies: index % 3 + 1).copies.map(\.serial) }
        #expect(serials == Array(1...serials.count))
        clock.set(LedgerFixtures.instant(LedgerFixtures.day.adding(days: 1)))
        #expect(try issue("P90001", "juminhyo-personal").copies.map(\.serial) == [1])
    }

    @Test("rendered: every item read back exactly (髙/﨑), 認証文 on the last page only, 発行番号 with 頁/総頁 on each page")
    func rendering() throws {
        let issuance = try issue("P00208", "juminhyo-household", options: [.householdHead])
        let copies = try desk.render(issuance)
        let copy = try #require(copies.first)
        #expect(copy.pages == 2)
        let pages = try (1...copy.pages).map { try Poppler.text(copy.pdf, page: $0) }
        #expect(pages[0].contains("世帯員 1") && pages[0].contains("世帯員 4") && !pages[0].contains("世帯員 5"))
        #expect(pages[1].contains("世帯員 5"))
        #expect(!pages[0].contains("相違ないことを証明する") && pages[1].contains("この写しは、世帯全員の住民票の原本と相違ないことを証明する。"))
        #expect(pages[0].contains("20261201 大阪市北区 T01 プリンタ001 001 1/2"))
        #expect(pages[1].contains("20261201 大阪市北区 T01 プリンタ001 001 2/2"))
        #expect(pages[1].contains("大阪府大阪市北区長職務代理者") && pages[1].contains("令和8年12月1日"))
        let takahashi = try desk.render(try issue("P90001", "juminhyo-personal"))
        let text = try Poppler.text(try #require(takahashi.first).pdf)
        #expect(text.unicodeScalars.contains("\u{9AD9}") && text.unicodeScalars.contains("\u{FA11}"))
        #expect(text.contains("髙橋"))
    }

    @Test("印鑑登録証明書 prints the 印影; 戸籍, 附票 and 課税 render from the registry")
    func otherKinds() throws {
        let seal = try #require(try desk.render(try issue("P90001", "inkan")).first)
        #expect(try Poppler.text(seal.pdf).contains("IN100001"))
        #expect(seal.pdf.range(of: Data("/Subtype /Image".utf8)) != nil)
        for kind in ["koseki-zenbu", "koseki-kojin", "fuhyo", "kazei"] {
            let copy = try #require(try desk.render(try issue("P90001", kind)).first)
            let text = try Poppler.text(copy.pdf)
            #expect(text.contains(try #require(desk.catalog.kind(id: kind)).attestation.prefix(10)), "\(kind)")
        }
    }

    @Test("the printer fails after payment: the issuance stays paid and numbered; printMissing prints it under the same number")
    func printerFailsAfterPayment() throws {
        let issuance = try issue("P90001", "juminhyo-personal", copies: 2)
        let broken = FailingPrinter()
        let outcomes = desk.print(issuance, copies: try desk.render(issuance), to: broken, actor: .clerk(id: "c1"), channel: .counter)
        #expect(outcomes.allSatisfy { if case .failure = $0.result { true } else { false } })
        #expect(try desk.unprinted(issuance).map(\.serial) == [1, 2])
        let printer = PDFFolderPrinter(directory: folder, clock: clock)
        let again = try desk.printMissing(issuance, to: printer, actor: .clerk(id: "c1"), channel: .counter)
        #expect(again.map(\.serial) == [1, 2] && again.allSatisfy { if case .success = $0.result { true } else { false } })
        #expect(try desk.unprinted(issuance).isEmpty)
        #expect(try desk.printMissing(issuance, to: printer, actor: .clerk(id: "c1"), channel: .counter).isEmpty)
        let history = try desk.history(personID: "P90001")
        #expect(history.map(\.kind) == [.issue, .print, .print, .print, .print])
        #expect(history.filter { $0.outcome == "failed" }.count == 2)
        #expect(try count("ledger_entry") == 1)
    }

    @Test("the log is write-once; the chain breaks when one row is changed and verify names it")
    func writeOnceAndChain() throws {
        _ = try issue("P90001", "juminhyo-personal")
        _ = try issue("P90001", "juminhyo-personal")
        for sql in ["UPDATE certificate_log SET copies = 9", "DELETE FROM certificate_log", "DELETE FROM certificate_number",
                    "UPDATE certificate_number SET serial = 7"] {
            #expect(throws: (any Error).self, "\(sql)") { try database.write { db in try db.execute(sql: sql) } }
        }
        #expect(try CertificateDesk.verify(database).chains.firstBreak == nil)
        #expect(try CertificateDesk.verify(database).missingGuards.isEmpty)
        try database.write { db in
            try db.execute(sql: "DROP TRIGGER certificate_log_no_update")
            try db.execute(sql: "UPDATE certificate_log SET copies = 5 WHERE seq = 2")
        }
        let report = try CertificateDesk.verify(database)
        #expect(report.chains.firstBreak?.seq == 2)
        #expect(report.missingGuards == ["certificate_log_no_update"])
    }
    @Test("every page carries a signed code that verifies with the public key alone and names the page's people")
    func signedPages() throws {
        let key = SealKey.generate()
        let signing = try CertificateDesk.make(database: database, seeds: Fixtures.seeds, clock: clock, terminalID: "T01",
                                               office: Self.kita, marker: SealCodeMarker(key: key))
        let issuance = try signing.issue(CertificateRequest(personID: "P00208", kindID: "juminhyo-household"), requestID: "SIG-1",
                                         tender: .cash(received: nil), actor: .clerk(id: "c1"), channel: .counter)
        let copy = try #require(try signing.render(issuance).first)
        let file = folder.appendingPathComponent("signed.pdf")
        try copy.pdf.write(to: file)
        let pages = try QRDecoder.decodePDF(at: file)
        #expect(pages.count == 2 && pages.allSatisfy { $0.count == 1 })
        var names: [String] = []
        for (index, codes) in pages.enumerated() {
            guard case .valid(let content) = VerificationCode.verify(try #require(codes.first), publicKey: key.publicKey) else {
                Issue.record("page \(index + 1) does not verify")
                continue
            }
            #expect(content.issueNumber == "20261201 大阪市北区 T01 プリンタ001 001 \(index + 1)/2")
            names += content.fields.filter { $0.key.hasSuffix(".name") }.map(\.value)
        }
        let household = try signing.registry.householdMembers(of: "H0077").map(\.name)
        #expect(Set(names) == Set(household) && names.count == household.count)
        // Another installation's key does not verify the same page.
        let other = SealKey.generate().publicKey
        if case .valid = VerificationCode.verify(try #require(pages.first?.first), publicKey: other) {
            Issue.record("another installation's key verified the page")
        }
    }

    @Test("再交付: the same content under a new number, no new fee; 処分 needs a 係長, once per copy")
    func reprintAndVoid() throws {
        try ClerkRepository(database: database, clock: clock)
            .create(clerkID: "boss", displayName: "係長", role: .supervisor, password: "chief-pass-2026")
        try ClerkRepository(database: database, clock: clock)
            .create(clerkID: "c1", displayName: "職員", role: .clerk, password: "clerk-pass-2026")
        let issuance = try issue("P90001", "juminhyo-personal", copies: 2)
        let reprint = try desk.reprint(serial: 2, day: LedgerFixtures.day, reason: "汚損", actor: .clerk(id: "c1"), channel: .counter)
        #expect(reprint.copies.map(\.serial) == [3] && reprint.entry.issuanceID == issuance.entry.id)
        #expect(reprint.request == issuance.request.with(copies: 1))
        #expect(try count("ledger_entry") == 1)
        let printed = try desk.printMissing(reprint, to: PDFFolderPrinter(directory: folder, clock: clock), actor: .clerk(id: "c1"),
                                            channel: .counter)
        #expect(printed.map(\.number) == ["20261201 大阪市北区 T01 プリンタ001 003"])
        #expect(throws: IssuanceFollowUpError.invalidReason) {
            try desk.reprint(serial: 2, day: LedgerFixtures.day, reason: "", actor: .clerk(id: "c1"), channel: .counter)
        }
        #expect(throws: IssuanceFollowUpError.unknownNumber) {
            try desk.reprint(serial: 99, day: LedgerFixtures.day, reason: "紛失", actor: .clerk(id: "c1"), channel: .counter)
        }
        #expect(throws: ClerkError.notPermitted(task: "証明書の処分")) {
            try desk.void(serial: 2, day: LedgerFixtures.day, reason: "汚損", supervisorID: "c1", supervisorPassword: "clerk-pass-2026",
                          actor: .clerk(id: "c1"), channel: .counter)
        }
        let void = try desk.void(serial: 2, day: LedgerFixtures.day, reason: "汚損", supervisorID: "boss",
                                 supervisorPassword: "chief-pass-2026", actor: .clerk(id: "c1"), channel: .counter)
        #expect(void.supervisorID == "boss" && void.copySerial == 2 && void.issuanceID == issuance.entry.id)
        #expect(throws: IssuanceFollowUpError.alreadyVoided) {
            try desk.void(serial: 2, day: LedgerFixtures.day, reason: "汚損", supervisorID: "boss",
                          supervisorPassword: "chief-pass-2026", actor: .clerk(id: "c1"), channel: .counter)
        }
        let kinds = try desk.history(personID: "P90001").map(\.kind)
        #expect(kinds == [.issue, .reprint, .print, .void])
    }
}

extension CertificateRequest {
    /// The request with other copies.
    func with(copies: Int) -> CertificateRequest {
        var request = self
        request.copies = copies
        return request
    }
}

/// A printer that refuses every job (the print system down after the fee was taken).
struct FailingPrinter: Printer {
    var displayName: String { "窓口プリンタ" }
    func status() -> PrinterStatus { .ready }
    func submit(pdf: Data, title: String, copies: Int, paper: Paper?) throws -> PrintReceipt {
        throw PrintError.queueStopped("窓口プリンタ", reason: "用紙切れ")
    }
}

/// The certificate fees of the shipped fee table, read independently of the desk (the seed file itself).
enum LedgerCatalogFixture {
    static func certificateFees() throws -> [String: Int64] {
        struct File: Decodable {
            struct Item: Decodable {
                struct Fee: Decodable { var yen: Int64 }
                var code: String, fees: [Fee], certificate: Bool?
            }
            var items: [Item]
        }
        let data = try Data(contentsOf: Fixtures.seeds.file("ledger-items.json"))
        let items = try JSONDecoder().decode(File.self, from: data).items.filter { $0.certificate == true }
        return Dictionary(uniqueKeysWithValues: items.map { ($0.code, $0.fees.last?.yen ?? -1) })
    }
}
