#if canImport(Glibc)
import Glibc
#endif
import CounterCore
import Foundation
import MyNumberReader

/// Reads a 4-digit PIN: one line from stdin (`fromStdin`), or from the terminal without echo, after
/// printing `prompt` to stderr. Throws ``CardError/invalidPINFormat`` unless it is exactly 4 digits,
/// and ``PINEntryError/cancelled`` for Ctrl-C at the prompt (the terminal's echo is restored first).
///
/// The PIN is never echoed, logged or kept beyond the returned value.
func readPIN(fromStdin: Bool, prompt: String) throws -> CardPIN {
    let line: String?
    if fromStdin {
        line = readBoundedLine(fd: STDIN_FILENO)
    } else {
        FileHandle.standardError.write(Data(prompt.utf8))
        line = try readLineWithoutEcho()
        FileHandle.standardError.write(Data("\n".utf8))
    }
    return try CardPIN(line.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 } ?? "")
}

/// The PIN prompt was left.
enum PINEntryError: UserFacingError, EventErrorKind {
    /// Ctrl-C (or Ctrl-\) at the prompt.
    case cancelled

    var userMessage: String { "暗証番号の入力を中止しました。カードは読み取っていません。" }
    var eventErrorKind: String { "pin.cancelled" }
}

/// The longest PIN line read: a PIN is 4 digits; anything longer is refused by ``CardPIN`` anyway.
private let maximumPINLine = 64

/// The terminal settings to restore if a signal ends the process at the prompt (SIGTERM, SIGHUP).
nonisolated(unsafe) private var promptTerminal: (fd: Int32, saved: termios)?

/// Restores the terminal and ends the process with the signal's status; async-signal-safe calls only.
private func restoreTerminalAndExit(_ signal: Int32) {
    if var state = promptTerminal { tcsetattr(state.fd, TCSANOW, &state.saved) }
    _exit(128 + signal)
}

/// Reads one line from the controlling terminal with echo off (falls back to stdin without a terminal).
/// Signals from the keyboard are off while it reads, so Ctrl-C arrives as a byte and cancels cleanly.
private func readLineWithoutEcho() throws -> String? {
    let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
    let fd = tty >= 0 ? tty : STDIN_FILENO
    defer { if tty >= 0 { close(tty) } }
    var saved = termios()
    let isTerminal = tcgetattr(fd, &saved) == 0
    if isTerminal {
        // Byte by byte (no line discipline), no echo, no signals from the keyboard: Ctrl-C and the erase key
        // are handled here.
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO | ECHONL | ISIG | ICANON)
        withUnsafeMutableBytes(of: &silent.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        promptTerminal = (fd, saved)
        signal(SIGTERM) { restoreTerminalAndExit($0) }
        signal(SIGHUP) { restoreTerminalAndExit($0) }
        tcsetattr(fd, TCSAFLUSH, &silent)
    }
    defer {
        if isTerminal {
            tcsetattr(fd, TCSAFLUSH, &saved)
            signal(SIGTERM, SIG_DFL)
            signal(SIGHUP, SIG_DFL)
            promptTerminal = nil
        }
    }
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    var ended = false
    while read(fd, &byte, 1) == 1 {
        switch byte {
        case 0x0A, 0x0D:
            ended = true
        case 0x03, 0x1C:
            // Ctrl-C and Ctrl-\ (ISIG is off, so they arrive here).
            throw PINEntryError.cancelled
        case 0x04 where bytes.isEmpty:
            // Ctrl-D on an empty line: end of input.
            return nil
        case 0x7F, 0x08:
            if !bytes.isEmpty { bytes.removeLast() }
        default:
            if bytes.count < maximumPINLine { bytes.append(byte) }
        }
        if ended { break }
    }
    return bytes.isEmpty && !ended ? nil : String(decoding: bytes, as: UTF8.self)
}

/// One line from `fd`, at most ``maximumPINLine`` bytes kept.
private func readBoundedLine(fd: Int32) -> String? {
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    var sawAny = false
    while read(fd, &byte, 1) == 1 {
        sawAny = true
        if byte == 0x0A { break }
        if bytes.count < maximumPINLine { bytes.append(byte) }
    }
    return sawAny ? String(decoding: bytes, as: UTF8.self) : nil
}
