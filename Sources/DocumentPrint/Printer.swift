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
    /// Restarts a stopped printer and lets it take jobs again (a 係長's key in the UI); nothing to do
    /// for a printer that never stops.
    func resume() throws
}

extension Printer {
    /// A PDF folder never stops: nothing to resume.
    public func resume() throws {}

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
    /// cupsd did not let this program restart the queue (it is not root or in the lpadmin group).
    case resumeNotAllowed(String)
    /// CUPS refused the job for another reason (a Japanese detail: what failed, or IPP's status code).
    case submitFailed(String, message: String)
    /// The output folder cannot be created or written.
    case folderNotWritable(String)
    /// The PDF folder can be written by other users (group or world), so the PDFs could be swapped or read.
    case folderShared(String)
    /// The number of copies is outside ``copiesRange``.
    case invalidCopies(Int)
    /// The print system (`CUPS`) did not answer within `seconds`; the exchange was given up.
    case timeout(String, seconds: Int)

    /// What happened and what to do, in Japanese.
    public var userMessage: String {
        switch self {
        case .cupsNotRunning:
            return "印刷システムが動いていません。印刷は中止しました。システム管理者に連絡してください。"
        case .queueNotFound(let queue):
            return "プリンタ「\(queue)」が見つかりません。設定のプリンタ名を確認してください。"
        case .queueStopped(let queue, let reason):
            let detail = PrintError.japaneseReason(reason).map { "（\($0)）" } ?? ""
            return "プリンタ「\(queue)」が止まっています\(detail)。用紙・トナー・紙詰まり・電源をプリンタで確かめてください。"
                + "直らないときは係長（管理者）に再開を頼んでください。"
        case .queueNotAccepting(let queue):
            return "プリンタ「\(queue)」が印刷を受け付けない設定になっています。係長（管理者）に連絡してください。"
        case .resumeNotAllowed(let queue):
            return "プリンタ「\(queue)」を再開する権限がこの端末にありません。システム管理者に連絡してください。"
        case .submitFailed(let queue, let message):
            return "プリンタ「\(queue)」に印刷を送れませんでした（\(message)）。もう一度試し、続く場合は管理者に連絡してください。"
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
    /// A few words for the status line (the message line gives the whole advice).
    public var statusLabel: String {
        switch self {
        case .cupsNotRunning: return "印刷システム停止"
        case .queueNotFound: return "プリンタが見つかりません"
        case .queueStopped(_, let reason): return "停止中" + (PrintError.japaneseReason(reason).map { "（\($0)）" } ?? "")
        case .queueNotAccepting: return "受付停止中"
        case .resumeNotAllowed: return "再開の権限なし"
        case .submitFailed: return "送信できません"
        case .folderNotWritable, .folderShared: return "保存先を使えません"
        case .invalidCopies: return "部数の誤り"
        case .timeout: return "応答なし"
        }
    }

    /// The printer's own reason in Japanese when it is one a clerk can act on; nil for anything else
    /// (English from the print system is never shown to a clerk).
    static func japaneseReason(_ reason: String) -> String? {
        let lowered = reason.lowercased()
        if reason.unicodeScalars.contains(where: { !$0.isASCII }) { return reason }
        if (lowered.contains("paper") && (lowered.contains("out") || lowered.contains("empty")))
            || lowered.contains("media-empty") || lowered.contains("media-needed") { return "用紙切れ" }
        if lowered.contains("jam") { return "紙詰まり" }
        if lowered.contains("toner") || lowered.contains("ink") || lowered.contains("marker-supply") { return "トナー・インク" }
        if lowered.contains("door") || lowered.contains("cover") { return "カバーが開いています" }
        if lowered.contains("paused") || lowered.contains("stopped") || lowered.contains("disabled") { return "一時停止中" }
        if lowered.contains("offline") { return "オフライン" }
        return nil
    }

    /// The copies one job may ask for: the one limit of the printers, the preprint service, the UI and the CLI.
    public static let copiesRange = 1...99

    /// Throws ``invalidCopies(_:)`` unless `copies` is in ``copiesRange``.
    static func checkCopies(_ copies: Int) throws(PrintError) {
        guard copiesRange.contains(copies) else { throw .invalidCopies(copies) }
    }
}
