import CNCursesW
import CounterCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The ncurses side of the UI: one thread that waits on stdin and a wake-up pipe, maps keys to
/// actions, applies background results, and copies the rendered ``ScreenBuffer`` to the terminal
/// once per loop turn when something changed.
final class TerminalBackend {
    private let services: Services

    init(services: Services) {
        self.services = services
    }

    /// Runs until the clerk quits. Must be called on the thread that owns the terminal.
    func run() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TerminalError.cannotStart(reason: "pipe") }
        defer {
            close(fds[0])
            close(fds[1])
        }
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)

        setlocale(LC_ALL, "")
        guard initscr() != nil else { throw TerminalError.cannotStart(reason: "initscr") }
        defer { endwin() }
        let window = cncurses_stdscr()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(25)
        curs_set(0)

        let inbox = Inbox(wakeDescriptor: fds[1])
        let app = AppContext(services: services, inbox: inbox)
        let monitor = StatusMonitor(services: services, inbox: inbox)
        defer { monitor.stop() }
        app.start()

        var shown: ScreenBuffer?
        while !app.isFinished {
            if app.isDirty || shown == nil {
                let buffer = app.render(width: Int(cncurses_cols()), height: Int(cncurses_lines()))
                if buffer != shown { draw(buffer, previous: shown, window: window) }
                shown = buffer
                app.isDirty = false
            }
            var polled = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                          pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)]
            _ = poll(&polled, 2, -1)
            if polled[1].revents != 0 {
                var scratch = [UInt8](repeating: 0, count: 64)
                while read(fds[0], &scratch, scratch.count) > 0 {}
            }
            app.applyDeliveries()
            readKeys(window: window, app: app)
        }
        finishPendingWork(app: app, inbox: inbox, wakeDescriptor: fds[0])
    }

    /// Waits (at most a few seconds) for background work such as event writes to finish, so
    /// quitting never drops the last events.
    private func finishPendingWork(app: AppContext, inbox: Inbox, wakeDescriptor: Int32) {
        let deadline = ContinuousClock.now + .seconds(5)
        while !inbox.isIdle, ContinuousClock.now < deadline {
            var polled = [pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)]
            _ = poll(&polled, 1, 100)
            var scratch = [UInt8](repeating: 0, count: 64)
            while read(wakeDescriptor, &scratch, scratch.count) > 0 {}
            app.applyDeliveries()
        }
    }

    /// Reads every pending key without blocking and hands the actions to the app.
    private func readKeys(window: UnsafeMutablePointer<WINDOW>?, app: AppContext) {
        while true {
            var character: wint_t = 0
            let result = wget_wch(window, &character)
            let action: Action?
            switch result {
            case KEY_CODE_YES: action = KeyMap.action(keyCode: Int32(character))
            case OK: action = KeyMap.action(character: UInt32(character))
            default: return
            }
            if let action { app.handle(action) }
            if action == .resize { clearok(window, true) }
        }
    }

    /// Copies the rows that changed to the terminal, one style run at a time.
    private func draw(_ buffer: ScreenBuffer, previous: ScreenBuffer?, window: UnsafeMutablePointer<WINDOW>?) {
        let sameSize = previous.map { $0.width == buffer.width && $0.height == buffer.height } ?? false
        if !sameSize { werase(window) }
        for row in 0..<buffer.height {
            if sameSize, let previous, (0..<buffer.width).allSatisfy({ previous[row, $0] == buffer[row, $0] }) {
                continue
            }
            var column = 0
            while column < buffer.width {
                let style = buffer[row, column].style
                let start = column
                var text: [wchar_t] = []
                while column < buffer.width, buffer[row, column].style == style {
                    for scalar in buffer[row, column].text.unicodeScalars { text.append(wchar_t(bitPattern: scalar.value)) }
                    column += 1
                }
                wattrset(window, TerminalBackend.attributes(style))
                _ = wmove(window, Int32(row), Int32(start))
                _ = waddnwstr(window, text, Int32(text.count))
            }
        }
        wattrset(window, 0)
        wrefresh(window)
    }

    /// curses attributes (A_REVERSE, A_BOLD; the macros are not visible to Swift).
    private static func attributes(_ style: CellStyle) -> Int32 {
        switch style {
        case .normal: return 0
        case .reverse: return 1 << (10 + 8)
        case .bold: return 1 << (13 + 8)
        }
    }
}

/// The terminal could not be taken over.
public enum TerminalError: UserFacingError {
    /// ncurses or the wake-up pipe could not be set up.
    case cannotStart(reason: String)

    public var userMessage: String {
        switch self {
        case .cannotStart(let reason):
            return "画面を開始できません（\(reason)）。端末（TERM の設定）を確認してから再度起動してください。"
        }
    }
}

/// Watches the reader and the printer in the background and posts their state to the UI.
final class StatusMonitor: Sendable {
    private let task: Task<Void, Never>

    init(services: Services, inbox: Inbox) {
        task = Task.detached {
            var lastCard: CardSlotStatus?
            var lastPrinter: PrinterState?
            var lastPrinterCheck = ContinuousClock.now - .seconds(60)
            while !Task.isCancelled {
                let turn = ContinuousClock.now
                let card = await services.card.waitForStatus(timeout: .milliseconds(500))
                if card != lastCard {
                    lastCard = card
                    inbox.post { app in app.updateCardStatus(card) }
                }
                if ContinuousClock.now - lastPrinterCheck >= .seconds(5) {
                    lastPrinterCheck = .now
                    let printer = await services.printer.printerStatus()
                    if printer != lastPrinter {
                        lastPrinter = printer
                        inbox.post { app in app.updatePrinterState(printer) }
                    }
                }
                // The clock on the title line: redraw at least every few seconds.
                inbox.post { app in app.isDirty = true }
                // Never spin if a port returns at once.
                try? await Task.sleep(until: turn + .milliseconds(250), clock: .continuous)
            }
        }
    }

    /// Stops watching.
    func stop() {
        task.cancel()
    }
}
