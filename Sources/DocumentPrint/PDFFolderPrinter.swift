import Foundation

/// A "printer" that writes each copy as `<timestamp>-<title>-<n>.pdf` into a folder (for tests, demos,
/// and counters that print from another system).
public struct PDFFolderPrinter: Printer {
    /// The folder the PDFs go to (created when missing).
    public let directory: URL
    private let clock: @Sendable () -> Date

    /// Writes into `directory`; `clock` supplies the timestamp (tests may fix it).
    public init(directory: URL, clock: @escaping @Sendable () -> Date = Date.init) {
        self.directory = directory
        self.clock = clock
    }

    public var displayName: String { "PDF 保存（\(directory.path)）" }

    public func status() -> PrinterStatus {
        do {
            try prepareDirectory()
            return .ready
        } catch {
            return .unavailable(error)
        }
    }

    /// Writes `copies` files, owner-readable only (they hold personal data).
    public func submit(pdf: Data, title: String, copies: Int) throws -> PrintReceipt {
        try PrintError.checkCopies(copies)
        try prepareDirectory()
        let stamp = PDFFolderPrinter.timestamp(clock())
        let safeTitle = PDFFolderPrinter.fileSafe(title)
        var paths: [URL] = []
        for copy in 1...copies {
            let url = directory.appendingPathComponent("\(stamp)-\(safeTitle)-\(copy).pdf")
            guard FileManager.default.createFile(atPath: url.path, contents: pdf, attributes: [.posixPermissions: 0o600]) else {
                throw PrintError.folderNotWritable(directory.path)
            }
            paths.append(url)
        }
        return PrintReceipt(outputPaths: paths)
    }

    private func prepareDirectory() throws(PrintError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .folderNotWritable(directory.path)
        }
        guard FileManager.default.isWritableFile(atPath: directory.path) else { throw .folderNotWritable(directory.path) }
    }

    /// `yyyyMMdd-HHmmss-SSS` in UTC, so names sort by time and do not collide within a second.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
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
