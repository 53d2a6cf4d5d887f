import CounterTestSupport
import Foundation
import Testing

/// `counter printer calibrate | show` and the stored offset used by `counter preprint`, on real
/// database files and PDFs read back with `pdftotext -bbox`.
@Suite struct PrinterCalibrationCLITests {
    let counter = TestBinaries.url("counter")

    /// A temporary folder with a `--info-json` file, and an environment whose default database lives inside it.
    struct Workspace {
        let folder: URL
        let info: URL
        let environment: [String: String]

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("printer-cli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            info = folder.appendingPathComponent("info.json")
            try Data(#"{"name":"髙橋　﨑子","address":"大阪府大阪市北区中之島1丁目3番20号","birthDate":"1980-02-17","sex":"2"}"#.utf8)
                .write(to: info)
            environment = ["COUNTER_SEEDS": TestBinaries.repoRoot.appendingPathComponent("seeds").path,
                           "XDG_DATA_HOME": folder.appendingPathComponent("xdg").path,
                           "HOME": folder.appendingPathComponent("home").path]
        }

        /// Where the default database would be.
        var defaultDatabase: URL { folder.appendingPathComponent("xdg/counter/counter.sqlite") }

        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    }

    /// Runs `counter` in the workspace environment.
    func run(_ arguments: [String], in workspace: Workspace) throws -> ProcessResult {
        try runProcess(counter, arguments, environment: workspace.environment)
    }

    /// Prints the 住民票 request in overlay mode into `out` and returns the words of the PDF.
    func overlayWords(out: String, extra: [String], in workspace: Workspace) throws -> [Poppler.Word] {
        let result = try run(["preprint", "--forms", "juminhyo-koufu", "--info-json", workspace.info.path, "--out", out,
                              "--mode", "overlay", "--date", "2026-11-21"] + extra, in: workspace)
        #expect(result.status == 0, "\(result.stderr)")
        let pdf = try #require(result.stdout.split(separator: "\n").first?.split(separator: "\t").last)
        return try Poppler.words(Data(contentsOf: URL(fileURLWithPath: String(pdf))))
    }

    /// The shift of every word of `moved` against the same word of `reference`, in mm.
    func shifts(_ moved: [Poppler.Word], from reference: [Poppler.Word]) -> [(x: Double, y: Double)] {
        zip(moved, reference).map { pair in
            #expect(pair.0.text == pair.1.text)
            return (pair.0.xMin - pair.1.xMin, pair.0.yMin - pair.1.yMin)
        }
    }

    @Test func calibrateThenShowThenPreprintUsesTheStoredOffset() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        let db = workspace.path("terminal.sqlite"), out = workspace.path("pdf")

        let calibrated = try run(["printer", "calibrate", "--out", out, "--offset", "1.5,-2", "--db", db], in: workspace)
        #expect(calibrated.status == 0, "\(calibrated.stderr)")
        let shown = try run(["printer", "show", "--out", out, "--db", db], in: workspace)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("folder:\(out)"))
        #expect(shown.stdout.contains("横 1.5 mm、縦 -2 mm"))
        #expect(shown.stdout.contains("--offset 1.5,-2"))
        let other = try run(["printer", "show", "--printer", "counter-laser", "--db", db], in: workspace)
        #expect(other.status == 0)
        #expect(other.stdout.contains("登録されていません"))

        let stored = try overlayWords(out: out, extra: ["--db", db], in: workspace)
        let zero = try overlayWords(out: out, extra: ["--db", db, "--offset", "0,0"], in: workspace)
        #expect(stored.count == zero.count && stored.count >= 3)
        for shift in shifts(stored, from: zero) {
            #expect(abs(shift.x - 1.5) < 0.05, "x shift \(shift.x) mm")
            #expect(abs(shift.y + 2) < 0.05, "y shift \(shift.y) mm")
        }
        // An explicit --offset wins over the stored one.
        let explicit = try overlayWords(out: out, extra: ["--db", db, "--offset", "-1,0.5"], in: workspace)
        for shift in shifts(explicit, from: zero) {
            #expect(abs(shift.x + 1) < 0.05 && abs(shift.y - 0.5) < 0.05, "explicit shift \(shift)")
        }
        // A calibration of another printer is not used for this folder.
        let elsewhere = try overlayWords(out: workspace.path("other"), extra: ["--db", db], in: workspace)
        for shift in shifts(elsewhere, from: zero) {
            #expect(abs(shift.x) < 0.05 && abs(shift.y) < 0.05, "uncalibrated shift \(shift)")
        }
    }

    @Test func preprintUsesTheDefaultDatabaseForItsCaseAndCalibration() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        let out = workspace.path("pdf")

        let zero = try overlayWords(out: out, extra: ["--offset", "0,0"], in: workspace)
        let withoutDatabase = try overlayWords(out: out, extra: [], in: workspace)
        // The case is recorded in the default database (created 0600 in a 0700 folder); it has no calibration yet.
        let attributes = try FileManager.default.attributesOfItem(atPath: workspace.defaultDatabase.path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let folder = workspace.defaultDatabase.deletingLastPathComponent().path
        #expect(try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int == 0o700)
        for shift in shifts(withoutDatabase, from: zero) {
            #expect(abs(shift.x) < 0.05 && abs(shift.y) < 0.05)
        }

        let calibrated = try run(["printer", "calibrate", "--out", out, "--offset", "0.5,1"], in: workspace)
        #expect(calibrated.status == 0, "\(calibrated.stderr)")
        #expect(FileManager.default.fileExists(atPath: workspace.defaultDatabase.path))
        let fromDefault = try overlayWords(out: out, extra: [], in: workspace)
        for shift in shifts(fromDefault, from: zero) {
            #expect(abs(shift.x - 0.5) < 0.05 && abs(shift.y - 1) < 0.05, "default-database shift \(shift)")
        }
    }

    @Test(arguments: [("abc", "「横,縦」"), ("1.5", "「横,縦」"), ("20,0", "-10〜10 mm"), ("0,-10.5", "-10〜10 mm")])
    func badOffsetsAreRejected(offset: String, message: String) throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        let db = workspace.path("terminal.sqlite"), out = workspace.path("pdf")
        #expect(try run(["printer", "calibrate", "--out", out, "--offset", "1,1", "--db", db], in: workspace).status == 0)

        let calibrate = try run(["printer", "calibrate", "--out", out, "--offset", offset, "--db", db], in: workspace)
        #expect(calibrate.status != 0)
        #expect(calibrate.stderr.contains(message), "\(calibrate.stderr)")
        let shown = try run(["printer", "show", "--out", out, "--db", db], in: workspace)
        #expect(shown.stdout.contains("--offset 1,1"), "a rejected calibration must keep the stored one")

        let preprint = try run(["preprint", "--forms", "juminhyo-koufu", "--info-json", workspace.info.path, "--out", out,
                                "--mode", "overlay", "--offset", offset, "--db", db], in: workspace)
        #expect(preprint.status != 0)
        #expect(preprint.stderr.contains(message), "\(preprint.stderr)")
        let written = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        #expect(written.isEmpty, "nothing is printed with a rejected offset")
    }

    @Test func calibrateNeedsAPrinterAndAnOffset() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        let db = workspace.path("terminal.sqlite")
        let noPrinter = try run(["printer", "calibrate", "--offset", "1,1", "--db", db], in: workspace)
        #expect(noPrinter.status != 0)
        #expect(noPrinter.stderr.contains("--printer か --out"))
        let noOffset = try run(["printer", "calibrate", "--printer", "counter-laser", "--db", db], in: workspace)
        #expect(noOffset.status != 0)
        #expect(noOffset.stderr.contains("--offset"))
    }
}
