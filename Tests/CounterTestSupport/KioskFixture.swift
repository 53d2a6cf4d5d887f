import CashlessLedger
import CertificateIssue
import CounterCore
import CounterService
import CounterStore
import DocumentPrint
import Foundation
import MyNumberReader

/// A kiosk on an in-memory database holding the demo registry, the in-process card of P90001 (髙橋　﨑子, PINs
/// 1234) in a ``SimulatedCardSlot``, a payment terminal, a PDF folder, and a clock the test sets (10:00 in Japan on
/// 2026-12-01, inside the kiosk's hours).
public final class KioskFixture {
    /// The clock.
    public let clock = LedgerClock(LedgerFixtures.instant(LedgerFixtures.day))
    /// The terminal database.
    public let database: CounterDatabase
    /// The registry as loaded (before any wrapping).
    public let registry: any ResidentRegistry
    /// The card slot (the card is placed).
    public let slot: SimulatedCardSlot
    /// Where certificates and receipts print.
    public let folder = Fixtures.temporaryFolder("kiosk")
    /// 北区役所.
    public static let kita = Office(id: "kita", type: .ward, name: "北区役所", ward: "北区")

    /// Imports the demo registry and places the demo card.
    public init() throws {
        database = try CounterStorage.inMemory()
        _ = try RegistryImport(seeds: Fixtures.seeds).run(folder: Fixtures.seeds.file("demo/registry"), into: database)
        registry = try SQLiteResidentRegistry(database: database, seeds: Fixtures.seeds)
        slot = try SimulatedCardSlot(holder: BasicInfo(name: "髙橋　﨑子", address: "大阪市北区中之島１丁目３－２０",
                                                       birthDate: CalendarDate(year: 1985, month: 4, day: 12), sex: .female))
        slot.insert()
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A kiosk desk: `registry` wraps the demo registry (a test's alterations), `revocationList` is a CRL file.
    public func kiosk(terminal: any PaymentTerminal = ScriptedTerminal(charge: .approved(Approval(brandID: "paypay", slip: "000123"))),
                      printer: (any Printer)? = nil, registry wrap: (any ResidentRegistry) -> any ResidentRegistry = { $0 },
                      revocationList: URL? = nil) throws -> KioskDesk {
        let registry = wrap(self.registry)
        let made = try CertificateDesk.make(database: database, seeds: Fixtures.seeds, clock: clock, terminalID: "K01",
                                            office: Self.kita, marker: nil)
        let desk = CertificateDesk(database: database, registry: registry, catalog: made.catalog,
                                   composer: CertificateComposer(registry: registry, eras: try EraTable(seeds: Fixtures.seeds),
                                                                 relationships: try RelationshipOrder.load(from: Fixtures.seeds)),
                                   renderer: made.renderer, cashier: made.cashier, clock: clock, office: made.office, city: made.city)
        let cases = CaseService(terminalID: "K01", channel: .kiosk, clock: clock, events: EventQueue(database: database),
                                printing: FakeFormPrinting(), card: CardInfoReader(sessions: slot))
        let authenticator = try JPKIAuthenticator(caCertificateFile: Fixtures.seeds.file("demo/demo-ca-cert.pem").path,
                                                  revocationListFile: revocationList?.path)
        return KioskDesk(desk: desk, cases: cases, authenticator: authenticator, terminal: terminal,
                         printer: printer ?? PDFFolderPrinter(directory: folder, clock: clock),
                         catalog: try KioskCatalog.load(from: Fixtures.seeds))
    }

    /// Counts with `sql`.
    public func count(_ sql: String) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }
}
