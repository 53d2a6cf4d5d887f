import CounterTestSupport
import Foundation

/// The real cupsd and `counter-pdf` queue for the CUPS tests, set up by scripts/start-cups.sh.
enum PrintCUPSFixture {
    /// The repository root, found from this file's path.
    static let repository: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("scripts/start-cups.sh").path) { return url }
        }
        fatalError("scripts/start-cups.sh not found above \(#filePath)")
    }()

    /// Runs scripts/start-cups.sh once (idempotent) and returns the cups-pdf output folder it prints.
    static let outputFolder: Result<URL, Error> = Result {
        let result = try run("/bin/bash", [repository.appendingPathComponent("scripts/start-cups.sh").path])
        guard result.status == 0, let last = result.output.split(separator: "\n").last else {
            throw FixtureError(message: "start-cups.sh failed: \(result.output)")
        }
        return URL(fileURLWithPath: String(last))
    }

    struct FixtureError: Error {
        var message: String
    }

    /// Runs a command, returning its exit status and combined output.
    @discardableResult
    static func run(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        // RunningProcess, not Foundation's Process: its wait does not depend on SIGCHLD reaching the test
        // runner (a Process whose SIGCHLD was missed waits for ever on an exited child).
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C"
        let result = try runProcess(URL(fileURLWithPath: path), arguments, environment: environment)
        // stderr first: the last line is the command's own answer on stdout (the folder, for start-cups.sh).
        return (result.status, result.stderr + result.stdout)
    }

    /// Polls `condition` every 0.1 s (suspended in between, holding no thread of the shared pool) for up to `seconds`; returns whether it became true.
    static func wait(seconds: Double, _ condition: () throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return try condition()
    }

    /// The PDF cups-pdf wrote for a job id such as `counter-pdf-12` (its name holds `job_12`, after the title).
    static func outputFile(forJob jobID: String, in folder: URL) -> URL? {
        guard let number = jobID.split(separator: "-").last else { return nil }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.first { $0.hasSuffix("job_\(number).pdf") || $0.hasPrefix("job_\(number)-") }.map { folder.appendingPathComponent($0) }
    }

    /// Waits (60 s) for the PDF cups-pdf writes for `jobID`, then (20 s) until its first page holds a word
    /// containing `text` (cups-pdf may still be writing when the file appears). Returns the file and its
    /// words; nil file when none came, empty words when the text never appeared.
    static func printedPDF(forJob jobID: String, in folder: URL, containing text: String) async -> (file: URL?, words: [Poppler.Word]) {
        var file: URL?
        guard await wait(seconds: 60, {
            file = outputFile(forJob: jobID, in: folder)
            return file != nil
        }), let pdf = file else { return (nil, []) }
        var words: [Poppler.Word] = []
        _ = await wait(seconds: 20) {
            words = (try? Poppler.words(Data(contentsOf: pdf))) ?? []
            return words.contains { $0.text.contains(text) }
        }
        return (pdf, words)
    }

    /// `pdftotext FILE -`.
    static func text(ofPDF file: URL) throws -> String {
        try run("/usr/bin/pdftotext", [file.path, "-"]).output
    }

    /// Adds a throw-away cups-pdf queue for one test; remove it with ``removeQueue(_:)``.
    static func addQueue(_ name: String) throws {
        try run("/usr/sbin/lpadmin", ["-p", name, "-E", "-v", "cups-pdf:/", "-P", "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"])
    }

    /// Deletes a queue added by ``addQueue(_:)``.
    static func removeQueue(_ name: String) {
        _ = try? run("/usr/sbin/lpadmin", ["-x", name])
    }
}
