import Foundation
import Testing

extension VirtualReaderSuite {
    /// The PIN prompt on a real terminal (tmux): typed digits are never echoed.
    @Suite struct PINPromptTests {
        @Test func typedPINIsNotEchoed() throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let terminal = try TmuxSession(
                command: "'\(TestBinaries.url("counter").path)' card read --reader '\(card.reader)'", width: 120, height: 20)
            let prompt = try terminal.waitFor("暗証番号")
            #expect(prompt.contains("券面事項入力補助用暗証番号"))
            try terminal.send("1234", "Enter")
            let screen = try terminal.waitFor("EXIT=")
            #expect(screen.contains("EXIT=0"))
            #expect(screen.contains("生年月日: 1985-04-12"))
            #expect(!screen.contains("1234"))
        }
    }
}
