import ArgumentParser
import Foundation

/// The `counter` command: the ward-office counter application and its tools.
@main
struct CounterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counter",
        abstract: "区役所窓口アプリ counter: マイナンバーカード読取・書かない窓口・証明書交付",
        subcommands: [TUICommand.self, CardCommand.self, FormsCommand.self, PreprintCommand.self, ClerkCommand.self,
                      PrinterCommand.self, EventsCommand.self, LedgerCommand.self, ResidentsCommand.self,
                      CertificateCommand.self, KeysCommand.self, KioskCommand.self, OneStopCommand.self, ReportCommand.self,
                      KPICommand.self, DemoDataCommand.self, CityCommand.self, SyncCommand.self],
        defaultSubcommand: TUICommand.self
    )

    /// Ignores SIGPIPE for the whole process, then parses and runs the command line; errors end it through
    /// ``CommandFailure`` (Japanese messages, the usage of the command meant), never the parser's English.
    ///
    /// A print command or terminal that goes away mid-write must give EPIPE (a typed error), never end
    /// the counter in the middle of a case.
    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        var command: any ParsableCommand
        do {
            command = try await asyncParseAsRoot(arguments)
        } catch {
            CommandFailure.exit(parsing: error, arguments: arguments)
        }
        do {
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            CommandFailure.exit(running: error, command: type(of: command))
        }
    }
}
