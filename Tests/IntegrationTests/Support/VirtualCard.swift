import CounterTestSupport
import Foundation
import MyNumberCardSim
import MyNumberReader

/// A simulated My Number card served by `mynumber-card-sim serve` into a vpcd reader of the real
/// pcscd, for tests through the whole PC/SC stack (and for end-to-end tests of the UI in tmux).
///
/// ```swift
/// let card = try VirtualCard.start(profile: "takahashi-sakiko")
/// defer { card.stop() }
/// // … run `counter card read --reader card.reader …`
/// ```
///
/// The profile is copied into a fresh temporary folder first, so serving never changes the seeds.
/// Use it only inside ``VirtualReaderSuite`` or ``SecondVirtualReaderSuite``.
final class VirtualCard {
    /// How to serve the card.
    struct Options {
        /// vpcd port: by default the first reader of the running suite's ``VirtualReaderPair``.
        var port: UInt16 = VirtualReaderPair.current.first.port
        /// The PC/SC reader name that belongs to `port`.
        var reader = VirtualReaderPair.current.first.name
        /// Drop the connection (pull the card) after this many APDUs.
        var removeAfterAPDUs: Int?
        /// Drop the connection (pull the card) when a command with this INS arrives, unanswered (e.g. `0xB0`:
        /// at the first READ BINARY, so after the PIN was verified, however many sessions came before).
        var removeAtINS: UInt8?
        /// Extra `mynumber-card-sim serve` flags (`--more-data`, `--exact-length`).
        var extraArguments: [String] = []
        /// How long to wait for the card to appear in PC/SC.
        var timeout: Duration = .seconds(15)
    }

    /// The demo seeds folder of the repository.
    static let demoSeeds = TestBinaries.repoRoot.appendingPathComponent("seeds/demo")
    /// The demo CA certificate.
    static let demoCACertificate = demoSeeds.appendingPathComponent("demo-ca-cert.pem")

    /// The temporary folder holding the profile copy and the trace.
    let folder: URL
    /// The served profile (counters are written back here).
    let profileURL: URL
    /// One line per APDU, written by the simulator.
    let traceURL: URL
    /// The reader the card is in.
    let reader: String
    private let process: RunningProcess

    private init(folder: URL, profileURL: URL, traceURL: URL, reader: String, process: RunningProcess) {
        self.folder = folder
        self.profileURL = profileURL
        self.traceURL = traceURL
        self.reader = reader
        self.process = process
    }

    /// Starts pcscd if needed, copies the demo profile `stem` (from `seeds/demo/cards/`) and serves it.
    static func start(profile stem: String, options: Options = Options()) throws -> VirtualCard {
        try start(profileFile: demoSeeds.appendingPathComponent("cards/\(stem).json"), options: options)
    }

    /// Starts pcscd if needed, copies `profileFile` to a temporary folder and serves the copy; returns once
    /// PC/SC shows the card in the reader.
    static func start(profileFile: URL, options: Options = Options()) throws -> VirtualCard {
        try ensurePCSCD()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("virtual-card-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let profileURL = folder.appendingPathComponent("profile.json")
        try FileManager.default.copyItem(at: profileFile, to: profileURL)
        let traceURL = folder.appendingPathComponent("trace.log")
        let access = try CardReaderAccess()
        try waitFor(card: false, in: options.reader, access: access, timeout: options.timeout)

        // Right after a card was pulled (`removeAfterAPDUs`), pcscd sometimes ignores the next vpcd
        // client although it answers; a fresh connection always works, so retry with a new simulator.
        let arguments = ["serve", "--profile", profileURL.path, "--port", String(options.port), "--trace", traceURL.path]
            + (options.removeAfterAPDUs.map { ["--remove-after-apdus", String($0)] } ?? [])
            + (options.removeAtINS.map { ["--remove-at-ins", [$0].hexString()] } ?? []) + options.extraArguments
        let deadline = ContinuousClock.now.advanced(by: options.timeout)
        while true {
            let process = try RunningProcess(TestBinaries.url("mynumber-card-sim"), arguments)
            let card = VirtualCard(folder: folder, profileURL: profileURL, traceURL: traceURL, reader: options.reader, process: process)
            let attempt = min(.seconds(4), ContinuousClock.now.duration(to: deadline))
            do {
                try waitFor(card: true, in: options.reader, access: access, timeout: attempt)
                return card
            } catch {
                card.terminate()
                try? waitFor(card: false, in: options.reader, access: access, timeout: .seconds(2))
                if ContinuousClock.now >= deadline {
                    try? FileManager.default.removeItem(at: folder)
                    throw error
                }
            }
        }
    }

    /// Ends the simulator process (SIGTERM, then SIGKILL after 5 s).
    private func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now.advanced(by: .seconds(5))
        while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning { kill(process.pid, SIGKILL) }
        _ = try? process.finish()
    }

    /// Stops the simulator (SIGTERM), waits until the reader is empty and deletes the temporary folder.
    func stop() {
        terminate()
        if let access = try? CardReaderAccess() {
            try? Self.waitFor(card: false, in: reader, access: access, timeout: .seconds(10))
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// True while the simulator runs (it exits once the card was pulled, see ``Options``).
    var isRunning: Bool { process.isRunning }

    /// The trace lines so far.
    func traceLines() -> [String] {
        ((try? String(contentsOf: traceURL, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// The profile as saved by the simulator (with the current try counters).
    func savedProfile() throws -> CardProfile {
        try CardProfile.load(from: profileURL)
    }

    /// Runs `scripts/start-pcscd.sh` (starts pcscd unless one runs).
    static func ensurePCSCD() throws {
        let result = try runProcess(URL(fileURLWithPath: "/bin/bash"),
                                    [TestBinaries.repoRoot.appendingPathComponent("scripts/start-pcscd.sh").path])
        guard result.status == 0 else { throw VirtualCardError.pcscdNotStarted(result.stderr) }
    }

    private static func waitFor(card present: Bool, in reader: String, access: CardReaderAccess, timeout: Duration) throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var states = try access.readers()
        while states.first(where: { $0.name == reader })?.cardPresent != present {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { throw VirtualCardError.readerDidNotChange(reader: reader, cardPresent: present) }
            states = try access.waitForChange(from: states, timeout: min(remaining, .milliseconds(500)))
        }
    }
}

extension VirtualCard.Options {
    /// The running suite's second reader.
    static var secondReader: Self {
        var options = Self()
        options.port = VirtualReaderPair.current.second.port
        options.reader = VirtualReaderPair.current.second.name
        return options
    }
}

/// Why the virtual card could not be set up.
enum VirtualCardError: Error, CustomStringConvertible {
    case pcscdNotStarted(String)
    case readerDidNotChange(reader: String, cardPresent: Bool)

    var description: String {
        switch self {
        case .pcscdNotStarted(let output): return "pcscd could not be started: \(output)"
        case .readerDidNotChange(let reader, true): return "no card appeared in \(reader)"
        case .readerDidNotChange(let reader, false):
            return "\(reader) still holds a card (another mynumber-card-sim serving on its port?)"
        }
    }
}
