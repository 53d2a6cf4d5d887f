import ArgumentParser
import CounterCore
import Foundation

/// `--terminal ID`: this terminal's id in the records (`tui`, `preprint`); the computer's name when not given.
struct TerminalOption: ParsableArguments {
    // The default is this computer's name, shown in `--help` so a clerk can see which id the records get.
    @Option(help: ArgumentHelp("この端末の ID（記録に残ります。半角英数字と - _ .）。省略時はこのコンピュータの名前（\(TerminalOption.computerName)）"))
    var terminal: String?

    /// The terminal id of this run: `--terminal`, else the computer's name.
    var id: String { terminal ?? Self.computerName }

    func validate() throws {
        if let terminal {
            try requireIdentifier(terminal, option: "--terminal")
        } else if !RecordIdentifier.isValid(Self.computerName) {
            throw ValidationError("このコンピュータの名前は端末 ID に使えません。--terminal で端末 ID（半角英数字と - _ .）を指定してください")
        }
    }

    /// The computer's host name, the default terminal id.
    static var computerName: String { ProcessInfo.processInfo.hostName }
}
