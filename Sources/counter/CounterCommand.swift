import ArgumentParser

/// The `counter` command: the ward-office counter application and its tools.
@main
struct CounterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counter",
        abstract: "区役所窓口アプリ counter: マイナンバーカード読取・書かない窓口・証明書交付",
        subcommands: [TUICommand.self, CardCommand.self, FormsCommand.self, PreprintCommand.self, ClerkCommand.self],
        defaultSubcommand: TUICommand.self
    )
}
