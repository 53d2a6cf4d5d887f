import Foundation

/// Where the project's executables are: `$COUNTER_BIN_DIR`, else `<repo>/.build/debug`.
public enum TestBinaries {
    /// The repository root, found from this file's path.
    public static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The folder holding `counter` and `mynumber-card-sim`.
    public static var directory: URL {
        if let configured = ProcessInfo.processInfo.environment["COUNTER_BIN_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured, isDirectory: true)
        }
        return repoRoot.appendingPathComponent(".build/debug", isDirectory: true)
    }

    /// The URL of one executable.
    public static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
}

/// The outcome of a finished process.
public struct ProcessResult {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// The raw stdout bytes (to compare strings without any normalization).
    public var stdoutData: Data
}

/// Runs an executable to completion, feeding `stdin`, and collects its output.
@discardableResult
public func runProcess(_ executable: URL, _ arguments: [String], stdin: String? = nil,
                environment: [String: String]? = nil) throws -> ProcessResult {
    try RunningProcess(executable, arguments, stdin: stdin, environment: environment).finish()
}

/// A started process whose output goes to temporary files (no pipe can fill up and block it).
///
/// Spawned with `posix_spawn` and reaped with a blocking `waitpid`: the child starts with no blocked
/// signals and default signal handling (the test runner blocks many signals, which a child would
/// otherwise inherit: tmux and the simulator then ignore SIGTERM or hang), and waiting does not rely on
/// SIGCHLD delivery.
public final class RunningProcess {
    /// The child's process id.
    public let pid: pid_t
    private let folder: URL
    private let outputURL: URL
    private let errorURL: URL
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments` (and `environment` merged over ours), writes `stdin` to it and
    /// closes its input.
    public init(_ executable: URL, _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil) throws {
        signal(SIGPIPE, SIG_IGN)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        outputURL = folder.appendingPathComponent("stdout")
        errorURL = folder.appendingPathComponent("stderr")

        var input: [Int32] = [0, 0]
        guard pipe(&input) == 0 else { throw POSIXError(.EMFILE) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, input[0])
        posix_spawn_file_actions_addclose(&actions, input[1])
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outputURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errorURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGALRM, SIGUSR1, SIGUSR2, SIGWINCH] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let merged = ProcessInfo.processInfo.environment.merging(environment ?? [:]) { $1 }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let code = posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
        close(input[0])
        guard code == 0 else {
            close(input[1])
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .ENOENT)
        }
        pid = child
        if let stdin {
            let bytes = Array(stdin.utf8)
            _ = bytes.withUnsafeBytes { write(input[1], $0.baseAddress, $0.count) }
        }
        close(input[1])
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            _ = wait(blocking: true)
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// True until the child exits.
    public var isRunning: Bool { wait(blocking: false) == nil }

    /// Sends SIGTERM.
    public func terminate() {
        if exitStatus == nil { kill(pid, SIGTERM) }
    }

    /// Waits for the exit and returns status (128 + signal when killed) and output.
    public func finish() throws -> ProcessResult {
        let status = wait(blocking: true) ?? -1
        let stdoutData = (try? Data(contentsOf: outputURL)) ?? Data()
        let stderrData = (try? Data(contentsOf: errorURL)) ?? Data()
        return ProcessResult(status: status, stdout: String(decoding: stdoutData, as: UTF8.self),
                             stderr: String(decoding: stderrData, as: UTF8.self), stdoutData: stdoutData)
    }

    /// Reaps the child; nil while it runs (non-blocking).
    private func wait(blocking: Bool) -> Int32? {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == -1, errno == EINTR { continue }
            if result == 0 { return nil }
            if result == -1 { exitStatus = -1; return -1 }
            break
        }
        let signal = status & 0x7F
        exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return exitStatus
    }
}
