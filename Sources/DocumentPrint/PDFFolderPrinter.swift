import CounterCore
import Foundation

/// A "printer" that writes each copy as `<timestamp>-<title>-<n>.pdf` into a folder (for tests, demos,
/// and counters that print from another system).
public struct PDFFolderPrinter: Printer {
    /// The folder the PDFs go to (created when missing, owner-only 0700: the PDFs hold personal data).
    public let directory: URL
    private let clock: any Clock

    /// Writes into `directory`; `clock` supplies the file names' time (tests fix it).
    public init(directory: URL, clock: any Clock) {
        self.directory = directory
        self.clock = clock
    }

    /// 「PDF 保存（<folder>）」.
    public var displayName: String { "PDF 保存（\(directory.path)）" }

    /// Ready when the folder exists (or can be created) and is writable.
    public func status() -> PrinterStatus {
        do {
            try prepareDirectory()
            return .ready
        } catch {
            return .unavailable(error)
        }
    }

    /// Writes `copies` files, owner-readable only (they hold personal data). `n` counts up from 1 and
    /// skips names already taken, so nothing is ever overwritten.
    /// `paper` is the PDF's own page size already: a file needs nothing more.
    public func submit(pdf: Data, title: String, copies: Int, paper: Paper?) throws -> PrintReceipt {
        try PrintError.checkCopies(copies)
        try prepareDirectory()
        let prefix = "\(PDFFolderPrinter.timestamp(clock.now()))-\(PDFFolderPrinter.fileSafe(title))-"
        var paths: [URL] = []
        var number = 1
        while paths.count < copies {
            let url = directory.appendingPathComponent("\(prefix)\(number).pdf")
            number += 1
            let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if descriptor < 0 {
                if errno == EEXIST { continue }
                throw PrintError.folderNotWritable(directory.path)
            }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            do {
                try handle.write(contentsOf: pdf)
            } catch {
                throw PrintError.folderNotWritable(directory.path)
            }
            paths.append(url)
        }
        return PrintReceipt(outputPaths: paths)
    }

    private func prepareDirectory() throws(PrintError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .folderNotWritable(directory.path)
        }
        guard FileManager.default.isWritableFile(atPath: directory.path) else { throw .folderNotWritable(directory.path) }
        // A folder others can write to lets them replace or read a citizen's PDF: refused, never used.
        // The folder itself, following a symbolic link to it (a link's own mode says nothing).
        var status = stat()
        guard stat(directory.path, &status) == 0 else { throw .folderNotWritable(directory.path) }
        let mode = Int(status.st_mode)
        guard mode & 0o022 == 0 else { throw .folderShared(directory.path) }
    }

    /// `yyyyMMdd-HHmmss-SSS` in Japan time (what the clerk sees on screen), so names sort by time and do not
    /// collide within a second.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .japan
        formatter.dateFormat = "yyyyMMdd-HHmmss-SSS"
        return formatter.string(from: date)
    }

    /// The title with path separators and control characters replaced, so it is one file name.
    static func fileSafe(_ title: String) -> String {
        let cleaned = String(String.UnicodeScalarView(title.unicodeScalars.map { scalar in
            scalar == "/" || scalar == "\\" || scalar.properties.generalCategory == .control ? "_" : scalar
        }))
        return cleaned.isEmpty ? "document" : cleaned
    }
}
