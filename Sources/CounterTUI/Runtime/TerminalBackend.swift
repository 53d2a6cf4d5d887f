import CNCursesW
import CounterCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The ncurses side of the UI: one thread that waits on stdin and a wake-up pipe, maps keys to
/// actions, applies background results, and copies the rendered ``ScreenBuffer`` to the terminal
/// once per loop turn when something changed.
final class TerminalBackend<Mode: UIMode> {
    private let mode: Mode

    init(mode: Mode) {
        self.mode = mode
    }

    /// Runs until the user quits or a termination signal arrives. Must be called on the thread
    /// that owns the terminal. Throws ``TerminalError`` when the terminal cannot be used, and the
    /// mode's error when its work (event writes) could not finish before the end.
    func run() throws {
        setlocale(LC_ALL, "")
        try TerminalEnvironment.check(codeset: String(cString: nl_langinfo(nl_item(CODESET))),
                                             inputIsTerminal: isatty(0) == 1, outputIsTerminal: isatty(1) == 1)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TerminalError.wakePipeFailed(errorNumber: errno) }
        defer { close(fds[0]) }
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        let inbox = Inbox<Mode>(wakeDescriptor: fds[1])
        defer { inbox.closeWake() }

        // newterm (unlike initscr) returns nil instead of exiting the process on a bad TERM.
        guard let output = fdopen(dup(1), "w"), let input = fdopen(dup(0), "r") else {
            throw TerminalError.notATerminal
        }
        defer {
            fclose(output)
            fclose(input)
        }
        guard let terminal = newterm(nil, output, input) else {
            throw TerminalError.unknownTerminal(term: ProcessInfo.processInfo.environment["TERM"] ?? "")
        }
        defer { delscreen(terminal) }
        let unfinished = runScreen(inbox: inbox, wakeDescriptor: fds[0], signalDescriptor: fds[1])
        if unfinished > 0, let error = mode.unfinishedWorkError(count: unfinished) { throw error }
    }

    /// The curses session: set-up, the loop, a clean shutdown. Returns the mode's work left
    /// unfinished at the end.
    private func runScreen(inbox: Inbox<Mode>, wakeDescriptor: Int32, signalDescriptor: Int32) -> Int {
        let window = cncurses_stdscr()
        // raw(): Ctrl-C, Ctrl-Z and Ctrl-\ arrive as keys (ignored) instead of signals that would
        // end the UI mid-case without restoring the terminal or ending the case.
        raw()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(25)
        curs_set(0)
        defer { endwin() }
        // Colour pair 1 (red on the terminal's background) for `.alert`, where the terminal has colours.
        let colours = has_colors() && start_color() == OK && use_default_colors() == OK && init_pair(1, Int16(COLOR_RED), -1) == OK

        let signals = TerminationSignals(wakeDescriptor: signalDescriptor)
        defer { signals.restore() }
        let app = UIRuntime(mode: mode, inbox: inbox)
        let stopWatching = mode.startWatching(inbox)
        defer { stopWatching() }
        app.start()

        var shown: ScreenBuffer?
        while !app.isFinished {
            if app.isDirty || shown == nil {
                let buffer = app.render(width: Int(cncurses_cols()), height: Int(cncurses_lines()))
                if buffer != shown { draw(buffer, previous: shown, window: window, colours: colours) }
                shown = buffer
                app.isDirty = false
            }
            var polled = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                          pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)]
            // Wake at least once a second: the clock on the title line and the idle lock.
            if poll(&polled, 2, 1000) == 0 { app.isDirty = true }
            if polled[1].revents != 0 {
                var scratch = [UInt8](repeating: 0, count: 64)
                while read(wakeDescriptor, &scratch, scratch.count) > 0 {}
            }
            if signals.received != nil {
                app.terminate()
                break
            }
            app.applyDeliveries()
            readKeys(window: window, app: app)
            app.tick()
        }
        return finishPendingWork(app: app, inbox: inbox, wakeDescriptor: wakeDescriptor, window: window)
    }

    /// Waits (at most 10 seconds) for background work such as event writes to finish, so quitting
    /// never drops the last events while the database answers; returns the work still left.
    private func finishPendingWork(app: UIRuntime<Mode>, inbox: Inbox<Mode>, wakeDescriptor: Int32,
                                   window: UnsafeMutablePointer<WINDOW>?) -> Int {
        let deadline = ContinuousClock.now + .seconds(10)
        if !inbox.isIdle || mode.workLeft > 0 {
            app.showNote(mode.finishingNote)
            draw(app.render(width: Int(cncurses_cols()), height: Int(cncurses_lines())), previous: nil, window: window, colours: has_colors())
        }
        while !inbox.isIdle || mode.workLeft > 0, ContinuousClock.now < deadline {
            var polled = [pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)]
            _ = poll(&polled, 1, 100)
            var scratch = [UInt8](repeating: 0, count: 64)
            while read(wakeDescriptor, &scratch, scratch.count) > 0 {}
            app.applyDeliveries()
        }
        return mode.workLeft
    }

    /// Reads every pending key without blocking and hands the actions to the app.
    private func readKeys(window: UnsafeMutablePointer<WINDOW>?, app: UIRuntime<Mode>) {
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
    private func draw(_ buffer: ScreenBuffer, previous: ScreenBuffer?, window: UnsafeMutablePointer<WINDOW>?, colours: Bool) {
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
                wattrset(window, TerminalBackend.attributes(style, colours: colours))
                _ = wmove(window, Int32(row), Int32(start))
                _ = waddnwstr(window, text, Int32(text.count))
            }
        }
        wattrset(window, 0)
        wrefresh(window)
    }

    /// curses attributes (A_REVERSE, A_BOLD, A_UNDERLINE, COLOR_PAIR(1); the macros are not visible to Swift).
    private static func attributes(_ style: CellStyle, colours: Bool) -> Int32 {
        let bold: Int32 = 1 << (13 + 8), underline: Int32 = 1 << (9 + 8), reverse: Int32 = 1 << (10 + 8), pair1: Int32 = 1 << 8
        switch style {
        case .normal: return 0
        case .reverse: return reverse
        case .bold: return bold
        case .alert: return colours ? pair1 | bold : bold | underline
        }
    }
}

/// The checks made before the terminal is taken over.
enum TerminalEnvironment {
    /// Stops at a terminal that is not usable: stdin/stdout not a terminal, or a locale whose
    /// character set is not UTF-8 (Japanese text would be garbled and widths wrong).
    static func check(codeset: String, inputIsTerminal: Bool, outputIsTerminal: Bool) throws {
        guard inputIsTerminal, outputIsTerminal else { throw TerminalError.notATerminal }
        let normalized = codeset.uppercased().replacingOccurrences(of: "-", with: "")
        guard normalized == "UTF8" else { throw TerminalError.notUTF8(codeset: codeset) }
    }
}

/// The terminal could not be taken over.
public enum TerminalError: UserFacingError, Equatable {
    /// stdin or stdout is not a terminal (redirected, or started without one).
    case notATerminal
    /// The locale's character set is not UTF-8.
    case notUTF8(codeset: String)
    /// ncurses does not know the terminal type named by TERM.
    case unknownTerminal(term: String)
    /// The UI loop's internal wake-up pipe could not be created.
    case wakePipeFailed(errorNumber: Int32)

    public var userMessage: String {
        switch self {
        case .notATerminal:
            return "端末（画面とキーボード）がありません。counter tui は端末の中で起動してください（入出力をリダイレクトしないでください）。"
        case .notUTF8(let codeset):
            return "端末の文字コードが UTF-8 ではありません（現在: \(codeset.isEmpty ? "不明" : codeset)）。"
                + "LANG=ja_JP.UTF-8 などの UTF-8 ロケールを設定してから再度起動してください。"
        case .unknownTerminal(let term):
            return "端末の種類（TERM=\(term.isEmpty ? "未設定" : term)）を扱えません。"
                + "TERM を xterm-256color などに設定してから再度起動してください。"
        case .wakePipeFailed(let errorNumber):
            return "画面の準備に失敗しました（内部パイプを作成できません、エラー番号 \(errorNumber)）。"
                + "他のアプリを終了してから再度起動し、続く場合は管理者に連絡してください。"
        }
    }
}
