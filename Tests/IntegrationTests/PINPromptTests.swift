import CounterTestSupport
import Foundation
import MyNumberCardSim
import Testing

extension SecondVirtualReaderSuite {
    /// The PIN prompt on a real terminal (tmux): typed digits are never echoed, and a card that cannot be
    /// read is refused before the prompt.
    @Suite struct PINPromptTests {
        @Test func typedPINIsNotEchoed() async throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let terminal = try TmuxSession(
                command: "'\(TestBinaries.url("counter").path)' card read --reader '\(card.reader)'", width: 120, height: 20)
            let prompt = try await terminal.waitFor("暗証番号")
            #expect(prompt.contains("券面事項入力補助用暗証番号"))
            try terminal.send("1234", "Enter")
            let screen = try await terminal.waitFor("EXIT=")
            #expect(screen.contains("EXIT=0"))
            #expect(screen.contains("生年月日: 1985-04-12"))
            #expect(!screen.contains("1234"))
        }

        /// Ctrl-C at the PIN prompt cancels the read and leaves the terminal as it was (echo on).
        @Test func ctrlCAtThePromptRestoresTheTerminal() async throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let terminal = try TmuxSession(
                command: "'\(TestBinaries.url("counter").path)' card read --reader '\(card.reader)'; echo EXIT=$?; "
                    + "stty -a | tr ' ' '\\n' | grep -x -- '-*echo' | sed 's/^/STTY=/'", width: 120, height: 20)
            try await terminal.waitFor("暗証番号")
            try terminal.send("12")
            try terminal.send("C-c")
            let screen = try await terminal.waitFor("STTY=")
            #expect(screen.contains("暗証番号の入力を中止しました"))
            #expect(screen.contains("STTY=echo"))
            #expect(!screen.contains("STTY=-echo"))
            #expect(screen.contains("EXIT=1"))
            #expect(!card.traceLines().contains { $0.contains("ins=20") && $0.contains("data=") })
        }

        /// A mistyped form id is refused before the card is read: no PIN is asked or sent.
        @Test func unknownFormIsRefusedBeforeTheCard() throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("typo-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let result = try runProcess(TestBinaries.url("counter"),
                                        ["preprint", "--from-card", "--pin-stdin", "--reader", card.reader, "--forms", "nosuch-form",
                                         "--out", folder.appendingPathComponent("out").path,
                                         "--db", folder.appendingPathComponent("counter.sqlite").path],
                                        stdin: "1234\n",
                                        environment: ["COUNTER_SEEDS": TestBinaries.repoRoot.appendingPathComponent("seeds").path])
            #expect(result.status == 1)
            #expect(result.stderr.contains("nosuch-form"))
            #expect(!card.traceLines().contains { $0.contains("ins=20") })
            #expect(!card.traceLines().contains { $0.contains("ins=B0") })
        }

        /// `card read` and `card auth` check the card before the PIN prompt: another card is refused at once
        /// (a regression would sit at the prompt and time out), and no PIN was verified.
        @Test(arguments: ["read", "auth --ca '\(VirtualCard.demoCACertificate.path)'"])
        func foreignCardIsRefusedBeforeThePINPrompt(subcommand: String) async throws {
            var options = VirtualCard.Options()
            options.extraArguments = ["--foreign-card"]
            let card = try VirtualCard.start(profile: "takahashi-sakiko", options: options)
            defer { card.stop() }
            let terminal = try TmuxSession(
                command: "'\(TestBinaries.url("counter").path)' card \(subcommand) --reader '\(card.reader)'", width: 120, height: 20)
            let screen = try await terminal.waitFor("EXIT=")
            #expect(screen.contains("マイナンバーカードではありません"))
            #expect(screen.contains("EXIT=4"))
            #expect(!screen.contains("暗証番号（数字4桁）"))
            #expect(!card.traceLines().contains { $0.contains("ins=20") })
        }

        /// A card whose PIN is already blocked is refused before the prompt, with the blocked advice.
        @Test(arguments: [("read", "cardInfo"), ("auth --ca '\(VirtualCard.demoCACertificate.path)'", "auth")])
        func blockedPINIsRefusedBeforeThePINPrompt(subcommand: String, pin: String) async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blocked-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var profile = try CardProfile.load(from: VirtualCard.demoSeeds.appendingPathComponent("cards/takahashi-sakiko.json"))
            if pin == "auth" { profile.authPINTriesLeft = 0 } else { profile.cardInfoPINTriesLeft = 0 }
            let blocked = folder.appendingPathComponent("blocked.json")
            try profile.save(to: blocked)
            let card = try VirtualCard.start(profileFile: blocked)
            defer { card.stop() }
            let terminal = try TmuxSession(
                command: "'\(TestBinaries.url("counter").path)' card \(subcommand) --reader '\(card.reader)'", width: 120, height: 20)
            let screen = try await terminal.waitFor("EXIT=")
            #expect(screen.contains("暗証番号がロックされています。窓口で初期化が必要です。"))
            #expect(screen.contains("EXIT=3"))
            #expect(!screen.contains("暗証番号（数字4桁）"))
            #expect(!card.traceLines().contains { $0.contains("ins=20") && $0.contains("data=") })
        }
    }
}
