import ArgumentParser
import CounterCore
import DocumentPrint
import FormPreprint
import Foundation

/// `counter forms`: list, show and validate the preprint form layouts in `seeds/forms`.
struct FormsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forms",
        abstract: "書かない窓口の帳票（seeds/forms）の一覧・表示・検査",
        subcommands: [List.self, Show.self, Validate.self]
    )

    /// `counter forms list [--json] [--date YYYY-MM-DD]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "指定日に使える帳票の一覧")

        @OptionGroup var query: CatalogQuery

        func run() throws {
            let catalog = try FormCatalog(seeds: SeedDirectory.locate())
            warnRefused(catalog)
            let day = try CLIDate.parse(query.date)
            let forms = catalog.forms(on: day)
            // An empty list is an answer a script must not mistake for success.
            guard !forms.isEmpty else {
                printError("\(day.iso) に使える帳票はありません（どの帳票もこの日より後に始まります）。--date を確認してください。")
                throw ExitCode(1)
            }
            if query.json {
                let rows = forms.map { Summary(id: $0.id, title: $0.title, revision: $0.revision, validFrom: $0.validFrom, paper: $0.paper) }
                printOut(try CLIJSON.string(rows))
            } else {
                for form in forms {
                    printOut("\(form.id)\t\(form.title)\t第\(form.revision)版（\(form.validFrom.iso)〜）\t\(form.paper.size.rawValue) \(form.paper.orientation == .portrait ? "縦" : "横")")
                }
            }
        }

        struct Summary: Encodable {
            var id: String
            var title: String
            var revision: Int
            var validFrom: CalendarDate
            var paper: Paper
        }
    }

    /// `counter forms show ID [--json] [--date YYYY-MM-DD]`: the layout as loaded, boxes in mm.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "帳票のレイアウト（枠は mm）を表示")

        @Argument(help: "帳票 id")
        var id: String

        @OptionGroup var query: CatalogQuery

        func run() throws {
            let catalog = try FormCatalog(seeds: SeedDirectory.locate())
            warnRefused(catalog)
            let form = try catalog.form(id: id, on: try CLIDate.parse(query.date))
            if query.json {
                printOut(try CLIJSON.string(form))
                return
            }
            printOut("\(form.id) 第\(form.revision)版 \(form.title)（\(form.paper.size.rawValue) \(form.paper.width)×\(form.paper.height) mm）")
            for field in form.fields {
                let box = field.box
                printOut("  \(field.id)\t\(field.label)\t\(field.source.rawValue)/\(field.format.rawValue)\tx \(box.x) y \(box.y) 幅 \(box.width) 高さ \(box.height)\t\(field.fontSize)pt")
            }
        }
    }

    /// `counter forms validate [FILE…]`: checks layout files; exits 1 when one is invalid.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "validate", abstract: "帳票ファイルを検査（誤りがあれば終了コード 1）")

        @Argument(help: "検査するファイル（省略時は seeds/forms のすべて）")
        var files: [String] = []

        func run() throws {
            let seeds = try SeedDirectory.locate()
            let eras = try EraTable(seeds: seeds)
            if files.isEmpty {
                let catalog = try FormCatalog(seeds: seeds)
                for problem in catalog.refused { printError(problem.userMessage) }
                printOut("有効な帳票ファイル \(catalog.layouts.count) 件、誤りのあるファイル \(catalog.refused.count) 件（\(seeds.file("forms").path)）")
                if !catalog.refused.isEmpty { throw ExitCode(1) }
                return
            }
            var failed = false
            for file in files {
                do {
                    let layout = try FormCatalog.loadLayout(file: URL(fileURLWithPath: file), eras: eras)
                    printOut("OK: \(file)（\(layout.id) 第\(layout.revision)版）")
                } catch {
                    failed = true
                    printError(userMessage(for: error))
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}

extension PreprintMode: ExpressibleByArgument {}

/// Dates given on the command line.
enum CLIDate {
    /// `YYYY-MM-DD`, or today's date in Japan when nil.
    static func parse(_ text: String?) throws -> CalendarDate {
        let today = SystemClock().today()
        guard let text else { return today }
        guard let date = CalendarDate(iso: text) else { throw ValidationError("日付は YYYY-MM-DD で指定してください") }
        // A form dated far from today is a typing error (9999-12-31 would print 令和7981年).
        let earliest = BasicInfoInput.earliestBirthDate, latest = CalendarDate(year: today.year + 1, month: today.month, day: 1)
        guard date >= earliest, date <= latest else {
            throw ValidationError("日付は \(earliest.iso) から \(latest.iso) までで指定してください")
        }
        return date
    }
}

/// `--json` and `--date`, shared by `forms list` and `forms show`.
struct CatalogQuery: ParsableArguments {
    @Flag(help: "JSON で出力する")
    var json = false

    @Option(help: "基準日 YYYY-MM-DD（既定: 今日）")
    var date: String?
}

/// Pretty, key-sorted JSON for command output.
enum CLIJSON {
    static func string<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// Tells the operator on standard error which form files were refused (their forms are not offered).
func warnRefused(_ catalog: FormCatalog) {
    guard !catalog.refused.isEmpty else { return }
    printError("警告: 帳票ファイル \(catalog.refused.count) 件に誤りがあるため、その帳票は使えません（counter forms validate で確認できます）。")
    for problem in catalog.refused { printError("  " + problem.userMessage) }
}

/// Writes a message line to standard error, made safe for a terminal.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((TerminalText.safe(message) + "\n").utf8))
}

/// Writes a result line to standard output, made safe for a terminal: names, addresses, form titles
/// and file names from a card, a file or the database never reach it with an escape sequence.
func printOut(_ text: String) {
    print(TerminalText.safe(text))
}

/// Terminal-safe command output: every field is cleaned by ``TextSafety/terminalSafe(_:)``; the
/// newlines and tabs that separate lines and fields are the command's own and stay.
enum TerminalText {
    static func safe(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false)
                .map { TextSafety.terminalSafe(String($0)) }.joined(separator: "\t")
        }.joined(separator: "\n")
    }
}
