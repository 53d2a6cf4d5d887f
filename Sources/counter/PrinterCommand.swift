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
            commandName: "calibrate",
            abstract: "プリンタの位置補正 mm（--offset 横,縦）を登録します（登録済みなら置き換えます）。")

        @OptionGroup var target: PrinterTarget

        // `.unconditional`: a value starting with a minus sign (`-1,0.5`) is the offset, not an option.
        @Option(name: .customLong("offset"), parsing: .unconditional,
                help: "登録する位置補正 mm「横,縦」（例: 0.5,-1。右・下がプラス、それぞれ -10〜10）")
        var offset: String

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            try target.requireTarget()
            _ = try OffsetArgument.parse(offset)
        }

        func run() throws {
            let offset = try OffsetArgument.parse(offset)
            let key = try target.printerKey()
            try PrinterSettings(database: try database.open(), clock: SystemClock()).calibrate(key, to: offset)
            printOut("\(key) の位置補正を登録しました: \(offset.summary)（--offset \(offset.argument)）")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "プリンタに登録した位置補正を表示します。")

        @OptionGroup var target: PrinterTarget

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
