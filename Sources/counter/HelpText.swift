import ArgumentParser

/// The parser's help screens in Japanese: its English headings and notes replaced by a small table
/// (the help texts of the options and commands are already Japanese).
enum HelpText {
    /// Exact texts the parser writes, and what the clerk reads instead. `" (default)"` and `"（省略時）"`
    /// take the same 10 columns, so the subcommand list stays aligned.
    private static let phrases: [(english: String, japanese: String)] = [
        ("OVERVIEW: ", "概要: "),
        ("USAGE: ", "使い方: "),
        ("ARGUMENTS:", "引数:"),
        ("OPTIONS:", "オプション:"),
        ("SUBCOMMANDS:", "コマンド:"),
        ("Show help information.", "この説明を表示します。"),
        ("Show the version.", "バージョンを表示します。"),
        (" (default)", "（省略時）"),
        ("<subcommand>", "<コマンド>"),
        ("[<options>]", "[<オプション>]"),
    ]

    /// `text` (a help screen or a usage line) with the parser's English replaced.
    static func japanese(_ text: String) -> String {
        var text = text
        // "See 'counter help forms <subcommand>' for detailed help." names the command it is about.
        text.replace(#/See '(?<command>[^']*) <subcommand>' for detailed help\./#) { match in
            "各コマンドの説明は \(match.output.command) <コマンド> で表示できます。"
        }
        // "(values: overlay, full; default: full)", possibly wrapped over lines.
        text.replace(#/ ?\((?<kind>values|default): (?<list>[^()]*)\)/#) { match in
            let list = match.output.list.replacing("; default: ", with: "。省略時: ")
            return match.output.kind == "values" ? "（指定できる値: \(list)）" : "（省略時: \(list)）"
        }
        for phrase in phrases { text = text.replacing(phrase.english, with: phrase.japanese) }
        return text
    }

    /// The help of `command`'s argument shown in its help as `synopsis` (`--copies <copies>`, `<id>`,
    /// `--json`), without the parser's default and value notes; nil when its help has no such row.
    static func abstract(of synopsis: String, for command: any ParsableCommand.Type) -> String? {
        // Wide enough that no description wraps; a long name still puts it on the next line.
        let lines = CounterCommand.helpMessage(for: command, columns: 10_000).split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let row = line.drop { $0 == " " }
            guard row.hasPrefix(synopsis) else { continue }
            let rest = row.dropFirst(synopsis.count)
            guard rest.isEmpty || rest.hasPrefix("  ") else { continue }
            let description = rest.isEmpty && index + 1 < lines.count ? lines[index + 1] : rest
            let text = description.replacing(#/ ?\((values|default): [^()]*\)/#, with: "")
            let trimmed = text.trimmingPrefix(while: { $0 == " " })
            return trimmed.isEmpty ? nil : String(trimmed)
        }
        return nil
    }

    /// The lines that follow an error: the usage of the command meant and where its help is.
    static func usage(of path: CommandPath) -> String {
        let usage = japanese(CounterCommand.usageString(for: path.leaf))
        return "使い方: \(usage)\n詳しくは \(path.invocation) --help で確認できます。"
    }
}
