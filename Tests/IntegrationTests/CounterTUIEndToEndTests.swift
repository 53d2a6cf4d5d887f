import CounterCore
import CounterTestSupport
import FormPreprint
import Foundation
import Testing

/// The real `counter tui` binary in tmux, on pcscd + vpcd + the simulated card, printing to a PDF folder.
extension VirtualReaderSuite {
    @Suite("counter tui end to end (tmux)")
    struct CounterTUIEndToEndTests {
        /// A terminal database with the clerk `e2e`, a PDF folder, and `counter tui` running in tmux.
        final class Counter {
            let folder: URL
            let pdfFolder: URL
            let database: URL
            let tmux: TmuxSession

            /// `counter tui` printing to a PDF folder, or with `printer` to that CUPS queue (and `office` set).
            init(reader: String, printer: String? = nil, office: String? = nil, options: String = "",
                 prepare: (String) throws -> Void = { _ in }) throws {
                folder = FileManager.default.temporaryDirectory.appendingPathComponent("counter-e2e-\(UUID().uuidString)")
                pdfFolder = folder.appendingPathComponent("pdf")
                database = folder.appendingPathComponent("counter.sqlite")
                try FileManager.default.createDirectory(at: pdfFolder, withIntermediateDirectories: true)
                let counter = TestBinaries.url("counter").path
                let added = try runProcess(URL(fileURLWithPath: counter),
                                           ["clerk", "add", "--db", database.path, "--id", "e2e", "--name", "試験職員",
                                            "--role", "clerk"], stdin: "e2e-password\n")
                guard added.status == 0 else { throw TmuxSession.Failure(description: "clerk add failed: \(added.stderr)") }
                try prepare(database.path)
                let target = printer.map { "--printer \($0)" } ?? "--out \(pdfFolder.path)"
                let officeOption = office.map { " --office \($0)" } ?? ""
                tmux = try TmuxSession(
                    command: "\(counter) tui --db \(database.path) \(target)\(officeOption) --terminal E2E01 --reader '\(reader)'"
                        + (options.isEmpty ? "" : " \(options)"),
                    environment: ["COUNTER_SEEDS": TestBinaries.repoRoot.appendingPathComponent("seeds").path])
            }

            deinit { try? FileManager.default.removeItem(at: folder) }

            /// Logs in as `e2e`: the menu shows.
            func logIn() async throws {
                // The first screen comes once the process has started: at the start of make test, two cores run the
                // first test of every suite at once, and a start took over 20 s.
                try await tmux.waitFor("職員IDとパスワード", timeout: .seconds(90))
                try tmux.send("e2e", literal: true)
                try tmux.send("Enter")
                try tmux.send("e2e-password", literal: true)
                try tmux.send("Enter")
                try await tmux.waitFor("新しい受付")
            }

            /// Logs in and starts a case up to the PIN prompt (the card is detected by the background monitor).
            func loginAndStartCase() async throws {
                try await logIn()
                try tmux.send("1")
                try await tmux.waitFor("残り回数")
            }

            func enterPIN(_ pin: String) throws {
                try tmux.send(pin, literal: true)
                try tmux.send("Enter")
            }

            func pdfs() throws -> [URL] {
                try FileManager.default.contentsOfDirectory(at: pdfFolder, includingPropertiesForKeys: nil)
                    .filter { $0.pathExtension == "pdf" }
            }
        }

        @Test("a fee paid cashless on payment-terminal-sim: the counter shows the slip, the ledger lists it and verifies")
        func feeThroughTerminal() async throws {
            let simulator = try PaymentTerminalSimulator(brand: "paypay")
            defer { simulator.stop() }
            let counter = try Counter(reader: VirtualCard.Options().reader, options: "--payment-terminal \(simulator.socket)")
            try await counter.logIn()
            try await counter.tmux.waitFor("5  手数料の収納")
            try counter.tmux.send("5")
            try await counter.tmux.waitFor("手数料の品目と件数")
            try counter.tmux.send("1")
            try counter.tmux.send("Enter")
            try await counter.tmux.waitFor("1  現金")
            try counter.tmux.send("2")
            try await counter.tmux.waitFor("決済端末に 300円 を送ります")
            try counter.tmux.send("Enter")
            let done = try await counter.tmux.waitFor("支払を記録しました")
            #expect(done.contains("PayPay（コード決済）  伝票番号 000001"))
            try counter.tmux.send("Enter")
            try await counter.tmux.waitFor("受付を終了しました")
            try counter.tmux.send("Enter")
            try await counter.tmux.waitFor("6  本日の収納一覧")
            let binary = TestBinaries.url("counter")
            let list = try runProcess(binary, ["ledger", "list", "--json", "--db", counter.database.path, "--terminal", "E2E01",
                                               "--date", "\(CalendarDate.inJapan(at: Date()).iso)"])
            #expect(list.status == 0 && list.stdout.contains("\"paypay\"") && list.stdout.contains("000001"))
            let verify = try runProcess(binary, ["ledger", "verify", "--db", counter.database.path])
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
            let events = try runProcess(binary, ["events", "verify", "--db", counter.database.path])
            #expect(events.status == 0, "\(events.stdout)\(events.stderr)")
        }

        @Test("a certificate from the card: PIN → F9 finds the person → 住民票 paid cashless on the simulator → PDF verified")
        func certificateFromCard() async throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let setup = FileManager.default.temporaryDirectory.appendingPathComponent("cert-e2e-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: setup, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: setup) }
            let keys = setup.appendingPathComponent("keys").path
            let simulator = try PaymentTerminalSimulator(brand: "icoca")
            defer { simulator.stop() }
            let socket = simulator.socket
            let counter = try Counter(reader: card.reader, office: "kita",
                                      options: "--payment-terminal \(socket) --keys \(keys)", prepare: { database in
                                          for arguments in [["residents", "import", Fixtures.seeds.file("demo/registry").path,
                                                             "--db", database], ["keys", "init", "--dir", keys]] {
                                              let result = try CounterCLI.run(arguments)
                                              guard result.status == 0 else { throw TmuxSession.Failure(description: result.stderr) }
                                          }
                                      })
            try await counter.loginAndStartCase()
            try counter.enterPIN("1234")
            try await counter.tmux.waitFor("4情報の確認")
            try counter.tmux.send("F9")
            try await counter.tmux.waitFor("証明書の交付 - 請求")
            try counter.tmux.send("Enter")
            try await counter.tmux.waitFor("1  現金")
            try counter.tmux.send("2")
            try await counter.tmux.waitFor("決済端末に 300円 を送ります")
            try counter.tmux.send("Enter")
            let paid = try await counter.tmux.waitFor("支払を記録しました")
            #expect(paid.contains("ICOCA（電子マネー）  伝票番号 000001"))
            try counter.tmux.send("Enter")
            let printed = try await counter.tmux.waitFor("証明書をお渡しし")
            #expect(printed.contains("プリンタ001 001"))
            let pdf = try #require(try counter.pdfs().first)
            let text = try Poppler.text(Data(contentsOf: pdf))
            #expect(text.contains("髙橋") && text.contains("住民票の写し（世帯全員）"))
            let verify = try CounterCLI.run(["certificate", "verify", pdf.path, "--key", keys + "/seal-ed25519.pub"])
            #expect(verify.status == 0 && verify.stdout.contains("有効"), "\(verify.stdout)\(verify.stderr)")
        }

        @Test("log in, read the card with its PIN, print two forms, end the case")
        func fullCase() async throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let counter = try Counter(reader: card.reader)
            try await counter.loginAndStartCase()
            try counter.enterPIN("1234")
            let confirm = try await counter.tmux.waitFor("4情報の確認")
            #expect(confirm.contains("髙橋　﨑子"))
            #expect(confirm.contains("昭和60年4月12日（1985年4月12日）"))

            try counter.tmux.send("Enter")
            try await counter.tmux.waitFor("帳票の選択")
            // One copy of the first form and of the fifth (住民票の写し等交付申請書 in menu order); whole forms by default.
            for key in ["Right", "Down", "Down", "Down", "Down", "Right"] { try counter.tmux.send(key) }
            try await counter.tmux.waitFor("選択  2種類 2部")
            try counter.tmux.send("Enter")
            try await counter.tmux.waitFor("すべての帳票を印刷しました")
            try counter.tmux.send("Enter")
            let end = try await counter.tmux.waitFor("カードをお返しください")
            #expect(!end.contains("髙橋"))

            let pdfs = try counter.pdfs()
            #expect(pdfs.count == 2)
            for pdf in pdfs {
                let text = try Poppler.text(Data(contentsOf: pdf))
                #expect(text.contains("髙橋"), "\(pdf.lastPathComponent) lacks the name")
                #expect(!pdf.lastPathComponent.contains("髙橋"), "a file name must not carry the name")
            }
            // The terminal database holds events, never the person's name or address.
            try counter.tmux.send("Enter")
            try await counter.tmux.waitFor("新しい受付")
            let stored = try Data(contentsOf: counter.database)
                + ((try? Data(contentsOf: URL(fileURLWithPath: counter.database.path + "-wal"))) ?? Data())
            #expect(stored.range(of: Data("髙橋".utf8)) == nil)
            #expect(stored.range(of: Data("中之島".utf8)) == nil)
            let trace = card.traceLines()
            #expect(trace.contains { $0.hasPrefix("ap=cardinfo") && $0.contains("select=0002") })
            #expect(!trace.contains { $0.hasPrefix("ap=cardinfo") && $0.contains("select=0001") })
        }

        @Test("フリガナ, a correction with the cursor, a 和暦 date, the ESC question, two forms on their own paper through CUPS")
        func clerkDay() async throws {
            let out = try PrintCUPSFixture.outputFolder.get()
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let counter = try Counter(reader: card.reader, printer: "counter-pdf", office: "kita")
            try await counter.loginAndStartCase()
            try counter.enterPIN("1234")
            try await counter.tmux.waitFor("4情報の確認")
            // ESC asks; 2 goes back to the case.
            try counter.tmux.send("Escape")
            try await counter.tmux.waitFor("この受付を中止しますか")
            try counter.tmux.send("2")
            try await counter.tmux.waitFor("訂正する項目は番号")
            // フリガナ, typed (the card has none).
            try counter.tmux.send("5")
            try await counter.tmux.waitFor("フリガナの入力")
            try counter.tmux.send("タカハシ　サキコ", literal: true)
            try counter.tmux.send("Enter")
            try await counter.tmux.waitFor("フリガナを保存しました")
            // The address's start replaced in place: Home, Delete ×3, type; the rest stays.
            try counter.tmux.send("2")
            try await counter.tmux.waitFor("住所の訂正")
            try counter.tmux.send("Home")
            for _ in 0..<3 { try counter.tmux.send("DC") }
            try counter.tmux.send("大阪府大阪市", literal: true)
            try counter.tmux.send("Enter")
            try await counter.tmux.waitFor("住所を訂正しました")
            // The birth date typed in 和暦.
            try counter.tmux.send("3")
            try await counter.tmux.waitFor("生年月日の訂正")
            for _ in 0..<8 { try counter.tmux.send("BSpace") }
            try counter.tmux.send("昭和60年4月13日", literal: true)
            try counter.tmux.send("Enter")
            let confirm = try await counter.tmux.waitFor("昭和60年4月13日（1985年4月13日）")
            #expect(confirm.contains("大阪府大阪市北区中之島１丁目３－２０"))
            #expect(confirm.contains("タカハシ　サキコ"))

            // 印鑑登録証明書 (B5) and 住民票の写し (A4), one copy each.
            try counter.tmux.send("Enter")
            try await counter.tmux.waitFor("帳票の選択")
            for key in ["Down", "Right", "Down", "Down", "Down", "Right"] { try counter.tmux.send(key) }
            try await counter.tmux.waitFor("選択  2種類 2部")
            try counter.tmux.send("Enter")
            let printed = try await counter.tmux.waitFor("すべての帳票を印刷しました", timeout: .seconds(60))
            let jobs = try NSRegularExpression(pattern: "ジョブ (counter-pdf-[0-9]+)")
                .matches(in: printed, range: NSRange(printed.startIndex..., in: printed))
                .compactMap { Range($0.range(at: 1), in: printed).map { String(printed[$0]) } }
            #expect(jobs.count == 2, "\(printed)")
            try counter.tmux.send("Enter")
            try await counter.tmux.waitFor("受付を終了しました")

            let service = try PreprintService(seeds: SeedDirectory(url: TestBinaries.repoRoot.appendingPathComponent("seeds")))
            for (formID, jobID) in zip(["inkan-shoumei", "juminhyo-koufu"], jobs) {
                let layout = try service.catalog.form(id: formID, on: SystemClock().today())
                let printedPDF = await PrintCUPSFixture.printedPDF(forJob: jobID, in: out, containing: "タカハシ")
                let pdf = try #require(printedPDF.file, "no PDF for \(jobID)")
                defer { try? FileManager.default.removeItem(at: pdf) }
                let words = printedPDF.words
                #expect(words.contains { $0.text.contains("タカハシ") }, "\(formID): no フリガナ in the output")
                let size = try Poppler.pageSize(Data(contentsOf: pdf))
                let paper = layout.paper.size.portraitMillimetres
                #expect(abs(size.width - paper.width) < 1.5 && abs(size.height - paper.height) < 1.5, "\(formID): \(size)")
                let text = words.map(\.text).joined()
                #expect(text.contains("大阪府大阪市北区"), "\(formID): the corrected address")
                #expect(text.contains("北区役所"), "\(formID): the office's name")
                // フリガナ printed inside its own box, at 100 %.
                let box = try #require(layout.fields.first { $0.source == .furigana }?.box)
                let kana = try #require(words.first { $0.text.contains("タカハシ") })
                #expect(kana.xMin >= box.x - 1 && kana.xMax <= box.x + box.width + 1
                        && kana.yMin >= box.y - 1 && kana.yMax <= box.y + box.height + 1, "\(formID): \(kana) outside \(box)")
            }
        }

        @Test("a wrong PIN shows the tries left, three lock the card")
        func wrongAndLockedPIN() async throws {
            let card = try VirtualCard.start(profile: "katsuragi-taro")
            defer { card.stop() }
            let counter = try Counter(reader: card.reader)
            try await counter.loginAndStartCase()
            try counter.enterPIN("9999")
            try await counter.tmux.waitFor("残り2回")
            try counter.tmux.send("1")
            // A settled frame: the PIN screen is drawn again once the card is seen anew, and keys typed into the
            // frame before it are gone.
            _ = try await counter.tmux.waitForStable("残り回数  2回")
            try counter.enterPIN("9998")
            try await counter.tmux.waitFor("残り1回")
            try counter.tmux.send("1")
            _ = try await counter.tmux.waitForStable("残り回数  1回")
            try counter.enterPIN("9997")
            let locked = try await counter.tmux.waitFor("ロックされています")
            #expect(!locked.contains("1  再試行"), "a locked PIN must not offer a retry")
            #expect(try card.savedProfile().cardInfoPINTriesLeft == 0)
        }

        @Test("the card removed while it is read gives the removal message and offers retry or manual entry")
        func cardRemovedMidRead() async throws {
            // The card leaves at the first READ BINARY: after the PIN was verified, before any data was read.
            var options = VirtualCard.Options()
            options.removeAtINS = 0xB0
            let card = try VirtualCard.start(profile: "nakanoshima-midori", options: options)
            defer { card.stop() }
            let counter = try Counter(reader: card.reader)
            try await counter.loginAndStartCase()
            try counter.enterPIN("1234")
            let screen = try await counter.tmux.waitFor("カードが離れました")
            #expect(screen.contains("手入力"))
            let trace = card.traceLines()
            #expect(trace.contains { $0.contains("ins=20") && $0.contains("data=<redacted 4 bytes>") && $0.hasSuffix("sw=9000") })
            #expect(!trace.contains { $0.contains("ins=B0") }, "\(trace)")
        }
    
        @Test("quitting is clean every time: monitors joined, the PC/SC context released once, exit status 0",
              .timeLimit(.minutes(3)))
        func cleanExits() async throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let counter = try Counter(reader: card.reader)
            try await counter.tmux.waitFor("職員IDとパスワード")
            try counter.tmux.send("F10")
            try await counter.tmux.waitFor("EXIT=0")
            let command = "\(TestBinaries.url("counter").path) tui --db \(counter.database.path) --out \(counter.pdfFolder.path) --terminal E2E01 --reader '\(card.reader)'"
            for round in 0..<12 {
                let tmux = try TmuxSession(command: command,
                                           environment: ["COUNTER_SEEDS": TestBinaries.repoRoot.appendingPathComponent("seeds").path])
                try await tmux.waitFor("リーダー 接続")
                // Quit while the card monitor waits in pcscd, at a different moment each round.
                try await Task.sleep(for: .microseconds(50_000 + round * 40_000))
                try tmux.send("F10")
                let screen = try await tmux.waitFor("EXIT=")
                #expect(screen.contains("EXIT=0"), "round \(round): \(screen)")
            }
        }
    }
}