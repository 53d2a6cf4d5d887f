import Foundation

/// Where the project's executables are: `$COUNTER_BIN_DIR`, else `<repo>/.build/debug`.
enum TestBinaries {
    /// The repository root, found from this file's path.
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The folder holding `counter` and `mynumber-card-sim`.
    static var directory: URL {
        if let configured = ProcessInfo.processInfo.environment["COUNTER_BIN_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured, isDirectory: true)
        }
        return repoRoot.appendingPathComponent(".build/debug", isDirectory: true)
    }

    /// The URL of one executable.
    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
}

/// The outcome of a finished process.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
    /// The raw stdout bytes (to compare strings without any normalization).
    var stdoutData: Data
}

/// Runs an executable to completion, feeding `stdin`, and collects its output.
@discardableResult
func runProcess(_ executable: URL, _ arguments: [String], stdin: String? = nil,
                environment: [String: String]? = nil) throws -> ProcessResult {
    try RunningProcess(executable, arguments, stdin: stdin, environment: environment).finish()
}

/// A started process whose output goes to temporary files (no pipe can fill up and block it).
final class RunningProcess {
    private let process = Process()
    private let folder: URL
    private let outputURL: URL
    private let errorURL: URL

    /// Starts `executable`, writes `stdin` to it and closes its input.
    init(_ executable: URL, _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        outputURL = folder.appendingPathComponent("stdout")
        errorURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let input = Pipe()
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Waits for the exit and returns status and output.
    func finish() throws -> ProcessResult {
        process.waitUntilExit()
        let stdoutData = try Data(contentsOf: outputURL)
        let stderrData = try Data(contentsOf: errorURL)
        return ProcessResult(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                             stderr: String(decoding: stderrData, as: UTF8.self), stdoutData: stdoutData)
    }
}
