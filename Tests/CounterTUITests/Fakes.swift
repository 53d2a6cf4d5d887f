import Synchronization
import CashlessLedger
import CertificateIssue
import CounterCore
import CounterService
import CounterTestSupport
import CounterStore
import CounterTUI
import DocumentPrint
import Foundation
import FormPreprint
import MyNumberCardSim
import MyNumberReader

/// Test data and a ready-made app.
enum Fixture {
    /// 2026-11-21 10:00 JST.
    static let now = Date(timeIntervalSince1970: 1_795_222_800)
    /// 80 characters of address, 方書 included.
    static let longAddress = "大阪府大阪市中央区大手前二丁目1番22号大阪市中央区役所前通り沿いの建物名がとても長いマンション第二十一号棟の最上階にある角部屋の二〇一号室ですのでお間違えなく"
    static let citizen = BasicInfo(name: "髙橋\u{3000}﨑子", address: longAddress,
                                   birthDate: CalendarDate(year: 1980, month: 2, day: 17), sex: .female)

    static var repoRoot: URL { TestBinaries.repoRoot }

    static func eras() throws -> EraTable {
        try EraTable(seeds: SeedDirectory(url: repoRoot.appendingPathComponent("seeds")))
    }

    /// A fresh in-memory database, a card slot with the citizen's simulated card, a fake printer, and the
    /// headless driver.
    static func make(clerk: Bool = true, printMode: PreprintMode = .full, forms: [FormChoice] = FakeFormPrinting.forms,
                     paymentTerminal: (any PaymentTerminal)? = nil, holder: BasicInfo = citizen,
                     certificates: (desk: CertificateDesk, printer: any Printer)? = nil,
                     database: CounterDatabase? = nil, kpi: Bool = false) throws
        -> (HeadlessDriver, SimulatedCardSlot, FakeFormPrinting, CounterDatabase)
    {
        let database = try database ?? CounterStorage.inMemory()
        if clerk {
            try ClerkRepository(database: database, clock: SystemClock())
                .create(clerkID: "k.yamada", displayName: "山田", role: .clerk, password: "counter-pass")
        }
        let card = try SimulatedCardSlot(holder: holder)
        let printer = FakeFormPrinting(defaultMode: printMode, forms: forms)
        let app = CounterApp(database: database, card: CardInfoReader(sessions: card), printing: printer, terminalID: "T01",
                             eras: try eras(), clock: FixedClock(now), caseIDs: sequentialCaseIDs(),
                             ledger: LedgerFixtures.catalog, paymentTerminal: paymentTerminal,
                             certificates: certificates?.desk, certificatePrinter: certificates?.printer,
                             kpi: kpi ? try KPIDesk(database: database, seeds: SeedDirectory(url: repoRoot.appendingPathComponent("seeds"))) : nil)
        return (HeadlessDriver(app: app), card, printer, database)
    }

    /// Case ids 00000001-…, 00000002-… in order, so the case number on screen is the same on every run.
    static func sequentialCaseIDs() -> @Sendable () -> UUID {
        let counter = Mutex(0)
        return {
            let next = counter.withLock { value -> Int in
                value += 1
                return value
            }
            return UUID(uuidString: String(format: "%08X-0000-4000-8000-000000000000", next))!
        }
    }

    static func events(_ database: CounterDatabase) throws -> [CaseEvent] {
        try EventLog.events(database, day: CalendarDate(year: 2026, month: 11, day: 21))
    }
}

extension HeadlessDriver {
    /// Logs in as the fixture clerk.
    func logIn() async {
        await settle()
        await type("k.yamada")
        await send(.confirm)
        await type("counter-pass")
        await send(.confirm)
    }

    /// On the manual-entry screen: types name, address, birth date and sex as given, confirming each.
    func typeManualEntry(_ name: String, _ address: String, _ birthDate: String, _ sex: String) async {
        for value in [name, address, birthDate, sex] {
            await type(value)
            await send(.confirm)
        }
    }

    /// Logs in, places `card`, starts a case and enters `pin`: the next screen is the card's answer.
    func readCard(_ card: SimulatedCardSlot, pin: String) async {
        await logIn()
        card.insert()
        await send(.text("1"))
        await type(pin)
        await send(.confirm)
    }
}
