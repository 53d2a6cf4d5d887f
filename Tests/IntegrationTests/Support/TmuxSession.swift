import CounterTestSupport
import Foundation

/// A terminal program running inside a detached tmux session (its own tmux server), driven by
/// `send-keys` and read by `capture-pane`. The pane stays open after the program exits and shows
/// `EXIT=<status>`.
final class TmuxSession {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let socket = "counter-tests-\(UUID().uuidString.prefix(8))"
    private static let tmux = URL(fileURLWithPath: "/usr/bin/tmux")

    /// Starts `command` (a shell command line) in a new detached session of the given size, in a UTF-8 locale.
    init(command: String, width: Int = 100, height: Int = 30, environment: [String: String] = [:]) throws {
        let exports = environment.map { "export \($0.key)='\($0.value)';" }.joined(separator: " ")
        try tmux(["new-session", "-d", "-s", "main", "-x", String(width), "-y", String(height),
                  "export LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color; \(exports) \(command); echo EXIT=$?; sleep 60"])
    }

    deinit {
        _ = try? tmux(["kill-server"])
    }

    /// Sends tmux key names (`Enter`, `F3`, `Right`) or, with `literal`, text as typed.
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", "main"] + (literal ? ["-l"] : []) + keys)
    }

    /// The visible screen as text, one line per row.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", "main"])
    }

    /// Waits (suspended, never holding a thread of the shared pool) until the screen contains `text`; throws with the last screen after `timeout`.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(20)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = try screen()
            if last.contains(text) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Failure(description: "timed out waiting for 「\(text)」; screen was:\n\(last)")
    }

    /// Waits until the screen contains `text` and stays the same for two captures in a row, so a check of the
    /// screen's other lines never reads a frame the program is still drawing.
    @discardableResult
    func waitForStable(_ text: String, timeout: Duration = .seconds(20)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = try await waitFor(text, timeout: timeout)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(30))
            let next = try screen()
            if next == last, next.contains(text) { return next }
            last = next
        }
        throw Failure(description: "the screen with 「\(text)」 did not settle; it was:\n\(last)")
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let result = try runProcess(Self.tmux, ["-L", socket] + arguments)
        guard result.status == 0 else {
            throw Failure(description: "tmux \(arguments.first ?? "") failed: \(result.stderr)")
        }
        return result.stdout
    }
}
