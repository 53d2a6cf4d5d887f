import CounterCore
import CounterStore
import CounterTUI
import DocumentPrint
import Foundation
import FormPreprint
import MyNumberCardSim
import MyNumberReader

/// A card slot driven by the test: the reader side (reader plugged, card placed or pulled, pcscd
/// stopped, another program holding the card) is played here, while the card itself is MyNumberCardSim's
/// card model answering MyNumberReader's APDUs in-process, so the UI sees the real CardError values.
final class SimulatedCardSlot: CardSessionProvider, @unchecked Sendable {
    private let lock = NSLock()
    private static let reader = "Virtual PCD 00 00"
    private var readerName: String? = reader
    private var present = false
    private var serviceRunning = true
    private var heldElsewhere = false
    private var pullAtNextRead = false
    private var card: SimulatedCard
    private var sessions = 0

    /// A slot with a card of `holder` (PIN 1234) ready to be placed.
    init(holder: BasicInfo) throws {
        card = try SimulatedCard(profile: Self.profile(holder: holder, triesLeft: CardProfile.pinTries))
    }

    /// The demo profile of seeds/demo/cards with `holder`'s fields, PIN 1234 and `triesLeft` tries.
    static func profile(holder: BasicInfo, triesLeft: Int) throws -> CardProfile {
        var profile = try CardProfile.load(
            from: Fixture.repoRoot.appendingPathComponent("seeds/demo/cards/takahashi-sakiko.json"))
        profile.holder = holder
        profile.cardInfoPIN = "1234"
        profile.cardInfoPINTriesLeft = triesLeft
        return profile
    }

    /// Places the card on the reader (plugging the reader in if it was not).
    func insert() { lock.withLock { readerName = Self.reader; present = true } }
    /// Takes the card off the reader.
    func remove() { lock.withLock { present = false } }
    /// Unplugs the reader (the card goes with it).
    func unplugReader() { lock.withLock { readerName = nil; present = false } }
    /// Stops pcscd: neither the readers nor the card can be reached.
    func stopService() { lock.withLock { serviceRunning = false } }
    /// Starts pcscd again.
    func startService() { lock.withLock { serviceRunning = true } }
    /// Another program holds the card exclusively (sessions are refused).
    func holdElsewhere(_ held: Bool) { lock.withLock { heldElsewhere = held } }
    /// The card is pulled out when the next session reads a file (after the PIN was verified).
    func removeOnNextRead() { lock.withLock { pullAtNextRead = true } }
    /// Replaces the card by one of the same holder with `triesLeft` PIN tries.
    func setTries(_ triesLeft: Int) throws {
        let profile = try Self.profile(holder: lock.withLock { card.profile.holder }, triesLeft: triesLeft)
        let replacement = try SimulatedCard(profile: profile)
        lock.withLock { card = replacement }
    }
    /// Replaces the card by one that is not a My Number card (neither application answers).
    func useForeignCard() throws {
        let replacement = try SimulatedCard(profile: lock.withLock { card.profile }, style: .foreignCard)
        lock.withLock { card = replacement }
    }
    /// PIN tries left on the card now.
    var triesLeft: Int { lock.withLock { card.profile.cardInfoPINTriesLeft } }
    /// Card sessions opened so far.
    var sessionCount: Int { lock.withLock { sessions } }

    func waitForChange(timeout: Duration) throws(CardError) -> CardSlotStatus {
        let (running, status) = lock.withLock { (serviceRunning, CardSlotStatus(readerName: readerName, cardPresent: present)) }
        guard running else { throw .serviceNotRunning }
        return status
    }

    /// Waits never block here, so there is nothing to cancel.
    func cancelWait() {}

    func withCard<Result>(_ body: (any CardTransport) throws -> Result) throws -> Result {
        let (refusal, card, pull) = lock.withLock { () -> (CardError?, SimulatedCard, Bool) in
            let refusal: CardError? = !serviceRunning ? .serviceNotRunning : readerName == nil ? .noReader
                : !present ? .noCard : heldElsewhere ? .readerBusy : nil
            guard refusal == nil else { return (refusal, self.card, false) }
            sessions += 1
            defer { pullAtNextRead = false }
            return (nil, self.card, pullAtNextRead)
        }
        if let refusal { throw refusal }
        defer { card.powerOff() }
        let transport = PullingTransport(SimulatedCardTransport(card: card), pullAtRead: pull)
        do {
            return try body(ResponseChainingTransport(transport))
        } catch CardError.cardRemoved {
            remove()
            throw CardError.cardRemoved
        }
    }
}

/// Passes APDUs to the card until the first READ BINARY when `pullAtRead` is set: then the card is
/// gone (powered off, ``CardError/cardRemoved``), as when it is pulled out mid-read.
private final class PullingTransport: CardTransport {
    private let base: SimulatedCardTransport
    private let pullAtRead: Bool

    init(_ base: SimulatedCardTransport, pullAtRead: Bool) {
        self.base = base
        self.pullAtRead = pullAtRead
    }

    func transmit(_ command: CommandAPDU) throws -> ResponseAPDU {
        if pullAtRead && command.ins == 0xB0 {
            base.card.powerOff()
            throw CardError.cardRemoved
        }
        return try base.transmit(command)
    }
}

/// A printer that records jobs and fails the forms the test names.
final class FakePrinter: PrintPort, @unchecked Sendable {
    struct Job: Equatable {
        var info: BasicInfo
        var formID: String
        var copies: Int
        var mode: PreprintMode
    }

    private let lock = NSLock()
    private var failing: Set<String> = []
    private var printed: [Job] = []
    let defaultMode: PreprintMode

    let forms = [
        FormChoice(id: "juminhyo-request", title: "住民票の写し等交付申請書"),
        FormChoice(id: "inkan-request", title: "印鑑登録証明書交付申請書"),
        FormChoice(id: "tenkyo", title: "住民異動届（転居届）"),
    ]

    /// A printer whose form-choice screen starts in `defaultMode`.
    init(defaultMode: PreprintMode = .full) {
        self.defaultMode = defaultMode
    }

    /// What FormPreprint reports when the queue stopped for lack of paper.
    static func paperOut(formTitle: String) -> PreprintError {
        .printFailed(form: formTitle, .queueStopped("窓口1", reason: "用紙切れ"))
    }

    func fail(_ formID: String) { lock.withLock { _ = failing.insert(formID) } }
    func repair(_ formID: String) { lock.withLock { _ = failing.remove(formID) } }
    var jobs: [Job] { lock.withLock { printed } }

    func printerStatus() async -> PrinterState {
        PrinterState(name: "窓口1", ready: true)
    }

    func print(info: BasicInfo, formID: String, copies: Int, mode: PreprintMode) async throws -> String {
        try lock.withLock {
            if failing.contains(formID), let form = forms.first(where: { $0.id == formID }) {
                throw Self.paperOut(formTitle: form.title)
            }
            printed.append(Job(info: info, formID: formID, copies: copies, mode: mode))
            return "ジョブ 窓口1-\(printed.count)"
        }
    }
}

/// A clock stopped at a given instant.
struct FixedClock: AppClock {
    var instant: Date
    func now() -> Date { instant }
}

/// Test data and a ready-made app.
enum Fixture {
    /// 2026-11-21 10:00 JST.
    static let now = Date(timeIntervalSince1970: 1_795_222_800)
    /// 80 characters of address, 方書 included.
    static let longAddress = "大阪府大阪市中央区大手前二丁目1番22号大阪市中央区役所前通り沿いの建物名がとても長いマンション第二十一号棟の最上階にある角部屋の二〇一号室ですのでお間違えなく"
    static let citizen = BasicInfo(name: "髙橋\u{3000}﨑子", address: longAddress,
                                   birthDate: CalendarDate(year: 1980, month: 2, day: 17), sex: .female)

    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func eras() throws -> EraTable {
        try EraTable(seeds: SeedDirectory(url: repoRoot.appendingPathComponent("seeds")))
    }

    /// A fresh in-memory database, a card slot with the citizen's simulated card, a fake printer, and the
    /// headless driver.
    static func make(clerk: Bool = true, printMode: PreprintMode = .full) throws
        -> (HeadlessDriver, SimulatedCardSlot, FakePrinter, CounterDatabase)
    {
        let database = try CounterDatabase.inMemory()
        if clerk {
            try ClerkRepository(database: database)
                .create(clerkID: "k.yamada", displayName: "山田", role: .clerk, password: "counter-pass")
        }
        let card = try SimulatedCardSlot(holder: citizen)
        let printer = FakePrinter(defaultMode: printMode)
        let app = CounterApp(database: database, card: CardReaderPort(sessions: card), printer: printer, terminalID: "T01",
                             eras: try eras(), clock: FixedClock(instant: now))
        return (HeadlessDriver(app: app), card, printer, database)
    }

    static func events(_ database: CounterDatabase) throws -> [CaseEvent] {
        try CaseEventRepository(database: database, timeZone: .japan).events(day: CalendarDate(year: 2026, month: 11, day: 21))
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

    /// Logs in, places `card`, starts a case and enters `pin`: the next screen is the card's answer.
    func readCard(_ card: SimulatedCardSlot, pin: String) async {
        await logIn()
        card.insert()
        await send(.text("1"))
        await type(pin)
        await send(.confirm)
    }
}
