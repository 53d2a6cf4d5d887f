import CounterCore
import FormPreprint
import CounterStore
import CounterTUI
import Foundation

/// A card error with the kind of Japanese message the real reader gives.
enum FakeCardError: UserFacingError, Equatable {
    case wrongPin(triesLeft: Int)
    case locked
    case removed
    case noCard

    var userMessage: String {
        switch self {
        case .wrongPin(let triesLeft):
            return "暗証番号が違います（残り\(triesLeft)回）。ご本人にもう一度入力してもらってください。"
        case .locked:
            return "暗証番号がロックされています。住所地の市区町村窓口でロック解除の手続きをしてください。"
        case .removed:
            return "読み取り中にカードが取り外されました。カードを置き直して再試行してください。"
        case .noCard:
            return "カードが置かれていません。カードをリーダーに置いてください。"
        }
    }
}

/// A card slot driven by the test: state behind a lock, behaviour like the card-info AP.
final class FakeCard: CardPort, @unchecked Sendable {
    private let lock = NSLock()
    private var status = CardSlotStatus(readerName: "Virtual PCD 00 00", cardPresent: false)
    private var tries = 3
    private var removeDuringRead = false
    private var sessionsEnded = 0
    private var pinsTried: [String] = []
    let info: BasicInfo
    let correctPIN = "1234"

    init(info: BasicInfo) {
        self.info = info
    }

    func insert() { lock.withLock { status = CardSlotStatus(readerName: "Virtual PCD 00 00", cardPresent: true) } }
    func remove() { lock.withLock { status.cardPresent = false } }
    func unplugReader() { lock.withLock { status = CardSlotStatus(readerName: nil, cardPresent: false) } }
    func setTries(_ value: Int) { lock.withLock { tries = value } }
    func removeOnNextRead() { lock.withLock { removeDuringRead = true } }
    var endSessionCount: Int { lock.withLock { sessionsEnded } }
    var triesLeft: Int { lock.withLock { tries } }

    func waitForStatus(timeout: Duration) async -> CardSlotStatus {
        lock.withLock { status }
    }

    func pinTriesLeft() async throws -> Int {
        try lock.withLock {
            guard status.cardPresent else { throw FakeCardError.noCard }
            return tries
        }
    }

    func readBasicInfo(pin: String) async throws -> BasicInfo {
        try lock.withLock {
            guard status.cardPresent else { throw FakeCardError.noCard }
            if removeDuringRead {
                removeDuringRead = false
                status.cardPresent = false
                throw FakeCardError.removed
            }
            guard tries > 0 else { throw FakeCardError.locked }
            guard pin == correctPIN else {
                tries -= 1
                throw tries == 0 ? FakeCardError.locked : FakeCardError.wrongPin(triesLeft: tries)
            }
            tries = 3
            return info
        }
    }

    func endSession() async {
        lock.withLock { sessionsEnded += 1 }
    }
}

/// A printer error like the print module's.
enum FakePrintError: UserFacingError {
    case paperOut

    var userMessage: String {
        "プリンタ「窓口1」の用紙がありません。用紙を補充してから再印刷してください。"
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

    let forms = [
        FormChoice(id: "juminhyo-request", title: "住民票の写し等交付申請書"),
        FormChoice(id: "inkan-request", title: "印鑑登録証明書交付申請書"),
        FormChoice(id: "tenkyo", title: "住民異動届（転居届）"),
    ]

    func fail(_ formID: String) { lock.withLock { _ = failing.insert(formID) } }
    func repair(_ formID: String) { lock.withLock { _ = failing.remove(formID) } }
    var jobs: [Job] { lock.withLock { printed } }

    func printerStatus() async -> PrinterState {
        PrinterState(name: "窓口1", ready: true)
    }

    func print(info: BasicInfo, formID: String, copies: Int, mode: PreprintMode) async throws -> String {
        try lock.withLock {
            if failing.contains(formID) { throw FakePrintError.paperOut }
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

    /// A fresh in-memory database, fake card and printer, and the headless driver.
    static func make(clerk: Bool = true) throws -> (HeadlessDriver, FakeCard, FakePrinter, CounterDatabase) {
        let database = try CounterDatabase.inMemory()
        if clerk {
            try ClerkRepository(database: database)
                .create(clerkID: "k.yamada", displayName: "山田", role: .clerk, password: "counter-pass")
        }
        let card = FakeCard(info: citizen)
        let printer = FakePrinter()
        let app = CounterApp(database: database, card: card, printer: printer, terminalID: "T01",
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
    func readCard(_ card: FakeCard, pin: String) async {
        await logIn()
        card.insert()
        await send(.text("1"))
        await type(pin)
        await send(.confirm)
    }
}
