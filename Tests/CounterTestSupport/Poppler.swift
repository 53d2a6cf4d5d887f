import Foundation

/// Reads a PDF back with poppler-utils (`pdftotext -bbox`, `pdffonts`, `pdfinfo`, `pdftoppm`) for assertions.
///
/// This file is shared by DocumentPrintTests, FormPreprintTests and IntegrationTests (the latter two link to it).
public enum Poppler {
    /// A word as pdftotext sees it, with its box converted to millimetres from the top-left corner.
    public struct Word: Equatable {
        public var text: String
        public var xMin: Double
        public var yMin: Double
        public var xMax: Double
        public var yMax: Double
    }

    /// A font line of `pdffonts`.
    public struct Font: Equatable {
        public var name: String
        public var embedded: Bool
        public var subset: Bool
    }

    /// The words of the first page.
    public static func words(_ pdf: Data) throws -> [Word] {
        let html = try run("pdftotext", ["-bbox", "-f", "1", "-l", "1"], pdf: pdf, outputArgument: "-")
        let pattern = try NSRegularExpression(pattern: #"<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>"#)
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).map { match in
            func group(_ index: Int) -> String { String(html[Range(match.range(at: index), in: html)!]) }
            let mm = 25.4 / 72
            return Word(text: unescape(group(5)), xMin: Double(group(1))! * mm, yMin: Double(group(2))! * mm,
                        xMax: Double(group(3))! * mm, yMax: Double(group(4))! * mm)
        }
    }

    /// The plain text of the whole document.
    public static func text(_ pdf: Data) throws -> String {
        try run("pdftotext", [], pdf: pdf, outputArgument: "-")
    }

    /// The plain text of page `page` (from 1).
    public static func text(_ pdf: Data, page: Int) throws -> String {
        try run("pdftotext", ["-f", "\(page)", "-l", "\(page)"], pdf: pdf, outputArgument: "-")
    }

    /// The fonts listed by `pdffonts`.
    public static func fonts(_ pdf: Data) throws -> [Font] {
        let lines = try run("pdffonts", [], pdf: pdf, outputArgument: nil).split(separator: "\n").dropFirst(2)
        return lines.map { line in
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            // name type [encoding words…] emb sub uni object-id generation: emb/sub/uni are the 5th-3rd from the end.
            let count = columns.count
            return Font(name: String(columns[0]), embedded: columns[count - 5] == "yes", subset: columns[count - 4] == "yes")
        }
    }

    /// A grayscale rendering of a page, for checking where shapes (circles, lines) were drawn.
    public struct GrayImage {
        public var width: Int
        public var height: Int
        /// Pixels per millimetre.
        public var scale: Double
        /// Row-major gray levels, 0 black … 255 white.
        public var pixels: [UInt8]

        /// True when a pixel within `radius` mm of the point (mm from the top-left corner) is darker than mid-gray.
        public func isInked(x: Double, y: Double, radius: Double = 0.25) -> Bool {
            let reach = Int((radius * scale).rounded(.up))
            let (column, row) = (Int((x * scale).rounded()), Int((y * scale).rounded()))
            for r in max(0, row - reach)...min(height - 1, row + reach) {
                for c in max(0, column - reach)...min(width - 1, column + reach) where pixels[r * width + c] < 128 {
                    return true
                }
            }
            return false
        }
    }

    /// The first page rendered by `pdftoppm -gray` at `dpi`.
    public static func grayImage(_ pdf: Data, dpi: Int = 200) throws -> GrayImage {
        let data = try runRaw("pdftoppm", ["-gray", "-r", String(dpi), "-f", "1", "-l", "1"], pdf: pdf, outputArgument: nil)
        // Binary PGM: "P5", width, height, maxval separated by whitespace, one whitespace byte, then the pixels.
        var fields: [String] = []
        var index = data.startIndex
        var current = ""
        while fields.count < 4, index < data.endIndex {
            let byte = data[index]
            index += 1
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                if !current.isEmpty { fields.append(current); current = "" }
            } else {
                current.append(Character(Unicode.Scalar(byte)))
            }
        }
        guard fields.count == 4, fields[0] == "P5", let width = Int(fields[1]), let height = Int(fields[2]) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        let pixels = [UInt8](data[index...].prefix(width * height))
        guard pixels.count == width * height else { throw CocoaError(.fileReadCorruptFile) }
        return GrayImage(width: width, height: height, scale: Double(dpi) / 25.4, pixels: pixels)
    }

    /// The page size in millimetres from `pdfinfo`, rounded to 0.1 mm.
    public static func pageSize(_ pdf: Data) throws -> (width: Double, height: Double) {
        let info = try run("pdfinfo", [], pdf: pdf, outputArgument: nil)
        let line = info.split(separator: "\n").first { $0.hasPrefix("Page size:") }!
        let numbers = line.split(whereSeparator: { $0 == " " || $0 == "x" }).compactMap { Double($0) }
        func mm(_ points: Double) -> Double { (points * 25.4 / 72 * 10).rounded() / 10 }
        return (mm(numbers[0]), mm(numbers[1]))
    }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    private static func run(_ tool: String, _ arguments: [String], pdf: Data, outputArgument: String?) throws -> String {
        String(decoding: try runRaw(tool, arguments, pdf: pdf, outputArgument: outputArgument), as: UTF8.self)
    }

    private static func runRaw(_ tool: String, _ arguments: [String], pdf: Data, outputArgument: String?) throws -> Data {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("poppler-\(UUID().uuidString).pdf")
        try pdf.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = arguments + [file.path] + (outputArgument.map { [$0] } ?? [])
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}
