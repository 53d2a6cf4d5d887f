import ArgumentParser

/// The parser's English error messages, recognised by their shape and said in Japanese: what is wrong and
/// what to do, naming the option or argument and never the value that was typed.
///
/// swift-argument-parser keeps its error types internal; its public `message(for:)` gives these texts
/// (`UsageGenerator.swift` in its sources), so the shapes below are the contract, each covered by a test
/// in `ArgumentErrorCLITests`.
enum ArgumentErrorMessage {
    /// The Japanese message for the parser's `english` message about `command`'s arguments. A message
    /// that is already Japanese (a `ValidationError` of ours) is kept; an unknown English one becomes a
    /// general message.
    static func japanese(for english: String, command: any ParsableCommand.Type) -> String {
        func named(_ synopsis: Substring) -> String { describe(String(synopsis), command: command) }
        if let synopsis = english.quoted(after: "Missing expected argument '") {
            return "\(named(synopsis))を指定してください（省略できません）。"
        }
        if english.hasPrefix("Missing one of: ") {
            let names = english.quotedList.map { named($0) }
            return "\(names.joined(separator: "か"))のどちらか一方を指定してください。"
        }
        if let synopsis = english.quoted(after: "Missing value for '") {
            return "\(named(synopsis))の値がありません。\(optionName(synopsis)) の後に値を続けて指定してください。"
        }
        if let range = english.range(of: "' is invalid for '", options: .backwards),
           let synopsis = english[range.upperBound...].quoted(after: "") {
            let tail = english[range.upperBound...].dropFirst(synopsis.count + 1)
            return "\(named(synopsis))の値が正しくありません。\(allowedValues(in: tail) ?? "説明のとおりの形で指定し直してください。")"
        }
        if english.hasPrefix("Unknown option '") || english.hasPrefix("Invalid option: ") {
            // The suggestion is one of the command's own option names, and only when it is a typing error
            // away from what was typed (which is compared, never shown).
            let typed = english.quoted(after: "Unknown option '") ?? ""
            let suggestion = english.range(of: "Did you mean '", options: .backwards)
                .flatMap { english[$0.lowerBound...].quoted(after: "Did you mean '") }
                .flatMap { isOptionName($0) && CommandPath.editDistance(String(typed), String($0)) <= 2 ? $0 : nil }
            let hint = suggestion.map { "\($0) のことですか？" } ?? "使えるオプションは --help で確認できます。"
            return "指定されたオプションはこのコマンドにはありません。\(hint)"
        }
        if english.hasPrefix("Unexpected argument '") || english.contains(" unexpected arguments: '") {
            return "余分な値があります。値の前のオプション名（--… ）が抜けていないか、空白で区切られていないか確認してください。"
        }
        if let synopsis = english.quoted(after: "The option '"), english.contains("' does not take any value") {
            return "\(optionName(synopsis)) には値を付けられません。\(optionName(synopsis)) だけを指定してください。"
        }
        if english.hasPrefix("Value to be set with ") {
            return "同時には指定できないオプションが2つ指定されています。どちらか一方にしてください。"
        }
        if english.hasPrefix("Missing required subcommand") {
            return "コマンドを指定してください。"
        }
        if english.unicodeScalars.contains(where: { $0.value >= 0x3000 }) { return english }
        return "コマンドラインの指定に誤りがあります。"
    }

    /// `--copies（部数（各帳票））` for an option, `帳票 id（<id>）` for an argument: the name and its help.
    private static func describe(_ synopsis: String, command: any ParsableCommand.Type) -> String {
        let abstract = HelpText.abstract(of: synopsis, for: command)
        if synopsis.hasPrefix("-") {
            return abstract.map { "\(optionName(synopsis[...]))（\($0)）" } ?? optionName(synopsis[...])
        }
        return abstract.map { "\($0)（\(synopsis)）" } ?? synopsis
    }

    /// True for a long option name as `counter` spells them (`--idle-minutes`).
    private static func isOptionName(_ text: Substring) -> Bool {
        text.hasPrefix("--") && text.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
        }
    }

    /// `--copies` of `--copies <copies>`.
    private static func optionName(_ synopsis: Substring) -> String {
        String(synopsis.prefix { $0 != " " })
    }

    /// The parser's list of allowed values (`. Please provide one of 'full' and 'overlay'.`) in Japanese;
    /// these are the option's own values, never what was typed.
    private static func allowedValues(in tail: Substring) -> String? {
        guard let start = tail.range(of: "Please provide one of") else { return nil }
        let list = tail[start.upperBound...]
        var values = list.quotedList
        if values.isEmpty {
            values = list.split(separator: "\n").filter { $0.hasPrefix("  - ") }.map { $0.dropFirst(4) }
        }
        guard !values.isEmpty else { return nil }
        return "\(values.joined(separator: ", ")) のいずれかにしてください。"
    }
}

extension StringProtocol {
    /// The text after `prefix` (at the start) up to the next `'`; nil when it does not start so.
    fileprivate func quoted(after prefix: String) -> Substring? {
        guard hasPrefix(prefix) else { return nil }
        let rest = self[index(startIndex, offsetBy: prefix.count)...]
        guard let end = rest.firstIndex(of: "'") else { return nil }
        return Substring(rest[..<end])
    }

    /// Every `'…'` in the text, in order.
    fileprivate var quotedList: [Substring] {
        let parts = split(separator: "'", omittingEmptySubsequences: false)
        return stride(from: 1, to: parts.count - 1, by: 2).map { Substring(parts[$0]) }
    }
}
