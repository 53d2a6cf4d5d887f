import Foundation

/// A CUPS queue, driven through the `lp` and `lpstat` commands.
///
/// The PDF is streamed to `lp` on standard input, so no spool file with personal data is ever
/// written by this process; CUPS's own copy is removed once the job is printed when cupsd runs with
/// `PreserveJobFiles No` (scripts/start-cups.sh sets it).
public struct CUPSPrinter: Printer {
    /// The CUPS queue name, e.g. `counter-pdf`.
    public let queue: String
    /// The CUPS server (`host[:port]` or a socket path); nil uses the default (local cupsd).
    public let server: String?

    /// Seconds each `lp`/`lpstat` call may take before it is stopped and ``PrintError/timeout(_:seconds:)`` is thrown.
    public let commandTimeout: Double

    /// The default ``commandTimeout``: long enough for a busy cupsd, short enough that a hung one is noticed.
    public static let defaultCommandTimeout = 15.0

    /// A printer for the named queue (nothing is checked until ``status()`` or ``submit(pdf:title:copies:)``).
    public init(queue: String, server: String? = nil, commandTimeout: Double = CUPSPrinter.defaultCommandTimeout) {
        self.queue = queue
        self.server = server
        self.commandTimeout = commandTimeout
    }

    /// 「プリンタ <queue>」.
    public var displayName: String { "プリンタ \(queue)" }

    /// Asks cupsd whether the queue exists, is enabled and accepts jobs (no job is sent).
    public func status() -> PrinterStatus {
        do {
            try checkReady()
            return .ready
        } catch {
            return .unavailable(error)
        }
    }

    /// Checks the queue is ready, then submits the job and returns its CUPS job id. With `paper`, the job
    /// asks for that media (PWG name) at 100 % (`print-scaling=none`), so an A3 or B4 form is not shrunk
    /// onto the queue's default A4 and overlay printing lands where the pre-printed form has its boxes.
    public func submit(pdf: Data, title: String, copies: Int, paper: Paper?) throws -> PrintReceipt {
        try PrintError.checkCopies(copies)
        try checkReady()
        let media = paper.map { ["-o", "media=\($0.size.pwgMediaName)", "-o", "print-scaling=none"] } ?? []
        let output = try CommandRunner.run("lp", serverArguments + ["-d", queue, "-n", String(copies), "-t", title, "-o", "document-format=application/pdf"]
                                               + media + ["-"],
                                           input: pdf, timeout: commandTimeout)
        if let jobID = CUPSPrinter.jobID(in: output.text), output.status == 0, output.inputDelivered {
            return PrintReceipt(jobID: jobID)
        }
        if let known = classify(output.text) { throw known }
        // lp stopped reading the PDF (EPIPE) without saying why: the job is incomplete.
        throw PrintError.submitFailed(queue, message: output.inputDelivered ? CUPSPrinter.firstLine(output.text) : CUPSPrinter.inputRefused)
    }

    /// Throws the ``PrintError`` that keeps this queue from printing now, if any.
    func checkReady() throws(PrintError) {
        let scheduler = try CommandRunner.run("lpstat", serverArguments + ["-r"], timeout: commandTimeout)
        guard scheduler.text.contains("scheduler is running") else { throw .cupsNotRunning }
        let printer = try CommandRunner.run("lpstat", serverArguments + ["-p", queue], timeout: commandTimeout)
        if let known = classify(printer.text) { throw known }
        guard printer.status == 0, printer.text.hasPrefix("printer \(queue) ") else {
            throw .submitFailed(queue, message: CUPSPrinter.firstLine(printer.text))
        }
        if printer.text.hasPrefix("printer \(queue) disabled") {
            let reason = printer.text.split(separator: "\n").dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            throw .queueStopped(queue, reason: reason)
        }
        let accepting = try CommandRunner.run("lpstat", serverArguments + ["-a", queue], timeout: commandTimeout)
        if let known = classify(accepting.text) { throw known }
        if accepting.text.contains("not accepting") { throw .queueNotAccepting(queue) }
    }

    private var serverArguments: [String] { server.map { ["-h", $0] } ?? [] }

    /// Maps the CUPS commands' well-known messages to errors.
    private func classify(_ text: String) -> PrintError? {
        let lower = text.lowercased()
        if lower.contains("scheduler is not running") || lower.contains("unable to connect to server") { return .cupsNotRunning }
        if lower.contains("invalid destination name") || lower.contains("does not exist") || lower.contains("unknown destination") {
            return .queueNotFound(queue)
        }
        if lower.contains("not accepting jobs") { return .queueNotAccepting(queue) }
        return nil
    }

    /// The job id in lp's answer `request id is counter-pdf-12 (1 file(s))`.
    static func jobID(in text: String) -> String? {
        guard let range = text.range(of: "request id is ") else { return nil }
        let rest = text[range.upperBound...]
        let id = rest.prefix { !$0.isWhitespace }
        return id.isEmpty ? nil : String(id)
    }

    /// The detail of ``PrintError/submitFailed(_:message:)`` when lp closed its input before the end of the PDF.
    static let inputRefused = "lp が印刷データを最後まで受け取りませんでした"

    private static func firstLine(_ text: String) -> String {
        text.split(separator: "\n").first.map(String.init) ?? "応答なし"
    }
}
