import Foundation

/// A running `payment-terminal-sim` on a socket in a folder of its own, for tests that pay through the real
/// simulator process. ``stop()`` ends it and removes the folder.
public final class PaymentTerminalSimulator {
    /// The folder holding the socket and the journal.
    public let folder: URL
    /// The Unix socket it listens on.
    public var socket: String { folder.appendingPathComponent("t.sock").path }
    /// Its journal (one line per charge).
    public var journal: URL { folder.appendingPathComponent("j.jsonl") }
    private let process: RunningProcess

    /// Starts the simulator approving as `brand`, with its other `options` (`--decline R` …), and waits (up to
    /// 3 s) for its socket.
    public init(brand: String, options: [String] = []) throws {
        folder = Fixtures.temporaryFolder("payment-terminal")
        process = try RunningProcess(TestBinaries.url("payment-terminal-sim"),
                                     ["--socket", folder.appendingPathComponent("t.sock").path,
                                      "--journal", folder.appendingPathComponent("j.jsonl").path, "--brand", brand] + options)
        for _ in 0..<300 where !FileManager.default.fileExists(atPath: socket) { usleep(10_000) }
    }

    /// The charges its journal holds.
    public func charges() -> Int {
        ((try? String(contentsOf: journal, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// Ends the simulator and removes its folder.
    public func stop() {
        process.terminate()
        _ = try? process.finish()
        try? FileManager.default.removeItem(at: folder)
    }
}
