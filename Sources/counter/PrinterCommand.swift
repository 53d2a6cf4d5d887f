import ArgumentParser
import CounterCore
import CounterService

/// `counter printer calibrate | show`: the overlay position correction stored per printer.
struct PrinterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "printer",
        abstract: "プリンタごとの重ね印刷の位置補正",
        discussion: """
            登録した補正は、counter tui と counter preprint で --offset を省略したときに使われます。\
            プリンタは --printer（CUPS のキュー名）か --out（PDF の保存先フォルダ）で指定します。
            """,
        subcommands: [Calibrate.self, Show.self])

    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "プリンタの位置補正 mm（--offset 横,縦）を登録します（登録済みなら置き換えます）。")

        @OptionGroup var target: PrinterOptions

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            try target.requireTarget()
        }

        func run() throws {
            guard let offset = try target.explicitOffset() else {
                throw ValidationError("--offset で「横,縦」の mm を指定してください（例: 0.5,-1）")
            }
            let key = try target.printerKey()
            try PrinterSettings(database: try database.open(), clock: SystemClock()).calibrate(key, to: offset)
            printOut("\(key) の位置補正を登録しました: \(offset.summary)（--offset \(offset.argument)）")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "プリンタに登録した位置補正を表示します。")

        @OptionGroup var target: PrinterOptions

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            try target.requireTarget()
        }

        func run() throws {
            let key = try target.printerKey()
            let stored = try database.openIfPresent().flatMap {
                try PrinterSettings(database: $0, clock: SystemClock()).calibration(for: key)
            }
            guard let stored else {
                printOut("\(key) の位置補正は登録されていません（補正なしで印字します）。")
                return
            }
            printOut("\(key) の位置補正: \(stored.summary)（--offset \(stored.argument)）")
        }
    }
}
