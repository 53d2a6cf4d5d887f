import Foundation
import Testing

extension VirtualReaderSuite {
    /// The PIN prompt on a real terminal (tmux): typed digits are never echoed.
    @Suite struct PINPromptTests {
        let tmux = URL(fileURLWithPath: "/usr/bin/tmux")

        /// Polls the pane until `predicate` holds or about 10 s pass; returns the last capture.
        func capture(_ socket: String, until predicate: (String) -> Bool) throws -> String {
            var text = ""
            for _ in 0..<200 {
                text = try runProcess(tmux, ["-L", socket, "capture-pane", "-p", "-t", "pin"]).stdout
                if predicate(text) { break }
                usleep(50_000)
            }
            return text
        }

        @Test func typedPINIsNotEchoed() throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let socket = "counter-pin-\(UUID().uuidString.prefix(8))"
            let command = "'\(TestBinaries.url("counter").path)' card read --reader '\(card.reader)'; echo EXIT=$?; sleep 30"
            try runProcess(tmux, ["-L", socket, "new-session", "-d", "-s", "pin", "-x", "120", "-y", "20", command])
            defer { _ = try? runProcess(tmux, ["-L", socket, "kill-server"]) }
            let prompt = try capture(socket) { $0.contains("暗証番号") }
            #expect(prompt.contains("券面事項入力補助用暗証番号"))
            try runProcess(tmux, ["-L", socket, "send-keys", "-t", "pin", "1234", "Enter"])
            let screen = try capture(socket) { $0.contains("EXIT=") }
            #expect(screen.contains("EXIT=0"))
            #expect(screen.contains("生年月日: 1985-04-12"))
            #expect(!screen.contains("1234"))
        }
    }
}
