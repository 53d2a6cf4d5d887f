import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import DocumentPrint
import MyNumberReader
import FormPreprint
import Foundation
import Testing
@testable import CounterTUI
#if canImport(Glibc)
import Glibc
#endif

/// A printer whose jobs wait until the test answers them, and whose status check may hang.
final class HeldPrinter: FormPrinting, @unchecked Sendable {
    private let lock = NSLock()
    private var waitingJobs: [CheckedContinuation<String, any Error>] = []
    private let statusHangs: Bool

    init(statusHangs: Bool = false) {
        self.statusHangs = statusHangs
    }

    func forms(on day: CalendarDate) -> [FormChoice] {
        [FormChoice(id: "juminhyo-request", revision: 1, title: "住民票の写し等交付申請書")]
    }
    var defaultMode: PreprintMode { .full }

    /// Jobs started and not yet answered.
    var heldCount: Int { lock.withLock { waitingJobs.count } }

    /// Answers the oldest held job.
    func answer(_ result: Result<String, any Error>) {
        let job = lock.withLock { waitingJobs.removeFirst() }
        job.resume(with: result)
    }

    func printerStatus() async -> PrinterState {
        if statusHangs {
            // Like a CUPS query that never answers (until the monitor is cancelled).
            try? await Task.sleep(for: .seconds(3600))
        }
        return PrinterState(name: "窓口1", ready: true)
    }

    /// Holds the job until ``answer(_:)``: success gives the job id.
    func resumePrinter() async throws {}

    func printDocument(_ pdf: Data, title: String) async throws -> PrintReceipt { PrintReceipt(jobID: "held") }

    func preview(_ form: FormChoice, fill: FormFill) throws -> FormPreview {
        FakeFormPrinting.preview(form, fill: fill)
    }

    func print(_ form: FormChoice, fill: FormFill, copies: Int, mode: PreprintMode) async throws -> JobReceipt {
        let jobID = try await withCheckedThrowingContinuation { continuation in
            lock.withLock { waitingJobs.append(continuation) }
        }
        return JobReceipt(form: form, copies: copies, jobID: jobID)
    }
}

/// A clock the test moves forward.
final class MovableClock: CounterCore.Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant = Fixture.now

    func now() -> Date { lock.withLock { instant } }
    func advance(seconds: TimeInterval) { lock.withLock { instant += seconds } }
}

/// An app on a fresh database with the fixture clerk, an empty reader and a held printer.
struct RobustApp {
    let driver: HeadlessDriver
    let database: CounterDatabase
    let printer: HeldPrinter
    let clock: MovableClock

    init(databasePath: String? = nil, printer: HeldPrinter = HeldPrinter()) throws {
        database = try databasePath.map {
            try CounterDatabase.open(path: $0, schema: CounterStorage.schema, busyTimeout: .milliseconds(50))
        } ?? CounterStorage.inMemory()
        try ClerkRepository(database: database, clock: SystemClock())
            .create(clerkID: "k.yamada", displayName: "山田", role: .clerk, password: "counter-pass")
        clock = MovableClock()
        self.printer = printer
        let reader = CardInfoReader(sessions: try SimulatedCardSlot(holder: Fixture.citizen))
        let app = CounterApp(database: database, card: reader, printing: printer, terminalID: "T01",
                             eras: try Fixture.eras(), clock: clock, idleTimeout: .seconds(300),
                             caseIDs: Fixture.sequentialCaseIDs())
        driver = HeadlessDriver(app: app)
    }

    func events() throws -> [CaseEventKind] {
        try EventLog.events(database, day: CalendarDate(year: 2026, month: 11, day: 21)).map(\.kind)
    }
}

extension HeadlessDriver {
    /// Logs in, starts a case and types `info` on the manual-entry screen: the confirmation follows.
    func enterManually(_ info: BasicInfo) async {
        await logIn()
        await send(.text("1"))
        await send(.function(4))
        await typeManualEntry(info.name, info.address, BasicInfoInput.digits(info.birthDate), info.sex.code)
    }
}

/// The demo card whose address is longer than three rows of the confirmation screen.
enum LongAddressCard {
    static func info() throws -> BasicInfo {
        let url = Fixture.repoRoot.appendingPathComponent("seeds/demo/cards/nakanoshima-midori.json")
        let profile = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let holder = try #require(profile["holder"] as? [String: String])
        let name = try #require(holder["name"]), address = try #require(holder["address"])
        let birth = try #require(holder["birthDate"]), sex = try #require(holder["sex"])
        return BasicInfo(name: name, address: address, birthDate: try #require(CalendarDate(iso: birth)),
                         sex: Sex(code: sex))
    }
}

@Suite("Robustness: busy database, hung printer, idle lock, signals, terminal checks")
struct RobustnessTests {
    @Test("events are kept while another connection holds the write lock, then written in order")
    func busyDatabase() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("counter-busy-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("counter.sqlite").path
        let app = try RobustApp(databasePath: path)
        await app.driver.logIn()

        let holder = try WriteLockHolder(path: path)
        await app.driver.send(.text("1"))
        let screen = app.driver.screenText()
        // First on the status line, which turns compact at 80 columns so nothing is cut.
        #expect(app.driver.render().line(1).hasPrefix(" 記録未保存 1件  "))
        #expect(screen.contains("T01"))
        #expect(app.driver.message == "受付の記録をまだ保存できていません。記録は消さずに自動で保存し直します"
            + "（状態行の「記録未保存」が消えない場合は管理者に連絡してください）。原因: " + StoreError.busy.userMessage)
        #expect(try app.events() == [])

        holder.release()
        await app.driver.waitUntilEventsSaved()
        let statusLine = app.driver.render().line(1)
        #expect(statusLine.hasPrefix(" 端末 T01"))
        // Nothing dropped, order kept: the case start came first.
        let events = try app.events()
        #expect(events.first == .caseStarted(style: .preprinted))
        #expect(events.count == 1)
    }

    @Test("ESC leaves a running print job; its outcome is recorded for its case when it arrives")
    func leaveRunningPrint() async throws {
        let app = try RobustApp()
        await app.driver.enterManually(Fixture.citizen)
        let caseID = try #require(app.driver.caseID)
        await app.driver.send(.confirm)
        await app.driver.send(.text("1"))
        app.driver.feed(.confirm)
        while app.printer.heldCount == 0 { await Task.yield() }
        #expect(app.driver.screenText().contains("ESC  待たずに帳票選択へ戻る"))

        app.driver.feed(.back)
        #expect(app.driver.screenText().contains("印刷中の帳票の結果は、届きしだい記録します。"))
        app.printer.answer(.success("窓口1-7"))
        await app.driver.settle()
        #expect(app.driver.message == "「住民票の写し等交付申請書」の印刷が完了しました（ジョブ 窓口1-7）。")

        // A second job left running fails after the case ended: still recorded for that case.
        await app.driver.send(.text("1"))
        await app.driver.send(.confirm)
        // The form was printed in this case already: the reprint is confirmed (1).
        #expect(app.driver.screenText().contains("印刷済の帳票をもう一度印刷しますか？"))
        app.driver.feed(.text("1"))
        while app.printer.heldCount == 0 { await Task.yield() }
        app.driver.feed(.back)
        app.driver.feed(.back)
        app.driver.feed(.back)
        app.driver.feed(.text("1"))
        #expect(app.driver.caseID == nil)
        app.printer.answer(.failure(DocumentPrintStandIn.queueStopped))
        await app.driver.settle()
        #expect(app.driver.message == "「住民票の写し等交付申請書」は印刷できませんでした: "
            + DocumentPrintStandIn.queueStopped.userMessage)

        let stored = try EventLog.events(app.database, caseID: caseID)
        let printed = stored.compactMap { event -> PrintOutcome? in
            if case .formPrinted(_, _, _, let outcome) = event.kind { return outcome }
            return nil
        }
        #expect(printed.count == 2)
        #expect(printed.first == .ok)
        #expect(printed.last != .ok)
        #expect(stored.last.map { if case .formPrinted = $0.kind { true } else { false } } == true)
    }

    @Test("typing an address longer than its rows on manual entry keeps its end and the cursor in view")
    func manualEntryLongAddress() async throws {
        let info = try LongAddressCard.info()
        let app = try RobustApp()
        await app.driver.logIn()
        await app.driver.send(.text("1"))
        await app.driver.send(.function(4))
        await app.driver.type(info.name)
        await app.driver.send(.confirm)
        await app.driver.type(info.address)
        let screen = app.driver.screenText()
        #expect(screen.contains("> 住所                ..."))
        #expect(screen.contains("管理組合内_"))
    }

    @Test("the status line ends with the background sync's words when the terminal syncs, and has none when it does not")
    func syncStatusOnTheStatusLine() throws {
        let database = try CounterStorage.inMemory()
        let reader = try SimulatedCardSlot(holder: Fixture.citizen)
        func mode(_ status: (@Sendable () -> String)?) throws -> CounterMode {
            let app = CounterApp(database: database, card: CardInfoReader(sessions: reader), printing: HeldPrinter(),
                                 terminalID: "T01", eras: try Fixture.eras(), clock: FixedClock(Fixture.now), syncStatus: status)
            return CounterMode(services: app.services)
        }
        #expect(try mode { "市 同期 9:30" }.statusLine.hasSuffix("  市 同期 9:30"))
        #expect(try !mode(nil).statusLine.contains("市"))
    }

    // The printer check hangs for an hour: a card detection waiting for it would exceed the limit. The limit is
    // generous because the test process shares two cores with every other test that starts with it.
    @Test("a hung printer check never stops card detection", .timeLimit(.minutes(3)))
    func hungPrinterCheck() async throws {
        let database = try CounterStorage.inMemory()
        let reader = try SimulatedCardSlot(holder: Fixture.citizen)
        let app = CounterApp(database: database, card: CardInfoReader(sessions: reader), printing: HeldPrinter(statusHangs: true),
                             terminalID: "T01", eras: try Fixture.eras(), clock: FixedClock(Fixture.now))
        let inbox = Inbox<CounterMode>()
        let context = AppContext(mode: CounterMode(services: app.services), inbox: inbox)
        let monitors = StatusMonitors(services: app.services, inbox: inbox)
        defer { monitors.stop() }
        while context.cardStatus.readerName == nil {
            await inbox.waitForDelivery()
            context.applyDeliveries()
        }
        // The printer check is hanging by now; a card placed later must still be seen.
        reader.insert()
        while !context.cardStatus.cardPresent {
            await inbox.waitForDelivery()
            context.applyDeliveries()
        }
        #expect(context.cardStatus == CardSlotStatus(readerName: "Virtual PCD 00 00", cardPresent: true))
        #expect(context.printerState == nil)
    }

    @Test("after the idle timeout the case is hidden until the clerk's password is typed again")
    func idleLock() async throws {
        let app = try RobustApp()
        await app.driver.enterManually(Fixture.citizen)
        #expect(app.driver.screenText().contains("髙橋"))

        app.clock.advance(seconds: 299)
        await app.driver.settle()
        #expect(app.driver.screenText().contains("髙橋"))
        app.clock.advance(seconds: 1)
        await app.driver.settle()
        let locked = app.driver.screenText()
        #expect(locked.contains("画面ロック"))
        #expect(locked.contains("山田（k.yamada）のパスワード"))
        #expect(!locked.contains("髙橋"))
        #expect(!locked.contains("大阪府"))
        Golden.check(app.driver, "idle-lock", showing: ["画面をロックしました", "山田（k.yamada）のパスワード", "F9"])

        // Keys other than the password never reach the case underneath.
        await app.driver.send(.text("2"))
        await app.driver.send(.erase)
        await app.driver.type("wrong-pass")
        await app.driver.send(.confirm)
        #expect(app.driver.message == ClerkError.authenticationFailed.userMessage)
        #expect(!app.driver.screenText().contains("髙橋"))
        await app.driver.type("counter-pass")
        await app.driver.send(.confirm)
        let back = app.driver.screenText()
        #expect(back.contains("4情報の確認"))
        #expect(back.contains("髙橋"))
        #expect(app.driver.message == "ロックを解除しました。")
    }

    @Test("F9 on the idle lock logs out and ends the open case")
    func idleLockLogOut() async throws {
        let app = try RobustApp()
        await app.driver.enterManually(Fixture.citizen)
        app.clock.advance(seconds: 600)
        await app.driver.settle()
        await app.driver.send(.function(9))
        #expect(app.driver.screenText().contains("職員IDとパスワードを入力してください"))
        #expect(app.driver.caseInfo == nil)
        #expect(app.driver.caseID == nil)
        #expect(try app.events().last == .caseEnded(durationMilliseconds: 600_000))
    }

    @Test("the fifth wrong password locks the clerk; the login screen says to ask an administrator")
    func lockout() async throws {
        let app = try RobustApp()
        await app.driver.settle()
        await app.driver.type("k.yamada")
        await app.driver.send(.confirm)
        for attempt in 1...4 {
            await app.driver.type("wrong-pass")
            await app.driver.send(.confirm)
            #expect(app.driver.message == (attempt < 4 ? ClerkError.authenticationFailed : .lastAttemptLeft).userMessage)
        }
        await app.driver.type("wrong-pass")
        await app.driver.send(.confirm)
        #expect(app.driver.message == ClerkError.lockedOut.userMessage)
        await app.driver.type("counter-pass")
        await app.driver.send(.confirm)
        #expect(app.driver.message == ClerkError.lockedOut.userMessage)
        #expect(!app.driver.screenText().contains("新しい受付"))

        try ClerkRepository(database: app.database, clock: SystemClock()).unlock(clerkID: "k.yamada")
        await app.driver.type("counter-pass")
        await app.driver.send(.confirm)
        #expect(app.driver.screenText().contains("1  新しい受付"))
    }

    @Test("termination (SIGTERM/SIGHUP) ends the open case, wipes it and finishes the app")
    func terminate() async throws {
        let app = try RobustApp()
        await app.driver.enterManually(Fixture.citizen)
        app.clock.advance(seconds: 42)
        await app.driver.terminate()
        #expect(app.driver.isFinished)
        #expect(app.driver.caseInfo == nil)
        #expect(try app.events() == [.caseStarted(style: .preprinted), .infoCaptured(source: .manual), .caseEnded(durationMilliseconds: 42_000)])
    }

    @Test("SIGTERM is caught: the flag is set and the UI loop is woken through the pipe")
    func terminationSignal() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer {
            close(fds[0])
            close(fds[1])
        }
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        let signals = TerminationSignals(wakeDescriptor: fds[1])
        #expect(signals.received == nil)
        // Sent to the process, as `kill` or systemd would; any thread not blocking it handles it.
        kill(getpid(), SIGTERM)
        var polled = [pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)]
        _ = poll(&polled, 1, 10_000)
        signals.restore()
        #expect(signals.received == SIGTERM)
        var byte: UInt8 = 0
        #expect(read(fds[0], &byte, 1) == 1)
    }

    @Test("a terminal that is not UTF-8, or no terminal at all, is refused in Japanese")
    func terminalChecks() throws {
        #expect(throws: TerminalError.notUTF8(codeset: "ANSI_X3.4-1968")) {
            try TerminalEnvironment.check(codeset: "ANSI_X3.4-1968", inputIsTerminal: true, outputIsTerminal: true)
        }
        #expect(throws: TerminalError.notATerminal) {
            try TerminalEnvironment.check(codeset: "UTF-8", inputIsTerminal: false, outputIsTerminal: true)
        }
        try TerminalEnvironment.check(codeset: "UTF-8", inputIsTerminal: true, outputIsTerminal: true)
        try TerminalEnvironment.check(codeset: "utf8", inputIsTerminal: true, outputIsTerminal: true)
        #expect(TerminalError.notUTF8(codeset: "ANSI_X3.4-1968").userMessage
            == "端末の文字コードが UTF-8 ではありません（現在: ANSI_X3.4-1968）。LANG=ja_JP.UTF-8 などの UTF-8 ロケールを設定してから再度起動してください。")
        #expect(TerminalError.unknownTerminal(term: "vt999").userMessage
            == "端末の種類（TERM=vt999）を扱えません。TERM を xterm-256color などに設定してから再度起動してください。")
    }

    @Test("after closeWake the inbox never writes to the old descriptor, even once its number is reused")
    func inboxAfterClose() throws {
        var first: [Int32] = [0, 0]
        #expect(pipe(&first) == 0)
        defer { close(first[0]) }
        _ = fcntl(first[0], F_SETFL, fcntl(first[0], F_GETFL) | O_NONBLOCK)
        let inbox = Inbox<CounterMode>(wakeDescriptor: first[1])
        inbox.post { _ in }
        var byte: UInt8 = 0
        #expect(read(first[0], &byte, 1) == 1)

        inbox.closeWake()
        // The write end is closed: the read end sees end-of-file.
        #expect(read(first[0], &byte, 1) == 0)
        var second: [Int32] = [0, 0]
        #expect(pipe(&second) == 0)
        defer {
            close(second[0])
            close(second[1])
        }
        _ = fcntl(second[0], F_SETFL, fcntl(second[0], F_GETFL) | O_NONBLOCK)
        inbox.post { _ in }
        #expect(read(second[0], &byte, 1) == -1)
        #expect(inbox.drain().count == 2)
    }
}

/// A printer error with a stable Japanese message, standing in for the print module's errors.
enum DocumentPrintStandIn: UserFacingError {
    case queueStopped

    var userMessage: String {
        "プリンタ「窓口1」が停止しています。プリンタを確認してから再印刷してください。"
    }
}
