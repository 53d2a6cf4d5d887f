import Foundation

/// Runs a system command with the C locale (so its messages can be parsed) and collects its output.
struct CommandRunner: Sendable {
    /// Exit status and the combined standard output and error.
    struct Output {
        var status: Int32
        var text: String
    }

    /// Folders searched for commands, in order.
    static let searchPath = ["/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/sbin"]

    /// The absolute path of `command`, or nil when it is not installed.
    static func locate(_ command: String) -> String? {
        searchPath.map { "\($0)/\(command)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `command` with `arguments`, feeding `input` on standard input (then closing it).
    static func run(_ command: String, _ arguments: [String], input: Data? = nil) throws(PrintError) -> Output {
        guard let path = locate(command) else { throw .commandMissing(command) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let inputPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        do {
            try process.run()
        } catch {
            throw .commandMissing(command)
        }
        if let input {
            // Feed stdin from another thread so a full output pipe cannot deadlock the two sides.
            let handle = inputPipe.fileHandleForWriting
            Thread {
                try? handle.write(contentsOf: input)
                try? handle.close()
            }.start()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, text: String(decoding: data, as: UTF8.self))
    }
}
