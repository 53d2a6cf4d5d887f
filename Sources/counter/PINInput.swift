#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MyNumberReader

/// Reads a 4-digit PIN: one line from stdin (`fromStdin`), or from the terminal without echo, after
/// printing `prompt` to stderr. Throws ``CardError/invalidPINFormat`` unless it is exactly 4 digits.
///
/// The PIN is never echoed, logged or kept beyond the returned value.
func readPIN(fromStdin: Bool, prompt: String) throws -> CardPIN {
    let line: String?
    if fromStdin {
        line = Swift.readLine(strippingNewline: true)
    } else {
        FileHandle.standardError.write(Data(prompt.utf8))
        line = readLineWithoutEcho()
        FileHandle.standardError.write(Data("\n".utf8))
    }
    return try CardPIN(line.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 } ?? "")
}

/// Reads one line from the controlling terminal with echo off (falls back to stdin without a terminal).
private func readLineWithoutEcho() -> String? {
    let tty = open("/dev/tty", O_RDWR)
    let fd = tty >= 0 ? tty : STDIN_FILENO
    defer { if tty >= 0 { close(tty) } }
    var saved = termios()
    let isTerminal = tcgetattr(fd, &saved) == 0
    if isTerminal {
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO | ECHONL)
        silent.c_lflag |= tcflag_t(ICANON)
        tcsetattr(fd, TCSAFLUSH, &silent)
    }
    defer { if isTerminal { tcsetattr(fd, TCSAFLUSH, &saved) } }
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while read(fd, &byte, 1) == 1, byte != 0x0A {
        bytes.append(byte)
    }
    return bytes.isEmpty && byte != 0x0A ? nil : String(decoding: bytes, as: UTF8.self)
}
