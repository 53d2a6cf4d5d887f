import Foundation

/// Runs a system command with the C locale (so its messages can be parsed) and collects its output.
///
/// A command that does not finish within its time limit is killed and reported as
/// ``PrintError/timeout(_:seconds:)``, so a hung print system never blocks the caller for good.
struct CommandRunner: Sendable {
    /// Exit status, the combined standard output and error, and whether the command took all its input.
    struct Output {
        var status: Int32
        var text: String
        /// False when the command closed its standard input before reading everything (EPIPE).
        var inputDelivered: Bool
    }

    /// Folders searched for commands, in order.
    static let searchPath = ["/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/sbin"]

    /// How long a command gets to exit after SIGTERM before it is sent SIGKILL.
    private static let terminationGrace = 2.0

    /// The absolute path of `command`, or nil when it is not installed.
    static func locate(_ command: String) -> String? {
        searchPath.map { "\($0)/\(command)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `command` with `arguments`, feeding `input` on standard input (then closing it).
    ///
    /// Kills the command and throws ``PrintError/timeout(_:seconds:)`` when it runs longer than
    /// `timeout` seconds. A command that stops reading its input early is not an error here: the
    /// output says so (``Output/inputDelivered``) and the caller decides.
    static func run(_ command: String, _ arguments: [String], input: Data? = nil, timeout: Double) throws(PrintError) -> Output {
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
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw .commandMissing(command)
        }
        // Feed stdin and drain stdout on their own threads so neither full pipe can deadlock the other side.
        // The writer owns a duplicate of the pipe's write end and closes it when done (end of input).
        let writer = input.map { InputWriter(data: $0, descriptor: dup(inputPipe.fileHandleForWriting.fileDescriptor)) }
        try? inputPipe.fileHandleForWriting.close()
        let reader = OutputReader(handle: output.fileHandleForReading)
        guard exited.wait(timeout: .now() + timeout) == .success else {
            process.terminate()
            if exited.wait(timeout: .now() + terminationGrace) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
            }
            throw .timeout(command, seconds: Int(timeout.rounded(.up)))
        }
        let text = String(decoding: reader.result(), as: UTF8.self)
        let delivered = writer?.result() ?? true
        return Output(status: process.terminationStatus, text: text, inputDelivered: delivered)
    }
}

/// Writes bytes to a pipe on its own thread with SIGPIPE blocked there, so a reader that goes away
/// yields EPIPE (recorded) instead of killing the process, whatever the process's SIGPIPE setting.
private final class InputWriter: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the thread before `done` is signalled, read after waiting on it.
    private var delivered = false

    init(data: Data, descriptor: Int32) {
        Thread { [self] in
            var blocked = sigset_t()
            sigemptyset(&blocked)
            sigaddset(&blocked, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &blocked, nil)
            delivered = InputWriter.writeAll(data, to: descriptor)
            close(descriptor)
            // A SIGPIPE raised by the write stays pending on this thread and is discarded when it ends.
            done.signal()
        }.start()
    }

    /// True when every byte was written.
    func result() -> Bool {
        done.wait()
        return delivered
    }

    private static func writeAll(_ data: Data, to descriptor: Int32) -> Bool {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}

/// Reads a pipe to its end on its own thread.
private final class OutputReader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the thread before `done` is signalled, read after waiting on it.
    private var data = Data()

    init(handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    /// Everything the command wrote.
    func result() -> Data {
        done.wait()
        return data
    }
}
