import Foundation

/// A progress bar on standard error, drawn only when standard error is a terminal (a pipe or a log file gets
/// nothing): `[#####.....]  50%  title`, redrawn at most every 100 ms.
final class ProgressBar {
    private let title: String
    private let total: Int
    private let shown = isatty(STDERR_FILENO) == 1
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var done = 0

    /// A bar for `total` steps.
    init(title: String, total: Int) {
        self.title = title
        self.total = max(total, 1)
        draw(force: true)
    }

    /// Marks `count` steps done.
    func advance(to count: Int) {
        done = min(count, total)
        draw(force: false)
    }

    /// Draws the full bar and ends its line.
    func finish() {
        done = total
        draw(force: true)
        if shown { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func draw(force: Bool) {
        guard shown else { return }
        let now = ContinuousClock.now
        guard force || now - lastDraw >= .milliseconds(100) else { return }
        lastDraw = now
        let width = 30, filled = done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(String(format: "%3d", done * 100 / total))%  \(title)".utf8))
    }
}
