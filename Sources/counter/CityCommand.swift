import ArgumentParser
import CounterCity
import CounterCore
import CounterService
import CounterStore
import Foundation

/// `--city URL`: the city database (`$COUNTER_CITY_URL` when not given: a password on the command line is seen by `ps`).
struct CityOption: ParsableArguments {
    @Option(help: "市のデータベース postgres://ユーザー:パスワード@ホスト:ポート/counter（省略時は $COUNTER_CITY_URL）")
    var city: String?

    /// The URL given, else `$COUNTER_CITY_URL`; nil when neither is set.
    var url: String? {
        let url = city ?? ProcessInfo.processInfo.environment["COUNTER_CITY_URL"]
        return url?.isEmpty == false ? url : nil
    }

    /// Connects to the city database.
    func connect() throws -> CityConnection {
        guard let url else {
            throw ValidationError("--city で市のデータベースの URL を指定してください（または COUNTER_CITY_URL）")
        }
        return try CityConnection(url: url)
    }
}

/// `--sync-every MINUTES` on `tui` and `kiosk`: the terminal's records sent to the city in the background.
struct BackgroundSyncOptions: ParsableArguments {
    @OptionGroup var city: CityOption

    @Option(name: .customLong("sync-every"), help: "市のデータベースへ記録を送る間隔（分、1〜1440。--city か $COUNTER_CITY_URL の市へ。省略時は送りません）")
    var minutes: Int?

    func validate() throws {
        guard let minutes else { return }
        guard (1...1440).contains(minutes) else { throw ValidationError("--sync-every は 1〜1440（分）で指定してください") }
        guard let url = city.url else {
            throw ValidationError("--sync-every には --city で市のデータベースの URL を指定してください（または COUNTER_CITY_URL）")
        }
        guard CityConnection.isCityURL(url) else { throw ValidationError(CityError.invalidURL.userMessage) }
    }

    /// Starts the background sync of `terminal`'s records in `database`, or nil when not asked for.
    func start(database: CounterDatabase, terminal: String) -> BackgroundSync? {
        guard let minutes, let url = city.url else { return nil }
        return BackgroundSync(url: url, database: database, terminal: terminal, every: .seconds(minutes * 60))
    }
}

/// `counter city`: the city database's schema and terminals (the database administrators' tools).
struct CityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "city", abstract: "市のデータベース（PostgreSQL）の版の更新と端末の登録をします。",
        subcommands: [CityMigrateCommand.self, CityAddTerminalCommand.self, CityRollupCommand.self, CityVerifyCommand.self])
}

/// `counter city migrate`: runs the migrations the city database lacks.
struct CityMigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "市のデータベースを、このプログラムの版に更新します。")
    @OptionGroup var city: CityOption

    func run() throws {
        let applied = try CitySchema.migrate(try city.connect())
        printOut(applied == 0 ? "市のデータベースは最新の版（\(CitySchema.latest)）です。" : "市のデータベースを版 \(CitySchema.latest) に更新しました（\(applied)件）。")
    }
}

/// `counter city rollup`: recomputes the city's KPI figures from every synced record (after the day's syncs).
struct CityRollupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollup", abstract: "同期された記録から、市の KPI の集計を作り直します（その日の同期の後に実行します）。")
    @OptionGroup var city: CityOption

    func run() throws {
        let started = ContinuousClock.now
        let summary = try CityRollup.refresh(try city.connect())
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        printOut("市の集計を作り直しました: 記録 \(summary.records)件、日別の行 \(summary.dayRows)（\(String(format: "%.1f", seconds))秒）。")
    }
}

/// `counter city verify`: recomputes every chain the city holds (exit 1 at a break).
struct CityVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "市のデータベースの記録のハッシュ連鎖をすべて計算し直し、書き換えられていないことを確かめます。")
    @OptionGroup var city: CityOption

    func run() throws {
        let report = try CityAudit.verify(try city.connect())
        let names = ["events": "受付の事象", "ledger": "収納", "certificates": "証明書の交付・印刷"]
        for stream in ["events", "ledger", "certificates"] {
            printOut("\(names[stream] ?? stream)\t\(report.records[stream] ?? 0)件")
        }
        if report.holds {
            printOut("すべての連鎖が保たれています。")
            return
        }
        for found in report.breaks {
            printError("\(names[found.stream] ?? found.stream): 端末 \(TextSafety.terminalSafe(found.terminal)) の連番 \(found.seq) の記録から連鎖が崩れています（書き換えの疑い）。監査の担当に連絡してください。")
        }
        throw ExitCode(1)
    }
}

/// `counter city add-terminal ID`: the terminal's own login role (it may insert only its own rows).
struct CityAddTerminalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-terminal", abstract: "端末を登録し、その端末だけが使うロールとパスワードを作ります（パスワードは一度だけ表示）。")
    @Argument(help: "端末 ID")
    var terminal: String
    @OptionGroup var city: CityOption

    func validate() throws { try requireIdentifier(terminal, option: "端末 ID") }

    func run() throws {
        let connection = try city.connect()
        try CitySchema.requireCurrent(connection)
        let made = try CitySchema.addTerminal(terminal, to: connection)
        printOut("端末 \(terminal) のロール \(made.role) を作りました。パスワード: \(made.password)")
    }
}

/// `counter sync --city URL`: sends this terminal's new records (case events, ledger, certificates) to the city database.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "この端末の新しい記録（受付の事象・収納・証明書の交付と印刷）を市のデータベースに送ります。中断しても次の実行で続きから送ります。",
        discussion: "送るのは ID・種類・金額・件数・時間・発行番号・住民の ID で、氏名・住所・生年月日は送りません。市のデータベースはチェーンを確かめ、つながらない記録は受け取りません。")

    @OptionGroup var city: CityOption
    @OptionGroup var terminal: TerminalOption
    @OptionGroup var database: DatabaseOptions

    @Option(help: "1回の送信の件数（1〜5000）")
    var batch: Int = 500

    func validate() throws {
        guard (1...5000).contains(batch) else { throw ValidationError("--batch は 1〜5000 で指定してください") }
    }

    func run() throws {
        let local = try CounterStorage.open(path: try database.existingPath())
        let connection = try city.connect()
        let started = ContinuousClock.now
        let summary = try CitySync.push(from: local, to: connection, terminal: terminal.id, batchSize: batch)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let streams = [("events", "受付の事象"), ("ledger", "収納"), ("certificates", "証明書の交付・印刷")]
            .map { "\($0.1) \(summary.sentPerStream[$0.0] ?? 0)件" }.joined(separator: "、")
        printOut("送信しました: \(summary.sent)件（\(streams)。\(summary.batches)回、市にあった記録 \(summary.alreadyThere)件、"
            + "\(String(format: "%.1f", seconds))秒）。")
    }
}
