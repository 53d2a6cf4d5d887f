import CCUPS
import Foundation

/// A CUPS queue, driven in-process over IPP through libcups (no `lp`/`lpstat` processes).
///
/// The PDF is streamed to cupsd in the Print-Job request, so no spool file with personal data is
/// ever written by this process; CUPS's own copy is removed once the job is printed when cupsd runs
/// with `PreserveJobFiles No` (scripts/start-cups.sh sets it).
public struct CUPSPrinter: Printer {
    /// The CUPS queue name, e.g. `counter-pdf`.
    public let queue: String
    /// The CUPS server (`host[:port]` or a socket path); nil uses the default (local cupsd).
    public let server: String?

    /// Seconds each IPP exchange may take before it is given up and ``PrintError/timeout(_:seconds:)`` is thrown.
    public let commandTimeout: Double

    /// The default ``commandTimeout``: long enough for a busy cupsd, short enough that a hung one is noticed.
    public static let defaultCommandTimeout = 15.0

    /// The name in ``PrintError/timeout(_:seconds:)``.
    static let serviceName = "CUPS"

    /// A printer for the named queue (nothing is checked until ``status()`` or ``submit(pdf:title:copies:paper:)``).
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
            try checkReady(try connect())
            return .ready
        } catch {
            return .unavailable(error)
        }
    }

    /// Checks the queue is ready, then submits the job and returns its CUPS job id (`<queue>-<n>`). With
    /// `paper`, the job asks for that media (PWG name) and orientation at 100 % (`print-scaling=none`), so an A3 or B4
    /// form is not shrunk onto the queue's default A4 and overlay printing lands where the pre-printed
    /// form has its boxes. Both exchanges use one connection.
    public func submit(pdf: Data, title: String, copies: Int, paper: Paper?) throws -> PrintReceipt {
        try PrintError.checkCopies(copies)
        let connection = try connect()
        try checkReady(connection)
        let request = IPPMessage(operation: IPP_OP_PRINT_JOB)
        request.add(operation: "printer-uri", uri: connection.printerURI(queue))
        request.add(operation: "job-name", name: title)
        request.add(operation: "document-format", mimeType: "application/pdf")
        request.add(job: "copies", integer: copies)
        if let paper {
            request.add(job: "media", keyword: paper.size.pwgMediaName)
            request.add(job: "print-scaling", keyword: "none")
            // Said, not left to the filter's guess: a landscape form is turned 90° counter-clockwise onto the
            // portrait sheet (its top along the sheet's left edge), as pre-printed landscape stock is fed.
            request.add(job: "orientation-requested",
                        enumValue: Int(paper.orientation == .landscape ? IPP_ORIENT_LANDSCAPE.rawValue : IPP_ORIENT_PORTRAIT.rawValue))
        }
        guard let response = connection.send(request, document: pdf, to: "/printers/\(queue)") else {
            if connection.timedOut { throw timeoutError }
            throw PrintError.submitFailed(queue, message: CUPSPrinter.notDelivered)
        }
        try check(response.status)
        guard let jobID = response.integer("job-id") else {
            throw PrintError.submitFailed(queue, message: CUPSPrinter.noJobID)
        }
        return PrintReceipt(jobID: "\(queue)-\(jobID)")
    }

    /// Resumes the queue (IPP Resume-Printer) and makes it accept jobs again (CUPS-Accept-Jobs), as
    /// `cupsenable` and `cupsaccept` do; cupsd allows it to root and the lpadmin group.
    public func resume() throws {
        let connection = try connect()
        for operation in [IPP_OP_RESUME_PRINTER, IPP_OP_CUPS_ACCEPT_JOBS] {
            let request = IPPMessage(operation: operation)
            request.add(operation: "printer-uri", uri: connection.printerURI(queue))
            guard let response = connection.send(request, to: "/admin/") else {
                throw connection.timedOut ? timeoutError : PrintError.cupsNotRunning
            }
            if response.status == IPP_STATUS_ERROR_FORBIDDEN || response.status == IPP_STATUS_ERROR_NOT_AUTHORIZED {
                throw PrintError.resumeNotAllowed(queue)
            }
            try check(response.status)
        }
    }

    /// The state of a job this printer took (its ``PrintReceipt/jobID``), read over IPP; nil when the id
    /// is not one of this queue's or cupsd cannot say.
    public func jobState(_ jobID: String) -> PrintJobState? {
        guard jobID.hasPrefix(queue + "-"), let number = Int(jobID.dropFirst(queue.count + 1)),
              let connection = try? connect() else { return nil }
        let request = IPPMessage(operation: IPP_OP_GET_JOB_ATTRIBUTES)
        request.add(operation: "printer-uri", uri: connection.printerURI(queue))
        request.add(operation: "job-id", integer: number)
        request.request(["job-state"])
        guard let response = connection.send(request, to: "/jobs"), response.status.rawValue < 0x0400,
              let state = response.integer("job-state") else { return nil }
        return PrintJobState(ippJobState: state)
    }

    private func connect() throws(PrintError) -> IPPConnection {
        guard CUPSPrinter.isQueueName(queue) else { throw .queueNotFound(queue) }
        return try IPPConnection(server: server, timeout: commandTimeout)
    }

    /// Throws the ``PrintError`` that keeps this queue from printing now, if any: unknown, stopped
    /// (with the printer's reason), or not accepting jobs.
    func checkReady(_ connection: IPPConnection) throws(PrintError) {
        let request = IPPMessage(operation: IPP_OP_GET_PRINTER_ATTRIBUTES)
        request.add(operation: "printer-uri", uri: connection.printerURI(queue))
        request.request(["printer-state", "printer-state-reasons", "printer-state-message", "printer-is-accepting-jobs"])
        guard let response = connection.send(request, to: "/") else {
            throw connection.timedOut ? timeoutError : .cupsNotRunning
        }
        try check(response.status)
        if response.integer("printer-state") == Int(IPP_PSTATE_STOPPED.rawValue) {
            let reasons = response.strings("printer-state-reasons").filter { $0 != "none" }
            throw .queueStopped(queue, reason: (reasons + response.strings("printer-state-message")).joined(separator: " "))
        }
        if response.boolean("printer-is-accepting-jobs") == false { throw .queueNotAccepting(queue) }
    }

    /// Maps an IPP status to the error a clerk can act on; success passes.
    private func check(_ status: ipp_status_t) throws(PrintError) {
        switch status {
        case _ where status.rawValue < 0x0400: return
        case IPP_STATUS_ERROR_NOT_FOUND: throw .queueNotFound(queue)
        case IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS: throw .queueNotAccepting(queue)
        case IPP_STATUS_ERROR_TIMEOUT: throw timeoutError
        default:
            // libcups's own codes above 0x1000 mean the exchange itself failed (no connection, no answer).
            if status.rawValue >= 0x1000 { throw .cupsNotRunning }
            throw .submitFailed(queue, message: "印刷システムの応答コード 0x\(String(status.rawValue, radix: 16, uppercase: true))")
        }
    }

    private var timeoutError: PrintError { .timeout(CUPSPrinter.serviceName, seconds: Int(commandTimeout.rounded(.up))) }

    /// CUPS queue names: 1–127 printable ASCII characters without space, `/`, `#` or `\\`.
    static func isQueueName(_ name: String) -> Bool {
        (1...127).contains(name.utf8.count)
            && name.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"/#\\\"'".unicodeScalars.contains($0) }
    }

    /// The detail of ``PrintError/submitFailed(_:message:)`` when cupsd did not take the whole PDF.
    static let notDelivered = "印刷データを最後まで送れませんでした"
    /// The detail when cupsd took the job but named no job number.
    static let noJobID = "印刷システムが受付番号を返しませんでした"
}

/// Where a submitted job is, as CUPS reports it.
public enum PrintJobState: Sendable, Equatable {
    /// Waiting (pending or held).
    case waiting
    /// Printing now.
    case printing
    /// Stopped, cancelled or aborted: not printed.
    case notPrinted
    /// Printed.
    case completed

    /// From IPP `job-state` (3 pending, 4 held, 5 processing, 6 stopped, 7 canceled, 8 aborted, 9 completed).
    init?(ippJobState state: Int) {
        switch state {
        case 3, 4: self = .waiting
        case 5: self = .printing
        case 6, 7, 8: self = .notPrinted
        case 9: self = .completed
        default: return nil
        }
    }
}
