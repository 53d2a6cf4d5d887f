import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import FormPreprint
import MyNumberReader
import Testing

/// The case use cases with no screen at all: the same calls the counter UI, the kiosk and the CLI make.
@Suite("Case flow (application layer)")
struct CaseFlowTests {
    /// 2026-11-21 10:00 JST.
    static let now = Date(timeIntervalSince1970: 1_795_222_800)
    static let citizen = BasicInfo(name: "髙橋\u{3000}﨑子", address: "大阪府大阪市北区中之島1丁目3番20号",
                                   birthDate: CalendarDate(year: 1980, month: 2, day: 17), sex: .female)

    struct Setup {
        let database: CounterDatabase
        let slot: SimulatedCardSlot
        let printing: FakeFormPrinting
        let cases: CaseService

        init(channel: CaseChannel = .counter, clock: any CounterCore.Clock = FixedClock(CaseFlowTests.now)) throws {
            database = try CounterStorage.inMemory()
            slot = try SimulatedCardSlot(holder: CaseFlowTests.citizen)
            printing = FakeFormPrinting()
            cases = CaseService(terminalID: "T01", channel: channel, clock: clock, events: EventQueue(database: database),
                                printing: printing, card: CardInfoReader(sessions: slot))
        }

        func events() async throws -> [CaseEvent] {
            await cases.events.waitUntilSaved()
            return try EventLog.events(database, day: CalendarDate(year: 2026, month: 11, day: 21))
        }
    }

    @Test("card case: tries left, PIN, capture, two jobs, end; events once each, in order, with actor and channel")
    func cardCase() async throws {
        let setup = try Setup(channel: .cli)
        setup.slot.insert()
        let session = setup.cases.begin(actor: .clerk(id: "k.yamada"))
        let reading = session.cardReading()
        #expect(try await reading.pinTriesLeft() == 3)
        let info = try await reading.readBasicInfo(pin: try CardPIN("1234"))
        try session.capture(info, from: .card)
        #expect(session.info?.name.unicodeScalars.elementsEqual(Self.citizen.name.unicodeScalars) == true)
        let forms = session.forms
        #expect(forms.map(\.id) == FakeFormPrinting.forms.map(\.id))
        let first = try #require(session.printJob(forms[0], copies: 1, mode: .full))
        let second = try #require(session.printJob(forms[1], copies: 2, mode: .overlay))
        let receipt = try await first.run()
        #expect(receipt == JobReceipt(form: forms[0], copies: 1, jobID: "窓口1-1"))
        _ = try await second.run()
        session.end()

        #expect(session.info == nil)
        #expect(session.corrected.isEmpty)
        let events = try await setup.events()
        #expect(events.map(\.kind) == [
            .caseStarted(style: .preprinted), .infoCaptured(source: .card),
            .formPrinted(formID: forms[0].id, revision: 1, copies: 1, outcome: .ok),
            .formPrinted(formID: forms[1].id, revision: 1, copies: 2, outcome: .ok),
            .caseEnded(durationMilliseconds: 0),
        ])
        #expect(events.allSatisfy { $0.actor == .clerk(id: "k.yamada") && $0.channel == .cli && $0.caseID == session.id })
        #expect(setup.printing.jobs.map(\.mode) == [.full, .overlay])
    }

    @Test("the end wipes all four fields of the case's own copy, and runs once")
    func wipe() async throws {
        let setup = try Setup()
        let session = setup.cases.begin(actor: .clerk(id: "c1"))
        try session.capture(Self.citizen, from: .manual)
        let job = try #require(session.printJob(session.forms[0], copies: 1, mode: .full))
        session.end()
        session.end()
        #expect(session.info == nil)
        #expect(session.source == .manual)
        #expect(session.isEnded)
        // Work handed out before the end keeps its own copy until it finishes, and is then gone with it.
        _ = try await job.run()
        let ended = try await setup.events().filter { $0.kind.name == .caseEnded }
        #expect(ended.count == 1)
        var copy = Self.citizen
        copy.wipe()
        #expect(copy.name.isEmpty && copy.address.isEmpty)
        #expect(copy.birthDate == CalendarDate(year: 1, month: 1, day: 1))
        #expect(copy.sex == .unknown(""))
    }

    @Test("bad fields are refused by the one input check, nothing is kept or recorded",
          arguments: [
            (BasicInfo(name: " \u{3000}", address: "大阪市", birthDate: CalendarDate(year: 1980, month: 1, day: 1), sex: .male),
             InputError.emptyName),
            (BasicInfo(name: "大阪", address: "", birthDate: CalendarDate(year: 1980, month: 1, day: 1), sex: .male),
             InputError.emptyAddress),
            (BasicInfo(name: "大阪", address: "大阪市", birthDate: CalendarDate(year: 2030, month: 1, day: 1), sex: .male),
             InputError.futureBirthDate),
            (BasicInfo(name: "大阪", address: "大阪市", birthDate: CalendarDate(year: 1980, month: 2, day: 30), sex: .male),
             InputError.invalidBirthDate),
            (BasicInfo(name: "大阪", address: "大阪市", birthDate: CalendarDate(year: 1860, month: 1, day: 1), sex: .male),
             InputError.birthDateTooEarly),
            (BasicInfo(name: "大阪", address: "大阪市", birthDate: CalendarDate(year: 1980, month: 1, day: 1), sex: .unknown("3")),
             InputError.invalidSexCode),
          ])
    func refusedCapture(info: BasicInfo, error: InputError) async throws {
        let setup = try Setup()
        let session = setup.cases.begin(actor: .clerk(id: "c1"))
        #expect(throws: error) { try session.capture(info, from: .file) }
        #expect(session.info == nil)
        #expect(session.printJob(session.forms[0], copies: 1, mode: .full) == nil)
        session.end()
        #expect(try await setup.events().map(\.kind.name) == [.caseStarted, .caseEnded])
    }

    @Test("a correction is recorded by field name only, when the value changed scalar for scalar")
    func correction() async throws {
        let setup = try Setup()
        let session = setup.cases.begin(actor: .clerk(id: "c1"))
        try session.capture(Self.citizen, from: .card)
        #expect(try session.correct(.sex, to: "2") == false)
        #expect(throws: InputError.invalidSexCode) { try session.correct(.sex, to: "7") }
        // 葛 and 葛 + U+E0100 compare equal as Swift strings, yet they are different names on paper.
        try session.correct(.name, to: "葛城\u{3000}一郎")
        #expect(try session.correct(.name, to: "葛\u{E0100}城\u{3000}一郎") == true)
        #expect(session.info?.name.unicodeScalars.contains("\u{E0100}") == true)
        #expect(session.corrected == [.name])
        let kinds = try await setup.events().map(\.kind)
        #expect(kinds.filter { $0.name == .infoCorrected } == [.infoCorrected(fields: [.name]), .infoCorrected(fields: [.name])])
        let stored = try setup.database.read { db in try String.fetchAll(db, sql: "SELECT COALESCE(fields, '') FROM case_event") }
        #expect(!stored.contains { $0.contains("葛") })
    }

    @Test("フリガナ: typed once is recorded as added, changed as corrected, by name only; printed jobs carry it; end wipes it")
    func furigana() async throws {
        let office = Office(id: "kita", type: .ward, name: "北区役所", ward: "北区")
        let database = try CounterStorage.inMemory()
        let printing = FakeFormPrinting()
        let cases = CaseService(terminalID: "T01", channel: .counter, clock: FixedClock(Self.now),
                                events: EventQueue(database: database), printing: printing,
                                card: CardInfoReader(sessions: try SimulatedCardSlot(holder: Self.citizen)), office: office)
        let session = cases.begin(actor: .clerk(id: "c1"))
        try session.capture(Self.citizen, from: .card)
        #expect(session.furigana == "")
        #expect(throws: InputError.furiganaNotKatakana) { try session.correct(.furigana, to: "たかはし") }
        #expect(try session.correct(.furigana, to: "タカハシ\u{3000}サキ") == true)
        #expect(try session.correct(.furigana, to: "タカハシ\u{3000}サキ") == false)
        #expect(try session.correct(.furigana, to: "タカハシ\u{3000}サキコ") == true)
        #expect(session.corrected == [.furigana])
        _ = try await session.printJob(session.forms[0], copies: 1, mode: .full)?.run()
        #expect(printing.jobs.map(\.furigana) == ["タカハシ\u{3000}サキコ"])
        session.end()
        #expect(session.furigana == "")
        await cases.events.waitUntilSaved()
        let kinds = try EventLog.events(database, day: CalendarDate(year: 2026, month: 11, day: 21)).map(\.kind)
        #expect(kinds.filter { $0.name == .infoAdded || $0.name == .infoCorrected }
                == [.infoAdded(fields: [.furigana]), .infoCorrected(fields: [.furigana])])
        let stored = try database.read { db in try String.fetchAll(db, sql: "SELECT COALESCE(fields, '') FROM case_event") }
        #expect(!stored.contains { $0.contains("タカハシ") })
    }

    @Test("card errors are recorded into the case by their exact kind")
    func cardErrors() async throws {
        let setup = try Setup()
        let session = setup.cases.begin(actor: .clerk(id: "c1"))
        let reading = session.cardReading()
        await #expect(throws: CardError.noCard) { try await reading.pinTriesLeft() }
        setup.slot.insert()
        await #expect(throws: CardError.wrongPIN(triesLeft: 2)) { try await reading.readBasicInfo(pin: try CardPIN("9999")) }
        #expect(await reading.triesLeftAfterFailure() == 2)
        try setup.slot.setTries(0)
        await #expect(throws: CardError.pinBlocked) { try await reading.pinTriesLeft() }
        let errors = try await setup.events().compactMap { event -> String? in
            if case .cardError(let kind) = event.kind { return kind } else { return nil }
        }
        #expect(errors == ["card.noCard", "card.wrongPIN", "card.pinBlocked"])
    }

    @Test("a failed job records its error kind; copies outside the one limit are refused and recorded")
    func failedJobs() async throws {
        let setup = try Setup()
        let session = setup.cases.begin(actor: .clerk(id: "c1"))
        try session.capture(Self.citizen, from: .manual)
        setup.printing.fail(session.forms[0].id)
        let failing = try #require(session.printJob(session.forms[0], copies: 1, mode: .full))
        await #expect(throws: PreprintError.self) { try await failing.run() }
        let tooMany = try #require(session.printJob(session.forms[1], copies: PreprintRequest.copyRange.upperBound + 1,
                                                    mode: .full))
        await #expect(throws: PreprintError.invalidCopies) { try await tooMany.run() }
        #expect(setup.printing.jobs.isEmpty)
        let outcomes = try await setup.events().compactMap { event -> PrintOutcome? in
            if case .formPrinted(_, _, _, let outcome) = event.kind { return outcome } else { return nil }
        }
        #expect(outcomes == [.failed(errorKind: "print.queueStopped"), .failed(errorKind: "preprint.invalidCopies")])
    }

    @Test("the forms are resolved once when the case begins, for its form date")
    func formsResolvedOnce() async throws {
        let seeds = SeedDirectory(url: TestBinaries.repoRoot.appendingPathComponent("seeds"))
        let service = try PreprintService(seeds: seeds)
        let printing = FormPreprintPrinting(service: service, printer: PDFFolderPrinterStandIn.printer())
        let cases = CaseService(terminalID: "T01", channel: .counter, clock: FixedClock(Self.now),
                                events: EventQueue(database: try CounterStorage.inMemory()), printing: printing,
                                card: CardInfoReader(sessions: try SimulatedCardSlot(holder: Self.citizen)))
        let day = CalendarDate(year: 2026, month: 11, day: 21)
        let session = cases.begin(actor: .clerk(id: "c1"), formDate: day)
        let expected = service.catalog.forms(on: day)
        #expect(session.forms.map(\.id) == expected.map(\.id))
        #expect(session.forms.map(\.revision) == expected.map(\.revision))
        #expect(session.formDate == day)
    }

    @Test("a kiosk case names the kiosk terminal as its actor")
    func kioskActor() async throws {
        let setup = try Setup(channel: .kiosk)
        let session = setup.cases.begin(actor: .kiosk(terminalID: "K01"), style: .preprinted)
        session.end()
        let events = try await setup.events()
        #expect(events.map(\.actor) == [.kiosk(terminalID: "K01"), .kiosk(terminalID: "K01")])
        #expect(events.map(\.channel) == [.kiosk, .kiosk])
    }

    @Test("a handwritten case is recorded as such (the baseline of the time-saved KPI)")
    func handwritten() async throws {
        let setup = try Setup()
        setup.cases.begin(actor: .clerk(id: "c1"), style: .handwritten).end()
        #expect(try await setup.events().first?.kind == .caseStarted(style: .handwritten))
    }
}

import DocumentPrint

/// A PDF folder under the temporary directory.
enum PDFFolderPrinterStandIn {
    static func printer() -> PDFFolderPrinter {
        PDFFolderPrinter(directory: FileManager.default.temporaryDirectory.appendingPathComponent("svc-\(UUID().uuidString)"),
                         clock: SystemClock())
    }
}
