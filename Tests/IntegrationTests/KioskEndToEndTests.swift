import CertificateIssue
import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import GRDB
import MyNumberCardSim
import Testing

extension VirtualReaderSuite {
    /// The real `counter kiosk` in tmux, with pcscd + vpcd + `mynumber-card-sim` and a real `payment-terminal-sim`:
    /// what a citizen does at the kiosk, what staff do, and what must never happen.
    @Suite("Kiosk end to end (tmux)", .serialized)
    struct KioskEndToEndTests {
        /// The suite's first reader (a kiosk's own).
        static var first: VirtualCard.Options { VirtualCard.Options() }

        /// Counts rows of the kiosk's records.
        static func count(_ database: URL, _ sql: String) throws -> Int {
            let opened = try CounterStorage.open(path: database.path)
            return try opened.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
        }

        /// Language 1, the card placed, the PIN, the card taken back once asked: the kinds screen.
        private static func authenticate(_ kiosk: KioskWorld.Kiosk, card profile: URL, options: VirtualCard.Options) async throws {
            try await kiosk.start(language: 1, cardPrompt: "カードを読み取り機に置いて")
            let card = try VirtualCard.start(profileFile: profile, options: options)
            defer { card.stop() }
            try await kiosk.tmux.waitFor("利用者証明用の暗証番号")
            try kiosk.enterPIN("1234")
            try await kiosk.tmux.waitFor("カードをお取りください")
        }

        /// From the kinds screen: 住民票（本人のみ）, no option, one copy: the fee screen.
        private static func chooseOneJuminhyo(_ kiosk: KioskWorld.Kiosk) async throws {
            try await kiosk.tmux.send(try kiosk.choiceNumber("住民票の写し（本人のみ）"))
            try await kiosk.tmux.waitFor("証明書にのせる項目")
            try kiosk.tmux.send("Enter")
            try await kiosk.tmux.waitFor("通数を数字で")
            try kiosk.tmux.send("Enter")
            try await kiosk.tmux.waitFor("手数料は 300 円")
        }

        /// One whole session in Japanese: authenticated, one 住民票（本人のみ）, paid, printed; returns the screen of thanks.
        @discardableResult
        static func session(_ kiosk: KioskWorld.Kiosk, card profile: URL, options: VirtualCard.Options) async throws -> String {
            try await authenticate(kiosk, card: profile, options: options)
            try await chooseOneJuminhyo(kiosk)
            try kiosk.tmux.send("Enter")
            let thanks = try await kiosk.tmux.waitForStable("ご利用ありがとうございました", timeout: .seconds(30))
            try kiosk.tmux.send("Enter")
            return thanks
        }

        @Test("a whole session in Japanese: certificate and 利用控え printed, paid once on the terminal, channel kiosk, no personal data in the events")
        func happyPathJapanese() async throws {
            let world = try KioskWorld()
            let terminal = try PaymentTerminalSimulator(brand: "paypay")
            defer { terminal.stop() }
            let kiosk = try world.startKiosk(terminalID: "K01", reader: Self.first.reader, terminal: terminal)
            let thanks = try await Self.session(kiosk, card: try #require(world.cards["P90001"]), options: Self.first)
            #expect(thanks.contains("PayPay") && thanks.contains("300 円") && thanks.contains("コンビニエンスストア"))
            try await kiosk.tmux.waitFor("1-6")
            let printed = kiosk.printed()
            #expect(printed.count == 2, "\(printed)")
            let certificate = try #require(printed.first { $0.lastPathComponent.contains("certificate") })
            let text = try PrintCUPSFixture.text(ofPDF: certificate)
            #expect(text.contains("髙橋") && text.contains("K01") && text.contains("住民票の写し"))
            let receipt = try PrintCUPSFixture.text(ofPDF: try #require(printed.first { $0.lastPathComponent.contains("receipt") }))
            #expect(receipt.contains("利用控え") && receipt.contains("300 円") && receipt.contains("PayPay"))
            #expect(!receipt.contains("髙橋") && !receipt.contains("中之島"), "the receipt carries no personal data")
            #expect(terminal.charges() == 1)
            #expect(try Self.count(world.database, "SELECT COUNT(*) FROM certificate_log WHERE kind = 'issue' AND channel = 'kiosk'") == 1)
            #expect(try Self.count(world.database, "SELECT COUNT(*) FROM ledger_entry WHERE kind = 'payment'") == 1)
            let events = try CounterStorage.open(path: world.database.path).read { db in
                try String.fetchAll(db, sql: "SELECT kind || '|' || channel || '|' || actor_kind || '|' || IFNULL(fields, '') || IFNULL(error_kind, '') FROM case_event ORDER BY seq")
            }
            #expect(events.first == "caseStarted|kiosk|kiosk|")
            #expect(events.contains { $0.hasPrefix("paymentTaken|kiosk") } && events.last?.hasPrefix("caseEnded|kiosk") == true)
            #expect(!events.joined().contains("髙橋") && !events.joined().contains("P90001"))
            #expect(try CounterCLI.run(["events", "verify", "--db", world.database.path]).status == 0)
        }

        @Test("in 한국어, switched from English with * on the kinds screen: the steps, the fee and the receipt in Korean")
        func happyPathKorean() async throws {
            let world = try KioskWorld()
            let terminal = try PaymentTerminalSimulator(brand: "visa")
            defer { terminal.stop() }
            let kiosk = try world.startKiosk(terminalID: "K01", reader: Self.first.reader, terminal: terminal)
            try await kiosk.start(language: 2, cardPrompt: "Place your My Number Card")
            let card = try VirtualCard.start(profileFile: try #require(world.cards["P90002"]), options: Self.first)
            try await kiosk.tmux.waitFor("4-digit PIN")
            try kiosk.enterPIN("1234")
            try await kiosk.tmux.waitFor("Please take your card")
            card.stop()
            try await kiosk.tmux.waitFor("Press the number of the certificate")
            try kiosk.tmux.send("*")
            try await kiosk.tmux.waitFor("Tiếng Việt")
            try kiosk.tmux.send("4")
            try await kiosk.tmux.send(try kiosk.choiceNumber("주민표 사본(본인만)"))
            try await kiosk.tmux.waitFor("증명서에 넣을 항목")
            try kiosk.tmux.send("Enter")
            try kiosk.tmux.send("Right")
            try await kiosk.tmux.waitFor("통수는")
            try kiosk.tmux.send("Enter")
            try await kiosk.tmux.waitFor("수수료는 600엔")
            try kiosk.tmux.send("Enter")
            let thanks = try await kiosk.tmux.waitForStable("감사합니다", timeout: .seconds(30))
            #expect(thanks.contains("Visa") && thanks.contains("2 통") && thanks.contains("K01 プリンタ001 001"))
            let receipt = try #require(kiosk.printed().first { $0.lastPathComponent.contains("receipt") })
            let text = try PrintCUPSFixture.text(ofPDF: receipt)
            #expect(text.contains("이용 명세") && text.contains("600 엔") && text.contains("편의점"), "\(text)")
            #expect(kiosk.printed().filter { $0.lastPathComponent.contains("certificate") }.count == 2)
        }

        @Test("a wrong PIN says the tries left and the next try goes on; a PIN with one try left warns that the next mistake locks")
        func wrongPINThenRight() async throws {
            let world = try KioskWorld()
            let terminal = try PaymentTerminalSimulator(brand: "paypay")
            defer { terminal.stop() }
            let kiosk = try world.startKiosk(terminalID: "K01", reader: Self.first.reader, terminal: terminal)
            try await kiosk.start(language: 1, cardPrompt: "カードを読み取り機に置いて")
            let card = try VirtualCard.start(profileFile: try #require(world.cards["P90001"]), options: Self.first)
            defer { card.stop() }
            try await kiosk.tmux.waitFor("利用者証明用の暗証番号")
            try kiosk.enterPIN("9999")
            let wrong = try await kiosk.tmux.waitFor("暗証番号がちがいます")
            #expect(wrong.contains("あと 2 回"))
            try kiosk.enterPIN("9999")
            try await kiosk.tmux.waitFor("次にまちがえると、カードが使えなくなります")
            try kiosk.enterPIN("1234")
            try await kiosk.tmux.waitFor("カードをお取りください")
            #expect(try card.savedProfile().authPINTriesLeft == 3, "the right PIN resets the counter")
        }

        @Test("a locked PIN: 窓口でお手続きください before any PIN is asked, nothing charged, the card asked back")
        func lockedPIN() async throws {
            let world = try KioskWorld()
            let terminal = try PaymentTerminalSimulator(brand: "paypay")
            defer { terminal.stop() }
            var profile = try CardProfile.load(from: try #require(world.cards["P90001"]))
            profile.authPINTriesLeft = 0
            let locked = world.folder.appendingPathComponent("locked.json")
            try profile.save(to: locked)
            let kiosk = try world.startKiosk(terminalID: "K01", reader: Self.first.reader, terminal: terminal)
            try await kiosk.start(language: 1, cardPrompt: "カードを読み取り機に置いて")
            let card = try VirtualCard.start(profileFile: locked, options: Self.first)
            let screen = try await kiosk.tmux.waitForStable("暗証番号がロックされています")
            #expect(screen.contains("カードをお取りください") && !screen.contains("数字4桁"))
            card.stop()
            try await kiosk.tmux.waitFor("1-6")
            #expect(terminal.charges() == 0)
        }

        @Test("cards the kiosk must refuse: another CA's, an expired certificate, a revoked one (the CRL), a 支援措置 person (no reason shown), nothing charged or printed")
        func refusedCards() async throws {
            let world = try KioskWorld(linked: ["P90005"], expiredFor: "P00010", unknownCA: true)
            let terminal = try PaymentTerminalSimulator(brand: "paypay")
            defer { terminal.stop() }
            let kiosk = try world.startKiosk(terminalID: "K01", reader: Self.first.reader, terminal: terminal)
            let cases: [(URL?, String)] = [
                (world.otherCards["unknown-ca"], "このカードでは本人確認ができません"),
                (world.otherCards["expired"], "有効期限が切れています"),
                (world.cards["P90006"], "電子証明書が失効しています"),
                (world.cards["P90005"], "この機械ではお取り扱いできません"),
            ]
            for (profile, message) in cases {
                try await kiosk.start(language: 1, cardPrompt: "カードを読み取り機に置いて")
                let card = try VirtualCard.start(profileFile: try #require(profile), options: Self.first)
                try await kiosk.tmux.waitFor("利用者証明用の暗証番号")
                try kiosk.enterPIN("1234")
                if message.hasPrefix("この機械") {
                    try await kiosk.tmux.waitFor("カードをお取りください")
                    card.stop()
                    let screen = try await kiosk.tmux.waitForStable(message)
                    #expect(!screen.contains("支援") && !screen.contains("住民票の写し"), "no reason, no kinds")
                    try kiosk.tmux.send("Enter")
                } else {
                    let screen = try await kiosk.tmux.waitForStable(message)
                    #expect(screen.contains("カードをお取りください"))
                    card.stop()
                }
                try await kiosk.tmux.waitFor("1-6")
            }
            #expect(terminal.charges() == 0 && kiosk.printed().isEmpty)
            #expect(try Self.count(world.database, "SELECT COUNT(*) FROM case_event WHERE kind = 'cardError' AND error_kind LIKE 'jpki.%'") == 3)
        }

        @Test("a declined payment prints and records nothing; ESC ends the session")
        func declinedPayment() async throws {
            let world = try KioskWorld()
            let terminal = try PaymentTerminalSimulator(brand: "paypay", options: ["--decline", "insufficient"])
            defer { terminal.stop() }
            let kiosk = try world.startKiosk(terminalID: "K01", reader: Self.first.reader, terminal: terminal)
            try await Self.toFee(kiosk, card: try #require(world.cards["P90001"]))
            try kiosk.tmux.send("Enter")
            try await kiosk.tmux.waitFor("お支払いができませんでした。別のお支払い方法")
            try kiosk.tmux.send("Escape")
            try await kiosk.tmux.waitFor("1-6")
            #expect(kiosk.printed().isEmpty)
            #expect(try Self.count(world.database, "SELECT COUNT(*) FROM ledger_entry") == 0)
            #expect(try Self.count(world.database, "SELECT COUNT(*) FROM certificate_log") == 0)
        }

        @Test("a charge the terminal approved but never answered: the query finds it; one payment, one certificate")
        func timeoutApproved() async throws {
            let world = try KioskWorld()
            let terminal = try PaymentTerminalSimulator(brand: "paypay", options: ["--no-answer"])
            defer { terminal.stop() }
            let kiosk = try world.startKiosk(terminalID: "K01", reader: Self.first.reader, terminal: terminal,
                                             extra: "--payment-timeout 3")
            try await Self.toFee(kiosk, card: try #require(world.cards["P90001"]))
            try kiosk.tmux.send("Enter")
            try await kiosk.tmux.waitFor("ご利用ありがとうございました", timeout: .seconds(40))
            #expect(terminal.charges() == 1)
            #expect(try Self.count(world.database, "SELECT COUNT(*) FROM ledger_entry WHERE kind = 'payment'") == 1)
            #expect(try Self.count(world.database, "SELECT COUNT(*) FROM certificate_log WHERE kind = 'issue'") == 1)
            #expect(kiosk.printed().filter { $0.lastPathComponent.contains("certificate") }.count == 1)
        }

        @Test("the terminal's connection dropped after it charged: the query finds the approval; one payment, one certificate")
        func droppedAfterCharge() async throws {
            let world = try KioskWorld()
            let terminal = try PaymentTerminalSimulator(brand: "paypay", options: ["--drop-after-charge"])
            defer { terminal.stop() }
            let kiosk = try world.startKiosk(terminalID: "K01", reader: Self.first.reader, terminal: terminal)
            try await Self.toFee(kiosk, card: try #require(world.cards["P90001"]))
            try kiosk.tmux.send("Enter")
            try await kiosk.tmux.waitFor("ご利用ありがとうございました", timeout: .seconds(40))
            #expect(terminal.charges() == 1)
            #expect(try Self.count(world.database, "SELECT COUNT(*) FROM ledger_entry WHERE kind = 'payment'") == 1)
            #expect(kiosk.printed().filter { $0.lastPathComponent.contains("certificate") }.count == 1)
        }

        @Test("the terminal's connection dropped before it charged: nothing charged or recorded, the citizen is told and may try again")
        func droppedBeforeCharge() async throws {
            let world = try KioskWorld()
            let terminal = try PaymentTerminalSimulator(brand: "paypay", options: ["--drop-before-charge"])
            defer { terminal.stop() }
            let kiosk = try world.startKiosk(terminalID: "K01", reader: Self.first.reader, terminal: terminal)
            try await Self.toFee(kiosk, card: try #require(world.cards["P90001"]))
            try kiosk.tmux.send("Enter")
            let screen = try await kiosk.tmux.waitForStable("請求はされていません", timeout: .seconds(40))
            #expect(screen.contains("確定でもう一度"))
            #expect(terminal.charges() == 0)
            #expect(try Self.count(world.database, "SELECT COUNT(*) FROM ledger_entry") == 0)
            #expect(kiosk.printed().isEmpty)
        }

        /// Authenticated, then one 住民票（本人のみ） chosen: the fee screen.
        private static func toFee(_ kiosk: KioskWorld.Kiosk, card profile: URL) async throws {
            try await authenticate(kiosk, card: profile, options: first)
            try await chooseOneJuminhyo(kiosk)
        }

        @Test("the card pulled before authentication wipes the session; the idle timeout returns to the start; keys that would leave do nothing; staff leave with a 係長's password")
        func safety() async throws {
            let world = try KioskWorld(closedToday: false)
            let terminal = try PaymentTerminalSimulator(brand: "paypay")
            defer { terminal.stop() }
            let kiosk = try world.startKiosk(terminalID: "K01", reader: Self.first.reader, terminal: terminal,
                                             extra: "--idle-seconds 15")
            // Pulled on the PIN screen.
            try await kiosk.start(language: 2, cardPrompt: "Place your My Number Card")
            let card = try VirtualCard.start(profileFile: try #require(world.cards["P90001"]), options: Self.first)
            try await kiosk.tmux.waitFor("4-digit PIN")
            try kiosk.tmux.send("12", literal: true)
            card.stop()
            // Said in the language the citizen read, on the start screen (back in the first language).
            let restarted = try await kiosk.tmux.waitForStable("The card was removed")
            #expect(restarted.contains("ご希望の言語"))
            // Idle on the kinds screen.
            try await Self.authenticate(kiosk, card: try #require(world.cards["P90001"]), options: Self.first)
            try await kiosk.tmux.waitFor("必要な証明書の番号")
            try await kiosk.tmux.waitFor("まもなく最初の画面に戻ります", timeout: .seconds(15))
            try await kiosk.tmux.waitFor("1-6", timeout: .seconds(15))
            #expect(try Self.count(world.database, "SELECT COUNT(*) FROM case_event WHERE kind = 'caseEnded'") == 2)
            // Keys that would end a program.
            for key in ["C-c", "C-z", "C-\\", "F1", "F10", "F12"] { try kiosk.tmux.send(key) }
            try await Task.sleep(for: .milliseconds(500))
            let screen = try kiosk.tmux.screen()
            #expect(screen.contains("1-6") && !screen.contains("EXIT="), "\(screen)")
            // Staff: a wrong password is refused, a 係長's leaves kiosk mode.
            try kiosk.tmux.send("///", literal: true)
            try await kiosk.tmux.waitFor("職員メニュー")
            try kiosk.tmux.send(KioskWorld.staffID, literal: true)
            try kiosk.tmux.send("Tab")
            try kiosk.tmux.send("wrong-password", literal: true)
            try kiosk.tmux.send("Enter")
            try await kiosk.tmux.waitFor("職員IDまたはパスワードが違います")
            // The password field keeps the focus, emptied.
            try kiosk.tmux.send(KioskWorld.staffPassword, literal: true)
            try kiosk.tmux.send("Enter")
            try await kiosk.tmux.waitFor("キオスクを終了する")
            try kiosk.tmux.send("1")
            try await kiosk.tmux.waitFor("EXIT=0")
        }

        @Test("a closed day shows the hours and takes no card")
        func closed() async throws {
            let world = try KioskWorld(closedToday: true)
            let terminal = try PaymentTerminalSimulator(brand: "paypay")
            defer { terminal.stop() }
            let kiosk = try world.startKiosk(terminalID: "K01", reader: Self.first.reader, terminal: terminal)
            let screen = try await kiosk.tmux.waitForStable("ただいまご利用になれません")
            #expect(screen.contains("本日は休みです") && screen.contains("The machine is closed today"), "\(screen)")
            try kiosk.tmux.send("1")
            try await Task.sleep(for: .milliseconds(300))
            #expect(try kiosk.tmux.screen().contains("ただいまご利用になれません"))
        }
    }
}

extension SecondVirtualReaderSuite {
    /// Two real `counter kiosk` processes on the two readers of this suite's vpcd device at once.
    @Suite("Two kiosks at once (tmux)")
    struct TwoKiosksEndToEndTests {
        @Test("two kiosks on the two virtual readers at once, 50 sessions each with different people: each PDF shows its session's person under its own terminal's 発行番号")
        func twoKiosks() async throws {
            typealias Kiosk = VirtualReaderSuite.KioskEndToEndTests
            let registry = try CSVRows(TestBinaries.repoRoot.appendingPathComponent("seeds/demo/registry/persons.csv"))
            let people = registry.rows.filter { $0["status"] == "住民" && $0["support_measure"] == "0" && $0["issuance_hold"] == "0"
                && !["P90001", "P90002", "P90003"].contains($0["person_id"] ?? "") }.compactMap { $0["person_id"] }
            let sessions = Int(ProcessInfo.processInfo.environment["COUNTER_KIOSK_SESSIONS"] ?? "") ?? 50
            try #require(people.count >= 2 * sessions)
            let world = try KioskWorld(linked: Array(people.prefix(2 * sessions)))
            let terminal = try PaymentTerminalSimulator(brand: "paypay")
            defer { terminal.stop() }
            let kiosks = [try world.startKiosk(terminalID: "K01", reader: VirtualCard.Options().reader, terminal: terminal),
                          try world.startKiosk(terminalID: "K02", reader: VirtualCard.Options.secondReader.reader, terminal: terminal)]
            let options = [VirtualCard.Options(), VirtualCard.Options.secondReader]
            let failures = Failures()
            var sessionsOf: [[String]] = [[], []]
            for (index, person) in people.prefix(2 * sessions).enumerated() { sessionsOf[index % 2].append(person) }
            let plan = sessionsOf
            let results = Results()
            let shared = UncheckedSendable((kiosks, world.cards, options))
            await withTaskGroup(of: Void.self) { group in for side in 0..<2 { group.addTask {
                let (kiosks, cards, options) = shared.value
                var seen = Set<URL>()
                for person in plan[side] {
                    do {
                        guard let card = cards[person] else { throw TmuxSession.Failure(description: "no card") }
                        try await Kiosk.session(kiosks[side], card: card, options: options[side])
                        try await kiosks[side].tmux.waitFor("1-6")
                        let new = kiosks[side].printed().filter { !seen.contains($0) }
                        seen.formUnion(new)
                        results.add(side: side, person: person, files: new)
                    } catch {
                        failures.add("K0\(side + 1) \(person): \(error)")
                        return
                    }
                }
            } } }
            #expect(failures.all.isEmpty, "\(failures.all)")
            let database = try CounterStorage.open(path: world.database.path)
            let everyone = Set(plan.joined())
            for result in results.all {
                let terminalID = "K0\(result.side + 1)"
                let certificates = result.files.filter { $0.lastPathComponent.contains("-certificate-") }
                #expect(certificates.count == 1 && result.files.count == 2, "\(terminalID) \(result.person): \(result.files)")
                guard let file = certificates.first, let person = world.persons[result.person] else { continue }
                let serial = try database.read { db in
                    try Int.fetchOne(db, sql: """
                        SELECT n.serial FROM certificate_number n JOIN certificate_log l ON l.id = n.entry_id
                        WHERE l.kind = 'issue' AND l.person_id = ? AND l.terminal_id = ?
                        """, arguments: [result.person, terminalID])
                }
                #expect(serial != nil && file.lastPathComponent.contains("-certificate-\(serial ?? -1)-"), "\(terminalID) \(result.person)")
                let lines = Set(try PrintCUPSFixture.text(ofPDF: file).split(separator: "\n").map { String($0) })
                let text = lines.joined(separator: "\n")
                let parts = person.name.split(separator: "\u{3000}").map(String.init)
                #expect(parts.allSatisfy(lines.contains), "\(terminalID) \(result.person): the name is not on the certificate")
                #expect(text.contains("\(terminalID) プリンタ001 \(String(format: "%03d", serial ?? -1))"), "\(terminalID) \(result.person)")
                for other in everyone.subtracting([result.person]) {
                    guard let name = world.persons[other]?.name, name != person.name else { continue }
                    let otherParts = name.split(separator: "\u{3000}").map(String.init)
                    #expect(!otherParts.allSatisfy(lines.contains), "\(terminalID) \(result.person)'s certificate shows \(other)")
                }
            }
            #expect(results.all.count == 2 * sessions)
            #expect(terminal.charges() == 2 * sessions)
            #expect(try Kiosk.count(world.database, "SELECT COUNT(*) FROM certificate_log WHERE kind = 'issue'") == 2 * sessions)
            #expect(try CertificateDesk.verify(database).chains.firstBreak == nil)
        }
    }
}

/// Test objects each used by one of the concurrent sides only.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Errors collected from concurrent work.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ text: String) { lock.withLock { list.append(text) } }
    var all: [String] { lock.withLock { list } }
}

/// The files each session printed, collected from concurrent work.
private final class Results: @unchecked Sendable {
    struct Session { var side: Int, person: String, files: [URL] }
    private let lock = NSLock()
    private var list: [Session] = []
    func add(side: Int, person: String, files: [URL]) { lock.withLock { list.append(Session(side: side, person: person, files: files)) } }
    var all: [Session] { lock.withLock { list } }
}

/// A CSV file with a header row and no quoted commas in the columns read (the demo registry's persons).
private struct CSVRows {
    let rows: [[String: String]]
    init(_ url: URL) throws {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) ?? []
        rows = lines.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }
}
