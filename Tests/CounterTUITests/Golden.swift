import CounterTUI
import Foundation
import Testing

/// Golden screen files under `Tests/CounterTUITests/Golden/`: any difference fails the test and prints
/// a line diff. `UPDATE_GOLDEN=1` rewrites the files that differ and still fails, naming them, so a
/// rewrite is always a reviewed change and never a green run. Each check also names what must be on
/// the screen (the message, the tries left, the keys): a golden update cannot hide a regression.
enum Golden {
    /// The supported minimum (60×16), the common terminal (80×24) and a large one.
    static let sizes = [(width: 60, height: 16), (width: 80, height: 24), (width: 120, height: 40)]

    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    /// Renders the driver's screen at every size of ``sizes``, checks that every text of `showing` is on it, and
    /// compares it with `<name>-<w>x<h>.txt`.
    static func check(_ driver: HeadlessDriver, _ name: String, showing: [String],
                      sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!showing.isEmpty, "golden \(name) names nothing that must be on the screen", sourceLocation: sourceLocation)
        for size in sizes {
            let buffer = driver.render(width: size.width, height: size.height)
            checkLayout(buffer, name: name, sourceLocation: sourceLocation)
            for text in showing {
                #expect(buffer.text.contains(text), "\(name) \(size.width)x\(size.height) does not show 「\(text)」",
                        sourceLocation: sourceLocation)
            }
            compare(buffer.text + "\n", file: "\(name)-\(size.width)x\(size.height).txt", sourceLocation: sourceLocation)
        }
    }

    /// Every row fits its width, and no wide cell is split.
    static func checkLayout(_ buffer: ScreenBuffer, name: String, sourceLocation: SourceLocation) {
        for row in 0..<buffer.height {
            #expect(DisplayWidth.of(buffer.line(row)) <= buffer.width, "\(name) row \(row) overflows",
                    sourceLocation: sourceLocation)
            for column in 0..<buffer.width where buffer[row, column].width == 2 {
                #expect(column + 1 < buffer.width && buffer[row, column + 1].width == 0,
                        "\(name) row \(row) column \(column) wide cell split", sourceLocation: sourceLocation)
            }
        }
    }

    static func compare(_ actual: String, file: String, sourceLocation: SourceLocation) {
        let url = folder.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            guard (try? String(contentsOf: url, encoding: .utf8)) != actual else { return }
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("golden file \(file) was rewritten (UPDATE_GOLDEN=1): review the change, then run again without it",
                         sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("golden file \(file) is missing; run with UPDATE_GOLDEN=1 to create it\n\(actual)",
                         sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        Issue.record("screen differs from golden \(file):\n\(diff(expected, actual))", sourceLocation: sourceLocation)
    }

    /// A line-by-line diff: `-` golden, `+` rendered.
    static func diff(_ expected: String, _ actual: String) -> String {
        let old = expected.components(separatedBy: "\n"), new = actual.components(separatedBy: "\n")
        var lines: [String] = []
        for index in 0..<max(old.count, new.count) {
            let before = index < old.count ? old[index] : nil, after = index < new.count ? new[index] : nil
            guard before != after else { continue }
            if let before { lines.append(String(format: "%3d -|", index + 1) + before) }
            if let after { lines.append(String(format: "%3d +|", index + 1) + after) }
        }
        return lines.joined(separator: "\n")
    }
}
