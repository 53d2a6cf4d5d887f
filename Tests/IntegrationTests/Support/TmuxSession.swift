import Foundation

/// A terminal program running inside a detached tmux session, driven by `send-keys` and read by `capture-pane`.
final class TmuxSession {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let name: String
    private let socket: String

    /// Starts `command` (a shell command line) in a new detached session of the given size.
    init(command: String, width: Int = 100, height: Int = 30, environment: [String: String] = [:]) throws {
        name = "counter-test-\(UUID().uuidString.prefix(8))"
        socket = "counter-tests-\(getpid())"
        let exports = environment.map { "export \($0.key)='\($0.value)';" }.joined(separator: " ")
        try tmux(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height),
                  "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color bash -c \"\(exports) \(command); echo __EXITED__ $?; sleep 30\""])
    }

    deinit {
        _ = try? tmux(["kill-session", "-t", name])
    }

    /// Sends tmux key names or literal text (`literal: true`) to the pane.
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", name] + (literal ? ["-l"] : []) + keys)
    }

    /// The visible screen as text, one line per row.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    /// Waits until the screen contains `text`; throws with the last screen after `timeout`.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(20)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Failure(description: "timed out waiting for 「\(text)」; screen was:\n\(last)")
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        process.arguments = ["-L", socket] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }
}
