import ArgumentParser

/// The command a command line means, found from its words against the command tree.
///
/// The parser blames the default subcommand (`tui`) for `counter frms list`; this names `counter forms list`
/// instead, and tells a word that is no command apart from an error in the options.
struct CommandPath {
    /// The commands from the root to the one meant.
    var commands: [any ParsableCommand.Type]
    /// Set when a word names no subcommand where one was expected (the word itself is not kept).
    var unknownCommand: UnknownCommand?

    /// A word where a subcommand was expected that names none.
    struct UnknownCommand {
        /// The command whose subcommand was expected.
        var parent: [any ParsableCommand.Type]
        /// The subcommand closest to the word, when one is close enough to be a typing error.
        var suggestion: String?
    }

    /// The command meant.
    var leaf: any ParsableCommand.Type { commands[commands.count - 1] }

    /// How the command is typed, e.g. `counter forms list`.
    var invocation: String { Self.invocation(commands) }

    /// How `commands` are typed, e.g. `counter forms`.
    static func invocation(_ commands: [any ParsableCommand.Type]) -> String {
        commands.map(name).joined(separator: " ")
    }

    /// The name a command is typed with (every command of `counter` names itself in its configuration).
    static func name(_ command: any ParsableCommand.Type) -> String {
        command.configuration.commandName ?? String(describing: command).lowercased()
    }

    /// The names of `command`'s subcommands, in their order.
    static func subcommandNames(of command: any ParsableCommand.Type) -> [String] {
        command.configuration.subcommands.map(name)
    }

    /// Follows `arguments` from `root` while they name subcommands. An option where a subcommand may come
    /// goes to the default subcommand; a word that names none is an unknown command, followed on through
    /// the closest subcommand when one is close.
    static func resolve(_ arguments: [String], root: any ParsableCommand.Type) -> CommandPath {
        var path = CommandPath(commands: [root])
        for word in arguments {
            let current = path.leaf
            let subcommands = current.configuration.subcommands
            guard !subcommands.isEmpty else { break }
            if word.hasPrefix("-") {
                if let fallback = current.configuration.defaultSubcommand { path.commands.append(fallback) }
                break
            }
            if let next = subcommands.first(where: { name($0) == word }) {
                path.commands.append(next)
                continue
            }
            if path.unknownCommand != nil { break }
            let suggestion = closest(to: word, among: subcommands.map(name))
            path.unknownCommand = UnknownCommand(parent: path.commands, suggestion: suggestion)
            guard let suggestion, let next = subcommands.first(where: { name($0) == suggestion }) else { break }
            path.commands.append(next)
        }
        return path
    }

    /// The path from `root` to `command` (just `root` when `command` is not in its tree).
    static func of(_ command: any ParsableCommand.Type, root: any ParsableCommand.Type) -> CommandPath {
        func search(_ commands: [any ParsableCommand.Type]) -> [any ParsableCommand.Type]? {
            let last = commands[commands.count - 1]
            if ObjectIdentifier(last) == ObjectIdentifier(command) { return commands }
            for child in last.configuration.subcommands {
                if let found = search(commands + [child]) { return found }
            }
            return nil
        }
        return CommandPath(commands: search([root]) ?? [root])
    }

    /// The name in `names` closest to `word` by edit distance, when at most 2 edits away and fewer edits
    /// than the word has letters (so `frms` suggests `forms`, `x` suggests nothing).
    static func closest(to word: String, among names: [String]) -> String? {
        let scored = names.map { (name: $0, distance: editDistance(word, $0)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }),
              best.distance <= 2, best.distance < word.count else { return nil }
        return best.name
    }

    /// The Levenshtein distance between two words, in characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
