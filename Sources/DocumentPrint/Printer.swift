import CounterCore
import Foundation

/// Something that prints PDFs: a CUPS queue, or a folder of PDF files.
public protocol Printer: Sendable {
    /// The name shown to the clerk, e.g. 「プリンタ counter-pdf」.
    var displayName: String { get }
    /// Whether the printer can take a job now (no job is sent).
    func status() -> PrinterStatus
    /// Sends one PDF to print `copies` times on `paper` (the form's own size and orientation, printed at
    /// 100 %; the printer's default when nil); `title` is a form id or title, never personal data.
    func submit(pdf: Data, title: String, copies: Int, paper: Paper?) throws -> PrintReceipt
}

extension Printer {
    /// Sends one PDF on the printer's default paper.
    public func submit(pdf: Data, title: String, copies: Int) throws -> PrintReceipt {
        try submit(pdf: pdf, title: title, copies: copies, paper: nil)
    }
}

/// The state of a printer as seen before submitting.
public enum PrinterStatus: Sendable, Equatable {
    /// Ready to take jobs.
    case ready
    /// Cannot take jobs now; the error says why and what to do.
    case unavailable(PrintError)
}

/// What a printer returns for a submitted document.
public struct PrintReceipt: Sendable, Equatable {
    /// The print system's job id (e.g. `counter-pdf-12`), when a print system took the job.
    public var jobID: String?
    /// Files written (one per copy), when the printer writes files.
    public var outputPaths: [URL]

    /// Creates a receipt.
    public init(jobID: String? = nil, outputPaths: [URL] = []) {
        self.jobID = jobID
        self.outputPaths = outputPaths
    }
}

/// Why a print job could not be submitted.
public enum PrintError: UserFacingError, Equatable {
    /// The CUPS scheduler (cupsd) is not running or cannot be reached.
    case cupsNotRunning
    /// No CUPS queue has this name.
    case queueNotFound(String)
    /// The queue exists but is stopped (disabled); `reason` is CUPS's own text, possibly empty.
    case queueStopped(String, reason: String)
    /// The queue exists but rejects new jobs.
    case queueNotAccepting(String)
    /// CUPS refused the job for another reason (its message, in English).
    case submitFailed(String, message: String)
    /// A CUPS command (`lp`, `lpstat`) is not installed.
    case commandMissing(String)
    /// The output folder cannot be created or written.
    case folderNotWritable(String)
    /// The PDF folder can be written by other users (group or world), so the PDFs could be swapped or read.
    case folderShared(String)
    /// The number of copies is outside ``copiesRange``.
    case invalidCopies(Int)
    /// A CUPS command (`lp`, `lpstat`) did not answer within `seconds` and was stopped.
    case timeout(String, seconds: Int)

    /// What happened and what to do, in Japanese.
    public var userMessage: String {
        switch self {
        case .cupsNotRunning:
            return "印刷システム（CUPS）が動いていません。管理者に連絡し、scripts/start-cups.sh で起動してください。"
        case .queueNotFound(let queue):
            return "プリンタ「\(queue)」が見つかりません。設定のプリンタ名を確認してください。"
        case .queueStopped(let queue, let reason):
            let detail = reason.isEmpty ? "" : "（\(reason)）"
            return "プリンタ「\(queue)」が停止しています\(detail)。用紙・電源を確認し、cupsenable \(queue) で再開してください。"
        case .queueNotAccepting(let queue):
            return "プリンタ「\(queue)」が印刷を受け付けていません。cupsaccept \(queue) で受付を再開してください。"
        case .submitFailed(let queue, let message):
            return "プリンタ「\(queue)」に印刷を送れませんでした（\(message)）。もう一度試し、続く場合は管理者に連絡してください。"
        case .commandMissing(let command):
            return "印刷コマンド \(command) がありません。scripts/install-deps.sh で cups-client をインストールしてください。"
        case .folderNotWritable(let path):
            return "PDF の保存先 \(path) に書き込めません。フォルダと権限を確認してください。"
        case .invalidCopies(let copies):
            return "部数 \(copies) は指定できません。\(PrintError.copiesRange.lowerBound)〜\(PrintError.copiesRange.upperBound) の部数を指定してください。"
        case .folderShared(let path):
            return "PDF の保存先 \(path) は他のユーザーも書き込めるフォルダのため使いません（PDF には個人情報が含まれます）。"
                + "所有者だけが使えるフォルダ（chmod 700）にするか、別のフォルダを指定してください。"
        case .timeout(let command, let seconds):
            return "印刷システムが \(seconds) 秒以内に応答しませんでした（\(command)）。印刷されていない可能性があります。プリンタの状態を確認してもう一度印刷し、続く場合は管理者に連絡してください。"
        }
    }
}

extension PrintError {
    /// Copies accepted by every printer.
    /// The copies one job may ask for: the one limit of the printers, the preprint service, the UI and the CLI.
    public static let copiesRange = 1...99

    /// Throws ``invalidCopies(_:)`` unless `copies` is in ``copiesRange``.
    static func checkCopies(_ copies: Int) throws(PrintError) {
        guard copiesRange.contains(copies) else { throw .invalidCopies(copies) }
    }
}
