import ArgumentParser
import CounterCore
import Foundation

/// How `counter` ends when a command line cannot be used or a command fails: a Japanese message on
/// standard error that names the option, then the usage of the command meant; help on standard output.
///
/// Exit codes: 0 for help, 64 (EX_USAGE) for a command line that cannot be used, otherwise the
/// command's own code (1 when it gives none).
enum CommandFailure {
    /// Ends the process for an error of parsing or validating `arguments`.
    static func exit(parsing error: any Error, arguments: [String]) -> Never {
        let path = CommandPath.resolve(arguments, root: CounterCommand.self)
        let code = CounterCommand.exitCode(for: error)
        if code == .success { showHelp(for: error) }
        if let unknown = path.unknownCommand {
            printError(unknownCommandMessage(unknown, path: path) + "\n" + HelpText.usage(of: path))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        let english = CounterCommand.message(for: error)
        guard !english.isEmpty else { Foundation.exit(code.rawValue) }
        printError(ArgumentErrorMessage.japanese(for: english, command: path.leaf) + "\n" + HelpText.usage(of: path))
        Foundation.exit(code.rawValue)
    }

    /// Ends the process for an error thrown by `command`'s `run()`.
    static func exit(running error: any Error, command: any ParsableCommand.Type) -> Never {
        // Help asked for while running (`counter help forms`, a command group run alone).
        if CounterCommand.exitCode(for: error) == .success { showHelp(for: error) }
        switch error {
        case let code as ExitCode:
            Foundation.exit(code.rawValue)
        case let usage as ValidationError:
            printError(usage.message + "\n" + HelpText.usage(of: CommandPath.of(command, root: CounterCommand.self)))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        default:
            printError(userMessage(for: error))
            Foundation.exit(ExitCode.failure.rawValue)
        }
    }

    /// Prints the help `error` asks for, in Japanese, and ends with 0.
    private static func showHelp(for error: any Error) -> Never {
        let text = CounterCommand.fullMessage(for: error)
        if !text.isEmpty { printOut(HelpText.japanese(text)) }
        Foundation.exit(ExitCode.success.rawValue)
    }

    /// "No such command", the commands there are, and the closest one (never the word typed).
    private static func unknownCommandMessage(_ unknown: CommandPath.UnknownCommand, path: CommandPath) -> String {
        let parent = CommandPath.invocation(unknown.parent)
        let names = CommandPath.subcommandNames(of: unknown.parent[unknown.parent.count - 1])
        let hint = unknown.suggestion == nil ? "" : "\(path.invocation) のことですか？"
        return "そのコマンドはありません。\(hint)\n\(parent) で使えるコマンド: \(names.joined(separator: ", "))"
    }
}
